"""make_segmentation_pipeline on the mixed-type tables, with GridSearchCV."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.model_selection import GridSearchCV, KFold

from skmlkit import RFMFeatures
from skmlkit.cluster import (
    _pipeline,
    make_segmentation_pipeline,
    segment_customers,
    segment_profile,
    segmentation_silhouette,
)
from skmlkit.datasets import (
    fetch_mall_customers,
    load_wholesale_customers,
    make_transactions,
)

from ..by_hand import scale_by_hand

SPENDING = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]


def test_wholesale_with_channel_and_region():
    table = load_wholesale_customers().frame
    pipeline = make_segmentation_pipeline(
        categorical=["Channel", "Region"], skewed=SPENDING, random_state=0
    ).fit(table)
    Xt = pipeline[:-1].transform(table)
    names = pipeline["preprocess"].get_feature_names_out().tolist()
    assert names[:6] == SPENDING and "Channel_Retail" in names
    # each categorical column weighs like one standardised numeric column
    assert Xt[:, :6].var(axis=0) == pytest.approx(np.ones(6))
    channel = [i for i, n in enumerate(names) if n.startswith("Channel_")]
    region = [i for i, n in enumerate(names) if n.startswith("Region_")]
    assert Xt[:, channel].var(axis=0).sum() == pytest.approx(1.0)
    assert Xt[:, region].var(axis=0).sum() == pytest.approx(1.0)
    model = pipeline["cluster"]
    assert not model.mixture_votes_  # indicators: no mixture votes in "auto"
    assert model.n_clusters_ == 2  # every single criterion agrees here
    profile = segment_profile(table, pipeline)
    assert {"Channel=Retail share", "Fresh mean", "Fresh vs avg"} <= set(
        profile.columns
    )
    assert profile["size"].sum() == 440
    # the two segments are the two channels, nearly
    retail = profile["Channel=Retail share"].sort_values()
    assert retail.iloc[0] < 0.1 and retail.iloc[-1] > 0.8


def test_mall_with_genre(mall_csv):
    mall = fetch_mall_customers(data_home=mall_csv.parent.parent).frame
    pipeline = make_segmentation_pipeline(
        categorical=["Genre"], k_range=range(2, 8), random_state=0
    ).fit(mall)
    numeric = pipeline["preprocess"].transformers_[1][2]
    assert numeric == ["Age", "Annual Income (k$)", "Spending Score (1-100)"]
    profile = segment_profile(mall, pipeline)
    assert {"Genre=Male share", "Genre=Female share"} <= set(profile.columns)


@pytest.mark.slow
def test_grid_search_with_the_documented_scorer():
    table = load_wholesale_customers().frame
    pipeline = make_segmentation_pipeline(
        categorical=["Channel"],
        skewed=SPENDING,
        numeric=[],
        k_range=range(2, 6),
        random_state=0,
    )
    grid = {
        "cluster__method": ["silhouette", "calinski_harabasz"],
        "preprocess__categorical__encode__weight": ["balanced", "none"],
    }
    cv = KFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(pipeline, grid, scoring=segmentation_silhouette, cv=cv)
    search.fit(table)
    scores = search.cv_results_["mean_test_score"]
    assert np.all((scores > 0) & (scores < 1))
    # Each fold's score is the silhouette of the held-out rows, labelled by
    # the pipeline fitted on the others, in the space its clusterer sees.
    for candidate, params in enumerate(search.cv_results_["params"]):
        for fold, (train, test) in enumerate(cv.split(table)):
            fitted = clone(pipeline).set_params(**params).fit(table.iloc[train])
            held_out = table.iloc[test]
            expected = silhouette_score(
                fitted[:-1].transform(held_out), fitted.predict(held_out)
            )
            got = search.cv_results_[f"split{fold}_test_score"][candidate]
            assert got == pytest.approx(expected, rel=1e-12)


def test_scorer_is_the_silhouette_of_the_transformed_data():
    table = load_wholesale_customers().frame
    pipeline = make_segmentation_pipeline(
        categorical=["Channel", "Region"],
        skewed=SPENDING,
        k_range=range(2, 6),
        random_state=0,
    ).fit(table)
    Xt = pipeline[:-1].transform(table)
    expected = silhouette_score(Xt, pipeline[-1].predict(Xt))
    assert segmentation_silhouette(pipeline, table) == pytest.approx(expected)
    # A clusterer on its own scores in the input's space.
    model = pipeline[-1]
    assert segmentation_silhouette(model, Xt) == pytest.approx(expected)


class _OneCluster(BaseEstimator):
    def predict(self, X):
        return np.zeros(len(X), dtype=int)


def test_scorer_is_zero_for_one_cluster_and_caps_the_rows(monkeypatch):
    X = np.random.default_rng(0).normal(size=(6000, 2))
    assert segmentation_silhouette(_OneCluster(), X) == 0.0
    assert segmentation_silhouette(_OneCluster(), X[:100]) == 0.0  # uncapped
    halves = KMeans(2, n_init=1, random_state=0).fit(X)
    seen = []

    def spy(data, labels):
        seen.append(len(data))
        return silhouette_score(data, labels)

    monkeypatch.setattr(_pipeline, "silhouette_score", spy)
    capped = segmentation_silhouette(halves, X)
    assert seen == [_pipeline.SILHOUETTE_SAMPLE] == [5000]
    assert capped == pytest.approx(silhouette_score(X, halves.labels_), abs=0.01)
    assert segmentation_silhouette(halves, X) == capped  # a fixed sample
    segmentation_silhouette(halves, X[:1000])
    assert seen[-1] == 1000  # smaller data: every row


def test_missing_values_imputed_or_refused():
    table = load_wholesale_customers().frame.copy()
    table.loc[[0, 5, 9], "Milk"] = np.nan
    table.loc[[3], "Region"] = np.nan
    pipeline = make_segmentation_pipeline(
        categorical=["Region"], skewed=SPENDING, k_range=range(2, 5), random_state=0
    ).fit(table)
    assert np.isfinite(pipeline[:-1].transform(table)).all()
    median = pipeline["preprocess"].named_transformers_["skewed"]["impute"].statistics_
    assert median[1] == pytest.approx(table["Milk"].median())
    refusing = make_segmentation_pipeline(
        categorical=["Region"], skewed=SPENDING, missing="error", random_state=0
    )
    with pytest.raises(ValueError, match=r"\['Milk'\] have missing values"):
        refusing.fit(table)
    result = segment_customers(
        table.drop(columns="Channel"),
        categorical=["Region"],
        log=True,
        k_range=range(2, 5),
    )
    assert result.missing["imputed"] == {"Region": 1, "Milk": 3}
    dropped = segment_customers(
        table.drop(columns="Channel"),
        categorical=["Region"],
        missing="drop",
        k_range=range(2, 5),
    )
    assert dropped.missing["rows_dropped"] == 4 and len(dropped.labels) == 436
    with pytest.raises(ValueError, match=r"Missing values in Region \(1\), Milk \(3\)"):
        segment_customers(
            table.drop(columns="Channel"), categorical=["Region"], missing="error"
        )


def test_rfm_pipeline_from_a_log_and_pickle():
    log = make_transactions(n_samples=500, random_state=0).data
    pipeline = make_segmentation_pipeline(
        numeric=["recency"],
        skewed=["frequency", "monetary"],
        features=RFMFeatures(),
        k_range=range(2, 7),
        random_state=0,
    ).fit(log)
    profile = segment_profile(log, pipeline)
    assert profile["size"].sum() == 500  # customers, not transactions
    assert "tenure mean" in profile.columns  # profiled in RFM units
    again = pickle.loads(pickle.dumps(pipeline))
    np.testing.assert_array_equal(again.predict(log), pipeline.predict(log))


def test_bad_configurations_and_tables():
    with pytest.raises(ValueError, match="'Milk' is listed as numeric and as skewed"):
        make_segmentation_pipeline(numeric=["Milk"], skewed=["Milk"])
    table = pd.DataFrame({"a": [1.0] * 5, "b": [2.0] * 5})
    with pytest.raises(ValueError, match="the customers do not differ"):
        segment_customers(table)
    with pytest.raises(ValueError, match="at least 3 customers"):
        segment_customers(table.iloc[:1])
    with pytest.raises(ValueError, match=r"\['city'\] are not numeric.*categorical="):
        segment_customers(table.assign(city=list("abcde")))


def test_constant_imputation_gives_a_missing_level():
    table = load_wholesale_customers().frame.copy()
    table.loc[[3, 7], "Region"] = np.nan
    pipeline = make_segmentation_pipeline(
        categorical=["Region"],
        skewed=SPENDING,
        impute_categorical="constant",
        k_range=range(2, 4),
        random_state=0,
    ).fit(table)
    names = pipeline["preprocess"].get_feature_names_out().tolist()
    region = [n for n in names if n.startswith("Region_")]
    assert "Region_missing" in region and len(region) == 4
    Xt = pipeline[:-1].transform(table)
    flagged = Xt[:, names.index("Region_missing")] > 0
    np.testing.assert_array_equal(np.flatnonzero(flagged), [3, 7])
    most_frequent = make_segmentation_pipeline(
        categorical=["Region"], skewed=SPENDING, k_range=range(2, 4), random_state=0
    ).fit(table)
    filled = most_frequent["preprocess"].get_feature_names_out().tolist()
    assert "Region_missing" not in filled


@pytest.mark.parametrize("scale", ["standard", "minmax", "none"])
def test_scale_changes_the_numeric_branches(scale):
    table = load_wholesale_customers().frame
    pipeline = make_segmentation_pipeline(
        numeric=["Fresh"],
        skewed=["Milk"],
        categorical=[],
        scale=scale,
        k_range=range(2, 4),
        random_state=0,
    ).fit(table)
    Xt = pipeline[:-1].transform(table)
    raw = np.column_stack([np.log1p(table["Milk"]), table["Fresh"]])
    np.testing.assert_allclose(Xt, scale_by_hand(raw, scale), rtol=1e-10, atol=1e-12)
