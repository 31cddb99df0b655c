"""Clustering: AutoKMeans, knee detection, segment profiles and stability."""

from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning
from ._auto_kmeans import AutoKMeans
from ._knee import find_knee
from ._matching import match_clusters
from ._profile import cluster_stability, segment_profile
from ._segment import segment_customers

__all__ = [
    "AutoKMeans",
    "KRangeEdgeWarning",
    "NoClearKneeWarning",
    "cluster_stability",
    "find_knee",
    "match_clusters",
    "segment_customers",
    "segment_profile",
]
