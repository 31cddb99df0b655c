"""Synthetic handwritten digits as image files would show them: pen, paper, camera."""

import itertools

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ..utils._deprecation import size_renamed_to_n_samples
from ..utils._optional import import_optional
from ._digit_strokes import TEMPLATES
from ._sizes import cell_sizes

# Each image shows one of these departures from a plain dark-on-white digit.
DEGRADATIONS = (
    "clean",
    "small",
    "large",
    "off_centre",
    "tinted_paper",
    "coloured_ink",
    "pencil",
    "jpeg",
    "blur",
    "noise",
    "shadow",
    "thick",
    "thin",
    "slant",
    "fill_box",
    "ruled_line",
    "specks",
)
# Departures a caller can ask for by name that the default draw leaves out
# (kept out so that default draws, and the figures measured on them, stay
# the same for a seed).
EXTRA_DEGRADATIONS = ("binarised",)
CANVAS = 256  # drawing side in pixels, before the final resize
INK_COLOURS = [(25, 45, 160), (170, 25, 30), (20, 110, 50), (90, 30, 130)]
PAPER_TINTS = [(236, 224, 180), (200, 215, 235), (205, 205, 200), (215, 235, 210)]


@size_renamed_to_n_samples(
    "n_per_class", cells=lambda kw: 10 * len(kw.get("degradations", DEGRADATIONS))
)
def make_digit_images(
    n_samples=1700, *, degradations=DEGRADATIONS, random_state=None, return_X_y=False
):
    """Render handwritten-looking digit pictures with realistic degradations.

    Every digit is drawn by a pen along one of several writing variants
    (open and closed 4, crossed 7, 1 with flag and base, ...), with random
    slant, width, stroke thickness and a smooth wobble of the hand, then put
    on paper and degraded as a scan or phone photo would be (see
    ``degradations``). The pictures are Pillow images of 24 to 300 pixels,
    ready to be saved as files or passed to
    :func:`skmlkit.images.read_digit_images`. Pillow (the ``images`` extra)
    is needed.

    Parameters
    ----------
    n_samples : int, default=1700
        Number of images, shared as evenly as possible by the digits within
        each degradation (in the order of ``degradations``, then digits 0-9;
        the first cells get one more when it does not divide). Pass it by
        keyword: ``n_per_class`` (images per digit and degradation) and a
        size passed by position are deprecated and mean what they meant.
    degradations : sequence of str, default=DEGRADATIONS
        Departures from a plain dark-on-white digit of 40-140 pixels, one per
        image: ``"clean"``, ``"small"`` (24-32 px), ``"large"`` (200-300 px),
        ``"off_centre"`` (a small digit away from the middle), ``"tinted_paper"``,
        ``"coloured_ink"``, ``"pencil"`` (grey, grainy, thin), ``"jpeg"``
        (quality 10-35), ``"blur"``, ``"noise"``, ``"shadow"`` (a lighting
        gradient and a cast shadow), ``"thick"`` and ``"thin"`` strokes,
        ``"slant"`` (strong), ``"fill_box"`` (stretched to a square box),
        ``"ruled_line"`` (lines of ruled paper) and ``"specks"`` (dirt).
        Also accepted, though not in the default: ``"binarised"``, a thick
        pen of one width scanned at 10-16 pixels, thresholded to black and
        white and enlarged by repeating pixels (as old scanned digit sets
        are).
    random_state : int, RandomState instance or None, default=None
        Seeds the drawing.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``data`` (list of PIL images, RGB or grayscale, of several sizes; also
        as ``images``), ``target`` (ndarray of int digits), ``degradation``
        and ``variant`` (ndarrays of str).
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from skmlkit.datasets import make_digit_images
    >>> data = make_digit_images(
    ...     n_samples=20, degradations=["clean", "thick"], random_state=0
    ... )
    >>> len(data.images), sorted(set(data.target.tolist()))[:3]
    (20, [0, 1, 2])
    >>> data.degradation[:2].tolist()
    ['clean', 'clean']
    """
    Image = import_optional("PIL.Image")
    known = DEGRADATIONS + EXTRA_DEGRADATIONS
    unknown = sorted(set(degradations) - set(known))
    if unknown:
        raise ValueError(f"Unknown degradations {unknown}; choose from {known}.")
    sizes = iter(cell_sizes(n_samples, 10 * len(degradations)))
    rng = check_random_state(random_state)
    images, target, kinds, variants = [], [], [], []
    for kind in degradations:
        for digit in range(10):
            for _ in range(next(sizes)):
                variant = rng.choice(sorted(TEMPLATES[digit]))
                images.append(_render(Image, digit, variant, kind, rng))
                target.append(digit)
                kinds.append(kind)
                variants.append(f"{digit}:{variant}")
    target = np.array(target)
    if return_X_y:
        return images, target
    return Bunch(
        data=images,
        images=images,
        target=target,
        degradation=np.array(kinds),
        variant=np.array(variants),
    )


def _render(Image, digit, variant, kind, rng):
    style = _style(digit, kind, rng)
    strokes = TEMPLATES[digit][variant]
    if kind == "fill_box" and digit != 1:  # a 1 stays a stroke in any box
        xs = np.concatenate([np.asarray(stroke)[:, 0] for stroke in strokes])
        style["width_factor"] = rng.uniform(0.9, 1.0) / np.ptp(xs)
    mask = _draw(Image, strokes, style, rng)
    picture = _compose(Image, mask, style, kind, rng)
    return _finish(Image, picture, style, kind, rng)


def _style(digit, kind, rng):
    """Random hand and paper; ``kind`` pushes one of them to an extreme."""
    style = {
        "width_factor": rng.uniform(0.75, 1.05),
        "slant": rng.uniform(-0.15, 0.25),
        "rotation": rng.uniform(-6, 6),
        "stroke": rng.uniform(0.07, 0.11),
        "height": rng.uniform(0.6, 0.78),
        "offset": rng.uniform(-0.06, 0.06, size=2),
        "paper": np.full(3, rng.uniform(225, 250)),
        "ink": np.full(3, rng.uniform(10, 60)),
        "size": int(rng.randint(40, 141)),
        "wobble": rng.uniform(0.01, 0.03),
    }
    if kind == "small":
        style["size"] = int(rng.randint(24, 33))
    elif kind == "large":
        style["size"] = int(rng.randint(200, 301))
    elif kind == "off_centre":
        style["height"] = rng.uniform(0.3, 0.42)
        style["offset"] = rng.choice([-1, 1], size=2) * rng.uniform(0.15, 0.26, size=2)
        style["size"] = int(rng.randint(80, 201))
    elif kind == "tinted_paper":
        style["paper"] = np.array(
            PAPER_TINTS[rng.randint(len(PAPER_TINTS))]
        ) * rng.uniform(0.8, 1.0)
    elif kind == "coloured_ink":
        style["ink"] = np.array(INK_COLOURS[rng.randint(len(INK_COLOURS))], dtype=float)
    elif kind == "pencil":
        style["ink"] = np.full(3, rng.uniform(90, 140))
        style["stroke"] = rng.uniform(0.035, 0.06)
    elif kind == "thick":
        style["stroke"] = rng.uniform(0.16, 0.24)
    elif kind == "thin":
        style["stroke"] = rng.uniform(0.02, 0.04)
    elif kind == "binarised":
        style["stroke"] = rng.uniform(0.13, 0.22)
        style["height"] = rng.uniform(0.78, 0.92)
        style["size"] = int(rng.randint(10, 17))  # the scan's side
    elif kind == "slant":
        style["slant"] = rng.choice([-1, 1]) * rng.uniform(0.3, 0.5) + 0.05
    return style


def _draw(Image, strokes, style, rng):
    """Ink coverage in [0, 1] on the square canvas."""
    ImageDraw = import_optional("PIL.ImageDraw")
    scale = 2  # supersampling
    side = CANVAS * scale
    mask = Image.new("L", (side, side), 0)
    pen = ImageDraw.Draw(mask)
    radius = max(1.0, style["stroke"] * style["height"] * side / 2)
    field = _wobble(style["wobble"], rng)
    for stroke in strokes:
        points = _place(_densify(np.asarray(stroke, dtype=float)), style, field, side)
        pen.line([tuple(p) for p in points], fill=255, width=round(2 * radius))
        for x, y in points:
            pen.ellipse([x - radius, y - radius, x + radius, y + radius], fill=255)
    mask = mask.resize((CANVAS, CANVAS), Image.Resampling.LANCZOS)
    return np.asarray(mask, dtype=float) / 255.0


def _densify(points, step=0.03):
    out = [points[0]]
    for a, b in itertools.pairwise(points):
        n = max(1, int(np.ceil(np.linalg.norm(b - a) / step)))
        out.extend(a + (b - a) * t for t in np.linspace(0, 1, n + 1)[1:])
    return np.array(out)


def _wobble(amplitude, rng):
    """Return a smooth random displacement of the hand (two sinusoids per axis)."""
    freq = rng.uniform(0.5, 1.5, size=(2, 2, 2))
    phase = rng.uniform(0, 2 * np.pi, size=(2, 2))

    def field(points):
        moved = points.copy()
        for axis in range(2):
            for k in range(2):
                moved[:, axis] += amplitude * np.sin(
                    2 * np.pi * (points @ freq[axis, k]) + phase[axis, k]
                )
        return moved

    return field


def _place(points, style, field, side):
    """Unit-box points -> canvas pixels: wobble, width, slant, rotation."""
    points = field(points)
    x = 0.5 + (points[:, 0] - 0.5) * style["width_factor"]
    y = points[:, 1]
    x = x + style["slant"] * (0.5 - y)
    angle = np.radians(style["rotation"])
    dx, dy = x - 0.5, y - 0.5
    x = 0.5 + dx * np.cos(angle) - dy * np.sin(angle)
    y = 0.5 + dx * np.sin(angle) + dy * np.cos(angle)
    height = style["height"] * side
    centre = side * (0.5 + style["offset"])
    return np.column_stack(
        [centre[0] + (x - 0.5) * height, centre[1] + (y - 0.5) * height]
    )


def _compose(Image, mask, style, kind, rng):
    """Ink on paper, RGB floats, with the lighting and marks of ``kind``."""
    if kind == "pencil":
        mask = mask * np.clip(rng.normal(0.85, 0.25, mask.shape), 0.2, 1.0)
    paper = np.broadcast_to(style["paper"], (*mask.shape, 3)).copy()
    if kind == "ruled_line":
        _rule_lines(paper, rng)
    if kind == "specks":
        _specks(mask, rng)
    picture = paper * (1 - mask[..., None]) + style["ink"] * mask[..., None]
    if kind == "shadow":
        picture *= _shadow(rng)[..., None]
    if kind == "blur":
        ImageFilter = import_optional("PIL.ImageFilter")
        blurred = Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(rng.uniform(0.02, 0.04) * CANVAS)
        )
        picture = np.asarray(blurred, dtype=float)
    return picture


def _rule_lines(paper, rng):
    spacing = int(rng.uniform(0.25, 0.4) * CANVAS)
    width = max(2, int(rng.uniform(0.008, 0.016) * CANVAS))
    first = int(rng.randint(0, spacing))
    colour = np.array([150.0, 170.0, 210.0]) * rng.uniform(0.8, 1.05)
    for row in range(first, CANVAS, spacing):
        paper[row : row + width] = colour


def _specks(mask, rng):
    yy, xx = np.mgrid[:CANVAS, :CANVAS]
    for _ in range(int(rng.randint(4, 12))):
        cy, cx = rng.uniform(0, CANVAS, size=2)
        radius = rng.uniform(0.006, 0.018) * CANVAS
        mask[(yy - cy) ** 2 + (xx - cx) ** 2 <= radius**2] = rng.uniform(0.5, 1.0)


def _shadow(rng):
    """Lighting falling off across the page plus the hard edge of a cast shadow."""
    yy, xx = np.mgrid[:CANVAS, :CANVAS] / CANVAS
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * (xx - 0.5) + np.sin(angle) * (yy - 0.5)) + 0.5
    light = 1.0 - rng.uniform(0.3, 0.55) * np.clip(ramp, 0, 1)
    edge_angle = rng.uniform(0, 2 * np.pi)
    edge = np.cos(edge_angle) * (xx - 0.5) + np.sin(edge_angle) * (yy - 0.5)
    cast = np.where(edge > rng.uniform(0.1, 0.35), rng.uniform(0.55, 0.75), 1.0)
    return light * cast


def _binarise(Image, image, rng):
    """Black ink on white at the scan's size, enlarged by repeating pixels."""
    pixels = np.asarray(image.convert("L"), dtype=float)
    middle = (pixels.min() + pixels.max()) / 2
    binary = np.where(pixels < middle, 0, 255).astype(np.uint8)
    side = binary.shape[0] * int(rng.randint(2, 9))
    return Image.fromarray(binary).resize((side, side), Image.Resampling.NEAREST)


def _finish(Image, picture, style, kind, rng):
    """Resize to the final size; sensor noise; grayscale or colour; JPEG."""
    size = style["size"]
    image = Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).resize(
        (size, size), Image.Resampling.LANCZOS
    )
    if kind == "binarised":
        return _binarise(Image, image, rng)
    if kind == "noise":
        pixels = np.asarray(image, dtype=float)
        pixels = (
            pixels + rng.normal(0, rng.uniform(15, 35), pixels.shape[:2])[..., None]
        )
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if kind not in ("tinted_paper", "coloured_ink") and rng.random() < 0.5:
        image = image.convert("L")
    if kind == "jpeg":
        import io

        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=int(rng.randint(10, 36)))
        image = Image.open(io.BytesIO(buffer.getvalue()))
        image.load()
    return image
