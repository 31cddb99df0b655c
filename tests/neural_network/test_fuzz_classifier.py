"""Fuzzing MNISTClassifier with hostile input (hypothesis).

Every drawn case must end in valid output or a clean ValueError/TypeError:
never a torch RuntimeError, a crash or non-finite probabilities.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from skmlkit import MNISTClassifier

from ..strategies import expect_clean, feature_matrices, fuzz_settings, label_vectors

FUZZ = fuzz_settings(120)


def _small(architecture):
    return MNISTClassifier(
        architecture=architecture,
        max_epochs=1,
        batch_size=8,
        augment=None,
        random_state=0,
        **({"module__hidden_units": (8,)} if architecture == "mlp" else {}),
    )


def _check_predictions(clf, X, n_rows):
    proba = clf.predict_proba(X)
    assert proba.shape == (n_rows, len(clf.classes_))
    assert np.isfinite(proba).all(), "non-finite probabilities"
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-4)
    labels = clf.predict(X)
    assert labels.shape == (n_rows,)
    assert np.isin(labels, clf.classes_).all()


@FUZZ
@given(data=st.data(), architecture=st.sampled_from(["mlp", "cnn"]))
def test_fit_predict_never_fails_obscurely(data, architecture):
    clean = data.draw(st.booleans(), label="clean")
    if clean:  # exercise the valid paths too
        kind, _container, X, (n_rows, n_features) = data.draw(
            feature_matrices(min_rows=4, features=(1, 3, 9), clean=True)
        )
        y_kind, y = data.draw(label_vectors(n_rows, ["ints", "strings", "bool"]))
    else:
        kind, _container, X, (n_rows, n_features) = data.draw(feature_matrices())
        y_kind, y = data.draw(label_vectors(n_rows))
    clf = _small(architecture)
    outcome = expect_clean(lambda: clf.fit(X, y), "fit", valid=clean)
    if isinstance(outcome, Exception):
        with pytest.raises(NotFittedError):
            clf.predict(np.zeros((1, max(n_features, 1))))
        return
    # Fitted: the data must have been usable and the labels classes.
    assert y_kind in ("ints", "strings", "bool", "column"), y_kind
    assert kind != "complex"  # numeric strings convert, as in scikit-learn
    _check_predictions(clf, X, n_rows)
    other = np.zeros((2, n_features + 1))
    with pytest.raises(ValueError, match="features"):
        clf.predict(other)


# Fitting on DataFrames and predicting on arrays warns, as sklearn does.
pytestmark = [
    pytest.mark.slow,  # fuzzing: outside the quick run (-m "not slow")
    pytest.mark.usefixtures("quiet_feature_name_warnings"),
]


@pytest.fixture(scope="module")
def fitted_on_nine_features():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 9))
    return MNISTClassifier(
        architecture="cnn", max_epochs=2, batch_size=8, random_state=0
    ).fit(X, rng.integers(0, 3, 40))


@FUZZ
@given(data=st.data())
def test_predict_on_hostile_input(data, fitted_on_nine_features):
    clean = data.draw(st.booleans(), label="clean")
    kind, _container, X, (n_rows, n_features) = data.draw(
        feature_matrices(features=(9,), clean=True) if clean else feature_matrices()
    )
    clf = fitted_on_nine_features
    outcome = expect_clean(
        lambda: clf.predict_proba(X), "predict_proba", valid=clean and n_rows >= 1
    )
    if isinstance(outcome, Exception):
        return
    assert n_features == 9 and n_rows >= 1
    assert kind != "complex"
    _check_predictions(clf, X, n_rows)


def test_overflowing_outputs_are_an_error(fitted_on_nine_features):
    """Found by the fuzzer: finite but huge values made NaN probabilities."""
    X = np.full((2, 9), 7.14440078e37)
    X[0] = 0.0
    with pytest.raises(ValueError, match=r"overflow for 1 of 2 samples \(rows \[1\]"):
        fitted_on_nine_features.predict_proba(X)
