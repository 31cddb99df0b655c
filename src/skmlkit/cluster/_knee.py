"""Knee (elbow) detection on a decreasing convex curve: the Kneedle method.

Satopaa, Albrecht, Irwin and Raghavan, "Finding a 'Kneedle' in a Haystack:
Detecting Knee Points in System Behavior" (ICDCS workshops, 2011).
"""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, validate_params

# A knee must stand this far (in the unit square) above the straight line
# joining the curve's ends; below that, the curve has no clear knee.
MIN_KNEE_HEIGHT = 0.1


@validate_params(
    {
        "x": ["array-like"],
        "y": ["array-like"],
        "sensitivity": [Interval(Real, 0, None, closed="left")],
        "min_height": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def find_knee(x, y, *, sensitivity=1.0, min_height=MIN_KNEE_HEIGHT):
    """Return the knee of a decreasing, convex curve such as inertia vs K.

    Both axes are scaled to [0, 1]; the knee is the point farthest above the
    chord joining the curve's ends (the maximum of Kneedle's difference
    curve), accepted only if (a) it is an interior point, (b) it rises at
    least ``min_height`` above the chord and (c) the difference curve then
    falls below Kneedle's threshold ``max - sensitivity * mean(diff(x))``.

    Parameters
    ----------
    x : array-like of shape (n_points,)
        Increasing abscissae (the K values).
    y : array-like of shape (n_points,)
        Curve values (the inertia for each K).
    sensitivity : float, default=1.0
        Kneedle's S: larger values demand a sharper knee.
    min_height : float, default=0.1
        Minimum height of the knee above the chord, in scaled units.

    Returns
    -------
    knee : scalar or None
        The x value of the knee, or None when the curve has no clear knee
        (a straight or concave curve, or fewer than three points).
    difference : ndarray of shape (n_points,)
        Kneedle's difference curve (height above the chord).

    Examples
    --------
    >>> from skmlkit.cluster import find_knee
    >>> k = [1, 2, 3, 4, 5, 6]
    >>> inertia = [1000, 400, 120, 100, 85, 75]
    >>> find_knee(k, inertia)[0]
    3
    >>> find_knee(k, [600, 500, 400, 300, 200, 100])[0] is None
    True
    """
    x_given = np.asarray(x)
    x = x_given.astype(np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) < 3 or not np.isfinite(y).all() or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None, np.zeros(len(x))
    x_unit = (x - x[0]) / (x[-1] - x[0])
    # Decreasing convex -> increasing concave: flip y.
    y_unit = 1 - (y - y.min()) / np.ptp(y)
    chord = y_unit[0] + (y_unit[-1] - y_unit[0]) * x_unit
    difference = y_unit - chord
    best = int(np.argmax(difference))
    if best in (0, len(x) - 1) or difference[best] < min_height:
        return None, difference
    threshold = difference[best] - sensitivity * np.mean(np.diff(x_unit))
    if not np.any(difference[best + 1 :] < threshold):
        return None, difference
    return x_given[best].item(), difference
