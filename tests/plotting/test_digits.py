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
