"""segment_customers on a Dask DataFrame: lazy labels, exact sizes and means."""

import os

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from skmlkit.cluster import segment_customers

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import dask
    import dask.dataframe as dd
else:
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")

K_RANGE = range(2, 6)


@pytest.fixture(scope="module")
def customers():
    X, _ = make_blobs(
        3000, 3, centers=[[0, 0, 0], [8, 8, 8], [0, 8, 0]], random_state=0
    )
    frame = pd.DataFrame(X, columns=["recency", "frequency", "monetary"])
    frame["monetary"] = np.exp(frame["monetary"] / 2)  # a long right tail
    frame.index = pd.Index([f"c{i}" for i in range(len(frame))], name="customer")
    return frame


def test_same_segments_as_in_memory(threads, customers):
    options = {"skewed": ["monetary"], "k_range": K_RANGE, "random_state": 0}
    expected = segment_customers(customers, **options)
    result = segment_customers(dd.from_pandas(customers, npartitions=4), **options)
    assert result.model.n_clusters_ == expected.model.n_clusters_ == 3
    labels = result.labels.compute()
    assert isinstance(result.labels, dd.Series)
    assert labels.index.is_unique and set(labels.index) == set(customers.index)
    # Same partition (the numbering may differ).
    pairs = pd.crosstab(labels, expected.labels.loc[labels.index])
    assert ((pairs > 0).sum(axis=1) == 1).all()
    # Sizes and means are exact, over all customers.
    profile = result.profile
    np.testing.assert_array_equal(
        profile["size"].to_numpy(), labels.value_counts().sort_index().to_numpy()
    )
    means = customers.groupby(labels).mean()
    np.testing.assert_allclose(profile["monetary mean"], means["monetary"], rtol=1e-10)
    assert profile["share"].sum() == pytest.approx(1.0)
    assert len(result.sample) == len(customers)  # fewer than the sample size
    assert result.Xt.shape == (len(customers), 3)
    assert list(result.names.index) == list(profile.index)
    named = result.customers.compute()
    assert named["segment_name"].eq(named["segment"].map(result.names)).all()


def test_bounded_sample_of_many_customers(threads, customers, monkeypatch):
    from skmlkit.cluster import _segment_dask

    monkeypatch.setattr(_segment_dask, "SAMPLE_SIZE", 500)
    result = _segment_dask.segment_dask_frame(
        dd.from_pandas(customers, npartitions=5),
        numeric=list(customers.columns),
        skewed=[],
        categorical=None,
        missing="impute",
        scale="standard",
        k_range=K_RANGE,
        method="auto",
        n_clusters=3,
        random_state=0,
        names="profile",
        sample_size=500,
    )
    assert 400 <= len(result.sample) <= 600
    assert result.profile["size"].sum() == len(customers)


def test_dask_input_limits_are_explained(threads, customers):
    lazy = dd.from_pandas(customers.assign(region="north"), npartitions=2)
    with pytest.raises(ValueError, match="Categorical columns are not supported"):
        segment_customers(lazy, categorical=["region"])
    with pytest.raises(ValueError, match=r"\['region'\] are not numeric"):
        segment_customers(lazy)
    gaps = customers.copy()
    gaps.iloc[5, 0] = np.nan
    with pytest.raises(ValueError, match="missing='drop'"):
        segment_customers(dd.from_pandas(gaps, npartitions=2), k_range=K_RANGE)
    dropped = segment_customers(
        dd.from_pandas(gaps, npartitions=2),
        missing="drop",
        k_range=K_RANGE,
        random_state=0,
    )
    assert dropped.profile["size"].sum() == len(customers) - 1
