"""MNISTClassifier.predict_reject: "not a digit", calibrated on held-out rows."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.utils._param_validation import InvalidParameterError

from skmlkit import MNISTClassifier
from skmlkit.datasets import fetch_mnist, make_non_digit_images
from skmlkit.images import read_digit_image
from skmlkit.neural_network._abstention import AbstentionStatistics


@pytest.fixture(scope="module")
def small_fit(digits):
    X, y, _, _ = digits
    return MNISTClassifier(max_epochs=3, validation_fraction=0.2, random_state=0).fit(
        X, y
    )


def test_statistics_reject_the_calibrated_share():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 200)
    features = rng.normal(size=(600, 4)) + 3 * np.eye(4)[y]
    held_out = rng.normal(size=(300, 4)) + 3 * np.eye(4)[np.repeat(np.arange(3), 100)]
    stats = AbstentionStatistics.fit([features], y, [held_out], calibrated_on="x")
    p = stats.p_values(stats.calibration).min(axis=1)
    for rate in (0.01, 0.05, 0.2):
        assert np.mean(p < stats.level(rate)) <= rate
        assert np.mean(p < stats.level(rate)) >= rate - 0.02
    # Far from every class: the smallest possible p-value.
    far = stats.distances([np.full((1, 4), -50.0)])
    assert stats.p_values(far)[0, 0] == pytest.approx(1 / 301)


def _binomial_tolerance(rate, *sizes):
    """Four standard deviations of a share estimated on each of ``sizes`` rows."""
    return 4 * sum(np.sqrt(rate * (1 - rate) / n) for n in sizes)


@pytest.mark.parametrize("rate", [0.01, 0.05, 0.3])
def test_calibrated_share_holds_on_rows_the_calibration_did_not_use(rate):
    rng = np.random.default_rng(1)

    def rows(n):
        y = rng.integers(0, 3, n)
        return rng.normal(size=(n, 4)) + 3 * np.eye(4)[y], y

    features, y = rows(3000)
    held_out, _ = rows(2000)
    stats = AbstentionStatistics.fit([features], y, [held_out], calibrated_on="x")
    new, _ = rows(20_000)
    p = stats.p_values(stats.distances([new])).min(axis=1)
    share = np.mean(p < stats.level(rate))
    assert abs(share - rate) <= _binomial_tolerance(rate, 2000, 20_000)


def test_fit_calibrates_on_validation_rows(small_fit, digits):
    _, _, X_test, _ = digits
    assert small_fit.abstention_.calibrated_on == "validation"
    assert len(small_fit.abstention_.means) == 2  # CNN: dense and pooled features
    score = small_fit.reject_score(X_test)
    assert score.shape == (len(X_test),) and ((score >= 0) & (score < 1)).all()
    # A larger reject_rate (set after fit) rejects a superset.
    low = small_fit.set_params(reject_rate=0.01).predict_reject(X_test)
    high = small_fit.set_params(reject_rate=0.3).predict_reject(X_test)
    small_fit.set_params(reject_rate=0.01)
    assert (high >= low).all() and high.sum() > low.sum()
    # Pure noise at the scale of the digits is not a digit.
    noise = np.random.default_rng(0).uniform(0, 16, size=(50, 64))
    assert small_fit.predict_reject(noise).mean() > 0.9


@pytest.fixture(scope="module")
def exchangeable_fit():
    """A fit on shuffled 8x8 digits, and unseen rows from the same writers.

    load_digits is ordered by writer, so a head/tail split would also test
    new handwriting; the calibrated share is a promise about rows like the
    calibration rows.
    """
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(0).permutation(len(y))
    train, test = order[:1200], order[1200:]
    model = MNISTClassifier(max_epochs=3, validation_fraction=0.25, random_state=0)
    return model.fit(X[train], y[train]), X[test], y[test]


@pytest.mark.parametrize("rate", [0.05, 0.3])
def test_reject_rate_is_the_share_of_new_digits_rejected(exchangeable_fit, rate):
    fitted, X_test, y_test = exchangeable_fit
    model = pickle.loads(pickle.dumps(fitted)).set_params(reject_rate=rate)
    rejected = model.predict_reject(X_test)
    n_calibration = len(model.abstention_.calibration)
    assert abs(rejected.mean() - rate) <= _binomial_tolerance(
        rate, n_calibration, len(X_test)
    )
    # The rejections are not random: they hold far more of the errors, and
    # of the strokes unlike any digit, than their share.
    wrong = model.predict(X_test) != y_test
    assert wrong[rejected].mean() > 2 * wrong[~rejected].mean()
    scrambled = np.random.default_rng(0).permuted(X_test, axis=1)
    assert model.predict_reject(scrambled).mean() > 0.9


def test_without_validation_calibrates_on_other_training_rows(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(architecture="mlp", max_epochs=2, random_state=0).fit(X, y)
    assert clf.abstention_.calibrated_on == "training"
    assert len(clf.abstention_.means) == 1  # no convolutions
    assert 0 < len(clf.abstention_.calibration) <= len(y) // 2 + 1


def test_invalid_reject_rate(digits):
    X, y, _, _ = digits
    with pytest.raises(InvalidParameterError, match="reject_rate"):
        MNISTClassifier(reject_rate=1.5, max_epochs=1).fit(X, y)


def test_saved_with_the_model(small_fit, digits, tmp_path):
    _, _, X_test, _ = digits
    path = small_fit.save(tmp_path / "m.skmlkit")
    loaded = MNISTClassifier.load(path)
    assert loaded.abstention_.calibrated_on == "validation"
    np.testing.assert_array_equal(
        loaded.reject_score(X_test), small_fit.reject_score(X_test)
    )


def test_old_model_files_fall_back_to_the_probability(small_fit, digits, tmp_path):
    _, _, X_test, _ = digits
    path = small_fit.save(tmp_path / "old.skmlkit")
    payload = torch.load(path, weights_only=True)
    del payload["abstention"]  # as files written before abstention existed
    torch.save(payload, path)
    old = MNISTClassifier.load(path)
    assert old.abstention_ is None
    proba = old.predict_proba(X_test).max(axis=1)
    np.testing.assert_allclose(old.reject_score(X_test), 1 - proba)
    np.testing.assert_array_equal(old.predict_reject(X_test), proba < 0.5)


@pytest.mark.slow
def test_mnist_kept_and_non_digits_rejected(robust_model, mnist_home):
    """Measured with the full robust preset: 1.6% and 89.5% (benchmarks)."""
    classifier, _ = robust_model
    test = fetch_mnist(subset="test", data_home=mnist_home)
    assert classifier.predict_reject(test.data[:2000]).mean() <= 0.04
    others = make_non_digit_images(n_samples=60, random_state=7)
    rejected = []
    for image in others.images:
        try:
            row = read_digit_image(image).reshape(1, -1)
        except ValueError:  # blank: the reader refuses it
            rejected.append(True)
            continue
        rejected.append(bool(classifier.predict_reject(row)[0]))
    assert np.mean(rejected) >= 0.7
