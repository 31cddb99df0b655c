import numpy as np
import pytest
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans
from skmlkit.cluster._structure import (
    SPLIT_RATIO_THRESHOLD,
    anderson_darling,
    hopkins_statistic,
    split_test,
)


def _two_means_axis(X):
    # The split axis of a 1-D-structured set: the first coordinate.
    return np.array(
        [[-1.0] + [0.0] * (X.shape[1] - 1), [1.0] + [0.0] * (X.shape[1] - 1)]
    )


@pytest.mark.parametrize(
    ("sampler", "expected"),
    [
        (lambda rng, n: rng.uniform(-1, 1, n), 0.25),  # uniform: 1/4
        (lambda rng, n: rng.normal(size=n), 1 - 2 / np.pi),  # Gaussian: 0.363
    ],
)
def test_split_ratio_of_unimodal_projections(sampler, expected):
    rng = np.random.RandomState(0)
    X = np.c_[sampler(rng, 20_000), rng.normal(size=20_000)]
    ratio, _ = split_test(X, _two_means_axis(X))
    assert ratio == pytest.approx(expected, abs=0.01)
    assert ratio > SPLIT_RATIO_THRESHOLD


def test_split_ratio_of_two_groups_is_small():
    rng = np.random.RandomState(0)
    X = np.c_[
        np.r_[rng.normal(-4, 1, 500), rng.normal(4, 1, 500)], rng.normal(size=1000)
    ]
    ratio, a2 = split_test(X, _two_means_axis(X))
    assert ratio < 0.1
    assert a2 > 10  # the G-means test rejects normality too


def test_anderson_darling_matches_scipy():
    import warnings

    from scipy.stats import anderson

    values = np.sort(np.random.RandomState(1).exponential(size=300))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # SciPy >= 1.17: method=
        expected = anderson(values).statistic
    assert anderson_darling(values) == pytest.approx(
        expected * (1 + 4 / 300 - 25 / 300**2)
    )


def test_hopkins_separates_uniform_from_clustered():
    rng = np.random.RandomState(0)
    uniform = rng.uniform(size=(1000, 3))
    blobs, _ = make_blobs(
        1000, centers=5, n_features=3, cluster_std=0.3, random_state=0
    )
    assert hopkins_statistic(uniform, np.random.RandomState(0)) == pytest.approx(
        0.5, abs=0.1
    )
    assert hopkins_statistic(blobs, np.random.RandomState(0)) > 0.95


@pytest.mark.parametrize(
    "make",
    [
        lambda rng: rng.uniform(size=(800, 2)),
        lambda rng: rng.uniform(size=(600, 8)) * [1, 2, 3, 1, 1, 1, 1, 1],
        lambda rng: rng.normal(size=(700, 5)),
        lambda rng: rng.normal(size=(700, 4)) @ rng.normal(size=(4, 4)),
        lambda rng: rng.standard_t(4, size=(900, 3)),
    ],
    ids=["uniform-2d", "uniform-box-8d", "gaussian-5d", "correlated-4d", "student-t"],
)
def test_structureless_data_get_one_cluster(make):
    X = make(np.random.RandomState(0))
    model = AutoKMeans(random_state=0).fit(X)
    assert model.n_clusters_ == 1
    assert model.structure_["has_structure"] is False
    assert model.cluster_centers_.shape == (1, X.shape[1])
    np.testing.assert_array_equal(model.predict(X[:5]), 0)
    assert model.transform(X[:5]).shape == (5, 1)


@pytest.mark.parametrize("centers", [2, 3, 7])
def test_clustered_data_are_not_called_structureless(centers):
    X, _ = make_blobs(
        600, centers=centers, n_features=3, cluster_std=1.0, random_state=2
    )
    model = AutoKMeans(random_state=0).fit(X)
    assert model.structure_["has_structure"] is True
    assert model.structure_["gap_excess"] > 0.1
    assert model.n_clusters_ == centers


def test_structure_is_reported_even_without_k_one():
    X = np.random.RandomState(0).uniform(size=(500, 2))
    model = AutoKMeans(k_range=range(2, 6), random_state=0).fit(X)
    assert model.structure_["has_structure"] is False
    assert set(model.structure_) == {
        "has_structure",
        "evidence",
        "gap_excess",
        "split_ratio",
        "split_anderson",
        "hopkins",
        "bic_k",
    }
