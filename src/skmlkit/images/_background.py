"""The paper behind the ink: polarity, level, shadows and uneven light."""

import numpy as np
from scipy import ndimage

# Ink must stand out from the paper by this share of the image's range
# (intensities are first scaled to [0, 1]).
MIN_CONTRAST = 0.05
# Paper is taken as unevenly lit when the border's paper 10-80% range exceeds
# this share of the ink's contrast.
UNEVEN_BORDER = 0.1


def unit_range(image):
    """Intensities scaled to [0, 1] (float32-safe for any finite input)."""
    image = image / max(1.0, np.abs(image).max())  # no overflow in max - min
    low, high = image.min(), image.max()
    if high <= low:
        raise ValueError("No digit found: the image is uniform.")
    return (image - low) / (high - low)


def border(image):
    """Return the pixels along the four edges of the image."""
    return np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])


def background_is_light(image):
    """Tell whether the border is lighter than the image's middle range."""
    return np.median(border(image)) > (image.min() + image.max()) / 2


def remove_background(image, *, local):
    """Ink above the paper, scaled so the strongest ink is 1."""
    if local and min(image.shape) >= 8 and uneven_border(image):
        # An opening removes every bright structure narrower than its window
        # (strokes) and keeps ramps and step edges (light falloff, shadows).
        # It is taken of a lightly smoothed copy, so that noise does not
        # pull the estimate down; the ink itself is not smoothed.
        window = max(3, min(image.shape) // 2)
        smooth = ndimage.gaussian_filter(image, sigma=1.0, mode="nearest")
        image = image - ndimage.grey_opening(smooth, size=window, mode="nearest")
    image = image - np.median(border(image))
    image = np.clip(image, 0, None)
    peak = image.max()
    # Resampling can ring a little above the paper: ink must stand out.
    if peak <= MIN_CONTRAST:
        raise ValueError(
            "No digit found: nothing stands out from the background (a "
            "uniform image, or invert set against the picture's polarity)."
        )
    return image / peak


def uneven_border(image):
    """Tell whether the paper's level varies along the border (light, shadow).

    Two signs: the paper-coloured border pixels (darker than half the ink's
    contrast) spread over more than a tenth of the contrast, or one stretch
    of at least half a side stays at a level between paper and ink (a deep
    shadow; strokes running off the edge are brief or at full strength).
    """
    edge = border(image)
    level = np.median(edge)
    contrast = image.max() - level
    if contrast <= 0:
        return False
    paper = edge[edge < level + 0.5 * contrast]
    if len(paper) >= 4:
        low, high = np.percentile(paper, [10, 80])
        if high - low > UNEVEN_BORDER * contrast:
            return True
    relative = (edge - level) / contrast
    between = (relative > 0.2) & (relative < 0.8)
    return longest_run(between) >= min(image.shape) / 2


def longest_run(flags):
    """Return the length of the longest run of True values."""
    if not flags.any():
        return 0
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())
