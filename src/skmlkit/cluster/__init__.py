"""Clustering: AutoKMeans, knee detection, segmentation pipelines, profiles, names."""

from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning
from ._auto_kmeans import AutoKMeans
from ._knee import find_knee
from ._matching import match_clusters
from ._names import name_rfm_segments, name_segments, rfm_scores
from ._pipeline import make_segmentation_pipeline, segmentation_silhouette
from ._profile import cluster_stability, segment_profile
from ._segment import segment_customers

__all__ = [
    "AutoKMeans",
    "KRangeEdgeWarning",
    "NoClearKneeWarning",
    "cluster_stability",
    "find_knee",
    "make_segmentation_pipeline",
    "match_clusters",
    "name_rfm_segments",
    "name_segments",
    "rfm_scores",
    "segment_customers",
    "segment_profile",
    "segmentation_silhouette",
]
