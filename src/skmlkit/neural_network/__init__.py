"""Neural network classifiers on skorch and PyTorch.

``MNISTClassifier`` is imported lazily: the torch-free modules of this package
(presets, architecture names) load without importing torch.
"""

from ..exceptions import TrainingDivergedError
from ._pretrained import load_pretrained, pretrained_card

__all__ = [
    "MNISTClassifier",
    "TrainingDivergedError",
    "load_pretrained",
    "pretrained_card",
]


def __getattr__(name):
    if name == "MNISTClassifier":
        from ._classifier import MNISTClassifier

        return MNISTClassifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), "MNISTClassifier"])
