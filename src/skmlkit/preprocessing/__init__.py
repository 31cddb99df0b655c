"""Preprocessing for segmentation: RFM features, log scaling, balanced one-hot."""

from ._log_scaler import LogScaler
from ._one_hot import BalancedOneHotEncoder
from ._rfm import RFMFeatures

__all__ = ["BalancedOneHotEncoder", "LogScaler", "RFMFeatures"]
