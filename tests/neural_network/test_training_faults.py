"""Training faults: interrupts keep the last completed epoch; divergence undoes."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError

from skmlkit import MNISTClassifier
from skmlkit.exceptions import TrainingDivergedError
from skmlkit.neural_network import _training

from ..conftest import DIVERGING

PARAMS = {
    "architecture": "cnn",
    "lr_schedule": "constant",
    "batch_size": 64,
    "augment": None,
    "random_state": 0,
}


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:500], y[:500]


@pytest.fixture
def interrupt_at(monkeypatch):
    """Raise KeyboardInterrupt (as Ctrl-C would) at the given training batch."""
    batches = _training.TensorBatches.__iter__

    def arm(batch_number):
        seen = {"batches": 0}

        def iterate(self):
            for batch in batches(self):
                if self.shuffle:  # training batches only
                    seen["batches"] += 1
                    if seen["batches"] == batch_number:
                        raise KeyboardInterrupt
                yield batch

        monkeypatch.setattr(_training.TensorBatches, "__iter__", iterate)

    return arm


def test_interrupt_keeps_last_completed_epoch(digits, interrupt_at):
    X, y = digits
    two_epochs = MNISTClassifier(max_epochs=2, **PARAMS).fit(X, y)
    interrupt_at(2 * 8 + 3)  # 500 rows in batches of 64: 8 per epoch; epoch 3
    clf = MNISTClassifier(max_epochs=5, **PARAMS)
    with pytest.raises(KeyboardInterrupt, match=r"interrupted in epoch 3.*epoch 2"):
        clf.fit(X, y)
    assert clf.n_iter_ == 2
    assert list(clf.history_["epoch"]) == [1, 2]
    assert clf.history_["train_loss"].notna().all()
    # Exactly the model of a 2-epoch run: the partial epoch left no trace.
    np.testing.assert_array_equal(clf.predict_proba(X), two_epochs.predict_proba(X))


def test_training_continues_with_warm_start(digits, interrupt_at):
    X, y = digits
    interrupt_at(8 + 1)
    clf = MNISTClassifier(max_epochs=4, **PARAMS)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X, y)
    assert clf.n_iter_ == 1
    interrupt_at(10**9)  # disarmed
    clf.set_params(warm_start=True, max_epochs=2).fit(X, y)
    assert clf.n_iter_ == 3
    assert list(clf.history_["epoch"]) == [1, 2, 3]
    assert clf.score(X, y) > 0.8


def test_interrupt_in_first_epoch_leaves_no_model(digits, interrupt_at):
    X, y = digits
    interrupt_at(2)
    clf = MNISTClassifier(max_epochs=3, **PARAMS)
    with pytest.raises(KeyboardInterrupt, match="not fitted"):
        clf.fit(X, y)
    with pytest.raises(NotFittedError):
        clf.predict(X)


def test_interrupt_with_early_stopping_keeps_best_epoch(digits, interrupt_at):
    X, y = digits
    interrupt_at(2 * 8 + 3)  # 450 training rows: 8 batches per epoch
    clf = MNISTClassifier(max_epochs=6, early_stopping=True, patience=10, **PARAMS)
    with pytest.raises(KeyboardInterrupt, match="interrupted in epoch 3"):
        clf.fit(X, y)
    assert clf.n_iter_ == 2
    assert clf.history_["valid_loss"].notna().all()
    assert clf.score(X, y) > 0.5


def test_divergence_leaves_no_garbage_model(digits):
    X, y = digits
    clf = MNISTClassifier(**DIVERGING)
    with pytest.raises(TrainingDivergedError, match="Lower the learning rate"):
        clf.fit(X, y)
    with pytest.raises(NotFittedError):
        clf.predict(X)


def test_divergence_in_warm_start_restores_previous_model(digits):
    X, y = digits
    clf = MNISTClassifier(max_epochs=2, **PARAMS).fit(X, y)
    before = clf.predict_proba(X)
    clf.set_params(warm_start=True, lr=1e8)
    with pytest.raises(TrainingDivergedError):
        clf.fit(X, y)
    assert clf.n_iter_ == 2
    np.testing.assert_array_equal(clf.predict_proba(X), before)


def test_warm_start_applies_new_lr_and_rejects_structure_changes(digits):
    X, y = digits
    clf = MNISTClassifier(max_epochs=1, **PARAMS).fit(X, y)
    clf.set_params(warm_start=True, lr=1e-4, weight_decay=1e-3).fit(X, y)
    group = clf.net_.optimizer_.param_groups[0]
    assert group["lr"] == 1e-4 and group["weight_decay"] == 1e-3
    with pytest.raises(ValueError, match="keeps the fitted optimizer"):
        clf.set_params(optimizer="sgd").fit(X, y)
    with pytest.raises(ValueError, match="architecture or module"):
        clf.set_params(optimizer="adam", module__channels=(4, 8)).fit(X, y)
    assert clf.n_iter_ == 2  # the failed calls changed nothing
