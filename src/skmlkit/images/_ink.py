"""Ink components: what is a stroke, what is a ruled line, a speck or a smudge.

One connected-components implementation for every reader of digit images.
"""

import numpy as np
from scipy import ndimage

# Components of the picture whose strongest pixel stays below this share of
# the strongest ink are not ink (edges of shadows, faint lines, smudges).
STRONG_INK = 0.5


def drop_lines_and_specks(image, mask):
    """Mask without ruled lines and without small components off the digit."""
    height, width = mask.shape
    mask = mask & ~ruled_lines(mask)
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


def ruled_lines(mask):
    """Thin horizontal bands of ink that cross nearly the whole picture."""
    height, width = mask.shape
    long_run = long_horizontal_runs(mask, max(2, round(0.9 * width)))
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


def long_horizontal_runs(mask, length):
    """Pixels of ``mask`` in horizontal runs of at least ``length`` pixels.

    The same as a binary opening with a 1 x ``length`` bar, in time and
    memory linear in the picture's size whatever ``length`` (scipy's opening
    with a bar thousands of pixels long runs out of memory).
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # same row-major order as the starts
    runs = np.zeros((height, width + 1), dtype=np.int32)
    long = ends - starts >= length
    np.add.at(runs, (rows[long], starts[long]), 1)
    np.add.at(runs, (rows[long], ends[long]), -1)
    return np.cumsum(runs, axis=1)[:, :width] > 0
