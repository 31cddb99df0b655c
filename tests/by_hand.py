"""Reference computations written out by hand, for tests to compare against."""

import numpy as np


def scale_by_hand(values, scale):
    """Columns standardised, min-max scaled, or left as they are ("none")."""
    values = np.asarray(values, dtype=float)
    if scale == "standard":
        return (values - values.mean(axis=0)) / values.std(axis=0)
    if scale == "minmax":
        low, high = values.min(axis=0), values.max(axis=0)
        return (values - low) / (high - low)
    if scale == "none":
        return values
    raise ValueError(f"unknown scale {scale!r}")
