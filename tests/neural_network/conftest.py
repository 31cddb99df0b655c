import numpy as np
import pytest

from skmlkit.datasets import fetch_mnist


@pytest.fixture(scope="session")
def mnist_small(data_home):
    """2,000 training and 1,000 test MNIST images (flat uint8)."""
    train = fetch_mnist(subset="train", data_home=data_home)
    test = fetch_mnist(subset="test", data_home=data_home)
    rng = np.random.RandomState(0)
    index = rng.choice(len(train.target), 2000, replace=False)
    return (train.data[index], train.target[index],
            test.data[:1000], test.target[:1000])
