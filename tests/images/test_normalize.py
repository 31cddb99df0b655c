"""Each normalisation step of normalize_digit on constructed pictures."""

import numpy as np
import pytest

from skmlkit.images import (
    MNIST_STROKE_WIDTH,
    NORMALIZATION_STEPS,
    normalize_digit,
    read_digit_images,
    stroke_width_of,
)


def _paper(height=120, width=90, level=230.0):
    return np.full((height, width), level)


def _bar(page, top=20, bottom=100, left=40, right=50, ink=20.0):
    page[top:bottom, left:right] = ink
    return page


def _ink_columns(digit):
    return int((digit > 60).any(axis=0).sum())


def _ink_rows(digit):
    return int((digit > 60).any(axis=1).sum())


def test_shadow_is_removed_by_the_local_background():
    page = _bar(_paper())
    page[:, 60:] *= 0.4  # the hard edge of a deep cast shadow right of the stroke
    page *= np.linspace(1.0, 0.7, page.shape[0])[:, None]  # light falloff
    clean = normalize_digit(_bar(_paper()))
    digit = normalize_digit(page)
    assert _ink_columns(digit) == _ink_columns(clean) <= 6
    flat = normalize_digit(page, local_background=False)
    assert np.abs(flat.astype(int) - clean).max() > 100  # shadow taken for ink


def test_thick_digit_filling_the_frame_is_not_hollowed():
    # Strokes running off the edge must not count as uneven paper.
    page = np.zeros((32, 32))
    page[:, 8:24] = 255.0  # a bar half as wide as the picture
    digit = normalize_digit(page)
    bar = digit[(digit > 0).any(axis=1)][:, (digit > 0).any(axis=0)]
    assert (bar[2:-2, 2:-2] > 200).all()


def test_specks_off_the_digit_are_dropped():
    page = _bar(_paper())
    reference = normalize_digit(page)
    page[5:8, 80:83] = 20.0  # dirt in a corner
    page[110:112, 3:5] = 20.0
    assert np.abs(normalize_digit(page).astype(int) - reference).max() <= 2
    dirty = normalize_digit(page, clean=False)
    assert np.abs(dirty.astype(int) - reference).max() > 100


def test_detached_part_inside_the_digit_box_is_kept():
    page = _bar(_paper(), top=20, bottom=100, left=40, right=50)
    page[60:63, 20:23] = 20.0  # small, but within the digit's height
    page[20:100, 20:23] = 20.0  # second stroke: the box spans both
    digit = normalize_digit(page)
    assert digit[:, :14].max() > 100 and digit[:, 14:].max() > 100


def test_ruled_line_is_removed_and_crossing_stroke_kept():
    page = _bar(_paper())
    reference = normalize_digit(page)
    page[70:72, :] = 150.0  # a ruled line through the stroke
    digit = normalize_digit(page)
    assert _ink_columns(digit) == _ink_columns(reference)
    assert _ink_rows(digit) == 20  # the stroke is not cut in two
    lined = normalize_digit(page, clean=False)
    assert np.abs(lined.astype(int) - reference).max() > 100


def test_stroke_width_brings_pens_towards_mnist():
    def ring(width):
        yy, xx = np.mgrid[:200, :200]
        radius = np.hypot(yy - 100, xx - 100)
        page = _paper(200, 200)
        page[np.abs(radius - 70) < width / 2] = 20.0
        return page

    for pen in (4, 40):  # a fine pencil and a felt-tip marker
        raw = stroke_width_of(normalize_digit(ring(pen), stroke_width=False) / 255)
        fixed = stroke_width_of(normalize_digit(ring(pen), stroke_width=True) / 255)
        assert abs(fixed - MNIST_STROKE_WIDTH) < abs(raw - MNIST_STROKE_WIDTH)


def test_deskew_makes_a_slanted_bar_upright():
    page = _paper(160, 160)
    for row in range(20, 140):
        shift = int(0.5 * (row - 80))  # leaning 27 degrees
        page[row, 75 - shift : 85 - shift] = 20.0

    def lean(digit):
        rows = np.flatnonzero((digit > 60).any(axis=1))
        top, bottom = digit[rows[0] : rows[0] + 3], digit[rows[-1] - 2 : rows[-1] + 1]
        centre = [
            np.average(np.arange(28), weights=part.sum(axis=0))
            for part in (top, bottom)
        ]
        return abs(centre[0] - centre[1])

    assert lean(normalize_digit(page)) > 5
    assert lean(normalize_digit(page, deskew=True)) < 1.5


def test_squeezed_digit_keeps_its_aspect_ratio():
    page = _paper(60, 120)
    page[10:50, 10:110] = 20.0  # twice as wide as tall
    digit = normalize_digit(page)
    assert _ink_columns(digit) == 20 and _ink_rows(digit) == 8


def test_tiny_picture_is_upsampled_before_the_ink_is_found():
    page = _paper(12, 10)
    page[2:10, 4:6] = 20.0
    digit = normalize_digit(page)
    assert _ink_rows(digit) == 20
    assert 2 <= _ink_columns(digit) <= 7


def test_steps_can_be_switched_in_read_digit_images(tmp_path):
    from PIL import Image

    page = _bar(_paper())
    page[:, 60:] *= 0.4
    path = tmp_path / "digit.png"
    Image.fromarray(page.astype(np.uint8)).save(path)
    on = read_digit_images([path])
    off = read_digit_images([path], local_background=False)
    assert np.abs(on.astype(int) - off).max() > 100
    assert set(NORMALIZATION_STEPS) == {
        "upsample",
        "local_background",
        "clean",
        "deskew",
        "stroke_width",
    }
    with pytest.raises(TypeError, match="Unknown normalisation steps"):
        read_digit_images([path], sharpen=True)
