"""Read image files of handwritten digits and normalise them like MNIST.

MNIST digits are white ink on black, size-normalised to fit a 20 x 20 box
(aspect ratio kept) and centred by centre of mass in a 28 x 28 image. The
functions here apply the same steps to any picture of a single digit: a
photo or scan of any size, colour or grayscale, dark-on-light or
light-on-dark. Pillow (the ``images`` extra) is imported when needed.
"""

import io
import warnings
from pathlib import Path

import numpy as np

from .exceptions import ImageTooLargeError
from .utils._optional import import_optional

__all__ = [
    "MAX_PIXELS",
    "ImageTooLargeError",
    "normalize_digit",
    "read_digit_image",
    "read_digit_images",
]

BOX = 20
SIDE = 28
# Largest image decoded (width x height); bigger ones are refused before
# decoding, so a small file claiming a huge size cannot exhaust memory.
MAX_PIXELS = 50_000_000
# Ink is what stands out from the background by this share of the range.
INK_THRESHOLD = 0.2


def normalize_digit(image, *, invert="auto"):
    """Normalise a grayscale digit image to a 28 x 28 MNIST-style image.

    Parameters
    ----------
    image : array-like of shape (height, width)
        Grayscale intensities, any numeric range.
    invert : {"auto", True, False}, default="auto"
        Whether to invert intensities so that the ink is bright. ``"auto"``
        inverts when the border of the image (the background) is lighter
        than its centre-weighted ink estimate, i.e. for dark ink on a light
        background.

    Returns
    -------
    digit : ndarray of shape (28, 28), dtype uint8
        Background 0, strongest ink 255, the ink's bounding box scaled to fit
        20 x 20 and its centre of mass at the image centre.

    Raises
    ------
    ValueError
        If the image is not 2-D, is empty, holds non-finite values or shows
        no ink (a uniform image).
    TypeError
        If the values are complex or not numbers.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.images import normalize_digit
    >>> page = np.full((100, 60), 230.0)      # light paper
    >>> page[20:80, 25:35] = 10.0             # a dark vertical stroke: a "1"
    >>> digit = normalize_digit(page)
    >>> digit.shape, digit.dtype, int(digit.max()), int(digit[0, 0])
    ((28, 28), dtype('uint8'), 255, 0)
    >>> int((digit > 0).any(axis=1).sum())    # the stroke spans 20 rows
    20
    """
    if np.iscomplexobj(image):
        raise TypeError(
            "Complex-valued images are not supported; pass real intensities."
        )
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(
            f"Expected a non-empty 2-D grayscale image, got shape {image.shape}."
        )
    if not np.isfinite(image).all():
        raise ValueError("The image contains NaN or infinite values.")
    if invert == "auto":
        invert = _background_is_light(image)
    if invert:
        image = image.max() - image
    image = image - np.median(_border(image))
    image = np.clip(image, 0, None)
    peak = image.max()
    if peak <= 0:
        raise ValueError("No digit found: the image is uniform.")
    image = image / peak
    rows = np.flatnonzero((image > INK_THRESHOLD).any(axis=1))
    cols = np.flatnonzero((image > INK_THRESHOLD).any(axis=0))
    ink = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    return _center(_fit_box(ink))


def _border(image):
    return np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])


def _background_is_light(image):
    """Tell whether the border is lighter than the image's middle range."""
    return np.median(_border(image)) > (image.min() + image.max()) / 2


def _fit_box(ink):
    """Resize so the longer side is 20 pixels, keeping the aspect ratio."""
    Image = import_optional("PIL.Image")
    height, width = ink.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(ink.astype(np.float32), mode="F").resize(
        size, Image.Resampling.LANCZOS
    )
    return np.clip(np.asarray(resized, dtype=np.float64), 0, 1)


def _center(box):
    """Paste into 28 x 28 with the centre of mass at the centre."""
    height, width = box.shape
    total = box.sum()
    cy = (box.sum(axis=1) @ np.arange(height)) / total
    cx = (box.sum(axis=0) @ np.arange(width)) / total
    top = int(np.clip(round((SIDE - 1) / 2 - cy), 0, SIDE - height))
    left = int(np.clip(round((SIDE - 1) / 2 - cx), 0, SIDE - width))
    digit = np.zeros((SIDE, SIDE))
    digit[top : top + height, left : left + width] = box
    return np.round(digit / digit.max() * 255).astype(np.uint8)


def read_digit_image(source, *, invert="auto"):
    """Read one image file of a digit and normalise it like MNIST.

    Parameters
    ----------
    source : str, path-like, bytes, file-like or PIL.Image.Image
        The image: a file path, its bytes, an open binary file or a Pillow
        image. Any format Pillow reads (PNG, JPEG, BMP, GIF, TIFF, ...); for
        multi-frame files the first frame is used; transparent pixels are
        taken as white paper.
    invert : {"auto", True, False}, default="auto"
        See :func:`normalize_digit`.

    Returns
    -------
    digit : ndarray of shape (28, 28), dtype uint8
        The MNIST-style image.

    Raises
    ------
    ValueError
        If the file cannot be read as an image or shows no digit.
    FileNotFoundError
        If a path does not exist.

    Examples
    --------
    >>> import io
    >>> from PIL import Image, ImageDraw
    >>> from skmlkit.images import read_digit_image
    >>> picture = Image.new("RGB", (120, 160), "white")
    >>> ImageDraw.Draw(picture).line([(60, 20), (60, 140)], fill="black", width=12)
    >>> buffer = io.BytesIO()
    >>> picture.save(buffer, format="PNG")
    >>> read_digit_image(buffer.getvalue()).shape
    (28, 28)
    """
    return normalize_digit(_to_grayscale(_open(source)), invert=invert)


def read_digit_images(sources, *, invert="auto", flatten=True):
    """Read several digit images into an array ready for a classifier.

    Parameters
    ----------
    sources : iterable of str, path-like, bytes, file-like or PIL images
        The images; see :func:`read_digit_image`.
    invert : {"auto", True, False}, default="auto"
        See :func:`normalize_digit`.
    flatten : bool, default=True
        Return rows of 784 pixels (as MNIST's ``data``) instead of
        28 x 28 images.

    Returns
    -------
    X : ndarray of shape (n_images, 784) or (n_images, 28, 28), dtype uint8
        The normalised digits.

    Examples
    --------
    >>> import numpy as np
    >>> from PIL import Image
    >>> from skmlkit.images import read_digit_images
    >>> blank = np.zeros((40, 40), dtype=np.uint8)
    >>> blank[5:35, 18:22] = 255                    # white stroke on black
    >>> read_digit_images([Image.fromarray(blank)] * 2).shape
    (2, 784)
    """
    digits = [read_digit_image(source, invert=invert) for source in sources]
    if not digits:
        raise ValueError("No images given.")
    stack = np.stack(digits)
    return stack.reshape(len(stack), -1) if flatten else stack


def _open(source):
    Image = import_optional("PIL.Image")
    if isinstance(source, Image.Image):
        return source
    name = "image"
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    elif isinstance(source, (str, Path)):
        name = str(source)
        if not Path(source).is_file():
            raise FileNotFoundError(f"No such image file: {source}")
        # Read the bytes ourselves: no file handle outlives a failed decode.
        source = io.BytesIO(Path(source).read_bytes())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)  # reads the header only
            _check_size(image, name)
            image.seek(0)
            image.load()
    except ImageTooLargeError:
        raise  # already says what is wrong
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        Image.UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise ValueError(f"Cannot read {name} as an image: {exc}") from exc
    return image


def _check_size(image, name):
    """Refuse huge images before decoding them (decompression bombs)."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageTooLargeError(
            f"{name} is {width} x {height} pixels, more than the "
            f"{MAX_PIXELS:,} that skmlkit.images reads (images.MAX_PIXELS); "
            "a digit needs far fewer: downscale it first."
        )


def _to_grayscale(image):
    """Grayscale float array; transparency composited onto white."""
    Image = import_optional("PIL.Image")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return np.asarray(image, dtype=np.float64)
    if image.mode == "P" or "A" in image.mode or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    return np.asarray(image.convert("L"), dtype=np.float64)
