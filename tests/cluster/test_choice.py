"""Unit tests of the K-selection internals: gap statistic, mixtures, auto rule."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from skmlkit.cluster._choice import select_auto
from skmlkit.cluster._criteria import (
    best_k,
    first_gap_k,
    gap_statistic,
    within_dispersion,
)
from skmlkit.cluster._mixtures import mixture_scores

K_VALUES = [1, 2, 3, 4, 5, 6]


def _centers(X, k, seed=0):
    return KMeans(k, n_init=3, random_state=seed).fit(X).cluster_centers_


def _gap(X, n_references=10):
    dispersions = np.array([within_dispersion(X, _centers(X, k)) for k in K_VALUES])
    return gap_statistic(
        X,
        K_VALUES,
        dispersions,
        _centers,
        n_references=n_references,
        random_state=np.random.RandomState(0),
    )


def test_within_dispersion_is_the_inertia():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=0)
    model = KMeans(3, n_init=3, random_state=0).fit(X)
    assert within_dispersion(X, model.cluster_centers_) == pytest.approx(
        model.inertia_, rel=1e-9
    )


def test_gap_finds_separated_blobs():
    X, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.5, random_state=1)
    gap, gap_sd = _gap(X)
    assert gap.shape == gap_sd.shape == (len(K_VALUES),)
    assert (gap_sd > 0).all()
    assert first_gap_k(K_VALUES, gap, gap_sd) == 4
    assert K_VALUES[int(np.argmax(gap))] == 4


def test_gap_says_one_cluster_for_uniform_data():
    X = np.random.default_rng(0).uniform(size=(300, 2))
    gap, gap_sd = _gap(X)
    assert first_gap_k(K_VALUES, gap, gap_sd) == 1


def test_first_gap_k_rule():
    # Gap(2) >= Gap(3) - s(3): K = 2 even though Gap keeps rising a little.
    assert first_gap_k([1, 2, 3], [0.1, 0.5, 0.55], [0.1, 0.1, 0.1]) == 2
    # Never satisfied: the largest gap.
    assert first_gap_k([1, 2, 3], [0.1, 0.5, 0.9], [0.0, 0.0, 0.0]) == 3


def test_best_k_direction_ties_and_nan():
    assert best_k([2, 3, 4], [0.2, 0.8, 0.8], "silhouette") == 3  # ties: smallest
    assert best_k([2, 3, 4], [1.5, 0.4, 0.9], "davies_bouldin") == 3
    assert best_k([2, 3, 4], [np.nan, np.nan, np.nan], "silhouette") is None
    assert best_k([2, 3, 4], [np.nan, 0.1, 0.3], "silhouette") == 4


def test_mixture_scores_prefer_the_true_k():
    X, _ = make_blobs(n_samples=400, centers=3, cluster_std=0.6, random_state=2)
    k_values = [2, 3, 4, 5]
    centers = [_centers(X, k) for k in k_values]
    scores = mixture_scores(X, k_values, centers)
    assert set(scores) == {"bic", "icl", "icl_diag"}
    for name in scores:
        assert k_values[int(np.nanargmin(scores[name]))] == 3, name
    # ICL adds an entropy penalty to BIC: never below it.
    assert (scores["icl"] >= scores["bic"] - 1e-6).all()


def test_mixture_scores_are_nan_without_enough_samples():
    X = np.random.default_rng(0).normal(size=(6, 4))
    scores = mixture_scores(X, [5], [X[:5]])
    assert all(np.isnan(values).all() for values in scores.values())


def test_auto_rule_is_the_median_of_five_votes():
    k_values = [2, 3, 4, 5]
    choices = {"silhouette": 2, "calinski_harabasz": 5, "davies_bouldin": 2, "gap": 2}
    scores = {
        "bic": np.array([9.0, 1.0, 5.0, 7.0]),  # votes 3
        "icl": np.array([9.0, 5.0, 1.0, 7.0]),  # votes 4
        "icl_diag": np.array([9.0, 5.0, 1.0, 7.0]),  # votes 4
    }
    assert select_auto(k_values, scores, choices) == 4  # median of 2,5,3,4,4
    nan = np.full(4, np.nan)
    scores = {"bic": nan, "icl": nan, "icl_diag": nan}
    # Mixtures unavailable: Davies-Bouldin and gap vote instead (2,5,2,2).
    assert select_auto(k_values, scores, choices) == 2
