import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from skmlkit import AutoKMeans
from skmlkit.cluster import KRangeEdgeWarning, NoClearKneeWarning

from ..conftest import METHODS


@pytest.mark.parametrize("k", [3, 5, 8])
@pytest.mark.parametrize("method", METHODS)
def test_clear_blobs_recovered_by_every_method(k, method):
    X, _ = make_blobs(
        n_samples=150 * k,
        centers=k,
        cluster_std=0.6,
        center_box=(-20, 20),
        n_features=4,
        random_state=k,
    )
    model = AutoKMeans(method=method, random_state=0).fit(X)
    assert model.n_clusters_ == k
    assert model.choices_[method] == k


def test_fitted_attributes():
    X, _ = make_blobs(n_samples=400, centers=3, random_state=0)
    model = AutoKMeans(k_range=range(2, 7), random_state=0).fit(X)
    assert model.n_clusters_ == 3
    assert model.cluster_centers_.shape == (3, 2)
    assert model.labels_.shape == (400,)
    assigned = model.cluster_centers_[model.labels_]
    assert model.inertia_ == pytest.approx(((X - assigned) ** 2).sum(), rel=1e-6)
    assert model.n_iter_ >= 1
    np.testing.assert_array_equal(model.k_values_, [2, 3, 4, 5, 6])
    table = model.scores_table()
    assert list(table.index) == [2, 3, 4, 5, 6]
    assert {
        "inertia",
        "silhouette",
        "calinski_harabasz",
        "davies_bouldin",
        "gap",
        "bic",
    } <= set(table.columns)
    assert table["inertia"].is_monotonic_decreasing
    assert set(model.choices_) == set(METHODS)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    distances = model.transform(X)
    np.testing.assert_array_equal(distances.argmin(axis=1), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_)


def test_explicit_k_list_and_pandas_output():
    X, _ = make_blobs(n_samples=300, centers=4, random_state=1)
    frame = pd.DataFrame(X, columns=["a", "b"])
    model = AutoKMeans(k_range=[6, 2, 4], random_state=0).set_output(transform="pandas")
    out = model.fit(frame).transform(frame)
    assert model.k_values_.tolist() == [2, 4, 6]
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == [f"autokmeans{i}" for i in range(model.n_clusters_)]
    assert list(model.get_feature_names_out()) == list(out.columns)
    assert list(model.feature_names_in_) == ["a", "b"]


def test_k_range_larger_than_n_samples_is_clipped_with_warning():
    X = np.array([[0.0, 0], [0, 1], [10, 10], [10, 11], [20, 0]])
    with pytest.warns(UserWarning, match=r"exceed n_samples - 1 = 4"):
        model = AutoKMeans(k_range=range(2, 11), random_state=0).fit(X)
    assert model.k_values_.tolist() == [2, 3, 4]


@pytest.mark.parametrize("k_range", [(5, 2), (2.5, 4), [], ["a"], [0, 3], [True]])
def test_bad_k_range(k_range):
    X, _ = make_blobs(n_samples=50, random_state=0)
    with pytest.raises(ValueError, match="k_range"):
        AutoKMeans(k_range=k_range).fit(X)


def test_no_clear_knee_warns_and_falls_back():
    X = np.random.RandomState(0).uniform(size=(500, 3))  # no cluster structure
    with pytest.warns(NoClearKneeWarning, match="no clear elbow"):
        model = AutoKMeans(method="elbow", k_range=range(2, 9), random_state=0).fit(X)
    assert model.n_clusters_ == model.choices_["silhouette"]


def test_mall_customers_gives_five(mall_csv):
    from skmlkit.datasets import fetch_mall_customers

    mall = fetch_mall_customers(data_home=mall_csv.parents[1]).data
    X = StandardScaler().fit_transform(
        mall[["Annual Income (k$)", "Spending Score (1-100)"]]
    )
    assert AutoKMeans(random_state=0).fit(X).n_clusters_ == 5


def test_pipeline_with_scaler():
    X, _ = make_blobs(n_samples=300, centers=3, random_state=2)
    pipe = make_pipeline(StandardScaler(), AutoKMeans(random_state=0)).fit(X * 100)
    assert pipe[-1].n_clusters_ == 3
    assert pipe.predict(X * 100).shape == (300,)
    assert pipe.transform(X * 100).shape == (300, 3)


@pytest.mark.slow
def test_feature_step_in_grid_search_and_cross_validation():
    X, y = make_blobs(
        n_samples=400, centers=6, cluster_std=0.5, center_box=(-15, 15), random_state=3
    )
    y = y % 2  # each class made of three blobs: distances to centres help
    pipe = make_pipeline(
        StandardScaler(),
        AutoKMeans(random_state=0),
        DecisionTreeClassifier(max_depth=5, random_state=0),
    )
    grid = GridSearchCV(
        pipe,
        {
            "autokmeans__method": ["silhouette", "auto"],
            "autokmeans__k_range": [range(2, 5), range(5, 9)],
        },
        cv=3,
    )
    grid.fit(X, y)
    assert grid.best_score_ > 0.9
    assert len(grid.cv_results_["params"]) == 4
    best = grid.best_estimator_.named_steps["autokmeans"]
    assert best.n_clusters_ in best.k_range
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.8


def test_minibatch_backend_and_sampling():
    X, _ = make_blobs(n_samples=3000, centers=4, cluster_std=0.7, random_state=4)
    model = AutoKMeans(algorithm="minibatch", sample_size=500, random_state=0).fit(X)
    assert model.n_clusters_ == 4
    assert type(model.estimator_).__name__ == "MiniBatchKMeans"


def test_same_random_state_same_result():
    X, _ = make_blobs(n_samples=500, centers=5, random_state=5)
    a = AutoKMeans(random_state=0).fit(X)
    b = AutoKMeans(random_state=0).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    for name in a.scores_:
        np.testing.assert_array_equal(a.scores_[name], b.scores_[name])


@pytest.mark.slow
def test_parallel_sweep_matches_sequential():
    X, _ = make_blobs(n_samples=500, centers=4, random_state=6)
    a = AutoKMeans(random_state=0, n_jobs=1).fit(X)
    b = AutoKMeans(random_state=0, n_jobs=2).fit(X)
    np.testing.assert_allclose(a.scores_["inertia"], b.scores_["inertia"])
    assert a.n_clusters_ == b.n_clusters_


def test_algorithm_auto_switches_to_minibatch_above_the_threshold(monkeypatch):
    from sklearn.cluster import MiniBatchKMeans

    from skmlkit.cluster import _sweep

    assert _sweep.kmeans_backend("auto", 100_000) == "lloyd"
    assert _sweep.kmeans_backend("auto", 100_001) == "minibatch"
    X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    small = AutoKMeans(k_range=range(2, 5), random_state=0).fit(X)
    assert type(small.estimator_) is KMeans
    monkeypatch.setattr(_sweep, "MINIBATCH_THRESHOLD", 299)
    large = AutoKMeans(k_range=range(2, 5), random_state=0).fit(X)
    # The sweep ran mini-batch; the chosen K was refined by full Lloyd passes.
    assert large.n_clusters_ == 3
    assert type(large.estimator_) is KMeans
    assert large.inertia_ <= large.scores_["inertia"][1] * (1 + 1e-9)
    means = [X[large.labels_ == j].mean(axis=0) for j in range(3)]
    np.testing.assert_allclose(large.cluster_centers_, means, rtol=1e-6)
    minibatch = AutoKMeans(
        k_range=range(2, 5), algorithm="minibatch", random_state=0
    ).fit(X)
    assert type(minibatch.estimator_) is MiniBatchKMeans
    forced = AutoKMeans(k_range=range(2, 5), algorithm="lloyd", random_state=0).fit(X)
    assert type(forced.estimator_) is KMeans


def test_seeds_zero_and_one_give_identical_labels():
    X, _ = make_blobs(n_samples=500, centers=5, cluster_std=0.5, random_state=4)
    first = AutoKMeans(random_state=0).fit(X)
    second = AutoKMeans(random_state=1).fit(X)
    np.testing.assert_array_equal(first.labels_, second.labels_)
    np.testing.assert_allclose(first.cluster_centers_, second.cluster_centers_)
    np.testing.assert_array_equal(first.predict(X), second.predict(X))


def test_clusters_are_numbered_by_size():
    X, _ = make_blobs(n_samples=[300, 50, 150], centers=None, random_state=0)
    model = AutoKMeans(random_state=0).fit(X)
    sizes = np.bincount(model.labels_)
    assert sizes.tolist() == sorted(sizes, reverse=True)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    np.testing.assert_array_equal(model.estimator_.labels_, model.labels_)


def test_choice_on_the_upper_edge_warns():
    X, _ = make_blobs(n_samples=600, centers=6, cluster_std=0.5, random_state=0)
    with pytest.warns(KRangeEdgeWarning, match=r"K=3 is the largest candidate"):
        model = AutoKMeans(k_range=range(2, 4), random_state=0).fit(X)
    assert model.n_clusters_ == 3


def test_inclusive_pair_is_deprecated():
    X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    with pytest.warns(FutureWarning, match=r"range\(2, 7\)"):
        model = AutoKMeans(k_range=(2, 6), random_state=0).fit(X)
    assert model.k_values_.tolist() == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("k_range", "expected"),
    [
        (range(2, 10), list(range(2, 10))),
        ([2, 10], [2, 10]),
        (np.array([4, 2]), [2, 4]),
        ((3, 3), [3]),
        (None, list(range(1, 11))),
    ],
)
def test_k_range_is_the_set_of_candidates(k_range, expected, recwarn):
    X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    model = AutoKMeans(k_range=k_range, random_state=0).fit(X)
    assert model.k_values_.tolist() == expected
    assert not [w for w in recwarn if issubclass(w.category, FutureWarning)]


def test_agreement_reports_how_many_criteria_concur():
    X, _ = make_blobs(n_samples=600, centers=4, cluster_std=0.5, random_state=5)
    model = AutoKMeans(random_state=0).fit(X)
    criteria = {m: k for m, k in model.choices_.items() if m != "auto"}
    expected = np.mean([k == model.n_clusters_ for k in criteria.values()])
    assert model.agreement_ == pytest.approx(expected)
    assert 0 <= model.agreement_ <= 1


def test_stability_criterion_prefers_the_true_k():
    # Three well separated blobs: refits at K=3 agree perfectly, at K=4 one
    # blob is split differently on every resample.
    X, _ = make_blobs(n_samples=450, centers=3, cluster_std=0.5, random_state=7)
    model = AutoKMeans(method="stability", k_range=range(2, 7), random_state=0).fit(X)
    stability = dict(zip(model.k_values_, model.scores_["stability"], strict=True))
    assert stability[3] > 0.99
    assert stability[3] > stability[5]
    assert model.n_clusters_ == 3


def test_one_candidate_only():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=0)
    model = AutoKMeans(k_range=[1], random_state=0).fit(X)
    assert model.n_clusters_ == 1
    np.testing.assert_allclose(model.cluster_centers_[0], X.mean(axis=0))


@pytest.mark.parametrize(
    ("n_init", "n_samples", "expected"),
    [("auto", 200, 10), ("auto", 400, 4), (3, 400, 3), (1, 200, 1)],
)
def test_n_init_restarts_per_k(monkeypatch, n_init, n_samples, expected):
    from skmlkit.cluster import _sweep

    # "auto": 10 restarts up to AUTO_N_INIT_LIMIT samples, 4 beyond it.
    monkeypatch.setattr(_sweep, "AUTO_N_INIT_LIMIT", 300)
    restarts, fit = {}, _sweep.fit_kmeans

    def counted(X, k, backend, params):
        model = fit(X, k, backend, params)
        restarts[k] = model._n_init  # the restarts KMeans really ran
        return model

    monkeypatch.setattr(_sweep, "fit_kmeans", counted)
    X, _ = make_blobs(n_samples, centers=3, random_state=0)
    AutoKMeans(k_range=range(1, 5), n_init=n_init, random_state=0).fit(X)
    assert restarts == dict.fromkeys(range(1, 5), expected)


def test_heavy_tailed_hubs_are_not_split_by_the_mixtures():
    # Two heavy-tailed hubs like the h2mg battery of the clustering benchmark
    # suite (random direction times a normal radius): Gaussian mixtures put
    # several components on each hub, the geometric criteria do not.
    rng = np.random.RandomState(1)

    def hub(n, centre):
        direction = rng.normal(size=(n, 8))
        direction /= np.linalg.norm(direction, axis=1, keepdims=True)
        return direction * rng.normal(0, 3, (n, 1)) + centre

    X = StandardScaler().fit_transform(np.vstack([hub(300, 0), hub(300, 6)]))
    model = AutoKMeans(random_state=0).fit(X)
    mixture_k = [k for k, e in model.support_.items() if "mixtures" in e["chosen_by"]]
    assert mixture_k and mixture_k[0] > 2  # BIC/ICL over-split ...
    assert not model.mixture_votes_  # ... on clusters the tail test rejects
    assert model.support_[mixture_k[0]]["kurtosis"] > 1
    assert model.n_clusters_ == 2
