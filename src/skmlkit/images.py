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
from scipy import ndimage

from .exceptions import ImageTooLargeError
from .utils._optional import import_optional

__all__ = [
    "MAX_PIXELS",
    "MNIST_STROKE_WIDTH",
    "NORMALIZATION_DEFAULTS",
    "NORMALIZATION_STEPS",
    "ImageTooLargeError",
    "normalize_digit",
    "read_digit_image",
    "read_digit_images",
    "stroke_width_of",
]

BOX = 20
SIDE = 28
# Largest image decoded (width x height); bigger ones are refused before
# decoding, so a small file claiming a huge size cannot exhaust memory.
MAX_PIXELS = 50_000_000
# Ink is what stands out from the background by this share of the range.
INK_THRESHOLD = 0.2


def normalize_digit(
    image,
    *,
    invert="auto",
    upsample=True,
    local_background=True,
    clean=True,
    deskew=False,
    stroke_width=False,
):
    """Normalise a grayscale digit image to a 28 x 28 MNIST-style image.

    The steps, each measured on digit files that are not MNIST (see the
    user guide, "Reading digit images"): invert to light ink on dark,
    bring the picture to a working size (``upsample``), subtract the paper
    (``local_background``), drop specks and ruled lines (``clean``), crop
    the ink, optionally undo the slant (``deskew``) and bring the strokes
    to MNIST's width (``stroke_width``), fit into 20 x 20 keeping the
    aspect ratio and centre by centre of mass in 28 x 28, as MNIST was made.

    Parameters
    ----------
    image : array-like of shape (height, width)
        Grayscale intensities, any numeric range.
    invert : {"auto", True, False}, default="auto"
        Whether to invert intensities so that the ink is bright. ``"auto"``
        inverts when the border of the image (the background) is lighter
        than its middle range, i.e. for dark ink on a light background.
    upsample : bool, default=True
        Work on at least 64 pixels per side (tiny pictures are enlarged,
        bicubic, before the ink is found) and at most 160 (large pictures
        are reduced first, which also averages out sensor noise). If False,
        the picture is used at its own size.
    local_background : bool, default=True
        Where the border shows uneven paper (its paper-coloured pixels
        spread over more than a tenth of the ink's contrast, or a long
        stretch of it lies between paper and ink: a deep shadow), estimate
        the paper's brightness locally with a grey-level opening half the
        picture wide, so that shadows and uneven light are removed;
        elsewhere, and if False, one level, the median of the border, is
        subtracted.
    clean : bool, default=True
        Remove ruled lines (thin bands of ink crossing the whole picture),
        faint marks (parts that never reach half the strength of the ink:
        edges of shadows, light lines, smudges) and specks (ink components
        that are both small next to the digit and outside its box).
    deskew : bool, default=False
        Shear the ink so that its principal axis is vertical (moment
        deskewing). Off by default: measured, it costs accuracy with models
        trained on MNIST's slanted digits.
    stroke_width : bool, default=False
        Thin strokes much thicker than MNIST's pen and thicken much thinner
        ones (grey erosion or dilation of the crop). Off by default: the
        ``"robust"`` augmentation already trains for other pens.

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
    image = _unit_range(image)
    if invert == "auto":
        invert = _background_is_light(image)
    if invert:
        image = 1.0 - image
    if upsample:
        image = _working_size(image)
    image = _remove_background(image, local=local_background)
    mask = image > INK_THRESHOLD
    if clean:
        mask = _drop_lines_and_specks(image, mask)
        image = np.where(ndimage.binary_dilation(mask, iterations=2), image, 0.0)
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if not len(rows):
        raise ValueError("No digit found: no stroke stands out from the background.")
    ink = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    if deskew:
        ink = _deskew(ink)
    if stroke_width:
        ink = _normalize_stroke_width(ink)
    return _center(_fit_box(ink))


# The steps of normalize_digit that can be switched, with their defaults.
NORMALIZATION_DEFAULTS = {
    "upsample": True,
    "local_background": True,
    "clean": True,
    "deskew": False,
    "stroke_width": False,
}
NORMALIZATION_STEPS = tuple(NORMALIZATION_DEFAULTS)
# Working size of the normalisation (pixels on the longer / shorter side).
MAX_WORKING_SIDE = 160
MIN_WORKING_SIDE = 64
# Components of the picture whose strongest pixel stays below this share of
# the strongest ink are not ink (edges of shadows, faint lines, smudges).
STRONG_INK = 0.5
# Ink must stand out from the paper by this share of the image's range
# (intensities are first scaled to [0, 1]).
MIN_CONTRAST = 0.05
# Paper is taken as unevenly lit when the border's paper 10-80% range exceeds
# this share of the ink's contrast.
UNEVEN_BORDER = 0.1
# Median stroke width of MNIST training digits in their 20-pixel box, measured
# as ink area over half the perimeter of the thresholded digit.
MNIST_STROKE_WIDTH = 2.85


def _border(image):
    return np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])


def _background_is_light(image):
    """Tell whether the border is lighter than the image's middle range."""
    return np.median(_border(image)) > (image.min() + image.max()) / 2


def _working_size(image):
    """Resample so the longer side is at most 160 and the shorter at least 64."""
    height, width = image.shape
    scale = min(1.0, MAX_WORKING_SIDE / max(height, width))
    scale = max(scale, min(MIN_WORKING_SIDE / min(height, width), 8.0))
    if scale == 1.0:
        return image
    Image = import_optional("PIL.Image")
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX
    resized = Image.fromarray(image.astype(np.float32), mode="F").resize(size, method)
    return np.asarray(resized, dtype=np.float64)


def _unit_range(image):
    """Intensities scaled to [0, 1] (float32-safe for any finite input)."""
    image = image / max(1.0, np.abs(image).max())  # no overflow in max - min
    low, high = image.min(), image.max()
    if high <= low:
        raise ValueError("No digit found: the image is uniform.")
    return (image - low) / (high - low)


def _remove_background(image, *, local):
    """Ink above the paper, scaled so the strongest ink is 1."""
    if local and min(image.shape) >= 8 and _uneven_border(image):
        # An opening removes every bright structure narrower than its window
        # (strokes) and keeps ramps and step edges (light falloff, shadows).
        # It is taken of a lightly smoothed copy, so that noise does not
        # pull the estimate down; the ink itself is not smoothed.
        window = max(3, min(image.shape) // 2)
        smooth = ndimage.gaussian_filter(image, sigma=1.0, mode="nearest")
        image = image - ndimage.grey_opening(smooth, size=window, mode="nearest")
    image = image - np.median(_border(image))
    image = np.clip(image, 0, None)
    peak = image.max()
    # Resampling can ring a little above the paper: ink must stand out.
    if peak <= MIN_CONTRAST:
        raise ValueError(
            "No digit found: nothing stands out from the background (a "
            "uniform image, or invert set against the picture's polarity)."
        )
    return image / peak


def _uneven_border(image):
    """Tell whether the paper's level varies along the border (light, shadow).

    Two signs: the paper-coloured border pixels (darker than half the ink's
    contrast) spread over more than a tenth of the contrast, or one stretch
    of at least a third of a side stays at a level between paper and ink (a
    deep shadow; strokes running off the edge are brief or at full
    strength).
    """
    border = _border(image)
    level = np.median(border)
    contrast = image.max() - level
    if contrast <= 0:
        return False
    paper = border[border < level + 0.5 * contrast]
    if len(paper) >= 4:
        low, high = np.percentile(paper, [10, 80])
        if high - low > UNEVEN_BORDER * contrast:
            return True
    relative = (border - level) / contrast
    between = (relative > 0.2) & (relative < 0.8)
    return _longest_run(between) >= min(image.shape) / 3


def _longest_run(flags):
    """Length of the longest run of True values."""
    if not flags.any():
        return 0
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())


def _drop_lines_and_specks(image, mask):
    """Mask without ruled lines and without small components off the digit."""
    height, width = mask.shape
    mask = mask & ~_ruled_lines(mask)
    if not mask.any():
        raise ValueError("No digit found: the image shows only lines.")
    # Join pieces of a broken stroke (pencil grain) before counting components.
    reach = max(1, round(0.02 * max(height, width)))
    labels, n = ndimage.label(ndimage.binary_dilation(mask, iterations=reach))
    if n <= 1:
        return mask
    index = np.arange(1, n + 1)
    # Ink has a dark core; what only reaches a fraction of the strongest ink
    # is the edge of a shadow, a faint line or a smudge.
    strong = ndimage.maximum(image, labels, index=index) >= STRONG_INK
    mass = ndimage.sum(image * mask, labels, index=index) * strong
    big = np.flatnonzero(mass >= 0.1 * mass.max()) + 1
    keep = np.isin(labels, big)
    rows = np.flatnonzero(keep.any(axis=1))
    cols = np.flatnonzero(keep.any(axis=0))
    inside = np.zeros_like(mask)
    inside[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] = True
    # Small components count when they lie within the digit's box (a
    # detached dot or bar), not when they would stretch it (dirt).
    for label, box in enumerate(ndimage.find_objects(labels), start=1):
        if label not in big and strong[label - 1] and inside[box].all():
            keep[box] |= labels[box] == label
    return mask & keep


def _ruled_lines(mask):
    """Thin horizontal bands of ink that cross nearly the whole picture."""
    height, width = mask.shape
    long_run = ndimage.binary_opening(
        mask, structure=np.ones((1, max(2, round(0.9 * width))), dtype=bool)
    )
    rows = long_run.any(axis=1)
    lines = np.zeros_like(mask)
    bands, n = ndimage.label(rows)
    for band in range(1, n + 1):
        span = np.flatnonzero(bands == band)
        if len(span) > max(2, 0.06 * height):
            continue  # a wide bar is a stroke (or a filled image), not a rule
        top, bottom = span[0], span[-1] + 1
        lines[top:bottom] = long_run[top:bottom]
        # Keep the line where a stroke crosses it (ink just above and below).
        above = mask[max(0, top - 2) : top].any(axis=0)
        below = mask[bottom : bottom + 2].any(axis=0)
        lines[top:bottom, above & below] = False
    return lines


def _deskew(ink):
    """Shear horizontally so that the ink's second moments show no slant."""
    total = ink.sum()
    yy, xx = np.indices(ink.shape)
    cy, cx = (yy * ink).sum() / total, (xx * ink).sum() / total
    mu11 = ((yy - cy) * (xx - cx) * ink).sum() / total
    mu02 = ((yy - cy) ** 2 * ink).sum() / total
    if mu02 <= 0:
        return ink
    skew = mu11 / mu02
    height, _width = ink.shape
    pad = int(np.ceil(abs(skew) * height / 2)) + 1
    padded = np.pad(ink, ((0, 0), (pad, pad)))
    # Output (y, x) samples input (y, x + skew * (y - cy)).
    matrix = np.array([[1.0, 0.0], [skew, 1.0]])
    offset = np.array([0.0, -skew * cy])
    sheared = ndimage.affine_transform(padded, matrix, offset=offset, order=1)
    cols = np.flatnonzero((sheared > INK_THRESHOLD).any(axis=0))
    return sheared[:, cols[0] : cols[-1] + 1] if len(cols) else ink


def stroke_width_of(ink):
    """Estimate the mean stroke width of a digit, in pixels.

    The ink (pixels above half the range 0-1) has an area and a perimeter;
    for strokes much longer than wide, area over half the perimeter is
    their width.

    Parameters
    ----------
    ink : ndarray of shape (height, width)
        Ink intensities scaled to 0-1 (e.g. a normalised digit divided by
        255).

    Returns
    -------
    width : float
        Estimated stroke width in pixels.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.images import stroke_width_of
    >>> bar = np.zeros((40, 40))
    >>> bar[5:35, 10:14] = 1.0       # a stroke 4 pixels wide, 30 long
    >>> round(stroke_width_of(bar), 1)
    3.8
    """
    mask = ink > 0.5
    area = mask.sum()
    edge = mask & ~ndimage.binary_erosion(mask)
    return float(2.0 * area / max(1, edge.sum()))


def _normalize_stroke_width(ink):
    """Erode strokes much thicker, dilate strokes much thinner than MNIST's."""
    target = MNIST_STROKE_WIDTH * max(ink.shape) / BOX
    width = stroke_width_of(ink)
    size = round(abs(width - target))
    if width > 1.5 * target and size >= 1:
        return ndimage.grey_erosion(ink, size=(size + 1, size + 1))
    if width < 0.6 * target and size >= 1:
        return ndimage.grey_dilation(ink, size=(size + 1, size + 1))
    return ink


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


def read_digit_image(source, *, invert="auto", **steps):
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
    **steps : bool
        Normalisation steps to switch on or off (``upsample``,
        ``local_background``, ``clean``, ``deskew``, ``stroke_width``); see
        :func:`normalize_digit` for what each does and its default.

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
    _check_steps(steps)
    return normalize_digit(_to_grayscale(_open(source)), invert=invert, **steps)


def read_digit_images(sources, *, invert="auto", flatten=True, **steps):
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
    **steps : bool
        Normalisation steps to switch on or off, e.g. ``deskew=True`` or
        ``clean=False``; see :func:`normalize_digit`.

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
    _check_steps(steps)
    digits = [read_digit_image(source, invert=invert, **steps) for source in sources]
    if not digits:
        raise ValueError("No images given.")
    stack = np.stack(digits)
    return stack.reshape(len(stack), -1) if flatten else stack


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
