"""Mixed precision: bfloat16 autocast in training, float32 weights and output."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from skmlkit import MNISTClassifier
from skmlkit.neural_network._training import autocast_dtype

PARAMS = {"max_epochs": 2, "random_state": 0, "augment": None}


@pytest.mark.slow
def test_bfloat16_training_is_mixed_precision():
    X, y = load_digits(return_X_y=True)
    plain = MNISTClassifier(precision="float32", **PARAMS).fit(X[:800], y[:800])
    mixed = MNISTClassifier(precision="bfloat16", **PARAMS).fit(X[:800], y[:800])
    # Autocast was active: same seed, different rounding, different losses.
    assert not np.allclose(
        plain.history_["train_loss"], mixed.history_["train_loss"], rtol=0, atol=1e-7
    )
    assert all(p.dtype == torch.float32 for p in mixed.module_.parameters())
    proba = mixed.predict_proba(X[800:])
    assert proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert mixed.score(X[800:], y[800:]) > plain.score(X[800:], y[800:]) - 0.05


def test_auto_is_float32_on_cpu_and_bfloat16_on_capable_gpus(monkeypatch):
    X, y = load_digits(return_X_y=True)
    auto = MNISTClassifier(**PARAMS).fit(X[:400], y[:400])
    expected = autocast_dtype("auto", auto.device_)
    assert auto.net_.autocast_dtype is expected
    if expected is None:  # float32 training: identical to asking for it
        plain = MNISTClassifier(precision="float32", **PARAMS).fit(X[:400], y[:400])
        np.testing.assert_array_equal(auto.predict_proba(X), plain.predict_proba(X))
    assert autocast_dtype("auto", "cpu") is None
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)
    assert autocast_dtype("auto", "cuda") is torch.bfloat16
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    assert autocast_dtype("auto", "cuda:0") is None
    assert autocast_dtype("float32", "cuda") is None


def test_precision_survives_save_and_load(tmp_path):
    X, y = load_digits(return_X_y=True)
    clf = MNISTClassifier(precision="bfloat16", **PARAMS).fit(X[:400], y[:400])
    restored = MNISTClassifier.load(clf.save(tmp_path / "m.skmlkit"))
    assert restored.precision == "bfloat16"
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
