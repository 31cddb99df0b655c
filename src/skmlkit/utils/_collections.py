"""Dask collections: recognised lazily, empty stand-ins, quieter shuffles."""

import contextlib
import logging
import sys

import numpy as np


def is_dask_collection(X):
    """Whether X is a Dask array or DataFrame (without importing dask)."""
    if "dask" not in sys.modules or not type(X).__module__.startswith("dask"):
        return False
    import dask

    return dask.is_dask_collection(X)


def is_dask_frame(X):
    """Whether X is a Dask DataFrame."""
    return is_dask_collection(X) and hasattr(X, "columns")


def empty_like_input(X):
    """Return a zero-row pandas DataFrame or array with X's columns and dtypes.

    scikit-learn's validation (feature names, number of features, dtype)
    runs on it without touching X's data.
    """
    if is_dask_frame(X):
        return X._meta
    if X.ndim != 2:
        raise ValueError(
            f"Expected a 2-D Dask array (n_samples, n_features), got {X.ndim} "
            f"dimension(s) with shape {X.shape}."
        )
    return np.empty((0, X.shape[1]), dtype=X.dtype)


@contextlib.contextmanager
def quiet_dask_shuffles():
    """Silence the shuffle extension's WARNING lines about its own state.

    Every shuffle logs "Shuffle ... initialized" and "... deactivated" at
    WARNING level on the scheduler (in the client's process on a
    LocalCluster): normal operation, not a problem to report.
    """
    logger = logging.getLogger("distributed.shuffle")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
