"""ONNX export, checked against PyTorch predictions with ONNX Runtime."""

import json
import os

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits

from skmlkit import MNISTClassifier

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

if os.environ.get("CI"):  # the dev extra installs them; CI must not skip
    import onnxruntime
else:
    onnxruntime = pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")


def _run(path, X):
    session = onnxruntime.InferenceSession(str(path))
    proba = session.run(None, {"pixels": np.asarray(X, dtype=np.float32)})[0]
    meta = session.get_modelmeta().custom_metadata_map
    return proba, meta


@pytest.mark.parametrize("architecture", ["mlp", "cnn", "deep_cnn"])
def test_onnx_matches_pytorch(tmp_path, architecture):
    X, y = load_digits(return_X_y=True)
    labels = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )[y]
    clf = MNISTClassifier(architecture=architecture, max_epochs=2, random_state=0).fit(
        X[:600], labels[:600]
    )
    path = clf.to_onnx(tmp_path / "model.onnx")
    X_test = X[600:1100]
    proba, meta = _run(path, X_test)
    expected = clf.predict_proba(X_test)
    np.testing.assert_allclose(proba, expected, atol=1e-5)
    classes = np.array(json.loads(meta["classes"]))
    np.testing.assert_array_equal(classes, clf.classes_)
    np.testing.assert_array_equal(classes[proba.argmax(axis=1)], clf.predict(X_test))
    # Any batch size, including one row.
    np.testing.assert_allclose(_run(path, X_test[:1])[0], expected[:1], atol=1e-5)
    # The classifier still works as before after the export.
    np.testing.assert_array_equal(clf.predict_proba(X_test), expected)


def test_onnx_on_mnist_images(tmp_path, mnist_small):
    X, y, X_test, _ = mnist_small
    clf = MNISTClassifier.preset("fast", max_epochs=1, random_state=0).fit(
        pd.DataFrame(X).add_prefix("pixel"), y
    )
    proba, _ = _run(clf.to_onnx(tmp_path / "mnist.onnx"), X_test)
    np.testing.assert_allclose(
        proba, clf.predict_proba(pd.DataFrame(X_test).add_prefix("pixel")), atol=1e-5
    )


def test_onnx_needs_a_fitted_model(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MNISTClassifier().to_onnx(tmp_path / "m.onnx")
