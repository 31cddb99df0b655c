"""skmlkit: scikit-learn estimators for digit classification and segmentation.

``MNISTClassifier`` (skorch/PyTorch) is imported lazily, so that
``import skmlkit`` for clustering or data loading does not import torch.
"""

from ._version import __version__
from .cluster import AutoKMeans
from .preprocessing import BalancedOneHotEncoder, LogScaler, RFMFeatures

__all__ = [
    "AutoKMeans",
    "BalancedOneHotEncoder",
    "LogScaler",
    "MNISTClassifier",
    "RFMFeatures",
    "__version__",
    "load_pretrained",
]

_LAZY = {
    "MNISTClassifier": "skmlkit.neural_network",
    "load_pretrained": "skmlkit.neural_network",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'skmlkit' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
