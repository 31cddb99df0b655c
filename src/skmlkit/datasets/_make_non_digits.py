"""Pictures that are not digits: letters, symbols, scribbles, noise, textures."""

import string
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch, check_random_state

from ..utils._deprecation import size_renamed_to_n_samples
from ..utils._optional import import_optional
from ._sizes import cell_sizes

NON_DIGIT_KINDS = ("letters", "symbols", "scribbles", "blank", "noise", "textures")
# Glyphs left out of "letters" and "symbols" because people write digits that
# look like them (0 and O, 1 and l, 5 and S, 2 and Z, ...).
DIGIT_LIKE = "OoQDIilJjSsZzbgq|!/\\()[]{}"
LETTERS = "".join(c for c in string.ascii_letters if c not in DIGIT_LIKE)
SYMBOLS = "".join(
    c for c in "#$%&@*+=?<>~^:;\u00a7\u00b6\u20ac\u00a3\u00a5\u03a9\u03c0\u221a"
)
TEXTURES = ("stripes", "checks", "grain", "marble", "dots", "weave")
# Fonts shipped with matplotlib (the same everywhere it is installed).
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSansMono.ttf",
    "STIXGeneral.ttf",
    "STIXGeneralItalic.ttf",
    "cmr10.ttf",
    "cmss10.ttf",
)


@size_renamed_to_n_samples(
    "n_per_kind", cells=lambda kw: len(kw.get("kinds", NON_DIGIT_KINDS))
)
def make_non_digit_images(n_samples=120, *, kinds=NON_DIGIT_KINDS, random_state=None):
    """Render pictures that are not digits, to test a reader's "not a digit".

    A digit classifier answers with one of its classes for any input; these
    pictures measure how often a way to abstain (e.g.
    :meth:`MNISTClassifier.predict_reject
    <skmlkit.neural_network.MNISTClassifier.predict_reject>`) says "not a
    digit" when it should. They come on the same papers and at the same
    sizes (28 to 200 pixels) as :func:`make_digit_images`, dark ink on
    light paper or (one in four) light on dark. Pillow (the ``images``
    extra) is needed; the glyphs use the fonts shipped with matplotlib
    (the ``plot`` extra) when it is installed, else Pillow's default font.

    Parameters
    ----------
    n_samples : int, default=120
        Number of images, shared as evenly as possible by the kinds (the
        first kinds get one more when it does not divide). Pass it by
        keyword: ``n_per_kind`` (images per kind) and a size passed by
        position are deprecated and mean what they meant.
    kinds : sequence of str, default=NON_DIGIT_KINDS
        ``"letters"`` (Latin letters from several fonts, leaving out the
        digit-like ``DIGIT_LIKE``: O, I, l, S, Z, b, g, q, ...),
        ``"symbols"`` (``# $ % & @ * + = ? < > ~ ^ : ; § ¶ € £ ¥ Ω π √``),
        ``"scribbles"`` (random pen paths of 3 to 12 turns),
        ``"blank"`` (empty paper, with or without a faint gradient),
        ``"noise"`` (uniform, Gaussian or salt-and-pepper) and
        ``"textures"`` (stripes, checks, grain, marble, dots, weave).

    random_state : int, RandomState instance or None, default=None
        Seed of the pictures.

    Returns
    -------
    data : Bunch
        ``data`` (list of PIL images; also as ``images``), ``kind`` (ndarray
        of str, one of ``kinds`` per image) and ``detail`` (ndarray of str:
        the glyph, the texture or noise name).

    Examples
    --------
    >>> from skmlkit.datasets import make_non_digit_images
    >>> data = make_non_digit_images(n_samples=12, random_state=0)
    >>> len(data.images), sorted(set(data.kind.tolist()))[:3]
    (12, ['blank', 'letters', 'noise'])
    """
    Image = import_optional("PIL.Image")
    unknown = sorted(set(kinds) - set(NON_DIGIT_KINDS))
    if unknown:
        raise ValueError(
            f"Unknown kinds {unknown}; choose from {list(NON_DIGIT_KINDS)}."
        )
    sizes = iter(cell_sizes(n_samples, len(kinds)))
    rng = check_random_state(random_state)
    fonts = _fonts()
    images, kind_of, details = [], [], []
    for kind in kinds:
        for _ in range(next(sizes)):
            ink, detail = _MAKERS[kind](Image, fonts, rng)
            images.append(_on_paper(Image, ink, kind, rng))
            kind_of.append(kind)
            details.append(detail)
    return Bunch(
        data=images, images=images, kind=np.array(kind_of), detail=np.array(details)
    )


def _fonts():
    """Font files from matplotlib's data, or None for Pillow's default font."""
    try:
        matplotlib = import_optional("matplotlib")
    except ImportError:
        return None
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    found = [str(folder / name) for name in FONT_FILES if (folder / name).is_file()]
    return found or None


def _glyph(Image, fonts, rng, alphabet):
    """One glyph drawn in ink (1.0) on a 0.0 canvas, with a random font."""
    ImageDraw = import_optional("PIL.ImageDraw")
    ImageFont = import_optional("PIL.ImageFont")
    character = alphabet[rng.randint(len(alphabet))]
    size = 96
    if fonts:
        font = ImageFont.truetype(fonts[rng.randint(len(fonts))], size)
    else:
        font = ImageFont.load_default(size)
    canvas = Image.new("L", (2 * size, 2 * size), 0)
    ImageDraw.Draw(canvas).text((size // 2, size // 3), character, fill=255, font=font)
    ink = np.asarray(canvas, dtype=np.float64) / 255
    if ink.max() == 0:  # a font without the glyph: fall back to a letter box
        ink[size // 2 : size, size // 2 : size] = 1.0
    return _crop(ink), character


def _letters(Image, fonts, rng):
    return _glyph(Image, fonts, rng, LETTERS)


def _symbols(Image, fonts, rng):
    return _glyph(Image, fonts, rng, SYMBOLS)


def _scribbles(Image, fonts, rng):
    """Draw a pen path through random points, smoothed."""
    ImageDraw = import_optional("PIL.ImageDraw")
    turns = rng.randint(3, 13)
    points = rng.uniform(20, 180, size=(turns, 2))
    t = np.linspace(0, 1, 30 * turns)
    knots = np.linspace(0, 1, turns)
    path = np.column_stack([np.interp(t, knots, points[:, i]) for i in range(2)])
    # Smooth corners with a moving average.
    kernel = np.ones(9) / 9
    path = np.column_stack(
        [
            np.convolve(np.pad(path[:, i], 4, mode="edge"), kernel, "valid")
            for i in range(2)
        ]
    )
    canvas = Image.new("L", (200, 200), 0)
    width = int(rng.randint(4, 14))
    ImageDraw.Draw(canvas).line(
        [tuple(p) for p in path], fill=255, width=width, joint="curve"
    )
    return _crop(np.asarray(canvas, dtype=np.float64) / 255), f"{turns} turns"


def _blank(Image, fonts, rng):
    side = 120
    if rng.rand() < 0.5:
        return np.zeros((side, side)), "empty"
    ramp = np.linspace(0, rng.uniform(0.05, 0.2), side)
    return np.add.outer(ramp, ramp[::-1]) / 2, "gradient"


def _noise(Image, fonts, rng):
    side = rng.randint(28, 160)
    name = ("uniform", "gaussian", "salt_pepper")[rng.randint(3)]
    if name == "uniform":
        return rng.rand(side, side), name
    if name == "gaussian":
        return np.clip(rng.normal(0.5, 0.2, size=(side, side)), 0, 1), name
    return (rng.rand(side, side) < rng.uniform(0.02, 0.2)).astype(float), name


def _textures(Image, fonts, rng):
    from scipy import ndimage

    side = rng.randint(40, 200)
    name = TEXTURES[rng.randint(len(TEXTURES))]
    yy, xx = np.mgrid[0:side, 0:side] / side
    angle = rng.uniform(0, np.pi)
    u = np.cos(angle) * xx + np.sin(angle) * yy
    v = -np.sin(angle) * xx + np.cos(angle) * yy
    period = rng.uniform(3, 10)
    if name == "stripes":
        ink = np.sin(2 * np.pi * period * u) > 0
    elif name == "checks":
        ink = (np.floor(period * u) + np.floor(period * v)) % 2 == 0
    elif name == "grain":
        ink = ndimage.gaussian_filter(rng.rand(side, side), side / 30) > 0.5
    elif name == "marble":
        turbulence = ndimage.gaussian_filter(rng.rand(side, side), side / 12)
        turbulence = (turbulence - turbulence.mean()) / (turbulence.std() + 1e-9)
        ink = np.sin(2 * np.pi * (period * u + 0.8 * turbulence)) > 0.3
    elif name == "dots":
        ink = (np.sin(2 * np.pi * period * u) * np.sin(2 * np.pi * period * v)) > 0.6
    else:  # weave
        ink = (np.sin(2 * np.pi * period * u) > 0) ^ (
            np.sin(2 * np.pi * period * v) > 0
        )
    return ink.astype(float), name


_MAKERS = {
    "letters": _letters,
    "symbols": _symbols,
    "scribbles": _scribbles,
    "blank": _blank,
    "noise": _noise,
    "textures": _textures,
}


def _crop(ink):
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    if not len(rows):
        return ink
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _on_paper(Image, ink, kind, rng):
    """Ink (0-1) on paper with a margin, at 28-200 pixels, as a grayscale image."""
    if kind in ("letters", "symbols", "scribbles"):
        height, width = ink.shape
        margin = int(0.3 * max(height, width))
        ink = np.pad(ink, margin)
    height, width = ink.shape
    side = rng.randint(28, 201)
    scale = side / max(height, width)
    size = (max(8, round(width * scale)), max(8, round(height * scale)))
    picture = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        size, Image.Resampling.LANCZOS
    )
    values = np.asarray(picture, dtype=np.float64) / 255
    paper, pen = rng.uniform(200, 250), rng.uniform(0, 60)
    if rng.rand() < 0.25:  # light ink on a dark board or screen
        paper, pen = pen, paper
    grey = paper + (pen - paper) * values
    return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))
