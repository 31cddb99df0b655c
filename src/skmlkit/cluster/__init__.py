"""Clustering: AutoKMeans, knee detection, segment profiles and stability."""

from ..exceptions import NoClearKneeWarning
from ._auto_kmeans import AutoKMeans
from ._knee import find_knee
from ._profile import cluster_stability, segment_profile
from ._segment import segment_customers

__all__ = [
    "AutoKMeans",
    "NoClearKneeWarning",
    "cluster_stability",
    "find_knee",
    "segment_customers",
    "segment_profile",
]
