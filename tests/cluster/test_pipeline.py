"""make_segmentation_pipeline on the mixed-type tables, with GridSearchCV."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV

from skmlkit import RFMFeatures
from skmlkit.cluster import (
    make_segmentation_pipeline,
    segment_customers,
    segment_profile,
    segmentation_silhouette,
)
from skmlkit.datasets import (
    load_mall_customers,
    load_wholesale_customers,
    make_transactions,
)

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
    mall = load_mall_customers(data_home=mall_csv.parent.parent).frame
    pipeline = make_segmentation_pipeline(
        categorical=["Genre"], k_range=range(2, 8), random_state=0
    ).fit(mall)
    numeric = pipeline["preprocess"].transformers_[1][2]
    assert numeric == ["Age", "Annual Income (k$)", "Spending Score (1-100)"]
    profile = segment_profile(mall, pipeline)
    assert {"Genre=Male share", "Genre=Female share"} <= set(profile.columns)


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
    search = GridSearchCV(pipeline, grid, scoring=segmentation_silhouette, cv=3)
    search.fit(table)
    scores = search.cv_results_["mean_test_score"]
    assert np.all((scores > 0) & (scores < 1))
    assert search.best_estimator_["cluster"].n_clusters_ >= 2


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
        categorical=["Region"], skewed=SPENDING, impute=None, random_state=0
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
    log = make_transactions(n_customers=500, random_state=0).frame
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
