"""Recognising Dask collections without importing dask; quieter Dask shuffles."""

import contextlib
import logging
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
