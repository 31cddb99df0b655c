"""Unit tests of the K-selection internals: gap statistic, mixtures, auto rule."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans
from skmlkit.cluster._choice import k_support, runner_up, select_auto
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


def _scores(mixture_k, kurtosis, stability, k_values=(2, 3, 4, 5)):
    """Per-K scores whose three mixture criteria all choose ``mixture_k``."""
    low = np.array([1.0 if k == mixture_k else 9.0 for k in k_values])
    return {
        "bic": low,
        "icl": low.copy(),
        "icl_diag": low.copy(),
        "kurtosis": np.full(len(k_values), kurtosis),
        "point_mass": np.zeros(len(k_values)),
        "stability": np.asarray(stability, dtype=float),
    }


def test_auto_rule_counts_families_not_scores():
    k_values = [2, 3, 4, 5]
    stability = [0.9, 0.8, 0.7, 0.6]
    choices = {
        "silhouette": 3,
        "calinski_harabasz": 3,
        "davies_bouldin": 4,
        "gap": 2,
        "elbow": 2,
        "stability": 2,
    }
    # Three mixture scores agree on 5, but the clusters are heavy-tailed:
    # the mixtures do not vote, the geometric majority (3) wins.
    heavy = _scores(5, kurtosis=4.0, stability=stability)
    assert select_auto(k_values, heavy, choices) == 3
    support = k_support(k_values, heavy, choices)
    assert support[5]["chosen_by"] == ["mixtures"] and support[5]["support"] == 0
    assert support[3]["support"] == pytest.approx(2 / 3)
    # Gaussian clusters: the mixture family's one vote beats a split
    # geometric family (2/3 for 3, 1/3 for 4).
    gaussian = _scores(5, kurtosis=0.2, stability=stability)
    assert select_auto(k_values, gaussian, choices) == 5
    assert runner_up(k_support(k_values, gaussian, choices), 5) == 3
    # ... but only ties a unanimous one: the K more criteria choose wins.
    unanimous = {**choices, "davies_bouldin": 3, "gap": 3}
    assert select_auto(k_values, gaussian, unanimous) == 3
    # Mixtures that cannot be fitted or do not describe the data: no vote.
    nan = {**gaussian, "bic": np.full(4, np.nan)}
    assert select_auto(k_values, nan, choices) == 3
    assert select_auto(k_values, gaussian, choices, use_mixtures=False) == 3


def test_auto_rule_ties_go_to_more_criteria_then_to_stability():
    k_values = [2, 3, 4, 5]
    split = {
        "silhouette": 2,
        "calinski_harabasz": 3,
        "davies_bouldin": 4,
        "gap": 4,
        "elbow": 5,
        "stability": 5,
    }
    scores = _scores(5, kurtosis=9.0, stability=[0.5, 0.9, 0.6, 0.95])
    assert select_auto(k_values, scores, split) == 4  # DB and gap
    alone = {**split, "gap": 5}
    assert select_auto(k_values, scores, alone) == 3  # the most stable of 2, 3, 4


def test_fixed_n_clusters_keeps_every_score():
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.5, random_state=0)
    model = AutoKMeans(k_range=range(2, 6), n_clusters=4, random_state=0).fit(X)
    assert model.n_clusters_ == 4 and model.cluster_centers_.shape == (4, 2)
    assert model.choices_["auto"] == 3 and model.runner_up_ == 3
    table = model.scores_table()
    assert list(table.index) == [2, 3, 4, 5]
    assert "silhouette" in table.loc[3, "chosen_by"]
    assert table.loc[3, "support"] == pytest.approx(model.support_[3]["support"])
    outside = AutoKMeans(k_range=range(2, 4), n_clusters=6, random_state=0).fit(X)
    assert outside.n_clusters_ == 6 and 6 in outside.k_values_
    with pytest.raises(ValueError, match="n_clusters=300 must be below n_samples"):
        AutoKMeans(n_clusters=300).fit(X)
