"""The tail test that decides whether the Gaussian mixtures vote."""

import numpy as np
import pytest

from skmlkit.cluster._tails import GAUSSIAN_EXCESS_KURTOSIS, within_cluster_kurtosis


@pytest.mark.parametrize("n_features", [1, 5, 40])
def test_gaussian_clusters_have_no_excess_kurtosis(n_features):
    rng = np.random.RandomState(0)
    X = np.vstack(
        [
            rng.normal(size=(800, n_features)),
            rng.normal(size=(400, n_features)) * 3 + 20,
        ]
    )
    labels = np.repeat([0, 1], [800, 400])
    assert abs(within_cluster_kurtosis(X, labels)) < 0.3


@pytest.mark.parametrize(
    ("draw", "low", "high"),
    [
        (lambda rng, n, d: rng.standard_t(5, size=(n, d)), 2.0, np.inf),  # 6 in theory
        (lambda rng, n, d: np.exp(0.6 * rng.normal(size=(n, d))), 2.0, np.inf),
        (lambda rng, n, d: rng.uniform(size=(n, d)), -1.3, -1.1),  # -1.2 in theory
        (lambda rng, n, d: rng.laplace(size=(n, d)), 2.3, 3.7),  # 3 in theory
    ],
    ids=["student-t5", "lognormal", "uniform", "laplace"],
)
def test_kurtosis_measures_the_tails(draw, low, high):
    rng = np.random.RandomState(1)
    X = np.vstack([draw(rng, 3000, 3), draw(rng, 3000, 3) + 50])
    value = within_cluster_kurtosis(X, np.repeat([0, 1], 3000))
    assert low < value < high


def test_threshold_sits_between_gaussian_and_heavy_tails():
    rng = np.random.RandomState(2)
    gaussian = within_cluster_kurtosis(rng.normal(size=(2000, 4)), np.zeros(2000, int))
    heavy = within_cluster_kurtosis(
        rng.standard_t(4, size=(2000, 4)), np.zeros(2000, int)
    )
    assert gaussian < GAUSSIAN_EXCESS_KURTOSIS < heavy


def test_small_clusters_and_constant_features_are_left_out():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(60, 2))
    X[:, 1] = 1.0  # constant: no kurtosis to measure
    labels = np.r_[np.zeros(50, int), np.ones(10, int)]  # the second is too small
    assert abs(within_cluster_kurtosis(X, labels)) < 1.5
    assert np.isnan(within_cluster_kurtosis(X[:15], labels[:15]))
    assert np.isnan(within_cluster_kurtosis(np.ones((40, 2)), np.zeros(40, int)))
