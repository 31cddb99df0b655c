"""Plots (matplotlib, imported lazily: the ``plot`` extra)."""

from ._clusters import plot_k_selection, plot_segment_profile, plot_silhouette
from ._digits import plot_digit_readings, plot_misclassified_digits
from ._figures import plot_confusion_matrix, save_confusion_matrix
from ._segments import plot_segment_radar, plot_segment_sizes, plot_snake

__all__ = [
    "plot_confusion_matrix",
    "plot_digit_readings",
    "plot_k_selection",
    "plot_misclassified_digits",
    "plot_segment_profile",
    "plot_segment_radar",
    "plot_segment_sizes",
    "plot_silhouette",
    "plot_snake",
    "save_confusion_matrix",
]
