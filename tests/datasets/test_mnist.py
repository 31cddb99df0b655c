import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import fetch_mnist

# Label counts of the standard MNIST files.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist_train(mnist_home):
    return fetch_mnist(subset="train", data_home=mnist_home, download_if_missing=False)


def test_train_shapes_and_labels(mnist_train):
    assert mnist_train.data.shape == (60000, 784)
    assert mnist_train.data.dtype == np.uint8
    assert mnist_train.images.shape == (60000, 28, 28)
    assert mnist_train.target.shape == (60000,)
    assert mnist_train.target.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(mnist_train.target), TRAIN_COUNTS)
    np.testing.assert_array_equal(
        mnist_train.images.reshape(60000, -1), mnist_train.data
    )
    assert mnist_train.feature_names[0] == "pixel1"
    assert len(mnist_train.feature_names) == 784
    assert mnist_train.frame is None
    assert "MNIST" in mnist_train.DESCR
    assert mnist_train.data.max() == 255 and mnist_train.data.min() == 0


def test_test_subset(mnist_home):
    mnist = fetch_mnist(subset="test", data_home=mnist_home)
    assert mnist.data.shape == (10000, 784)
    np.testing.assert_array_equal(np.bincount(mnist.target), TEST_COUNTS)
    assert mnist.target[:5].tolist() == [7, 2, 1, 0, 4]


def test_all_is_train_then_test(mnist_home, mnist_train):
    X, y = fetch_mnist(subset="all", data_home=mnist_home, return_X_y=True)
    assert X.shape == (70000, 784)
    np.testing.assert_array_equal(X[:60000], mnist_train.data)
    np.testing.assert_array_equal(np.bincount(y), np.add(TRAIN_COUNTS, TEST_COUNTS))


def test_return_X_y(mnist_home):
    X, y = fetch_mnist(subset="test", data_home=mnist_home, return_X_y=True)
    assert isinstance(X, np.ndarray) and X.shape == (10000, 784)
    assert isinstance(y, np.ndarray) and y.shape == (10000,)


def test_as_frame(mnist_home):
    mnist = fetch_mnist(subset="test", data_home=mnist_home, as_frame=True)
    assert isinstance(mnist.data, pd.DataFrame)
    assert mnist.data.shape == (10000, 784)
    assert list(mnist.data.columns) == mnist.feature_names
    assert isinstance(mnist.target, pd.Series) and mnist.target.name == "class"
    assert mnist.frame.shape == (10000, 785)
    assert mnist.images.shape == (10000, 28, 28)
    X, y = fetch_mnist(
        subset="test", data_home=mnist_home, as_frame=True, return_X_y=True
    )
    assert isinstance(X, pd.DataFrame) and isinstance(y, pd.Series)


def test_bad_subset(tmp_path):
    with pytest.raises(ValueError, match="'subset' parameter of fetch_mnist"):
        fetch_mnist(subset="validation", data_home=tmp_path)


def test_missing_without_download(tmp_path):
    with pytest.raises(FileNotFoundError, match="download_if_missing=False"):
        fetch_mnist(data_home=tmp_path, download_if_missing=False)
    assert not (tmp_path / "mnist").exists()


def test_data_home_from_environment(mnist_home, monkeypatch):
    monkeypatch.setenv("SKMLKIT_DATA", str(mnist_home))
    X, _ = fetch_mnist(subset="test", download_if_missing=False, return_X_y=True)
    assert X.shape == (10000, 784)


def test_raw_uncompressed_files_are_read(mnist_home, tmp_path):
    import gzip
    import shutil

    (tmp_path / "mnist").mkdir()
    for stem in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        with (
            gzip.open(mnist_home / "mnist" / f"{stem}.gz") as src,
            open(tmp_path / "mnist" / stem, "wb") as dst,
        ):
            shutil.copyfileobj(src, dst)
    X, y = fetch_mnist(
        subset="test", data_home=tmp_path, download_if_missing=False, return_X_y=True
    )
    assert X.shape == (10000, 784) and y[0] == 7
