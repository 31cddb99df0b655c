import numpy as np
import pytest

from skmlkit.cluster import find_knee


def test_sharp_knee():
    k = np.arange(1, 11)
    inertia = np.where(k <= 4, 1000 - 240 * (k - 1), 280 - 10 * (k - 4))
    assert find_knee(k, inertia)[0] == 4


@pytest.mark.parametrize(
    "curve",
    [
        np.linspace(100, 10, 9),  # straight line
        100 - np.arange(9.0) ** 2,  # concave: no elbow
        np.full(9, 5.0),  # flat
    ],
)
def test_no_clear_knee(curve):
    assert find_knee(np.arange(2, 11), curve)[0] is None


def test_short_curves():
    assert find_knee([2, 3, 4, 5, 6], [100, 10, 9, 8.5, 8])[0] == 3
    # Three points cannot pass Kneedle's threshold test; two have no interior.
    assert find_knee([2, 3, 4], [100, 10, 9])[0] is None
    assert find_knee([2, 3], [10, 1])[0] is None


def test_works_for_any_k_range():
    k = np.arange(10, 31, 2)
    inertia = 1.0 / (k - 8) ** 2
    knee, difference = find_knee(k, inertia)
    assert len(difference) == len(k)
    # The knee is the point farthest above the chord: here K = 14.
    assert knee == k[np.argmax(difference)] == 14


def test_sharp_corner_is_the_knee():
    k = np.arange(10, 31, 2)
    # Steep descent to K = 16, then a gentle slope: the corner is the elbow.
    curve = np.where(k < 16, (16 - k) * 10.0, 0) + (30 - k) * 0.5
    assert find_knee(k, curve)[0] == 16
    assert find_knee(k, np.log1p(curve))[0] == 16
