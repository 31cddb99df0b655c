"""Neural network classifiers on skorch and PyTorch."""

from ._classifier import MNISTClassifier

__all__ = ["MNISTClassifier"]
