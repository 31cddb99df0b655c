"""skmlkit: scikit-learn estimators for digit classification and segmentation.

``MNISTClassifier`` (skorch/PyTorch) is imported lazily, so that
``import skmlkit`` for clustering or data loading does not import torch.
"""

from ._version import __version__

__all__ = ["__version__"]
