import numpy as np
import pytest
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans
from skmlkit.cluster import match_clusters


def test_recovers_a_known_permutation():
    rng = np.random.RandomState(0)
    reference = rng.uniform(-10, 10, size=(6, 3))
    permutation = rng.permutation(6)
    new = reference[permutation] + rng.normal(scale=0.05, size=(6, 3))
    mapping = match_clusters(reference, new)
    np.testing.assert_array_equal(mapping, permutation)


def test_extra_new_clusters_get_fresh_numbers():
    reference = np.array([[0.0, 0.0], [10.0, 0.0]])
    new = np.array([[50.0, 50.0], [10.2, 0.1], [0.1, 0.1]])
    np.testing.assert_array_equal(match_clusters(reference, new), [2, 1, 0])


def test_fewer_new_clusters_map_to_their_nearest():
    reference = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 0.0]])
    np.testing.assert_array_equal(match_clusters(reference, [[19.0, 0.0]]), [2])


def test_keeps_segment_numbers_between_months():
    X, _ = make_blobs(900, centers=4, cluster_std=0.7, random_state=3)
    january = AutoKMeans(random_state=0).fit(X[:450])
    february = AutoKMeans(random_state=1).fit(X[450:])
    mapping = match_clusters(january, february)
    agree = np.mean(mapping[february.predict(X)] == january.predict(X))
    assert agree > 0.99


@pytest.mark.parametrize(
    ("reference", "new", "error", "match"),
    [
        (np.zeros((2, 2)), np.zeros((2, 3)), ValueError, "features"),
        (np.zeros((0, 2)), np.zeros((2, 2)), ValueError, "non-empty"),
        ([[np.nan, 0.0]], np.zeros((1, 2)), ValueError, "finite"),
        ("abc", np.zeros((1, 2)), TypeError, "cluster_centers_"),
    ],
)
def test_bad_input(reference, new, error, match):
    with pytest.raises(error, match=match):
        match_clusters(reference, new)
