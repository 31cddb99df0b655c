"""Neural network classifiers on skorch and PyTorch."""

from ._classifier import MNISTClassifier
from ._training import TrainingDivergedError

__all__ = ["MNISTClassifier", "TrainingDivergedError"]
