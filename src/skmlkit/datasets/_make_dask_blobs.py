"""Gaussian blobs generated block by block on Dask workers."""

import numpy as np
from sklearn.utils import check_random_state


def make_dask_blobs(
    n_samples=1_000_000,
    n_features=10,
    *,
    centers=5,
    cluster_std=1.0,
    center_box=(-10.0, 10.0),
    chunk_size=250_000,
    dtype=np.float32,
    random_state=None,
):
    """Isotropic Gaussian blobs as a lazy Dask array, made where it is computed.

    Each block of rows is drawn by the worker that computes it, from its own
    seed, so the data never exist on the client and any block can be made
    again identically (a cluster that cannot hold the data re-makes it on
    every pass, as it would re-read files). Use it to try
    :class:`~skmlkit.AutoKMeans` on data larger than memory.

    Parameters
    ----------
    n_samples : int, default=1_000_000
        Number of rows.
    n_features : int, default=10
        Number of columns.
    centers : int or array-like of shape (n_centers, n_features), default=5
        Number of blobs (centres drawn uniformly in ``center_box``) or the
        centres themselves.
    cluster_std : float, default=1.0
        Standard deviation of every blob.
    center_box : tuple of float, default=(-10.0, 10.0)
        Bounds of the random centres.
    chunk_size : int, default=250_000
        Rows per block.
    dtype : {numpy.float32, numpy.float64}, default=numpy.float32
        Type of the values.
    random_state : int, RandomState instance or None, default=None
        Seeds the centres and every block.

    Returns
    -------
    X : dask.array.Array of shape (n_samples, n_features)
        The rows, lazily.
    y : dask.array.Array of shape (n_samples,)
        The blob of each row (int32), lazily, from the same blocks.
    centers : ndarray of shape (n_centers, n_features)
        The true centres.

    Examples
    --------
    >>> from skmlkit.datasets import make_dask_blobs
    >>> X, y, centers = make_dask_blobs(10_000, 3, centers=4, chunk_size=2_500,
    ...                                 random_state=0)
    >>> X.shape, X.numblocks, centers.shape
    ((10000, 3), (4, 1), (4, 3))
    >>> bool((X[:5].compute() == X[:5].compute()).all())  # made again, identically
    True
    """
    import dask.array as da

    rng = check_random_state(random_state)
    if np.ndim(centers) == 0:
        centers = rng.uniform(*center_box, size=(int(centers), n_features))
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != n_features:
        raise ValueError(
            f"centers must be a number or an array of shape (n_centers, "
            f"{n_features}), got shape {centers.shape}."
        )
    if n_samples < 1 or chunk_size < 1:
        raise ValueError("n_samples and chunk_size must be at least 1.")
    sizes = [chunk_size] * (n_samples // chunk_size)
    if n_samples % chunk_size:
        sizes.append(n_samples % chunk_size)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(sizes))
    seed_blocks = da.from_array(seeds, chunks=1)
    rows = da.map_blocks(
        _blob_block,
        seed_blocks,
        da.from_array(np.asarray(sizes), chunks=1),
        centers=centers,
        cluster_std=float(cluster_std),
        dtype=np.float64,
        new_axis=1,
        chunks=(tuple(sizes), (n_features + 1,)),
        meta=np.empty((0, 0), dtype=np.float64),
    )
    X = rows[:, :n_features].astype(dtype)
    y = rows[:, n_features].astype(np.int32)
    return X, y, centers


def _blob_block(seed, size, *, centers, cluster_std):
    """One block of rows and, in the last column, their blob."""
    rng = np.random.default_rng(int(seed[0]))
    n = int(size[0])
    blob = rng.integers(len(centers), size=n)
    values = np.empty((n, centers.shape[1] + 1), dtype=np.float64)
    values[:, :-1] = rng.standard_normal((n, centers.shape[1]))
    values[:, :-1] *= cluster_std
    values[:, :-1] += centers[blob]
    values[:, -1] = blob
    return values
