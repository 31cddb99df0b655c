"""Read image files of digits: any format Pillow reads, safely."""

import io
import warnings
from pathlib import Path

import numpy as np

from ..exceptions import ImageTooLargeError
from ..utils._optional import import_optional
from ._normalize import NORMALIZATION_STEPS, normalize_digit

# Largest image decoded (width x height); bigger ones are refused before
# decoding, so a small file claiming a huge size cannot exhaust memory.
MAX_PIXELS = 50_000_000


def read_digit_image(source, *, invert="auto", return_original=False, **steps):
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
    return_original : bool, default=False
        Also return the picture as read (grayscale, before normalisation),
        to show next to what the model sees.
    **steps : bool
        Normalisation steps to switch on or off (``upsample``,
        ``local_background``, ``clean``, ``deskew``, ``stroke_width``); see
        :func:`normalize_digit` for what each does and its default.

    Returns
    -------
    digit : ndarray of shape (28, 28), dtype uint8
        The MNIST-style image.
    original : ndarray of shape (height, width), dtype uint8
        The grayscale picture (transparency on white), when
        ``return_original`` is True.

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
    _check_steps(steps)
    picture = _to_grayscale(_open(source))
    digit = normalize_digit(picture, invert=invert, **steps)
    if return_original:
        return digit, _displayable(picture)
    return digit


def read_digit_images(
    sources, *, invert="auto", flatten=True, return_originals=False, **steps
):
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
    return_originals : bool, default=False
        Also return the pictures as read (see :func:`read_digit_image`).
    **steps : bool
        Normalisation steps to switch on or off, e.g. ``deskew=True`` or
        ``clean=False``; see :func:`normalize_digit`.

    Returns
    -------
    X : ndarray of shape (n_images, 784) or (n_images, 28, 28), dtype uint8
        The normalised digits.
    originals : list of ndarray of shape (height, width), dtype uint8
        The grayscale pictures, when ``return_originals`` is True.

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
    _check_steps(steps)
    pairs = [
        read_digit_image(source, invert=invert, return_original=True, **steps)
        for source in sources
    ]
    if not pairs:
        raise ValueError("No images given.")
    stack = np.stack([digit for digit, _ in pairs])
    X = stack.reshape(len(stack), -1) if flatten else stack
    if return_originals:
        return X, [original for _, original in pairs]
    return X


def _check_steps(steps):
    unknown = sorted(set(steps) - set(NORMALIZATION_STEPS))
    if unknown:
        raise TypeError(
            f"Unknown normalisation steps {unknown}; the steps are "
            f"{list(NORMALIZATION_STEPS)}."
        )


def _open(source):
    Image = import_optional("PIL.Image")
    if isinstance(source, Image.Image):
        return source
    name = "the data"
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
    except Image.UnidentifiedImageError as exc:
        raise ValueError(
            f"Cannot read {name} as an image: not a format Pillow can decode."
        ) from exc
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
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


def _displayable(picture):
    """Return a grayscale picture as uint8 for display (any range to 0-255)."""
    if picture.min() >= 0 and picture.max() <= 255:
        return picture.astype(np.uint8)
    picture = picture / max(1.0, np.abs(picture).max())  # no overflow below
    low, high = picture.min(), picture.max()
    return np.round(255 * (picture - low) / max(high - low, 1e-300)).astype(np.uint8)


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
