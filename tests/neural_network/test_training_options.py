"""Training options whose effect must be visible: optimizers, schedules, smoothing."""

import numpy as np
import pytest
import torch

from skmlkit import MNISTClassifier

SMALL = {"max_epochs": 3, "batch_size": 64, "augment": None, "random_state": 0}


def _batch_lrs(clf):
    return np.array(
        [batch["lr"] for epoch in clf.net_.history for batch in epoch["batches"]]
    )


@pytest.mark.parametrize(
    ("optimizer", "torch_class"),
    [
        ("adam", torch.optim.Adam),
        ("adamw", torch.optim.AdamW),
        ("rmsprop", torch.optim.RMSprop),
        ("sgd", torch.optim.SGD),
    ],
)
def test_every_optimizer_trains(digits, optimizer, torch_class):
    X, y, X_test, y_test = digits
    lr = {"sgd": 0.05, "rmsprop": 1e-3}.get(optimizer, 3e-3)
    clf = MNISTClassifier(optimizer=optimizer, lr=lr, weight_decay=1e-4, **SMALL)
    clf.fit(X, y)
    assert type(clf.net_.optimizer_) is torch_class
    assert clf.net_.optimizer_.param_groups[0]["weight_decay"] == 1e-4
    assert clf.history_["train_loss"].iloc[-1] < clf.history_["train_loss"].iloc[0]
    assert clf.score(X_test, y_test) > 0.8


def test_onecycle_warms_up_then_anneals(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(lr=0.01, lr_schedule="onecycle", **SMALL).fit(X, y)
    lrs = _batch_lrs(clf)
    peak = int(np.argmax(lrs))
    assert lrs.max() == pytest.approx(0.01, rel=0.01)  # recorded after each step
    assert 0.15 * len(lrs) <= peak <= 0.35 * len(lrs)  # warm-up: 25% of steps
    assert (np.diff(lrs[: peak + 1]) >= -1e-12).all()
    assert (np.diff(lrs[peak:]) <= 1e-12).all()
    assert lrs[0] < 0.01 / 5 and lrs[-1] < 0.01 / 100


def test_cosine_decays_from_lr_to_zero_and_constant_stays(digits):
    X, y, _, _ = digits
    cosine = _batch_lrs(
        MNISTClassifier(lr=0.01, lr_schedule="cosine", **SMALL).fit(X, y)
    )
    assert cosine[0] == pytest.approx(0.01, rel=0.05)
    assert (np.diff(cosine) <= 1e-12).all() and cosine[-1] < 1e-4
    steps = np.arange(1, len(cosine) + 1)
    expected = 0.01 * (1 + np.cos(np.pi * steps / len(cosine))) / 2
    np.testing.assert_allclose(cosine, expected, atol=1e-6)
    constant = _batch_lrs(
        MNISTClassifier(lr=0.01, lr_schedule="constant", **SMALL).fit(X, y)
    )
    np.testing.assert_allclose(constant, 0.01)


def test_label_smoothing_reaches_the_loss_and_softens_predictions(digits):
    X, y, X_test, _ = digits
    plain = MNISTClassifier(**SMALL).fit(X, y)
    smooth = MNISTClassifier(label_smoothing=0.3, **SMALL).fit(X, y)
    assert smooth.net_.criterion_.label_smoothing == 0.3
    assert plain.net_.criterion_.label_smoothing == 0.0
    confidence = {
        name: clf.predict_proba(X_test).max(axis=1).mean()
        for name, clf in [("plain", plain), ("smooth", smooth)]
    }
    assert confidence["smooth"] < confidence["plain"] - 0.05


def test_augment_auto_is_affine_for_images_and_off_for_features(digits):
    X, y, _, _ = digits
    images = MNISTClassifier(max_epochs=1, random_state=0).fit(X, y)
    assert images.net_.iterator_train__augment == "affine"
    rng = np.random.default_rng(0)
    features = MNISTClassifier(max_epochs=1, random_state=0).fit(
        rng.normal(size=(100, 5)), rng.integers(0, 2, 100)
    )
    assert features.image_shape_ == (1, 5)
    assert features.net_.iterator_train__augment is None
