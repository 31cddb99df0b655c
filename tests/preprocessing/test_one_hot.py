import numpy as np
import pandas as pd
import pytest

from skmlkit import BalancedOneHotEncoder


def test_each_block_has_total_variance_one():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "two": rng.choice(["a", "b"], size=1000, p=[0.9, 0.1]),
            "four": rng.choice(list("wxyz"), size=1000),
        }
    )
    encoder = BalancedOneHotEncoder().fit(X)
    Xt = encoder.transform(X)
    assert Xt[:, :2].var(axis=0).sum() == pytest.approx(1.0)
    assert Xt[:, 2:].var(axis=0).sum() == pytest.approx(1.0)
    assert encoder.get_feature_names_out().tolist() == [
        "two_a",
        "two_b",
        "four_w",
        "four_x",
        "four_y",
        "four_z",
    ]
    plain = BalancedOneHotEncoder(weight="none").fit_transform(X)
    assert set(np.unique(plain)) == {0.0, 1.0}


def test_single_level_unseen_level_and_missing_values():
    X = pd.DataFrame({"same": ["a"] * 4, "c": ["x", "y", None, "x"]})
    encoder = BalancedOneHotEncoder().fit(X)
    assert encoder.block_weights_[0] == 0.0  # one level: no information
    assert np.isfinite(encoder.transform(X)).all()
    unseen = encoder.transform(pd.DataFrame({"same": ["b"], "c": ["new"]}))
    assert not unseen.any()  # unseen levels: an all-zero block
    assert len(encoder.categories_[1]) == 3  # missing is a level of its own
