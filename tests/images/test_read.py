import io
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from skmlkit.images import normalize_digit, read_digit_image, read_digit_images

from ..pictures import draw_seven, png_bytes


def _stroke_picture(mode="RGB", light_background=True, size=(200, 150), box=None):
    return draw_seven(
        mode,
        size=size,
        box=box or (100, 30, 130, 120),
        width=9,
        light_background=light_background,
    )


def _check_mnist_like(digit):
    assert digit.shape == (28, 28) and digit.dtype == np.uint8
    assert digit.max() == 255
    assert digit[0].max() == 0 and digit[-1].max() == 0  # clean background
    rows = np.flatnonzero(digit.any(axis=1))
    cols = np.flatnonzero(digit.any(axis=0))
    # Longer side fitted to the 20-pixel box (a pixel more for resampling blur).
    assert 20 <= max(len(rows), len(cols)) <= 21
    weights = digit.astype(float)
    cy = (weights.sum(axis=1) @ np.arange(28)) / weights.sum()
    cx = (weights.sum(axis=0) @ np.arange(28)) / weights.sum()
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1


@pytest.mark.parametrize("mode", ["RGB", "L", "RGBA", "P"])
def test_modes_give_mnist_like_digits(mode):
    picture = _stroke_picture("RGBA" if mode == "RGBA" else "RGB")
    if mode in ("L", "P"):
        picture = picture.convert(mode)
    _check_mnist_like(read_digit_image(png_bytes(picture)))


def test_dark_on_light_equals_light_on_dark():
    dark_ink = read_digit_image(png_bytes(_stroke_picture(light_background=True)))
    light_ink = read_digit_image(png_bytes(_stroke_picture(light_background=False)))
    assert np.abs(dark_ink.astype(int) - light_ink.astype(int)).max() <= 2


def test_off_centre_digit_is_centred():
    centred = read_digit_image(_stroke_picture(box=(80, 40, 110, 130)))
    corner = read_digit_image(_stroke_picture(size=(400, 300), box=(5, 5, 35, 95)))
    _check_mnist_like(corner)
    assert np.abs(centred.astype(int) - corner.astype(int)).mean() < 3


def test_explicit_invert_and_files(tmp_path):
    path = tmp_path / "seven.png"
    _stroke_picture().save(path)
    jpeg = tmp_path / "seven.jpg"
    _stroke_picture().save(jpeg, quality=90)
    X = read_digit_images([path, jpeg, str(path)])
    assert X.shape == (3, 784)
    assert np.abs(X[0].astype(int) - X[1].astype(int)).mean() < 5
    stacked = read_digit_images([path], flatten=False)
    assert stacked.shape == (1, 28, 28)
    # Forcing the wrong polarity leaves no ink brighter than the paper.
    with pytest.raises(ValueError, match="No digit found"):
        read_digit_image(path, invert=False)
    _check_mnist_like(read_digit_image(path, invert=True))


def test_sixteen_bit_grayscale():
    array = np.full((60, 60), 60000, dtype=np.uint16)
    array[10:50, 28:32] = 1000
    picture = Image.fromarray(array)
    assert picture.mode.startswith("I")
    _check_mnist_like(read_digit_image(picture))


def test_animated_gif_uses_first_frame():
    frames = [_stroke_picture().convert("P"), Image.new("P", (200, 150), 0)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    _check_mnist_like(read_digit_image(buffer.getvalue()))


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n"])
def test_unreadable_files_raise_value_error(tmp_path, content):
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=r"Cannot read .*broken\.png as an image"):
        read_digit_image(path)


def _png_claiming_size(width, height):
    """A valid 1 x 1 PNG whose header claims another size (a decompression bomb)."""
    data = bytearray(png_bytes(Image.new("L", (1, 1), 0)))
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr : ihdr + 8] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = crc.to_bytes(4, "big")
    return bytes(data)


@pytest.mark.parametrize("side", [8_000, 10_000, 20_000, 100_000])
def test_decompression_bombs_are_refused_before_decoding(side):
    # 64M and 100M pixels: over our limit (Pillow alone would decode 100M
    # with a warning); 400M and more: Pillow refuses them while opening.
    with pytest.raises(ValueError, match=r"pixels.*(more than|decompression bomb)"):
        read_digit_image(_png_claiming_size(side, side))


def test_large_but_allowed_image_is_read():
    picture = _stroke_picture(size=(4000, 3000), box=(1500, 1000, 2500, 2500))
    _check_mnist_like(read_digit_image(picture))


def test_palette_with_transparency():
    picture = _stroke_picture().convert("P")
    picture.info["transparency"] = 255  # white index transparent: paper
    _check_mnist_like(read_digit_image(png_bytes(picture)))


def test_truncatedpng_bytes(tmp_path):
    data = png_bytes(_stroke_picture())
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="Cannot read"):
        read_digit_image(path)


def test_missing_file_and_blank_image(tmp_path):
    with pytest.raises(FileNotFoundError, match="No such image file"):
        read_digit_image(tmp_path / "nope.png")
    with pytest.raises(ValueError, match="No digit found"):
        read_digit_image(Image.new("L", (50, 50), 255))
    with pytest.raises(ValueError, match="2-D grayscale"):
        normalize_digit(np.zeros((3, 3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        normalize_digit(np.full((5, 5), np.nan))
    with pytest.raises(ValueError, match="No images"):
        read_digit_images([])


def test_real_digits_survive_the_round_trip(mnist_home):
    """MNIST test digits, enlarged, inverted, moved off-centre and saved as RGB
    PNGs, come back close to the originals."""
    from skmlkit.datasets import fetch_mnist

    images = fetch_mnist(subset="test", data_home=mnist_home).images[:50]
    diffs = []
    for image in images:
        big = Image.fromarray(255 - image).resize((112, 112), Image.Resampling.BICUBIC)
        page = Image.new("RGB", (300, 200), "white")
        page.paste(big.convert("RGB"), (10, 60))
        restored = read_digit_image(png_bytes(page))
        diffs.append(np.abs(restored.astype(int) - image.astype(int)).mean())
    assert np.median(diffs) < 20


def test_return_original_is_the_grayscale_picture_as_read():
    picture = Image.new("RGB", (90, 130), (250, 240, 230))
    ImageDraw.Draw(picture).line([(45, 15), (45, 115)], fill=(20, 30, 40), width=9)
    digit, original = read_digit_image(picture, return_original=True)
    np.testing.assert_array_equal(digit, read_digit_image(picture))
    assert original.shape == (130, 90) and original.dtype == np.uint8
    np.testing.assert_array_equal(original, np.asarray(picture.convert("L")))
    # Several at once: the same pairs, originals in order and unresized.
    other = picture.resize((60, 50))
    X, originals = read_digit_images([picture, other], return_originals=True)
    np.testing.assert_array_equal(X, read_digit_images([picture, other]))
    assert [o.shape for o in originals] == [(130, 90), (50, 60)]
    np.testing.assert_array_equal(originals[0], original)
