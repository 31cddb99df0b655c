"""Preprocessing for customer segmentation: RFM features and balanced one-hot."""

from ._one_hot import BalancedOneHotEncoder
from ._rfm import RFMFeatures

__all__ = ["BalancedOneHotEncoder", "RFMFeatures"]
