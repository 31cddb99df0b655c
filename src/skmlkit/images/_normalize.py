"""Normalise a picture of one digit the way MNIST's digits were made.

MNIST digits are white ink on black, size-normalised to fit a 20 x 20 box
(aspect ratio kept) and centred by centre of mass in a 28 x 28 image.
"""

import numpy as np
from scipy import ndimage

from ..utils._optional import import_optional
from ._background import background_is_light, remove_background, unit_range
from ._ink import drop_lines_and_specks

BOX = 20
SIDE = 28
# Ink is what stands out from the background by this share of the range.
INK_THRESHOLD = 0.2
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
# Median stroke width of MNIST training digits in their 20-pixel box, measured
# as ink area over half the perimeter of the thresholded digit.
MNIST_STROKE_WIDTH = 2.85


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
    image = unit_range(image)
    if invert == "auto":
        invert = background_is_light(image)
    if invert:
        image = 1.0 - image
    if upsample:
        image = _working_size(image)
    image = remove_background(image, local=local_background)
    mask = image > INK_THRESHOLD
    if clean:
        mask = drop_lines_and_specks(image, mask)
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


def _working_size(image):
    """Resample so the longer side is at most 160 and the shorter at least 64.

    A very elongated picture (a stroke 2 pixels high and thousands wide) keeps
    its longer side at most 4 x 160: enlarging its short side would make a
    picture of millions of pixels out of a few bytes.
    """
    height, width = image.shape
    scale = min(1.0, MAX_WORKING_SIDE / max(height, width))
    scale = max(scale, min(MIN_WORKING_SIDE / min(height, width), 8.0))
    scale = min(scale, 4 * MAX_WORKING_SIDE / max(height, width))
    if scale == 1.0:
        return image
    return resize(image, scale)


def resize(image, scale):
    """Resample by ``scale``: bicubic to enlarge, box averaging to reduce."""
    Image = import_optional("PIL.Image")
    height, width = image.shape
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX
    resized = Image.fromarray(image.astype(np.float32), mode="F").resize(size, method)
    return np.asarray(resized, dtype=np.float64)


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
