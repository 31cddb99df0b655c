import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans
from skmlkit.cluster import cluster_stability, segment_profile
from skmlkit.datasets import make_customers


def test_segment_profile_values():
    frame = pd.DataFrame(
        {
            "age": [20, 30, 60, 70],
            "spend": [10.0, 30, 50, 70],
            "city": ["a", "b", "c", "d"],
        }
    )
    profile = segment_profile(frame, ["young", "young", "old", "old"])
    assert list(profile.index) == ["old", "young"]
    assert profile.loc["young", "size"] == 2
    assert profile.loc["young", "share"] == 0.5
    assert profile.loc["old", "age mean"] == 65
    assert profile.loc["old", "age median"] == 65
    assert profile.loc["young", "spend vs avg"] == pytest.approx(20 / 40 - 1)
    # a categorical column: each level's share in the segment, and vs overall
    assert profile.loc["young", "city=a share"] == 0.5
    assert profile.loc["old", "city=a share"] == 0
    assert profile.loc["young", "city=a vs avg"] == pytest.approx(0.5 / 0.25 - 1)
    assert "city mean" not in profile.columns


def test_segment_profile_zero_mean_and_errors():
    X = np.array([[-1.0], [1.0], [-2.0], [2.0]])
    profile = segment_profile(X, [0, 0, 1, 1])
    assert profile["x0 vs avg"].isna().all()
    with pytest.raises(ValueError, match="labels has 3 entries"):
        segment_profile(X, [0, 1, 1])
    with pytest.raises(ValueError, match="2 feature names given for 1"):
        segment_profile(X, [0, 0, 1, 1], feature_names=["a", "b"])


def test_profile_recovers_known_segments():
    bunch = make_customers(n_samples=1000, n_segments=4, random_state=0)
    profile = segment_profile(bunch.data, bunch.target)
    # "young spenders" (segment 1) are younger and spend more than average.
    assert profile.loc[1, "age vs avg"] < -0.2
    assert profile.loc[1, "spending_score vs avg"] > 0.2


def test_stability_separates_real_from_spurious_clusters():
    X, _ = make_blobs(n_samples=400, centers=3, cluster_std=0.5, random_state=0)
    good = AutoKMeans(k_range=range(3, 4), random_state=0).fit(X)
    stable = cluster_stability(good, X, n_bootstrap=10, random_state=0)
    assert stable.ari.shape == (10,) and stable.jaccard.shape == (10, 3)
    assert stable.summary["stable"].all() and stable.ari.mean() > 0.95
    noise = np.random.RandomState(0).uniform(size=(400, 2))
    over = AutoKMeans(k_range=range(9, 10), random_state=0).fit(noise)
    unstable = cluster_stability(over, noise, n_bootstrap=10, random_state=0)
    assert unstable.ari.mean() < stable.ari.mean()
    assert unstable.summary["jaccard_mean"].mean() < 0.9
    with pytest.raises(ValueError, match="n_bootstrap"):
        cluster_stability(good, X, n_bootstrap=0)
