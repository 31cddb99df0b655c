"""Plots as scikit-learn-style Displays (matplotlib, lazily: the ``plot`` extra).

Each Display has ``from_estimator`` and/or ``from_predictions``, ``plot(ax=...)``
and the attributes ``figure_`` and ``ax_``. The ``plot_*`` functions that
drew the same figures are deprecated (removed in 0.3).
"""

from ._cluster_displays import KSelectionDisplay, SilhouetteDisplay
from ._clusters import (
    plot_k_selection,
    plot_segment_profile,
    plot_segment_radar,
    plot_segment_sizes,
    plot_silhouette,
    plot_snake,
)
from ._digit_displays import DigitReadingsDisplay, plot_digit_readings
from ._digits import plot_misclassified_digits
from ._figures import plot_confusion_matrix, save_confusion_matrix
from ._segment_displays import (
    SegmentProfileDisplay,
    SegmentRadarDisplay,
    SegmentSizesDisplay,
    SnakeDisplay,
)

__all__ = [
    "DigitReadingsDisplay",
    "KSelectionDisplay",
    "SegmentProfileDisplay",
    "SegmentRadarDisplay",
    "SegmentSizesDisplay",
    "SilhouetteDisplay",
    "SnakeDisplay",
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
