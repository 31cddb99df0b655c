"""AutoKMeans' paths for Dask input: fit, transform and score on the workers.

The estimator validates the collection's columns (no data read) and hands
it here; these functions run the passes of :mod:`._dask` and return values
(the fitted attributes, a lazy result, a float), never an estimator's state.
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _dask
from ._choice import select_k
from ._matching import canonical_order
from ._sweep import fit_candidates, kmeans_at
from ._validation import candidate_ks, check_finite, check_largest, usable_ks

# The K-Means runs that start the distributed Lloyd iterations are fitted on
# a sample of at least this many rows (or sample_size).
DASK_START_SAMPLE = 50_000


def fit_dask(
    X, rng, *, k_range, method, n_clusters, sample_size, max_iter, tol, **sweep
):
    """Fit AutoKMeans on a Dask array or DataFrame whose rows stay on the workers.

    One pass checks X and draws a sample; K-Means on the sample starts
    Lloyd's algorithm on all of X for every K at once (one pass per
    iteration, plus one for sizes and inertia); the criteria score the
    first ``sample_size`` rows of the sample, as for in-memory data.

    Parameters
    ----------
    X : dask.array.Array or dask.dataframe.DataFrame
        Numeric data, already checked for its columns.
    rng : numpy.random.RandomState
        Seeds the sample, the starts and the scoring.
    k_range, method, n_clusters, sample_size, max_iter, tol
        AutoKMeans' parameters.
    **sweep
        ``algorithm``, ``n_init``, ``n_jobs`` and ``init`` of the starts.

    Returns
    -------
    fitted : dict
        AutoKMeans' fitted attributes, without the trailing underscore.
    """
    data = _dask.as_row_blocks(X)
    n_samples, finite, largest, start = _dask.scan_and_sample(
        data, max(sample_size, DASK_START_SAMPLE), rng
    )
    check_finite(finite)
    if n_samples < 2:
        raise ValueError(
            f"Found array with {n_samples} sample(s) while a minimum of 2 is "
            "required by AutoKMeans."
        )
    check_largest(largest, data.shape[1], data.dtype)
    k_values = usable_ks(candidate_ks(k_range), n_samples, n_clusters)
    starts = fit_candidates(start, k_values, rng, max_iter=max_iter, tol=tol, **sweep)
    centers, sizes, inertia, n_iter = _dask.lloyd_sweep(
        data,
        [model.cluster_centers_ for model in starts],
        tol=tol * float(np.var(start, axis=0).mean()),
        max_iter=max_iter,
    )
    models = [kmeans_at(c, inertia[j], n_iter[j]) for j, c in enumerate(centers)]
    selection = select_k(
        start[:sample_size], k_values, models, rng, method=method, n_clusters=n_clusters
    )
    j = k_values.index(selection["n_clusters"])
    order = canonical_order(centers[j], sizes=sizes[j])
    chosen = kmeans_at(centers[j][order], inertia[j], n_iter[j])
    return {
        **selection,
        "estimator": chosen,
        "cluster_centers": chosen.cluster_centers_,
        "cluster_sizes": sizes[j][order],
        "labels": _dask.lazy_predict(data, chosen),
        "inertia": float(inertia[j]),
        "n_iter": int(n_iter[j]),
    }


def transform_dask(X, model, *, output, columns):
    """Lazy distances: a Dask array, or a Dask DataFrame for pandas output."""
    dtype = np.dtype(_dask.as_float_dtype(X))
    if output == "default":
        return _dask.lazy_transform(X, model, dtype)
    if output != "pandas":
        raise ValueError(
            f"transform on a Dask collection returns a Dask array, or a Dask "
            f'DataFrame under set_output(transform="pandas"); the '
            f"{output!r} output is not available for Dask input."
        )
    if _dask.is_dask_frame(X):
        return _dask.lazy_transform_frame(X, model, columns, dtype)
    import dask.dataframe as dd

    return dd.from_dask_array(_dask.lazy_transform(X, model, dtype), columns=columns)


def score_dask(X, centers):
    """Minus the inertia of ``centers`` on all of X: one pass."""
    _, inertia = _dask.assignment_stats(_dask.lazy_blocks(X), [centers])
    check_finite(np.isfinite(inertia[0]))
    return -float(inertia[0])


def validated_dask(estimator, X, reset=False):
    """Check X's columns (against the fit unless ``reset``); no data is read."""
    if not reset:
        check_is_fitted(estimator)
    _dask.check_numeric(X)
    validate_data(
        estimator,
        _dask.empty_like_input(X),
        reset=reset,
        dtype=[np.float64, np.float32],
        ensure_min_samples=0,
    )
