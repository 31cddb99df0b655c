"""LogScaler: the segmentation pipeline's log and scaling, also for Dask input."""

import os

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from skmlkit.cluster._pipeline import signed_log1p
from skmlkit.preprocessing import LogScaler

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import dask
    import dask.array as da
    import dask.dataframe as dd
else:
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    dd = pytest.importorskip("dask.dataframe")


@pytest.fixture
def frame():
    rng = np.random.RandomState(0)
    return pd.DataFrame(
        {
            "recency": rng.randint(1, 365, 500),
            "frequency": rng.geometric(0.3, 500),
            "monetary": rng.lognormal(3, 1.5, 500),
        }
    )


@pytest.mark.parametrize(
    ("scale", "reference"), [("standard", StandardScaler), ("minmax", MinMaxScaler)]
)
def test_matches_log_then_scikit_learns_scaler(frame, scale, reference):
    skewed = ["frequency", "monetary"]
    expected = frame.astype(float)
    expected[skewed] = signed_log1p(expected[skewed])
    expected = reference().fit_transform(expected)
    np.testing.assert_allclose(
        LogScaler(skewed=skewed, scale=scale).fit_transform(frame), expected
    )
    by_position = LogScaler(skewed=[1, 2], scale=scale).fit(frame.to_numpy())
    np.testing.assert_allclose(by_position.transform(frame.to_numpy()), expected)


def test_none_and_inverse(frame):
    scaler = LogScaler(skewed=["monetary"], scale="none").fit(frame)
    out = scaler.transform(frame)
    np.testing.assert_allclose(out[:, 2], np.log1p(frame["monetary"]))
    np.testing.assert_allclose(out[:, 0], frame["recency"])
    for scale in ("none", "standard", "minmax"):
        scaler = LogScaler(skewed=["monetary"], scale=scale).fit(frame)
        np.testing.assert_allclose(
            scaler.inverse_transform(scaler.transform(frame)), frame.to_numpy()
        )


def test_dask_frame_and_array_give_the_same_values_lazily(frame):
    expected = LogScaler(skewed=["frequency", "monetary"]).fit(frame)
    lazy = dd.from_pandas(frame, npartitions=4)
    computes = []

    def counting(dsk, keys, **kwargs):
        computes.append(1)
        return dask.threaded.get(dsk, keys, **kwargs)

    with dask.config.set(scheduler=counting):
        scaler = LogScaler(skewed=["frequency", "monetary"]).fit(lazy)
        assert len(computes) == 1  # one pass for every statistic
        out = scaler.transform(lazy)
        assert len(computes) == 1  # lazy
    assert isinstance(out, dd.DataFrame)
    assert list(out.columns) == list(frame.columns)
    np.testing.assert_allclose(scaler.center_, expected.center_, rtol=1e-10)
    np.testing.assert_allclose(scaler.scale_, expected.scale_, rtol=1e-10)
    np.testing.assert_allclose(out.compute().to_numpy(), expected.transform(frame))
    array = da.from_array(frame.to_numpy(dtype=float), chunks=(120, 3))
    on_array = LogScaler(skewed=[1, 2]).fit(array)
    np.testing.assert_allclose(on_array.center_, expected.center_, rtol=1e-10)
    lazy_array = on_array.transform(array)
    assert isinstance(lazy_array, da.Array)
    np.testing.assert_allclose(lazy_array.compute(), expected.transform(frame))


def test_constant_columns_are_centred_not_divided():
    X = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    out = LogScaler().fit_transform(X)
    np.testing.assert_allclose(out[:, 1], 0.0)


@pytest.mark.parametrize(
    ("skewed", "message"),
    [(["spend"], r"skewed column 'spend' not found"), ([5], "out of range")],
)
def test_unknown_skewed_column(frame, skewed, message):
    with pytest.raises(ValueError, match=message):
        LogScaler(skewed=skewed).fit(frame)


def test_missing_values_in_dask_input_are_named(frame):
    frame = frame.astype(float)
    frame.loc[3, "monetary"] = np.nan
    with (
        dask.config.set(scheduler="threads"),
        pytest.raises(ValueError, match=r"Columns \['monetary'\] have missing"),
    ):
        LogScaler().fit(dd.from_pandas(frame, npartitions=3))
    with pytest.raises(ValueError, match="NaN"):
        LogScaler().fit(frame)
