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
from skmlkit.neural_network._abstention import AbstentionStatistics, _upper_p_values
from skmlkit.neural_network._engine import infer_features


@pytest.fixture(scope="module")
def small_fit(digits):
    X, y, _, _ = digits
    return MNISTClassifier(max_epochs=3, validation_fraction=0.2, random_state=0).fit(
        X, y
    )


def _fit_statistics(features, y, held_out, confidence):
    return AbstentionStatistics.fit(
        [features], y, [held_out], confidence, calibrated_on="x"
    )


def _calibration_p_values(stats):
    return stats.p_values(stats.calibration[:, :-1], stats.calibration[:, -1])


def test_statistics_reject_the_calibrated_share():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 200)
    features = rng.normal(size=(600, 4)) + 3 * np.eye(4)[y]
    held_out = rng.normal(size=(300, 4)) + 3 * np.eye(4)[np.repeat(np.arange(3), 100)]
    stats = _fit_statistics(features, y, held_out, rng.uniform(size=300))
    assert stats.has_confidence and stats.calibration.shape == (300, 2)
    p = _calibration_p_values(stats)
    for rate in (0.01, 0.05, 0.2):
        assert np.mean(p < stats.level(rate)) <= rate
        assert np.mean(p < stats.level(rate)) >= rate - 0.02
    # Far from every class: a distance p-value far below 1/(n+1) (the
    # fitted tail), whatever the confidence; a confident sample near a
    # class keeps a large p-value.
    far = stats.distances([np.full((1, 4), -50.0)])
    p_distance, p_confidence = stats.gate_p_values(far, np.array([1.0]))
    assert p_distance[0] < 1e-4 and p_confidence[0] == 1
    assert stats.p_values(far, np.array([1.0]))[0] < stats.level(0.01)
    near = stats.distances([3 * np.eye(4)[:1]])
    assert stats.p_values(near, np.array([1.0]))[0] > 0.5
    # An unsure sample near a class: the smallest confidence p-value.
    assert stats.p_values(near, np.array([-1.0]))[0] == pytest.approx(1 / 301)


def test_distance_p_values_beyond_the_calibration_follow_a_fitted_tail():
    calibration = np.sort(np.random.default_rng(0).exponential(size=200))
    inside = np.linspace(0, calibration[-30], 50)
    beyond = calibration[-1] + np.array([0.0, 1.0, 5.0, 20.0])
    p_inside = _upper_p_values(calibration, inside)
    above = (calibration[None, :] >= inside[:, None]).sum(axis=1)
    np.testing.assert_allclose(p_inside, (above + 1) / 201)  # conformal
    p_beyond = _upper_p_values(calibration, beyond)
    assert (np.diff(p_beyond) < 0).all() and p_beyond[0] <= 2 / 201
    # An exponential tail: about e^-1 per unit of distance past the threshold.
    assert p_beyond[-1] < 1e-8
    values = np.linspace(0, 30, 400)
    assert (np.diff(_upper_p_values(calibration, values)) <= 0).all()


def test_the_confidence_gate_takes_most_of_the_budget():
    """min(4 p_distance, p_confidence): the distance gate gets about a quarter."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 4000)
    features = rng.normal(size=(4000, 4)) + 3 * np.eye(4)[y]
    held_out = rng.normal(size=(4000, 4)) + 3 * np.eye(4)[rng.integers(0, 3, 4000)]
    stats = _fit_statistics(features, y, held_out, rng.uniform(size=4000))
    p_distance, p_confidence = stats.gate_p_values(
        stats.calibration[:, :-1], stats.calibration[:, -1]
    )
    level = stats.level(0.04)
    by_distance = np.mean(4 * p_distance < level)
    by_confidence = np.mean(p_confidence < level)
    assert 0.005 <= by_distance <= 0.015 and 0.025 <= by_confidence <= 0.035


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
    stats = _fit_statistics(features, y, held_out, rng.uniform(size=2000))
    new, _ = rows(20_000)
    p = stats.p_values(stats.distances([new]), rng.uniform(size=20_000))
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


def test_reasons_name_the_gate(exchangeable_fit):
    fitted, X_test, _ = exchangeable_fit
    model = pickle.loads(pickle.dumps(fitted)).set_params(reject_rate=0.3)
    reasons = model.reject_reason(X_test)
    rejected = model.predict_reject(X_test)
    np.testing.assert_array_equal(reasons != None, rejected)  # noqa: E711
    assert set(reasons[rejected]) == {"unlike", "unsure"}
    # Unsure: the rejected samples of lowest margin between the top two.
    proba = np.sort(model.predict_proba(X_test), axis=1)
    margin = proba[:, -1] - proba[:, -2]
    assert np.median(margin[reasons == "unsure"]) < np.median(margin[~rejected])
    scrambled = np.random.default_rng(0).permuted(X_test, axis=1)
    assert np.mean(model.reject_reason(scrambled) == "unlike") > 0.5


def test_files_without_the_confidence_gate_use_the_distance(
    small_fit, digits, tmp_path
):
    """Model files saved before the confidence gate existed keep working."""
    _, _, X_test, _ = digits
    path = small_fit.save(tmp_path / "distance_only.skmlkit")
    payload = torch.load(path, weights_only=True)
    calibration = payload["abstention"]["calibration"]
    payload["abstention"]["calibration"] = calibration[:, :-1].contiguous()
    torch.save(payload, path)
    old = MNISTClassifier.load(path)
    assert not old.abstention_.has_confidence
    distances = old.abstention_.distances(infer_features(old, X_test))
    calibration = old.abstention_.calibration
    expected = 1 - np.min(
        [_upper_p_values(calibration[:, j], distances[:, j]) for j in range(2)],
        axis=0,
    )
    np.testing.assert_allclose(old.reject_score(X_test), expected)
    level = old.abstention_.level(old.reject_rate)
    np.testing.assert_array_equal(
        old.predict_reject(X_test), old.reject_score(X_test) > 1 - level
    )
    assert set(old.reject_reason(X_test)) <= {None, "unlike"}


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
