"""Plots (matplotlib, imported lazily: the ``plot`` extra)."""

from ._figures import save_confusion_matrix

__all__ = ["save_confusion_matrix"]
