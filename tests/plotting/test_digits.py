"""The misclassified-digits grid."""

import numpy as np
import pytest

from skmlkit.plotting import plot_misclassified_digits


def _titles(fig):
    return [ax.get_title() for ax in fig.axes if ax.get_visible()]


def test_most_confident_mistakes_first_and_capped():
    X = np.zeros((6, 64))
    y_true = np.array([0, 1, 2, 3, 4, 5])
    y_pred = np.array([9, 1, 9, 9, 9, 5])
    proba = np.array([0.5, 1.0, 0.9, 0.6, 0.7, 1.0])
    fig = plot_misclassified_digits(X, y_true, y_pred, proba=proba, max_images=3)
    assert _titles(fig) == ["2 -> 9", "4 -> 9", "3 -> 9"]
    assert fig.axes[0].get_images()[0].get_array().shape == (8, 8)


def test_accepts_3d_images_and_string_labels():
    X = np.random.default_rng(0).random((3, 5, 7))
    fig = plot_misclassified_digits(X, ["a", "b", "c"], ["a", "c", "c"])
    assert _titles(fig) == ["b -> c"]


def test_no_mistakes_gives_a_message():
    fig = plot_misclassified_digits(np.zeros((2, 4)), [1, 2], [1, 2])
    assert "No misclassified" in fig.axes[0].texts[0].get_text()


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="not a square image"):
        plot_misclassified_digits(np.zeros((2, 5)), [1, 2], [2, 1])
    with pytest.raises(ValueError, match="different lengths"):
        plot_misclassified_digits(np.zeros((2, 4)), [1, 2, 3], [2, 1])
    with pytest.raises(ValueError, match="flat or 2-D"):
        plot_misclassified_digits(np.zeros(4), [1], [2])


def test_readings_mark_the_abstentions():
    from matplotlib.colors import to_hex

    from skmlkit.plotting import DigitReadingsDisplay

    pictures = [np.full((30, 20), 255.0), np.zeros((40, 40))]
    digits = np.zeros((2, 28, 28))
    digits[:, 4:24, 12:16] = 255
    proba = np.array([[0.1, 0.85, 0.05], [0.4, 0.35, 0.25]])
    fig = DigitReadingsDisplay.from_predictions(
        pictures,
        digits,
        proba,
        [0, 1, 7],
        names=["a.png", "b.png"],
        rejected=[False, True],
    ).figure_
    kept, abstained = fig.axes[2], fig.axes[5]
    assert kept.get_title() == "1 (p=0.85)"
    assert abstained.get_title() == "not sure (best guess 0, p=0.40)"
    colours = [
        [to_hex(bar.get_facecolor()) for bar in ax.patches] for ax in (kept, abstained)
    ]
    assert colours[0][0] != colours[1][0]  # the abstained answer's bar stands out
    assert colours[0][1:] == colours[1][1:]  # the runners-up look alike
    assert [t.get_text() for t in abstained.get_yticklabels()] == ["0", "1", "7"]
    assert fig.axes[0].get_ylabel() == "a.png"
    np.testing.assert_array_equal(fig.axes[4].get_images()[0].get_array(), digits[1])


class _Abstaining:
    """A classifier that is sure of the first image and abstains on the second."""

    classes_ = np.array([3, 8])

    def predict_proba(self, X):
        assert X.shape == (2, 784)  # the classifier gets flat rows
        return np.array([[0.9, 0.1], [0.55, 0.45]])

    def predict_reject(self, X):
        return np.array([False, True])


def test_readings_from_a_classifier_ask_it_for_abstentions():
    from skmlkit.plotting import DigitReadingsDisplay, plot_digit_readings

    pictures, digits = [np.zeros((20, 20))] * 2, np.zeros((2, 28, 28))
    display = DigitReadingsDisplay.from_estimator(_Abstaining(), pictures, digits)
    assert display.ax_.get_title() == "3 (p=0.90)"
    assert display.axes_[1, 2].get_title().startswith("not sure (best guess 3")
    with pytest.warns(FutureWarning, match="DigitReadingsDisplay"):
        figure = plot_digit_readings(pictures, digits, display.proba, [3, 8])
    assert figure.axes[5].get_title() == "3 (p=0.55)"  # no rejected= given
