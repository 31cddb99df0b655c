"""K-Means on Dask collections whose rows stay partitioned on the workers.

AutoKMeans fits data larger than one machine's memory with a few functions
on ``dask.array`` blocks, each one pass over the data and one small result
brought back to the client (counts, sums, a sample), never the data:

* :func:`scan_and_sample`: rows, finiteness and largest value, and a
  uniform random sample of bounded size, in one pass;
* :func:`lloyd_sweep`: Lloyd's algorithm for every candidate K at once,
  started from centres fitted on that sample, one pass per iteration;
* :func:`assignment_stats`: cluster sizes and inertia of given centres;
* :func:`lazy_predict` / :func:`lazy_transform`: lazy per-block labels
  and distances (no pass at all).

dask is imported only when a Dask collection reaches AutoKMeans.
"""

import itertools

import numpy as np

from ..utils._collections import (  # noqa: F401 (re-exported)
    empty_like_input,
    is_dask_collection,
    is_dask_frame,
)
from ._criteria import squared_distances
from ._validation import as_checked_block

# Input blocks are cut to about this many bytes when a row chunk is larger
# (many small blocks cost scheduler time; huge ones cost worker memory).
TARGET_BLOCK_BYTES = 64 * 2**20
# Rows of a block handled at once in a Lloyd pass (bounds the distance matrix:
# 16,384 rows x 55 centres for K = 1..10 is 7 MB).
SLICE_ROWS = 16_384


def check_numeric(X):
    """Refuse Dask input whose columns are not numbers, naming them."""
    if is_dask_frame(X):
        from pandas.api.types import is_complex_dtype, is_numeric_dtype

        bad = [
            f"{name!r} ({dtype})"
            for name, dtype in X.dtypes.items()
            if not is_numeric_dtype(dtype) or is_complex_dtype(dtype)
        ]
        if bad:
            raise ValueError(
                f"AutoKMeans needs numeric columns; the Dask DataFrame has "
                f"non-numeric column(s) {', '.join(bad)}. Encode them first, e.g. "
                "with skmlkit.preprocessing.BalancedOneHotEncoder."
            )
    elif np.dtype(X.dtype).kind not in "biuf":
        raise ValueError(
            f"AutoKMeans needs numeric data; the Dask array has dtype {X.dtype}."
        )


def as_row_blocks(X):
    """X as a float Dask array with known row chunks and one column chunk.

    A DataFrame's partition lengths, or an array's unknown chunk sizes (after
    boolean indexing), cost one pass; otherwise nothing is computed.
    """
    if is_dask_frame(X):
        X = X.to_dask_array(lengths=True)
    elif any(np.isnan(size) for size in X.chunks[0]):
        X = X.compute_chunk_sizes()
    X = lazy_blocks(X)
    largest = max(X.chunks[0]) * X.shape[1] * X.dtype.itemsize
    if largest > 2 * TARGET_BLOCK_BYTES:
        rows = max(1, TARGET_BLOCK_BYTES // (X.shape[1] * X.dtype.itemsize))
        X = X.rechunk({0: rows})
    return X


def as_float_dtype(X):
    """Return the float dtype AutoKMeans computes in for X (float32 stays)."""
    dtypes = X.dtypes.tolist() if is_dask_frame(X) else [X.dtype]
    if all(np.dtype(d) == np.float32 for d in dtypes):
        return np.float32
    return np.float64


def lazy_blocks(X):
    """X as a Dask array with one column chunk, without computing anything."""
    if is_dask_frame(X):
        X = X.to_dask_array()
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return X.rechunk({1: -1})


# -- passes over the data ---------------------------------------------------


def scan_and_sample(X, size, random_state):
    """One pass: number of rows, finiteness, largest |value| and a sample.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features)
        Known row chunks, one column chunk (see :func:`as_row_blocks`).
    size : int
        Rows to sample (all rows when there are fewer).
    random_state : numpy.random.RandomState
        Draws the sample: the same seed and chunking give the same rows.

    Returns
    -------
    n_samples : int
    all_finite : bool
    largest : float
        Largest absolute value (NaN and inf aside).
    sample : ndarray of shape (min(size, n_samples), n_features)
        Rows drawn uniformly without replacement, in random order.
    """
    import dask

    rows = np.asarray(X.chunks[0], dtype=np.int64)
    size = int(min(size, rows.sum()))
    draw = np.random.default_rng(random_state.randint(2**31))
    # How many of the sampled rows fall in each block: a multivariate
    # hypergeometric draw, then a uniform choice inside the block, is a
    # uniform sample of the whole array.
    per_block = draw.multivariate_hypergeometric(rows, size)
    seeds = draw.integers(2**31, size=len(rows))
    tasks = [
        dask.delayed(_scan_block)(block, int(take), int(seed))
        for block, take, seed in zip(
            X.to_delayed().ravel(), per_block, seeds, strict=True
        )
    ]
    results = compute(*tasks)
    sample = np.concatenate([r[2] for r in results])
    sample = sample[draw.permutation(len(sample))]
    finite = all(r[0] for r in results)
    largest = max(r[1] for r in results)
    return int(rows.sum()), finite, largest, sample


def _scan_block(block, take, seed):
    block = np.asarray(block)
    finite_values = np.isfinite(block)
    finite = bool(finite_values.all())
    magnitudes = np.abs(block if finite else block[finite_values])
    largest = float(magnitudes.max()) if magnitudes.size else 0.0
    rows = np.random.default_rng(seed).choice(len(block), take, replace=False)
    return finite, largest, block[np.sort(rows)]


def lloyd_sweep(X, initial_centers, *, tol, max_iter):
    """Lloyd's algorithm for several K at once, one pass per iteration.

    Every pass assigns each row to its nearest centre under every K still
    moving and sums rows, counts and squared distances per cluster; the
    client then moves the centres to the means. A K stops when the summed
    squared shift of its centres is at most ``tol`` (absolute: scale it by
    the data's variance, as scikit-learn does). A cluster left empty keeps
    its centre. A last pass counts sizes and inertia at the final centres.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features)
        Known row chunks, one column chunk.
    initial_centers : list of ndarray of shape (k, n_features)
        Starting centres, one array per K.
    tol : float
        Absolute tolerance on the summed squared centre shift.
    max_iter : int
        Most Lloyd passes per K.

    Returns
    -------
    centers : list of ndarray of shape (k, n_features)
        Final centres, in X's dtype.
    sizes : list of ndarray of shape (k,)
        Rows per cluster at the final centres.
    inertia : ndarray of shape (n_k,)
        Sum of squared distances to the nearest final centre, per K.
    n_iter : ndarray of shape (n_k,)
        Lloyd passes run per K.
    """
    centers = [np.asarray(c, dtype=np.float64) for c in initial_centers]
    n_iter = np.zeros(len(centers), dtype=int)
    moving = list(range(len(centers)))
    while moving:
        stats = _pass(X, [centers[j] for j in moving])
        still = []
        for j, (sums, counts, _) in zip(moving, stats, strict=True):
            new = centers[j].copy()
            filled = counts > 0
            new[filled] = sums[filled] / counts[filled, None]
            shift = float(((new - centers[j]) ** 2).sum())
            centers[j] = new
            n_iter[j] += 1
            if shift > tol and n_iter[j] < max_iter:
                still.append(j)
        moving = still
    sizes, inertia = assignment_stats(X, centers)
    dtype = X.dtype
    return [c.astype(dtype) for c in centers], sizes, inertia, n_iter


def assignment_stats(X, centers):
    """Cluster sizes and inertia of each set of centres: one pass.

    Parameters
    ----------
    X : dask.array.Array of shape (n_samples, n_features)
    centers : list of ndarray of shape (k, n_features)

    Returns
    -------
    sizes : list of ndarray of shape (k,)
    inertia : ndarray of shape (len(centers),)
    """
    stats = _pass(X, [np.asarray(c, dtype=np.float64) for c in centers])
    sizes = [counts.astype(np.int64) for _, counts, _ in stats]
    return sizes, np.array([sse for _, _, sse in stats])


def _pass(X, centers):
    """Per-cluster sums, counts and squared distances for every set of centres."""
    import dask

    everything = np.concatenate(centers)
    bounds = np.cumsum([0] + [len(c) for c in centers])
    partial = [
        dask.delayed(_block_stats)(block, everything, bounds)
        for block in X.to_delayed().ravel()
    ]
    total = dask.delayed(_sum_stats)(partial)
    sums, counts, sse = compute(total)[0]
    return [
        (sums[a:b], counts[a:b], float(sse[j]))
        for j, (a, b) in enumerate(itertools.pairwise(bounds))
    ]


def _block_stats(block, centers, bounds):
    """Sum, count and square distances of a block's rows under every K.

    The block is read in slices of ``SLICE_ROWS`` rows, so the distance
    matrix (rows x all centres of all K) stays small whatever the chunks.
    """
    block = np.asarray(block)
    sums = np.zeros((len(centers), block.shape[1]))
    counts = np.zeros(len(centers))
    sse = np.zeros(len(bounds) - 1)
    for start in range(0, len(block), SLICE_ROWS):
        rows = np.asarray(block[start : start + SLICE_ROWS], dtype=np.float64)
        distances = squared_distances(rows, centers)
        onehot = np.zeros_like(distances)
        index = np.arange(len(rows))
        for j, (a, b) in enumerate(itertools.pairwise(bounds)):
            nearest = a + distances[:, a:b].argmin(axis=1)
            onehot[index, nearest] = 1.0
            sse[j] += distances[index, nearest].sum()
        sums += onehot.T @ rows
        counts += onehot.sum(axis=0)
    return sums, counts, sse


def _sum_stats(partial):
    sums, counts, sse = zip(*partial, strict=True)
    return sum(sums), sum(counts), sum(sse)


def compute(*collections):
    """Compute on the current scheduler (the active distributed Client, if any).

    Every pass of this module goes through here: the results are small
    (counts, sums, a bounded sample), never X itself.
    """
    import dask

    return dask.compute(*collections)


# -- lazy prediction ----------------------------------------------------------


def lazy_predict(X, model):
    """Labels of ``model`` per block of X, lazily (int32 Dask array)."""
    return lazy_blocks(X).map_blocks(_predict_block, model, dtype=np.int32, drop_axis=1)


def lazy_transform(X, model, dtype):
    """Distances to ``model``'s centres per block of X, lazily."""
    X = lazy_blocks(X)
    k = len(model.cluster_centers_)
    return X.map_blocks(
        _transform_block, model, dtype=dtype, chunks=(X.chunks[0], (k,))
    )


def lazy_transform_frame(X, model, columns, dtype):
    """Distances as a lazy Dask DataFrame keeping X's index (pandas output)."""
    import pandas as pd

    meta = pd.DataFrame(
        {name: pd.Series([], dtype=dtype) for name in columns}, columns=columns
    )
    return X.map_partitions(_transform_partition, model, columns, dtype, meta=meta)


def _predict_block(block, model):
    if len(block) == 0:
        return np.empty(0, dtype=np.int32)
    centers = model.cluster_centers_
    labels = model.predict(as_checked_block(block).astype(centers.dtype))
    return labels.astype(np.int32, copy=False)


def _transform_block(block, model):
    if len(block) == 0:
        return np.empty((0, len(model.cluster_centers_)), dtype=block.dtype)
    block = as_checked_block(block)
    distances = model.transform(block.astype(model.cluster_centers_.dtype))
    return distances.astype(block.dtype, copy=False)


def _transform_partition(frame, model, columns, dtype):
    import pandas as pd

    distances = _transform_block(frame.to_numpy(), model).astype(dtype, copy=False)
    return pd.DataFrame(distances, index=frame.index, columns=columns)
