"""One name per idea across the public API, and the old names still working.

Checked from the signatures: every public function and estimator that takes
``random_state`` defaults it to None; the segmentation function and the
segmentation Pipeline name the same ideas the same way; every ``make_*``
generator is sized by ``n_samples``; every estimator's constructor is
keyword-only. The renamed parameters warn and mean what they meant.
"""

import inspect

import numpy as np
import pandas as pd
import pytest

import skmlkit
from skmlkit import cluster, datasets, images, plotting, preprocessing
from skmlkit.cluster import make_segmentation_pipeline, segment_customers
from skmlkit.datasets import load_customers_csv, make_customers
from skmlkit.utils.discovery import all_estimators

PUBLIC = [skmlkit, cluster, datasets, images, plotting, preprocessing]


def _public_callables():
    seen = {}
    for module in PUBLIC:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return sorted(seen.items())


@pytest.mark.parametrize(("name", "obj"), _public_callables())
def test_random_state_defaults_to_none(name, obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        parameters = inspect.signature(target).parameters
    except (TypeError, ValueError):
        pytest.skip("no signature")
    if "random_state" in parameters:
        assert parameters["random_state"].default is None, name


@pytest.mark.parametrize(("name", "estimator"), all_estimators())
def test_estimator_constructors_are_keyword_only(name, estimator):
    parameters = list(inspect.signature(estimator.__init__).parameters.values())[1:]
    kinds = {p.kind for p in parameters} - {inspect.Parameter.VAR_KEYWORD}
    assert kinds <= {inspect.Parameter.KEYWORD_ONLY}, name


def test_segmentation_function_and_pipeline_share_their_names():
    function = set(inspect.signature(segment_customers).parameters)
    pipeline = set(inspect.signature(make_segmentation_pipeline).parameters)
    shared = {
        "numeric",
        "categorical",
        "skewed",
        "missing",
        "impute",
        "impute_categorical",
        "scale",
        "k_range",
        "method",
        "random_state",
    }
    assert shared <= function and shared <= pipeline
    assert "numeric" in inspect.signature(load_customers_csv).parameters


@pytest.fixture
def table():
    frame = make_customers(n_samples=120, n_segments=3, random_state=0).data
    frame.iloc[[1, 4], 0] = np.nan
    return frame


def test_pipeline_impute_none_is_missing_error(table):
    with pytest.warns(FutureWarning, match="write missing='error'"):
        old = make_segmentation_pipeline(impute=None, random_state=0)
    new = make_segmentation_pipeline(missing="error", random_state=0)
    for pipeline in (old, new):
        with pytest.raises(ValueError, match="missing='error' refuses them"):
            pipeline.fit(table)
    with pytest.raises(ValueError, match="missing"):
        make_segmentation_pipeline(missing="drop")


def test_segment_customers_numeric_and_impute(table):
    column = table.columns[0]
    numeric = [column, table.columns[1]]
    result = segment_customers(
        table, numeric=numeric, impute="mean", k_range=range(2, 4), random_state=0
    )
    assert list(result.frame.columns) == numeric
    filled = result.pipeline["preprocess"].named_transformers_["numeric"]["impute"]
    assert filled.statistics_[0] == pytest.approx(table[column].mean())
    with pytest.raises(ValueError, match=r"\['nope'\] not found"):
        segment_customers(table, numeric=["nope"])


def test_load_customers_csv_columns_is_numeric(tmp_path):
    path = tmp_path / "customers.csv"
    pd.DataFrame({"id": [1, 2], "age": [25, 51], "income": [40, 88]}).to_csv(
        path, index=False
    )
    with pytest.warns(FutureWarning, match=r"write numeric=\.\.\."):
        old = load_customers_csv(path, columns=["income"], index_col="id")
    new = load_customers_csv(path, numeric=["income"], index_col="id")
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(TypeError, match="give numeric only"):
        load_customers_csv(path, numeric=["age"], columns=["income"])
