"""read_number: split a picture of several digits and read each."""

import numpy as np
import pytest
from PIL import Image

from skmlkit.datasets import fetch_mnist, make_number_images
from skmlkit.images import read_number


class Oracle:
    """A stand-in classifier: sure of a 1 for narrow images, unsure 0 otherwise."""

    classes_ = np.arange(3)

    def predict_proba(self, X):
        images = np.asarray(X).reshape(len(X), 28, 28) > 0
        narrow = images.any(axis=1).sum(axis=1) <= 12
        return np.where(narrow[:, None], [0.005, 0.99, 0.005], [0.4, 0.3, 0.3])


def _page(width=200, height=80):
    return np.zeros((height, width))


def test_components_left_to_right_with_boxes():
    page = _page()
    page[10:70, 30:36] = 1  # a "1"
    page[10:70, 80:120] = 1  # a block: "0"
    page[10:70, 160:166] = 1
    reading = read_number(page, Oracle())
    assert reading.text == "101"
    assert reading.boxes[:, 0].tolist() == [30, 80, 160]
    assert reading.images.shape == (3, 28, 28)
    assert reading.proba.shape == (3, 3) and not reading.rejected.any()


def test_detached_cap_is_merged_with_its_digit():
    page = _page()
    page[30:70, 40:46] = 1  # the body
    page[10:16, 40:60] = 1  # a short detached cap over it (a 5's)
    page[10:70, 120:126] = 1
    reading = read_number(page, Oracle())
    assert len(reading.text) == 2
    assert reading.boxes[0].tolist()[:3] == [40, 10, 60]


def test_touching_digits_are_cut():
    page = _page(240)
    page[10:70, 30:36] = 1  # two 1s joined by a thin bridge at the bottom
    page[66:70, 30:90] = 1
    page[10:70, 84:90] = 1
    page[10:70, 150:156] = 1
    assert read_number(page, Oracle()).text == "111"


def test_light_on_dark_dark_on_light_and_files(tmp_path):
    page = _page()
    page[10:70, 30:36] = 1
    page[10:70, 100:140] = 1
    dark_on_light = (255 - 200 * page).astype(np.uint8)
    path = tmp_path / "n.png"
    Image.fromarray(dark_on_light).save(path)
    for source in (page, dark_on_light, path, path.read_bytes()):
        assert read_number(source, Oracle()).text == "10"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (np.zeros((40, 40)), "uniform"),
        (np.zeros((3, 4, 5)), "2-D"),
        (np.full((20, 20), np.nan), "NaN"),
        (b"not an image", "Cannot read"),
    ],
)
def test_bad_input(source, message):
    with pytest.raises(ValueError, match=message):
        read_number(source, Oracle())


def test_too_many_pieces():
    page = _page(400)
    for left in range(10, 390, 20):
        page[10:70, left : left + 4] = 1
    with pytest.raises(ValueError, match="max_digits"):
        read_number(page, Oracle(), max_digits=5)


@pytest.mark.slow
def test_reads_numbers_of_held_out_digits(robust_model, mnist_home):
    """The benchmark measures 94% exact on 4-digit numbers with gaps."""
    classifier, _ = robust_model
    X, y = fetch_mnist(subset="test", data_home=mnist_home, return_X_y=True)
    numbers = make_number_images(
        X[:2000], y[:2000], n_samples=30, n_digits=4, random_state=0
    )
    exact = [
        read_number(image, classifier).text == number
        for image, number in zip(numbers.images, numbers.numbers, strict=True)
    ]
    assert np.mean(exact) >= 0.75


def _hash_sign(side=52):
    from PIL import ImageDraw

    picture = Image.new("L", (side, side))
    pen = ImageDraw.Draw(picture)
    for k in (10, 26, 42):
        pen.line([(k, 4), (k, 48)], fill=255, width=4)
        pen.line([(4, k), (48, k)], fill=255, width=4)
    return np.asarray(picture, dtype=float)


@pytest.mark.slow
def test_a_digit_the_classifier_abstains_on_is_a_question_mark(
    robust_model, mnist_home, tmp_path, capsys
):
    from skmlkit.cli import main

    classifier, model_file = robust_model
    X, y = fetch_mnist(subset="test", data_home=mnist_home, return_X_y=True)
    page = np.zeros((60, 200))
    page[16:44, 10:38] = X[0].reshape(28, 28)
    page[4:56, 70:122] = _hash_sign()  # "#": not a digit
    page[16:44, 160:188] = X[1].reshape(28, 28)
    reading = read_number(page, classifier)
    assert reading.text == f"{y[0]}?{y[1]}"
    assert reading.rejected.tolist() == [False, True, False]
    assert reading.labels[[0, 2]].tolist() == [y[0], y[1]]
    assert reading.proba[1].max() < reading.proba[[0, 2]].max(axis=1).min()
    path = tmp_path / "number.png"
    Image.fromarray(page.astype(np.uint8)).save(path)
    assert main(["predict", str(model_file), "--number", str(path)]) == 0
    assert capsys.readouterr().out.split()[1] == f"{y[0]}?{y[1]}"
