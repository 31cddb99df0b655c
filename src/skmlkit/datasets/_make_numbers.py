"""Pictures of numbers composed from single-digit images (e.g. MNIST's test digits)."""

from numbers import Integral

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ..utils._deprecation import size_renamed_to_n_samples
from ..utils._optional import import_optional

SPACINGS = ("gaps", "touching")


@size_renamed_to_n_samples("n_numbers")
def make_number_images(
    X,
    y,
    n_samples=100,
    *,
    n_digits=(2, 8),
    spacing="gaps",
    height=40,
    random_state=None,
    return_X_y=False,
):
    """Compose pictures of multi-digit numbers from images of single digits.

    Each number is a random sequence of the given digit images (light ink on
    dark, as MNIST), cropped to their ink, scaled to a random height around
    ``height`` (80-120%), shifted up or down a little and laid out left to
    right, then drawn dark on light paper, as a number written on a form.
    Use digits a model was not trained on (e.g. MNIST's test set) to
    measure :func:`skmlkit.images.read_number`.

    Parameters
    ----------
    X : array-like of shape (n_samples, 784) or (n_samples, 28, 28)
        Digit images, ink bright on a dark background.
    y : array-like of shape (n_samples,)
        Their labels (single characters, e.g. 0-9).
    n_samples : int, default=100
        Pictures to make (``n_numbers`` is its deprecated name).
    n_digits : int or (int, int), default=(2, 8)
        Digits per number, or the inclusive range to draw it from.
    spacing : {"gaps", "touching"}, default="gaps"
        ``"gaps"``: 10-30% of ``height`` between neighbours;
        ``"touching"``: neighbours overlap by 0-10% of ``height``, so that
        strokes touch or cross.
    height : int, default=40
        Typical digit height in pixels.
    random_state : int, RandomState instance or None, default=None
        Seed.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``data`` (list of uint8 arrays of several widths, dark ink on light
        paper; also as ``images``), ``target`` (list of str: the digits
        shown; also as ``numbers``) and ``boxes`` (list of arrays of shape
        (n_digits, 4): left, top, right, bottom of each digit's ink).
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.datasets import make_number_images
    >>> X = np.zeros((2, 28, 28), dtype=np.uint8)
    >>> X[0, 4:24, 12:16] = 255                     # a "1"
    >>> X[1, 4:24, 8:20] = 255                      # a block, label 7
    >>> data = make_number_images(X, [1, 7], 3, n_digits=4, random_state=0)
    >>> len(data.images), [len(number) for number in data.numbers]
    (3, [4, 4, 4])
    """
    Image = import_optional("PIL.Image")
    X = np.asarray(X)
    if X.ndim == 2:
        side = round(np.sqrt(X.shape[1]))
        X = X.reshape(len(X), side, side)
    y = np.asarray(y)
    if X.ndim != 3 or len(X) != len(y) or len(y) == 0:
        raise ValueError(
            f"X must hold images matching y; got shapes {X.shape} and {y.shape}."
        )
    if spacing not in SPACINGS:
        raise ValueError(f"spacing must be one of {list(SPACINGS)}, got {spacing!r}.")
    low, high = (n_digits, n_digits) if np.isscalar(n_digits) else n_digits
    if not 1 <= low <= high:
        raise ValueError(f"n_digits must be >= 1 (or a range), got {n_digits!r}.")
    if isinstance(n_samples, bool) or not isinstance(n_samples, Integral):
        raise TypeError(f"n_samples must be an int, got {n_samples!r}.")
    rng = check_random_state(random_state)
    images, numbers, all_boxes = [], [], []
    for _ in range(n_samples):
        chosen = rng.randint(len(y), size=rng.randint(low, high + 1))
        glyphs = [_scaled(Image, X[i], height * rng.uniform(0.8, 1.2)) for i in chosen]
        if spacing == "gaps":
            gaps = rng.uniform(0.1, 0.3, size=len(glyphs)) * height
        else:
            gaps = -rng.uniform(0.0, 0.1, size=len(glyphs)) * height
        margin = height // 2
        canvas_h = int(1.5 * height) + 2 * margin
        widths = [g.shape[1] + gap for g, gap in zip(glyphs, gaps, strict=True)]
        lefts = np.cumsum([margin, *widths])
        canvas = np.zeros((canvas_h, int(lefts[-1]) + margin))
        boxes = []
        for glyph, left in zip(glyphs, lefts[:-1], strict=True):
            left = round(left)
            top = int(
                canvas_h / 2 - glyph.shape[0] / 2 + rng.uniform(-0.08, 0.08) * height
            )
            region = canvas[top : top + glyph.shape[0], left : left + glyph.shape[1]]
            np.maximum(region, glyph, out=region)
            boxes.append((left, top, left + glyph.shape[1], top + glyph.shape[0]))
        images.append(np.round(255 - 230 * canvas).astype(np.uint8))
        numbers.append("".join(str(label) for label in y[chosen]))
        all_boxes.append(np.array(boxes))
    if return_X_y:
        return images, numbers
    return Bunch(
        data=images, images=images, target=numbers, numbers=numbers, boxes=all_boxes
    )


def _scaled(Image, digit, height):
    """Crop the digit to its ink and scale it to ``height`` pixels (values 0-1)."""
    digit = digit.astype(np.float64) / max(1.0, digit.max())
    rows = np.flatnonzero(digit.max(axis=1) > 0.1)
    cols = np.flatnonzero(digit.max(axis=0) > 0.1)
    ink = digit[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    scale = height / ink.shape[0]
    size = (max(1, round(ink.shape[1] * scale)), max(1, round(height)))
    resized = Image.fromarray(ink.astype(np.float32), mode="F").resize(
        size, Image.Resampling.BICUBIC
    )
    return np.clip(np.asarray(resized, dtype=np.float64), 0, 1)
