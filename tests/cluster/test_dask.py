"""AutoKMeans on Dask collections: the rows stay on the workers.

The pass functions of ``skmlkit.cluster._dask`` are checked against NumPy on
the threaded scheduler; the whole fit runs on a 2-worker LocalCluster,
against the NumPy path, with every compute counted and measured.
"""

import os
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.exceptions import NotFittedError

from skmlkit import AutoKMeans
from skmlkit.cluster import _dask, _dask_estimator, match_clusters
from skmlkit.datasets import make_dask_blobs

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import dask
    import dask.array as da
    import dask.dataframe as dd
    import distributed
else:
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")


# Candidates 1..5 keep each small fit to a few seconds.
K_RANGE = range(1, 6)


def _blobs(n=4000, d=3, centers=3, seed=0, dtype=np.float64):
    X, _ = make_blobs(n, d, centers=centers, random_state=seed)
    return X.astype(dtype)


# -- the pass functions ---------------------------------------------------


def test_scan_and_sample_draws_distinct_rows_of_x(threads):
    X = _blobs(5000)
    X[17, 1] = 1e6
    data = da.from_array(X, chunks=(700, 3))
    rng = np.random.RandomState(0)
    n, finite, largest, sample = _dask.scan_and_sample(data, 900, rng)
    assert (n, finite, largest) == (5000, True, 1e6)
    assert sample.shape == (900, 3) and sample.dtype == X.dtype
    rows = {tuple(r) for r in X}
    assert all(tuple(r) in rows for r in sample)
    assert len({tuple(r) for r in sample}) == 900  # without replacement
    again = _dask.scan_and_sample(data, 900, np.random.RandomState(0))[3]
    np.testing.assert_array_equal(sample, again)
    # Uniform over the blocks: each block gives about its share.
    owners = np.array([np.flatnonzero((X == r).all(axis=1))[0] for r in sample])
    per_block = np.bincount(owners // 700, minlength=8)[:7]
    assert per_block.min() > 90 and per_block.max() < 170  # 126 expected


def test_scan_finds_nan_and_all_rows_when_sample_is_larger(threads):
    X = _blobs(300)
    X[5, 0] = np.nan
    n, finite, largest, sample = _dask.scan_and_sample(
        da.from_array(X, chunks=100), 10_000, np.random.RandomState(1)
    )
    assert (n, finite, len(sample)) == (300, False, 300)
    assert np.isfinite(largest)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lloyd_sweep_reaches_scikit_learns_fixed_point(threads, dtype):
    X = _blobs(6000, 4, centers=5, seed=3, dtype=dtype)
    data = da.from_array(X, chunks=(1000, 4))
    starts = [X[:k] + 0.5 for k in (1, 3, 5)]  # poor starts: many iterations
    centers, sizes, inertia, n_iter = _dask.lloyd_sweep(
        data, starts, tol=1e-10, max_iter=300
    )
    for j, start in enumerate(starts):
        ref = KMeans(len(start), init=start, n_init=1, tol=1e-10).fit(X)
        assert centers[j].dtype == dtype
        np.testing.assert_allclose(centers[j], ref.cluster_centers_, rtol=1e-4)
        np.testing.assert_array_equal(
            sizes[j], np.bincount(ref.labels_, minlength=len(start))
        )
        assert inertia[j] == pytest.approx(ref.inertia_, rel=1e-4)
        assert 1 <= n_iter[j] <= 300
    assert n_iter[0] <= 2  # K = 1 stops after its first move (to the mean)


def test_lloyd_sweep_stops_at_max_iter_and_keeps_empty_clusters(threads):
    X = _blobs(1000, 2, centers=2, seed=0)
    far = np.array([[1e3, 1e3]])  # a centre no row is nearest to
    start = np.vstack([X[:2], far])
    centers, sizes, _, n_iter = _dask.lloyd_sweep(
        da.from_array(X, chunks=250), [start], tol=0.0, max_iter=3
    )
    assert n_iter[0] == 3
    np.testing.assert_array_equal(centers[0][2], far[0])
    assert sizes[0][2] == 0 and sizes[0].sum() == 1000
    assert np.isfinite(centers[0]).all()


def test_assignment_stats_match_numpy(threads):
    X = _blobs(2500, 3)
    centers = [X[:2], X[10:14]]
    sizes, inertia = _dask.assignment_stats(da.from_array(X, chunks=600), centers)
    for c, size, value in zip(centers, sizes, inertia, strict=True):
        d = ((X[:, None, :] - c[None]) ** 2).sum(axis=2)
        np.testing.assert_array_equal(size, np.bincount(d.argmin(1), minlength=len(c)))
        assert value == pytest.approx(d.min(axis=1).sum(), rel=1e-10)


def test_make_dask_blobs_is_reproducible_per_block(threads):
    X, y, centers = make_dask_blobs(5000, 3, centers=4, chunk_size=1200, random_state=2)
    assert X.chunks == ((1200, 1200, 1200, 1200, 200), (3,))
    values, labels = X.compute(), y.compute()
    np.testing.assert_array_equal(values[2400:3600], X[2400:3600].compute())
    for j in range(4):
        np.testing.assert_allclose(values[labels == j].mean(0), centers[j], atol=0.15)
    with pytest.raises(ValueError, match="centers must be"):
        make_dask_blobs(10, 3, centers=np.zeros((2, 4)))


# -- AutoKMeans on the threaded scheduler -------------------------------------


def test_dask_fit_matches_numpy_fit(threads):
    X = _blobs(3000, 3, centers=3)
    local = AutoKMeans(k_range=K_RANGE, random_state=0).fit(X)
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(
        da.from_array(X, chunks=700)
    )
    assert model.n_clusters_ == local.n_clusters_ == 3
    np.testing.assert_allclose(
        model.cluster_centers_, local.cluster_centers_, rtol=1e-6
    )
    assert isinstance(model.labels_, da.Array)
    np.testing.assert_array_equal(model.labels_.compute(), local.labels_)
    np.testing.assert_array_equal(model.cluster_sizes_, np.bincount(local.labels_))
    assert model.inertia_ == pytest.approx(local.inertia_, rel=1e-6)
    assert isinstance(model.estimator_, KMeans)
    np.testing.assert_array_equal(model.predict(X), local.predict(X))


def test_dask_fit_finds_no_structure_in_noise(threads):
    noise = np.random.default_rng(0).normal(size=(3000, 3))
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(
        da.from_array(noise, chunks=1000)
    )
    assert model.n_clusters_ == 1
    assert not model.structure_["has_structure"]
    assert model.labels_.compute().max() == 0


def test_dask_dataframe_in_pandas_out(threads):
    X = _blobs(2000, 3, centers=3)
    frame = pd.DataFrame(X, columns=["recency", "frequency", "monetary"])
    frame.index = frame.index + 100
    ddf = dd.from_pandas(frame, npartitions=4)
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(ddf)
    assert list(model.feature_names_in_) == list(frame.columns)
    assert isinstance(model.predict(ddf), da.Array)
    assert isinstance(model.transform(ddf), da.Array)
    model.set_output(transform="pandas")
    lazy = model.transform(ddf)
    assert isinstance(lazy, dd.DataFrame)
    out = lazy.compute()
    assert list(out.columns) == [f"autokmeans{j}" for j in range(3)]
    pd.testing.assert_index_equal(out.index, frame.index)
    np.testing.assert_allclose(out.to_numpy(), model.estimator_.transform(X))
    # An array in, under pandas output: a Dask DataFrame too.
    with pytest.warns(UserWarning, match="valid feature names"):
        arr = model.transform(da.from_array(X, chunks=500))
    assert isinstance(arr, dd.DataFrame)
    # NumPy and pandas input behave as before.
    assert isinstance(model.transform(frame), pd.DataFrame)
    with pytest.raises(ValueError, match="feature names"):
        model.predict(ddf.rename(columns={"recency": "r"}))


def test_float32_stays_float32(threads):
    X = _blobs(1500, 2, centers=2, dtype=np.float32)
    model = AutoKMeans(k_range=[2, 3], random_state=0).fit(da.from_array(X, chunks=500))
    assert model.cluster_centers_.dtype == np.float32
    assert model.transform(da.from_array(X, chunks=500)).dtype == np.float32


def test_pickle_keeps_the_model_not_the_lazy_labels(threads, tmp_path):
    import joblib

    X = _blobs(1500, 2, centers=2)
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(
        da.from_array(X, chunks=500)
    )
    joblib.dump(model, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib")
    assert not hasattr(loaded, "labels_")
    np.testing.assert_array_equal(loaded.cluster_centers_, model.cluster_centers_)
    np.testing.assert_array_equal(loaded.predict(X), model.labels_.compute())
    assert isinstance(model.labels_, da.Array)  # the fitted model keeps it
    # A NumPy fit pickles whole, as before.
    local = pickle.loads(
        pickle.dumps(AutoKMeans(k_range=K_RANGE, random_state=0).fit(X))
    )
    assert isinstance(local.labels_, np.ndarray)


def test_score_on_dask_matches_numpy_in_one_pass():
    import dask.threaded

    X = _blobs(2000, 3, centers=3)
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(X)
    frame = dd.from_pandas(pd.DataFrame(X), npartitions=5)
    counter = CountingScheduler(dask.threaded.get)
    with dask.config.set(scheduler=counter):
        on_array = model.score(da.from_array(X, chunks=400))
        assert counter.computes == 1
        with pytest.warns(UserWarning, match="feature names"):
            on_frame = model.score(frame.rename(columns=str))
        assert counter.computes == 2
    assert on_array == pytest.approx(model.score(X), rel=1e-9)
    assert on_frame == pytest.approx(model.score(X), rel=1e-9)
    assert counter.pandas_objects == 0


def test_fit_predict_is_lazy(threads):
    X = _blobs(1500, 2, centers=2)
    data = da.from_array(X, chunks=500)
    model = AutoKMeans(k_range=K_RANGE, random_state=0)
    labels = model.fit_predict(data)
    assert isinstance(labels, da.Array) and labels.dtype == np.int32
    assert labels is model.labels_
    np.testing.assert_array_equal(labels.compute(), model.predict(X))


def test_unknown_chunk_sizes_are_counted(threads):
    X = _blobs(2000, 3, centers=3)
    data = da.from_array(X, chunks=500)
    kept = data[data[:, 0] > -1e9]  # boolean indexing: unknown chunk sizes
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(kept)
    assert model.n_clusters_ == 3 and model.cluster_sizes_.sum() == 2000


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda X: da.from_array(np.where(X > 5, np.nan, X), chunks=500), "NaN"),
        (lambda X: da.from_array(X[:, 0], chunks=500), "2-D"),
        (lambda X: da.from_array(X.astype(str), chunks=500), "numeric"),
        (
            lambda X: dd.from_pandas(
                pd.DataFrame({"a": X[:, 0], "city": ["x"] * len(X)}), npartitions=2
            ),
            "'city'",
        ),
        (lambda X: da.from_array(X[:1], chunks=1), "minimum of 2"),
        (lambda X: da.from_array(X * 1e160, chunks=500), "overflow"),
    ],
)
def test_bad_dask_input_is_refused_clearly(threads, make, message):
    X = _blobs(1000, 2, centers=2)
    with pytest.raises(ValueError, match=message):
        AutoKMeans(k_range=K_RANGE, random_state=0).fit(make(X))


def test_predict_checks_features_and_fitted(threads):
    X = _blobs(1000, 3, centers=2)
    with pytest.raises(NotFittedError):
        AutoKMeans().predict(da.from_array(X, chunks=500))
    model = AutoKMeans(k_range=K_RANGE, random_state=0).fit(X)
    with pytest.raises(ValueError, match="3 features"):
        model.predict(da.from_array(X[:, :2], chunks=500))
    bad = model.predict(da.from_array(np.full((10, 3), np.nan), chunks=5))
    with pytest.raises(ValueError, match="NaN"):
        bad.compute()


# -- on a cluster of two worker processes --------------------------------------


class CountingScheduler:
    """Hands every compute to a scheduler, counting it and its result's bytes."""

    def __init__(self, get):
        self.get, self.sizes, self.pandas_objects = get, [], 0  # DataFrames

    def __call__(self, dsk, keys, **kwargs):
        result = self.get(dsk, keys, **kwargs)
        self.sizes.append(self._nbytes(result))
        return result

    @property
    def computes(self):
        return len(self.sizes)

    def _nbytes(self, value):
        if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
            # A partition is a DataFrame; the partition lengths, a small Series.
            self.pandas_objects += isinstance(value, pd.DataFrame)
            usage = value.memory_usage(deep=True)
            return int(usage.sum() if hasattr(usage, "sum") else usage)
        if isinstance(value, (np.ndarray, np.generic)):
            return value.nbytes
        if isinstance(value, dict):
            return sum(self._nbytes(v) for v in value.values())
        if isinstance(value, (list, tuple)):
            return sum(self._nbytes(v) for v in value)
        return 8  # a Python scalar


@pytest.fixture
def lloyd_passes(monkeypatch):
    """The Lloyd passes of each fit: the most iterations of any K."""
    passes, sweep = [], _dask.lloyd_sweep

    def counted(*args, **kwargs):
        result = sweep(*args, **kwargs)
        passes.append(int(np.max(result[3])))
        return result

    monkeypatch.setattr(_dask, "lloyd_sweep", counted)
    return passes


# 20,000 x 5 float32 blobs made on the workers, 8 blocks (400 kB); a start
# sample of 4,000 rows (80 kB): nothing bigger may reach the client.
N_ROWS, N_FEATURES, START_SAMPLE = 20_000, 5, 4000
# Besides the sample: counts, centre sums and squared distances for every
# K per pass, a few scalars; far below one block of X (50 kB).
SMALL_RESULTS = 4 * 1024


def _cluster_blobs():
    X, _, _ = make_dask_blobs(
        N_ROWS, N_FEATURES, centers=4, cluster_std=1.0, chunk_size=2500, random_state=7
    )
    return X


@pytest.mark.slow
@pytest.mark.parametrize("k_range", [range(1, 6), [3, 4]])
def test_fit_on_a_local_cluster_keeps_the_data_there(
    dask_client, monkeypatch, lloyd_passes, k_range
):
    monkeypatch.setattr(_dask_estimator, "DASK_START_SAMPLE", START_SAMPLE)
    X = _cluster_blobs()
    X_local = X.compute()
    sample_bytes = START_SAMPLE * N_FEATURES * X.dtype.itemsize
    assert sample_bytes == 80_000 and X.nbytes == 400_000
    params = {"k_range": k_range, "sample_size": 2000, "random_state": 0}
    local = AutoKMeans(**params).fit(X_local)

    counter = CountingScheduler(dask_client.get)
    with dask.config.set(scheduler=counter):
        model = AutoKMeans(**params).fit(X)
        fit_computes = counter.computes
        labels, distances = model.labels_, model.transform(X)
        predicted = model.predict(X)
        lazy_labels = AutoKMeans(**params).fit_predict(X)
        assert counter.computes == 2 * fit_computes  # predict etc.: nothing run
    # One pass to check and sample, the Lloyd passes (all K at once), one for
    # sizes and inertia: the same count whatever the number of K.
    assert fit_computes == 2 + lloyd_passes[0]
    assert lloyd_passes[0] == lloyd_passes[1]
    fit_sizes = counter.sizes[:fit_computes]
    assert max(fit_sizes) <= sample_bytes + SMALL_RESULTS
    assert sum(fit_sizes) <= sample_bytes + fit_computes * SMALL_RESULTS
    assert sorted(fit_sizes)[-2] <= SMALL_RESULTS  # only one result is the sample
    assert counter.pandas_objects == 0

    assert model.n_clusters_ == local.n_clusters_ == 4
    mapping = match_clusters(local, model)
    np.testing.assert_array_equal(mapping, np.arange(4))  # same numbering
    np.testing.assert_allclose(
        model.cluster_centers_, local.cluster_centers_, rtol=1e-3, atol=1e-3
    )
    for lazy in (labels, distances, predicted, lazy_labels):
        assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(labels.compute(), predicted.compute())
    np.testing.assert_array_equal(labels.compute(), local.predict(X_local))
    np.testing.assert_array_equal(lazy_labels.compute(), labels.compute())
    assert distances.shape == (N_ROWS, 4)
    np.testing.assert_allclose(
        distances[:100].compute(), local.transform(X_local[:100]), rtol=1e-3
    )
    workers = dask_client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()


@pytest.mark.slow
def test_dataframe_fit_transform_score_on_a_local_cluster(
    dask_client, monkeypatch, lloyd_passes
):
    monkeypatch.setattr(_dask_estimator, "DASK_START_SAMPLE", START_SAMPLE)
    columns = [f"f{j}" for j in range(N_FEATURES)]
    frame = dd.from_dask_array(_cluster_blobs(), columns=columns)
    frame_local = frame.compute()
    params = {"k_range": K_RANGE, "sample_size": 2000, "random_state": 0}
    local = AutoKMeans(**params).fit(frame_local)
    sample_bytes = START_SAMPLE * N_FEATURES * 4

    counter = CountingScheduler(dask_client.get)
    with dask.config.set(scheduler=counter):
        model = AutoKMeans(**params).fit(frame)
        fit_computes = counter.computes
        model.set_output(transform="pandas")
        distances = model.transform(frame)
        assert counter.computes == fit_computes  # lazy
        score = model.score(frame)
        assert counter.computes == fit_computes + 1  # score: one pass
    # Partition lengths, the scan, the Lloyd passes, sizes.
    assert fit_computes == 3 + lloyd_passes[0]
    assert max(counter.sizes) <= sample_bytes + SMALL_RESULTS
    assert sum(counter.sizes) <= sample_bytes + counter.computes * SMALL_RESULTS
    assert counter.pandas_objects == 0  # no partition came back
    assert sorted(counter.sizes)[-2] <= SMALL_RESULTS  # only the sample is large
    assert list(model.feature_names_in_) == columns
    assert model.n_clusters_ == local.n_clusters_ == 4
    assert isinstance(distances, dd.DataFrame)
    out = distances.compute()
    np.testing.assert_allclose(
        out.to_numpy(), model.estimator_.transform(frame_local.to_numpy()), rtol=1e-5
    )
    assert score == pytest.approx(model.score(frame_local), rel=1e-5)  # float32 sums
