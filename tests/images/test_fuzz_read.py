"""Fuzzing the image reader: random bytes, mutated files, odd arrays and modes."""

import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from skmlkit.images import normalize_digit, read_digit_image

from ..pictures import draw_seven
from ..strategies import expect_clean, fuzz_settings

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

FUZZ = fuzz_settings(200)
MODES = ["1", "L", "P", "RGB", "RGBA", "LA", "I", "I;16", "F", "CMYK", "YCbCr"]
FORMATS = {
    "PNG": ["1", "L", "P", "RGB", "RGBA", "LA", "I;16"],
    "GIF": ["L", "P"],
    "BMP": ["1", "L", "P", "RGB"],
    "TIFF": ["1", "L", "P", "RGB", "RGBA", "I;16", "F", "CMYK"],
    "JPEG": ["L", "RGB", "CMYK"],
    "WEBP": ["RGB", "RGBA"],
}


def _check_digit(outcome):
    if not isinstance(outcome, Exception):
        assert outcome.shape == (28, 28) and outcome.dtype == np.uint8
        assert outcome.max() == 255


@st.composite
def encoded_images(draw):
    """An image of random content, mode, size and format, maybe mutated."""
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    mode = draw(st.sampled_from(FORMATS[fmt]))
    width, height = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    pixels = draw(hnp.arrays(np.uint8, (height, width), elements=st.integers(0, 255)))
    image = Image.fromarray(pixels).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    data = buffer.getvalue()
    mutation = draw(st.sampled_from(["none", "truncate", "flip"]))
    if mutation == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return fmt, mode, mutation, data


@FUZZ
@given(encoded_images())
def test_encoded_images_read_or_clear_error(case):
    fmt, _mode, mutation, data = case
    outcome = expect_clean(lambda: read_digit_image(data), f"{fmt} {mutation}")
    _check_digit(outcome)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_rejected(data):
    outcome = expect_clean(lambda: read_digit_image(data), "random bytes")
    assert isinstance(outcome, ValueError), "random bytes were read as an image"


@FUZZ
@given(
    hnp.arrays(
        st.sampled_from(
            [
                np.uint8,
                np.int64,
                np.float16,
                np.float64,
                np.bool_,
                np.complex128,
                object,
            ]
        ),
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=12),
    )
)
def test_normalize_digit_on_any_array(array):
    outcome = expect_clean(lambda: normalize_digit(array), "normalize_digit")
    _check_digit(outcome)


@FUZZ
@given(
    mode=st.sampled_from(MODES),
    width=st.integers(1, 30),
    height=st.integers(1, 30),
    seed=st.integers(0, 2**16),
)
def test_pil_images_of_every_mode(mode, width, height, seed):
    pixels = np.random.default_rng(seed).integers(
        0, 256, (height, width), dtype=np.uint8
    )
    image = Image.fromarray(pixels).convert(mode)
    _check_digit(expect_clean(lambda: read_digit_image(image), f"mode {mode}"))


@pytest.mark.parametrize(
    "mode", ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "YCbCr", "I;16", "I", "F"]
)
def test_every_mode_reads_a_drawn_stroke(mode):
    picture = draw_seven()
    expected = read_digit_image(picture).astype(float)
    converted = picture.convert(mode)
    if mode in ("I;16", "I"):  # 16-bit scans: the same drawing, 257 times deeper
        converted = Image.fromarray(
            (np.asarray(picture, dtype=np.uint16) * 257).astype(
                np.uint16 if mode == "I;16" else np.int32
            )
        )
        assert converted.mode == mode
    seen = read_digit_image(converted).astype(float)
    # The same 7: ink where the L image has it (a thresholded "1" image
    # loses the antialiased edge only).
    correlation = np.corrcoef(seen.ravel(), expected.ravel())[0, 1]
    assert correlation > (0.9 if mode == "1" else 0.99), mode
    assert seen.max() == 255 and seen[0].max() == 0  # ink is bright, border dark


# Found by the fuzzer: a 45-byte GIF declaring 65,281 x 2 pixels. Enlarging
# its short side to the working size, or a ruled-line search with a bar
# 58,753 pixels long, ran out of memory.
ELONGATED_GIF = (
    b"GIF87a\x01\xff\x02\x00\x81\x00\x00\x00\x00\x00\x01\x01\x01\x00\x00\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x02\x00\x00\x08\x05\x00\x01\x04"
    b"\x08\x08\x00;"
)


@pytest.mark.parametrize("upsample", [True, False])
def test_elongated_picture_reads_or_clear_error(upsample):
    try:
        _check_digit(read_digit_image(ELONGATED_GIF, upsample=upsample))
    except ValueError as exc:  # a clean refusal is fine; MemoryError is not
        assert "No digit found" in str(exc)


@FUZZ
@given(
    hnp.arrays(bool, st.tuples(st.integers(1, 12), st.integers(1, 40))),
    st.integers(2, 45),
)
def test_long_runs_are_a_binary_opening_with_a_bar(mask, length):
    from scipy import ndimage

    from skmlkit.images._ink import long_horizontal_runs

    bar = np.ones((1, length), dtype=bool)
    expected = ndimage.binary_opening(mask, structure=bar)
    np.testing.assert_array_equal(long_horizontal_runs(mask, length), expected)
