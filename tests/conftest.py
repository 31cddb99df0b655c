"""Shared fixtures: the real data home and small data."""

import os
from pathlib import Path

import numpy as np
import pytest

from skmlkit.datasets import fetch_mnist

REPO = Path(__file__).resolve().parents[1]


def _shared_data_home():
    env = os.environ.get("SKMLKIT_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_home():
    """The data home holding the real MNIST and customer files.

    In CI (``CI`` set) missing data is a failure, not a skip.
    """
    home = _shared_data_home()
    needed = [
        home / "mnist" / "t10k-images-idx3-ubyte.gz",
        home / "customers" / "mall_customers.csv",
    ]
    if not all(path.is_file() for path in needed):
        message = f"real data not found under {home} (set SKMLKIT_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return home


@pytest.fixture(scope="session")
def mnist_small(data_home):
    """2,000 training and 1,000 test MNIST images (flat uint8)."""
    train = fetch_mnist(subset="train", data_home=data_home)
    test = fetch_mnist(subset="test", data_home=data_home)
    rng = np.random.RandomState(0)
    index = rng.choice(len(train.target), 2000, replace=False)
    return (
        train.data[index],
        train.target[index],
        test.data[:1000],
        test.target[:1000],
    )
