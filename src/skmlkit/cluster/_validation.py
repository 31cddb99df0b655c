"""Checks of AutoKMeans' data and of its ``k_range``, in one leaf module.

Nothing here imports from the rest of the package, so every module that
checks input (the in-memory fit, the Dask passes, prediction) can import it.
"""

import warnings
from numbers import Integral

import numpy as np

# Candidates when k_range is None: K = 1 included, so that data without any
# cluster structure get one cluster (benchmarks/README.md, "K selection").
DEFAULT_K_RANGE = range(1, 11)
NOT_FINITE_MESSAGE = "Input X contains NaN or infinity."


def candidate_ks(k_range):
    """Return the sorted candidate K values that ``k_range`` stands for.

    Parameters
    ----------
    k_range : range, sequence of int or None
        AutoKMeans' parameter (None means ``DEFAULT_K_RANGE``).

    Returns
    -------
    k_values : list of int
        Sorted, distinct, all >= 1.
    """
    if k_range is None:
        return list(DEFAULT_K_RANGE)
    if _is_inclusive_pair(k_range):
        return _inclusive_pair(k_range)
    k_values = np.asarray(k_range).ravel().tolist()
    if not k_values or not all(_is_int(k) for k in k_values):
        raise ValueError(
            "k_range must be a range or a sequence of integers (the candidate "
            f"numbers of clusters), got {k_range!r}."
        )
    k_values = sorted(set(k_values))
    if k_values[0] < 1:
        raise ValueError(f"k_range values must be >= 1, got {k_values[0]}.")
    return k_values


def usable_ks(k_values, n_samples, n_clusters=None):
    """Return the candidates ``n_samples`` rows allow (warn if fewer).

    A fixed ``n_clusters`` joins the candidates; it must be below
    ``n_samples``.
    """
    if n_clusters is not None:
        if n_clusters > n_samples - 1:
            raise ValueError(
                f"n_clusters={n_clusters} must be below n_samples={n_samples}."
            )
        k_values = sorted({*k_values, int(n_clusters)})
    usable = [k for k in k_values if k <= n_samples - 1] or [1]
    if usable != k_values:
        dropped = sorted(set(k_values) - set(usable))
        warnings.warn(
            f"k_range values {dropped} exceed n_samples - 1 = {n_samples - 1} "
            f"and were dropped; trying K in {usable}.",
            UserWarning,
            stacklevel=4,
        )
    return usable


def check_magnitude(X):
    """Refuse values whose squared distances would overflow X's dtype."""
    if X.size:
        check_largest(float(np.max(np.abs(X))), X.shape[1], X.dtype)


def check_largest(largest, n_features, dtype):
    """Refuse a largest absolute value that would overflow squared distances."""
    limit = np.sqrt(np.finfo(dtype).max / (4 * n_features))
    if largest > limit:
        raise ValueError(
            f"X has values up to {largest:.3g} in absolute value: squared "
            f"distances would overflow {dtype} (limit {limit:.3g} for "
            f"{n_features} features). Rescale X, e.g. with StandardScaler."
        )


def check_finite(finite):
    """Raise scikit-learn's message when ``finite`` is False."""
    if not finite:
        raise ValueError(NOT_FINITE_MESSAGE)


def as_checked_block(block):
    """One block of rows as a float array, finite and of safe magnitude."""
    block = np.asarray(block)
    if block.dtype not in (np.float32, np.float64):
        block = block.astype(np.float64)
    check_finite(np.isfinite(block).all())
    check_magnitude(block)
    return block


def _is_int(k):
    return isinstance(k, Integral) and not isinstance(k, bool)


def _is_inclusive_pair(k_range):
    return (
        isinstance(k_range, tuple)
        and len(k_range) == 2
        and all(_is_int(k) for k in k_range)
        and k_range[0] != k_range[1]
    )


def _inclusive_pair(k_range):
    k_min, k_max = k_range
    if k_min > k_max:
        raise ValueError(
            f"k_range={k_range!r}: a (k_min, k_max) pair needs k_min <= k_max; "
            "pass a range such as range(2, 11) for 2..10."
        )
    warnings.warn(
        f"k_range={k_range!r} is read as the inclusive pair {k_min}..{k_max}; "
        "that reading is deprecated and from skmlkit 0.3 a tuple is a set of "
        f"candidates like any sequence. Pass k_range=range({k_min}, "
        f"{k_max + 1}) instead.",
        FutureWarning,
        stacklevel=5,
    )
    return list(range(k_min, k_max + 1))
