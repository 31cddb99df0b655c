"""Synthetic non-digits and outlier exposure in training."""

import math

import numpy as np
import pytest
import torch
from sklearn.utils._param_validation import InvalidParameterError

from skmlkit import MNISTClassifier
from skmlkit.neural_network._negatives import NEGATIVE_KINDS, make_negatives
from skmlkit.neural_network._training import (
    NEGATIVE_LABEL,
    OutlierExposureLoss,
    TensorBatches,
)


def _cdist(a, b):
    """Exact pairwise distances of flattened images (no matmul shortcut)."""
    return torch.cdist(
        a.flatten(1), b.flatten(1), compute_mode="donot_use_mm_for_euclid_dist"
    )


def _batch(n=32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    x = torch.full((n, 1, 28, 28), -0.4)
    x[:, :, 6:22, 12:16] += 3 * torch.rand(n, 1, 16, 4, generator=generator)
    return x


def test_negatives_keep_the_batch_background_and_ink_range():
    torch.manual_seed(0)
    x = _batch()
    negatives = make_negatives(x, 16 * len(NEGATIVE_KINDS))
    assert negatives.shape == (48, 1, 28, 28)
    assert torch.isfinite(negatives).all()
    assert negatives.amin() >= x.amin() - 1e-6
    assert negatives.amax() <= x.amax() + 1e-6
    # Ink on every negative, and no negative is one of the digits.
    assert (negatives.amax(dim=(1, 2, 3)) > -0.4 + 0.1).all()
    distances = _cdist(negatives, x)
    assert distances.min() > 1.0


def test_outlier_exposure_loss():
    torch.manual_seed(0)
    logits = torch.randn(6, 10)
    target = torch.tensor([1, 2, 3, 4, NEGATIVE_LABEL, NEGATIVE_LABEL])
    loss = OutlierExposureLoss(weight=0.5)(logits, target)
    digits = torch.nn.functional.cross_entropy(logits[:4], target[:4])
    to_uniform = -torch.log_softmax(logits[4:], dim=1).mean(dim=1).mean()
    assert loss.item() == pytest.approx((digits + 0.5 * to_uniform).item())
    # Uniform outputs on the negatives: the smallest possible term, log(10).
    flat = logits.clone()
    flat[4:] = 0
    term = OutlierExposureLoss(weight=1.0)(flat, target) - digits
    assert term.item() == pytest.approx(math.log(10))
    # Without negatives: plain (label-smoothed) cross-entropy.
    plain = OutlierExposureLoss(label_smoothing=0.1)(logits[:4], target[:4])
    expected = torch.nn.functional.cross_entropy(
        logits[:4], target[:4], label_smoothing=0.1
    )
    assert plain.item() == pytest.approx(expected.item())


def test_batches_carry_their_share_of_negatives():
    from skorch.dataset import Dataset

    torch.manual_seed(0)
    data = Dataset(_batch(100), torch.zeros(100, dtype=torch.long))
    batches = list(TensorBatches(data, batch_size=40, negatives=0.25))
    assert [len(xb) for xb, _ in batches] == [50, 50, 25]
    for xb, yb in batches:
        assert (yb == NEGATIVE_LABEL).sum().item() == round(0.25 * (len(xb) / 1.25))


@pytest.fixture(scope="module")
def pair(digits):
    X, y, _, _ = digits
    X = np.kron(X.reshape(-1, 8, 8), np.ones((1, 2, 2))).reshape(len(X), -1)
    fits = {
        share: MNISTClassifier(
            max_epochs=12, outlier_exposure=share, augment=None, random_state=0
        ).fit(X, y)
        for share in (0.0, 0.5)
    }
    return fits, X


def test_outlier_exposure_makes_the_network_unsure_of_non_digits(pair, digits):
    fits, _ = pair
    _, _, X_test, y_test = digits
    X_test = np.kron(X_test.reshape(-1, 8, 8), np.ones((1, 2, 2))).reshape(
        len(X_test), -1
    )
    rng = np.random.default_rng(0)
    # Digits cut in quarters and put back in the wrong places.
    images = X_test.reshape(-1, 16, 16)
    shuffled = np.block(
        [[images[:, 8:, 8:], images[:, :8, :8]], [images[:, :8, 8:], images[:, 8:, :8]]]
    ).reshape(len(X_test), -1)
    noise = rng.uniform(0, 16, size=(100, 256)) * (rng.uniform(size=(100, 256)) < 0.3)
    for others in (shuffled, noise):
        confident = {
            share: fit.predict_proba(others).max(axis=1).mean()
            for share, fit in fits.items()
        }
        assert confident[0.5] < confident[0.0] - 0.1, confident
    # The digits themselves are still read.
    assert fits[0.5].score(X_test, y_test) > fits[0.0].score(X_test, y_test) - 0.05


def test_outlier_exposure_parameter(digits):
    X, y, _, _ = digits
    with pytest.raises(InvalidParameterError, match="outlier_exposure"):
        MNISTClassifier(outlier_exposure=1.0, max_epochs=1).fit(X, y)
    with pytest.warns(UserWarning, match="outlier_exposure=0.25 ignored"):
        MNISTClassifier(
            architecture="mlp", image_shape=(1, 64), outlier_exposure=0.25, max_epochs=1
        ).fit(X, y)


def test_turned_digits_come_from_digits_that_are_no_digit_turned():
    torch.manual_seed(0)
    x = _batch(40)
    labels = torch.tensor([3] * 20 + [1] * 20)
    mirror = torch.tensor([d in (3, 4, 6, 7, 9) for d in range(10)])
    turn = torch.tensor([d in (3, 4, 7) for d in range(10)])
    negatives = make_negatives(x, 198, labels, mirror, turn)
    threes = x[:20]
    turned = torch.cat([threes.flip(3), threes.flip(2, 3)])
    distances = _cdist(negatives, turned).amin(dim=1)
    # A third of the negatives are the 3s mirrored or turned; no 1 is used.
    assert (distances < 1e-5).sum().item() == 66
    ones = torch.cat([x[20:].flip(3), x[20:].flip(2, 3)])
    assert _cdist(negatives, ones).amin() > 1e-3
    # Without a digit that turns into a non-digit: the other two kinds only.
    only_ones = make_negatives(x[20:], 30, labels[20:], mirror, turn)
    assert _cdist(only_ones, ones).amin() > 1e-3


@pytest.mark.parametrize(
    ("classes", "known"),
    [
        (np.arange(10), True),
        (np.array([str(d) for d in range(10)]), True),
        (np.arange(3), False),
        (np.array(["a", "b"]), False),
    ],
)
def test_digit_shapes_known_only_for_the_ten_digits(classes, known):
    from types import SimpleNamespace

    from skmlkit.neural_network._engine import symmetric_digits

    found = symmetric_digits(SimpleNamespace(classes_=classes))
    if not known:
        assert found == {"mirror": None, "turn": None}
        return
    assert [d for d in range(10) if found["mirror"][d]] == [3, 4, 6, 7, 9]
    assert [d for d in range(10) if found["turn"][d]] == [3, 4, 7]
