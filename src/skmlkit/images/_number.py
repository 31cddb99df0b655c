"""Read a number: split a picture of several digits into digits, left to right.

Dissection by connected components (Casey & Lecolinet 1996), with two
repairs: pieces of one broken digit (a 5's cap, a pencil gap) are merged
when they overlap horizontally, and a component too wide for one digit
(touching digits) is cut at low points of its column profile, choosing the
number of pieces and the cuts with the classifier's confidence (the
recogniser decides among candidate cuts, as in Matan et al. 1992).
"""

import itertools

import numpy as np
from scipy import ndimage
from sklearn.utils import Bunch

from ._background import background_is_light, remove_background, unit_range
from ._ink import ruled_lines
from ._normalize import INK_THRESHOLD, normalize_digit, resize
from ._read import _open, _to_grayscale

# Components smaller than this share of the largest one are dirt, unless
# they lie within a digit's columns (a detached stroke).
MIN_COMPONENT = 0.04
# Pieces overlapping horizontally by this share of the narrower one are
# parts of one digit.
MERGE_OVERLAP = 0.5
# ... and are stacked (rows shared by at most this share of the shorter),
# unless one lies almost entirely within the other's columns.
MAX_STACKED_OVERLAP = 0.5
# A piece shorter than this share of its neighbour is part of it (a cap).
SHORT_PIECE = 0.6
CONTAINED = 0.9
# A component wider than this times its height is considered for a split.
SPLIT_ASPECT = 0.85
# Widest single digit, as a share of its height.
MAX_SINGLE_ASPECT = 2.0
# Log-confidence an extra cut must gain to be made.
SPLIT_PRICE = 0.7
# Log-confidence a piece the classifier abstains on costs.
REJECT_PRICE = 5.0
# Log-confidence per unit of a piece's width beyond its height.
WIDE_PRICE = 1.5
# Narrowest piece a cut may leave, as a share of the component's height.
MIN_PIECE = 0.15
# Lowest points of the column profile tried as the cut between two digits.
TWO_PIECE_CUTS = 6
MAX_DIGITS = 16
# Height range of the working picture, in pixels.
MIN_HEIGHT, MAX_HEIGHT = 64, 160


def read_number(source, classifier, *, invert="auto", max_digits=MAX_DIGITS):
    """Read the digits of a number in one picture, left to right.

    The picture is cleaned as by :func:`read_digit_image` (paper, shadows,
    ruled lines), then split into connected components of ink. Pieces of
    one digit (a 5's detached cap, a broken pencil stroke) are merged when
    they overlap horizontally; a component too wide for one digit (touching
    digits) is cut at low points of its column profile, keeping the number
    of pieces and the cuts that the classifier reads with the most
    confidence. Each digit is then normalised like MNIST and classified.

    Parameters
    ----------
    source : str, path-like, bytes, file-like, PIL image or 2-D array
        The picture; an array holds grayscale intensities.
    classifier : fitted classifier
        A classifier of 28 x 28 MNIST-style digits, e.g. a fitted
        :class:`~skmlkit.neural_network.MNISTClassifier`; if it has
        ``predict_reject`` the digits it abstains on are marked.
    invert : {"auto", True, False}, default="auto"
        See :func:`normalize_digit`.
    max_digits : int, default=16
        Refuse pictures that split into more pieces than this.

    Returns
    -------
    reading : Bunch
        ``text`` (str: the digits read, ``"?"`` where the classifier
        abstains), ``labels`` (ndarray), ``proba`` (ndarray of shape
        (n_digits, n_classes)), ``rejected`` (bool ndarray), ``boxes``
        (ndarray of shape (n_digits, 4): left, top, right, bottom in the
        picture's pixels) and ``images`` (ndarray of shape (n_digits, 28,
        28): what the classifier saw).

    Raises
    ------
    ValueError
        If the picture cannot be read, shows no ink or more than
        ``max_digits`` pieces.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.images import read_number
    >>> page = np.zeros((60, 160))
    >>> for left in (20, 70, 120):
    ...     page[10:50, left : left + 6] = 1.0      # three "1"s
    >>> class Ones:                                 # any fitted classifier
    ...     classes_ = np.arange(10)
    ...     def predict_proba(self, X):
    ...         return np.tile(np.eye(10)[1], (len(X), 1))
    >>> reading = read_number(page, Ones())
    >>> reading.text, reading.boxes[:, 0].tolist()
    ('111', [20, 70, 120])
    """
    ink, scale = _ink_picture(source, invert)
    labels, n = ndimage.label(ink > INK_THRESHOLD, structure=np.ones((3, 3)))
    if n == 0:
        raise ValueError("No digit found: no stroke stands out from the background.")
    groups = _attach_short(_merge(_components(labels, n)))
    if len(groups) > max_digits:
        raise ValueError(
            f"The picture splits into {len(groups)} pieces, more than "
            f"max_digits={max_digits}: is it a number?"
        )
    pieces, proba, rejected = _best_pieces(ink, labels, groups, classifier)
    if len(pieces) > max_digits:
        raise ValueError(
            f"The picture splits into {len(pieces)} digits, more than "
            f"max_digits={max_digits}."
        )
    images = np.stack([piece["image"] for piece in pieces])
    found = classifier.classes_[np.argmax(proba, axis=1)]
    boxes = np.array([piece["box"] for piece in pieces], dtype=float) / scale
    return Bunch(
        text="".join(
            "?" if r else str(label) for label, r in zip(found, rejected, strict=True)
        ),
        labels=found,
        proba=proba,
        rejected=rejected,
        boxes=np.round(boxes).astype(int),
        images=images,
    )


def _ink_picture(source, invert):
    """Ink intensities (0-1, paper 0) of the picture at working size, and the scale."""
    if isinstance(source, np.ndarray):
        if np.iscomplexobj(source) or source.ndim != 2 or source.size == 0:
            raise ValueError(
                f"Expected a non-empty 2-D grayscale image, got shape {source.shape}."
            )
        picture = source.astype(np.float64)
        if not np.isfinite(picture).all():
            raise ValueError("The image contains NaN or infinite values.")
    else:
        picture = _to_grayscale(_open(source))
    image = unit_range(picture)
    if invert == "auto":
        invert = background_is_light(image)
    if invert:
        image = 1.0 - image
    # Work with pictures 64-160 pixels tall, whatever their width.
    height = image.shape[0]
    scale = min(8.0, max(MIN_HEIGHT / height, min(1.0, MAX_HEIGHT / height)))
    if scale != 1.0:
        image = resize(image, scale)
    image = remove_background(image, local=True)
    mask = image > INK_THRESHOLD
    image = np.where(mask & ~ruled_lines(mask), image, 0.0)
    return image, scale


def _components(labels, n):
    """Boxes and sizes of the components, dirt dropped."""
    sizes = ndimage.sum(np.ones_like(labels), labels, index=np.arange(1, n + 1))
    components = []
    for label, box in enumerate(ndimage.find_objects(labels), start=1):
        components.append(
            {
                "labels": [label],
                "left": box[1].start,
                "right": box[1].stop,
                "top": box[0].start,
                "bottom": box[0].stop,
                "size": sizes[label - 1],
            }
        )
    largest = max(c["size"] for c in components)
    big = [c for c in components if c["size"] >= MIN_COMPONENT * largest]
    small = [c for c in components if c["size"] < MIN_COMPONENT * largest]
    # Small pieces within a big one's columns are detached strokes; the rest is dirt.
    return big + [c for c in small if any(_overlap(c, b) > 0.5 for b in big)]


def _overlap(a, b):
    """Horizontal overlap as a share of the narrower box."""
    shared = min(a["right"], b["right"]) - max(a["left"], b["left"])
    narrower = min(a["right"] - a["left"], b["right"] - b["left"])
    return max(0, shared) / max(1, narrower)


def _merge(components):
    """Join components that overlap horizontally (one digit's pieces), left to right."""
    groups = sorted(components, key=lambda c: c["left"])
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _same_digit(groups[i], groups[j]):
                    groups[i] = _join(groups[i], groups.pop(j))
                    merged = True
                    break
            if merged:
                break
    return sorted(groups, key=lambda c: c["left"])


def _attach_short(groups):
    """Join pieces much shorter than the line's digits to their nearest neighbour.

    A 5's cap that overhangs its body, or the top of a broken stroke, is
    not a digit by itself: no digit is much shorter than the others.
    """
    while len(groups) > 1:
        heights = np.array([g["bottom"] - g["top"] for g in groups])
        short = np.flatnonzero(heights < SHORT_PIECE * np.median(heights))
        if not len(short):
            break
        i = int(short[np.argmin(heights[short])])
        gaps = [
            max(groups[i]["left"], g["left"]) - min(groups[i]["right"], g["right"])
            if j != i
            else np.inf
            for j, g in enumerate(groups)
        ]
        j = int(np.argmin(gaps))
        joined = _join(groups[i], groups[j])
        groups = [g for k, g in enumerate(groups) if k not in (i, j)] + [joined]
        groups.sort(key=lambda g: g["left"])
    return groups


def _same_digit(a, b):
    """Pieces of one digit: stacked in the same columns, not side by side.

    Two digits written close together may overlap horizontally (a 1 leaning
    under a 7's bar), but both span most of the line's height; pieces of one
    digit (a 5's cap, a broken stroke) sit one above the other or one is
    much shorter.
    """
    across = _overlap(a, b)
    heights = sorted([a["bottom"] - a["top"], b["bottom"] - b["top"]])
    shared = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    stacked = max(0, shared) <= MAX_STACKED_OVERLAP * max(1, heights[0])
    short = heights[0] < SHORT_PIECE * heights[1]
    return across >= CONTAINED or (across >= MERGE_OVERLAP and (stacked or short))


def _join(a, b):
    return {
        "labels": a["labels"] + b["labels"],
        "left": min(a["left"], b["left"]),
        "right": max(a["right"], b["right"]),
        "top": min(a["top"], b["top"]),
        "bottom": max(a["bottom"], b["bottom"]),
        "size": a["size"] + b["size"],
    }


def _best_pieces(ink, labels, groups, classifier):
    """Cut each group into the digits the classifier reads best (one predict call)."""
    options = []  # per group: list of candidate piece lists
    for group in groups:
        top, bottom = group["top"], group["bottom"]
        left, right = group["left"], group["right"]
        region = (ink * np.isin(labels, group["labels"]))[top:bottom, left:right]
        height, width = bottom - top, right - left
        candidates = [[0, width]] if width <= MAX_SINGLE_ASPECT * height else []
        if width > SPLIT_ASPECT * height:
            most = max(2, min(4, round(width / (0.45 * height))))
            for k in range(2, most + 1):
                candidates += _cuttings(region, k, height)
        if not candidates:
            candidates = [[0, width]]
        group_options = []
        for bounds in candidates:
            pieces = [
                _piece(region[:, a:b], (left + a, top, left + b, bottom))
                for a, b in itertools.pairwise(bounds)
            ]
            pieces = [p for p in pieces if p is not None]
            if pieces:
                group_options.append(pieces)
        options.append(group_options)
    flat = [piece for group in options for pieces in group for piece in pieces]
    if not flat:
        raise ValueError("No digit found: no stroke stands out from the background.")
    images = np.stack([piece["image"] for piece in flat]).reshape(len(flat), -1)
    proba = np.asarray(classifier.predict_proba(images))
    if hasattr(classifier, "predict_reject"):
        rejected = np.asarray(classifier.predict_reject(images), dtype=bool)
    else:
        rejected = np.zeros(len(flat), dtype=bool)
    for piece, row, reject in zip(flat, proba, rejected, strict=True):
        piece["proba"], piece["rejected"] = row, reject
    chosen = []
    for group_options in options:
        if group_options:
            chosen += max(group_options, key=_cut_score)
    return (
        chosen,
        np.stack([piece["proba"] for piece in chosen]),
        np.array([piece["rejected"] for piece in chosen]),
    )


def _cut_score(pieces):
    """Mean log-confidence of the pieces, less a price per extra cut and per reject.

    A piece the classifier abstains on costs ``REJECT_PRICE`` and nothing
    more: its confidence says nothing of the cut (a network trained with
    outlier exposure is unsure of every non-digit, and cutting one into a
    confident half and an unsure half must not look better than leaving it
    whole).
    """
    rejected_pieces = np.array([piece["rejected"] for piece in pieces], dtype=bool)
    confidence = np.array([piece["proba"].max() for piece in pieces])
    confidence[rejected_pieces] = 1.0
    rejected = int(rejected_pieces.sum())
    # Digits are seldom wider than tall; two touching digits usually are.
    aspects = np.array(
        [
            (p["box"][2] - p["box"][0]) / max(1, p["box"][3] - p["box"][1])
            for p in pieces
        ]
    )
    return (
        -WIDE_PRICE * np.clip(aspects - 1.0, 0, None).sum()
        + np.log(np.clip(confidence, 1e-12, 1)).mean()
        - SPLIT_PRICE * (len(pieces) - 1)
        - REJECT_PRICE * rejected
    )


def _cuttings(region, k, height):
    """Candidate cut sets into k pieces at low points of the column profile."""
    profile = ndimage.uniform_filter1d(region.sum(axis=0), size=3)
    width = len(profile)
    narrowest = max(1, round(MIN_PIECE * height))
    options = []
    for shift in (-0.12, 0.0, 0.12):
        bounds, ok = [0], True
        for i in range(1, k):
            centre = width * i / k + shift * width / k
            low = int(max(bounds[-1] + narrowest, centre - 0.25 * width / k))
            high = int(min(width - narrowest, centre + 0.25 * width / k))
            if high <= low:
                ok = False
                break
            bounds.append(low + int(np.argmin(profile[low:high])))
        if ok:
            options.append([*bounds, width])
    if k == 2:
        # A narrow digit (a 1) touching a wide one: any low point may be the cut.
        inner = profile[narrowest : width - narrowest]
        if len(inner) > 2:
            minima = np.flatnonzero(
                (inner[1:-1] <= inner[:-2]) & (inner[1:-1] <= inner[2:])
            )
            for index in minima[np.argsort(inner[1:-1][minima])][:TWO_PIECE_CUTS]:
                options.append([0, narrowest + 1 + int(index), width])
    return [list(b) for b in {tuple(b) for b in options}]


def _piece(ink, box):
    """Normalise one digit's ink; None when it holds (almost) nothing."""
    if (ink > INK_THRESHOLD).sum() < 4:
        return None
    padded = np.pad(ink, 2)
    image = normalize_digit(
        padded, invert=False, upsample=True, local_background=False, clean=False
    )
    return {"image": image, "box": box}
