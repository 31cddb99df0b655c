"""Recognising Dask collections without importing dask."""

import sys


def is_dask_collection(X):
    """Whether X is a Dask array or DataFrame (without importing dask)."""
    if "dask" not in sys.modules or not type(X).__module__.startswith("dask"):
        return False
    import dask

    return dask.is_dask_collection(X)


def is_dask_frame(X):
    """Whether X is a Dask DataFrame."""
    return is_dask_collection(X) and hasattr(X, "columns")
