"""make_non_digit_images and make_number_images: offline test pictures."""

import numpy as np
import pytest

from skmlkit.datasets import make_non_digit_images, make_number_images
from skmlkit.datasets._make_non_digits import DIGIT_LIKE, LETTERS, NON_DIGIT_KINDS


def test_non_digits_every_kind_reproducible():
    first = make_non_digit_images(n_samples=18, random_state=0)
    second = make_non_digit_images(n_samples=18, random_state=0)
    assert len(first.images) == 3 * len(NON_DIGIT_KINDS)
    assert sorted(set(first.kind)) == sorted(NON_DIGIT_KINDS)
    for a, b in zip(first.images, second.images, strict=True):
        assert np.array_equal(np.asarray(a), np.asarray(b))
        assert 8 <= min(a.size) and max(a.size) <= 400
    letters = first.detail[first.kind == "letters"]
    assert all(letter not in DIGIT_LIKE for letter in letters)
    assert not set(LETTERS) & set(DIGIT_LIKE)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"kinds": ["faces"]}, "Unknown kinds"), ({"n_samples": 0}, "at least 1")],
)
def test_non_digits_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_non_digit_images(**{"n_samples": 6, **kwargs})


def test_numbers_layout():
    X = np.zeros((3, 28, 28), dtype=np.uint8)
    X[:, 4:24, 10:18] = 255
    data = make_number_images(
        X, [3, 5, 8], n_samples=5, n_digits=(2, 3), random_state=0
    )
    for image, number, boxes in zip(data.images, data.numbers, data.boxes, strict=True):
        assert 2 <= len(number) <= 3 and set(number) <= set("358")
        assert image.dtype == np.uint8 and image.min() < 100 < image.max()
        assert len(boxes) == len(number)
        assert (np.diff(boxes[:, 0]) > 0).all()  # left to right
        assert (boxes[1:, 0] >= boxes[:-1, 2]).all()  # gaps between digits
    touching = make_number_images(
        X, [3, 5, 8], n_samples=5, n_digits=4, spacing="touching"
    )
    for boxes in touching.boxes:
        assert (boxes[1:, 0] <= boxes[:-1, 2]).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"spacing": "wide"}, "spacing"),
        ({"n_digits": 0}, "n_digits"),
        ({"y": [1]}, "matching"),
    ],
)
def test_numbers_bad_parameters(kwargs, message):
    args = {"X": np.zeros((2, 784)), "y": [1, 2], **kwargs}
    with pytest.raises(ValueError, match=message):
        make_number_images(args.pop("X"), args.pop("y"), n_samples=2, **args)


def test_binarised_scans_are_black_and_white_and_blocky():
    from skmlkit.datasets import make_digit_images

    data = make_digit_images(n_samples=20, degradations=["binarised"], random_state=0)
    assert set(data.degradation) == {"binarised"}
    for image in data.images:
        pixels = np.asarray(image)
        assert set(np.unique(pixels)) <= {0, 255}
        # A 10-16 px scan enlarged 2-8 times by repeating pixels.
        side = pixels.shape[0]
        assert any(
            side % factor == 0
            and 10 <= side // factor <= 16
            and np.array_equal(
                pixels,
                np.repeat(np.repeat(pixels[::factor, ::factor], factor, 0), factor, 1),
            )
            for factor in range(2, 9)
        )
    # Not in the default draw, so default draws keep their figures.
    default = make_digit_images(n_samples=170, random_state=0)
    assert "binarised" not in set(default.degradation)
