"""Fuzzing AutoKMeans with hostile input (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from skmlkit import AutoKMeans

from ..conftest import METHODS
from ..strategies import expect_clean, feature_matrices, fuzz_settings

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

FUZZ = fuzz_settings(150)


@pytest.fixture(autouse=True)
def _expected_warnings(quiet_feature_name_warnings):
    """Feature-name mismatches and K-selection fallbacks warn by design."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="skmlkit")
        yield


@FUZZ
@given(data=st.data(), method=st.sampled_from(METHODS))
def test_fit_transform_never_fail_obscurely(data, method):
    clean = data.draw(st.booleans(), label="clean")
    kind, _container, X, (n_rows, n_features) = data.draw(
        feature_matrices(min_rows=3, features=(1, 2, 3), clean=True)
        if clean
        else feature_matrices()
    )
    model = AutoKMeans(k_range=range(2, 5), method=method, n_init=2, random_state=0)
    outcome = expect_clean(lambda: model.fit(X), "fit", valid=clean)
    if isinstance(outcome, Exception):
        with pytest.raises(NotFittedError):
            model.predict(np.zeros((1, max(n_features, 1))))
        return
    assert kind != "complex"
    k = model.n_clusters_
    assert 1 <= k <= min(4, n_rows)
    assert model.labels_.shape == (n_rows,)
    assert set(np.unique(model.labels_)) <= set(range(k))
    assert np.isfinite(model.cluster_centers_).all()
    distances = model.transform(X)
    assert distances.shape == (n_rows, k) and np.isfinite(distances).all()
    np.testing.assert_array_equal(model.predict(X), np.argmin(distances, axis=1))
    with pytest.raises(ValueError, match="features"):
        model.predict(np.zeros((2, n_features + 1)))


@pytest.fixture(scope="module")
def fitted_on_three_features():
    X = np.random.default_rng(0).normal(size=(60, 3))
    return AutoKMeans(k_range=range(2, 5), random_state=0).fit(X)


@FUZZ
@given(data=st.data())
def test_predict_transform_on_hostile_input(data, fitted_on_three_features):
    clean = data.draw(st.booleans(), label="clean")
    kind, _container, X, (n_rows, n_features) = data.draw(
        feature_matrices(features=(3,), clean=True) if clean else feature_matrices()
    )
    model = fitted_on_three_features
    outcome = expect_clean(
        lambda: model.transform(X), "transform", valid=clean and n_rows >= 1
    )
    if isinstance(outcome, Exception):
        return
    assert n_features == 3 and n_rows >= 1 and kind != "complex"
    assert outcome.shape == (n_rows, model.n_clusters_)
    assert np.isfinite(outcome).all()
