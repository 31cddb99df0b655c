"""Shared fixtures: the real data home and small data.

Real-data tests read the data home named by ``SKMLKIT_DATA``. Without it (a
new contributor's machine) they skip, and pytest's summary (``-ra``) says why;
with it set (as in CI) a missing file is a failure, never a skip.
"""

import os
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_digits

from skmlkit.cluster._choice import METHODS as AUTO_KMEANS_METHODS
from skmlkit.datasets import fetch_mnist

MNIST_FILES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]
# The K-selection methods of AutoKMeans, for parametrized tests.
METHODS = list(AUTO_KMEANS_METHODS)


# Parameters whose training loss becomes NaN within the first batches.
DIVERGING = {
    "architecture": "mlp",
    "optimizer": "sgd",
    "lr": 1e6,
    "lr_schedule": "constant",
    "max_epochs": 3,
    "random_state": 0,
}


def _require(relative_paths):
    """Return the data home holding ``relative_paths``, else skip (or fail)."""
    env = os.environ.get("SKMLKIT_DATA")
    if not env:
        pytest.skip("needs real data: set SKMLKIT_DATA to a data home (see README)")
    home = Path(env)
    missing = [p for p in relative_paths if not (home / p).is_file()]
    if missing:
        pytest.fail(f"SKMLKIT_DATA={home} lacks {missing}")
    return home


@pytest.fixture(scope="session")
def mnist_home():
    """A data home holding the four MNIST files."""
    return _require([f"mnist/{name}" for name in MNIST_FILES])


@pytest.fixture(scope="session")
def mall_csv():
    """Path of ``mall_customers.csv`` in the data home."""
    return _require(["customers/mall_customers.csv"]) / "customers/mall_customers.csv"


@pytest.fixture(scope="session")
def data_home():
    """A data home holding MNIST and the mall table."""
    return _require(
        [f"mnist/{name}" for name in MNIST_FILES] + ["customers/mall_customers.csv"]
    )


@pytest.fixture(scope="session")
def wholesale_csv():
    """The wholesale table bundled with the package (always there)."""
    file = resources.files("skmlkit.datasets").joinpath(
        "data", "wholesale_customers.csv"
    )
    with resources.as_file(file) as path:
        yield Path(path)


@pytest.fixture(scope="session")
def mnist_small(mnist_home):
    """2,000 training and 1,000 test MNIST images (flat uint8)."""
    train = fetch_mnist(subset="train", data_home=mnist_home)
    test = fetch_mnist(subset="test", data_home=mnist_home)
    rng = np.random.RandomState(0)
    index = rng.choice(len(train.target), 2000, replace=False)
    return (
        train.data[index],
        train.target[index],
        test.data[:1000],
        test.target[:1000],
    )


@pytest.fixture(scope="session")
def digits():
    """scikit-learn's 8x8 digits: 600 training and 300 test rows."""
    X, y = load_digits(return_X_y=True)
    return X[:600], y[:600], X[600:900], y[600:900]


@pytest.fixture
def quiet_feature_name_warnings():
    """Ignore sklearn's feature-name mismatch warnings (fuzzed frames cause them)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "X does not have valid feature names")
        warnings.filterwarnings("ignore", "X has feature names")
        yield


@pytest.fixture(scope="session")
def robust_model(mnist_home, tmp_path_factory):
    """The robust preset trained briefly on 10,000 MNIST digits, and its file.

    Good enough to read clean digits and to abstain on non-digits: the
    abstention, number-reading, CLI and server tests share it. Trained
    once per run: under pytest-xdist the first worker to need it trains and
    saves it, the others wait for the file and load it.
    """
    from filelock import FileLock

    from skmlkit import MNISTClassifier

    shared = _run_temp(tmp_path_factory) / "robust"
    shared.mkdir(exist_ok=True)
    path = shared / "robust.skmlkit"
    with FileLock(str(shared / "train.lock")):
        if not path.is_file():
            train = fetch_mnist(subset="train", data_home=mnist_home)
            index = np.random.RandomState(0).choice(
                len(train.target), 10_000, replace=False
            )
            classifier = MNISTClassifier.preset("robust", max_epochs=4, random_state=0)
            classifier.fit(train.data[index], train.target[index])
            classifier.save(shared / "partial.skmlkit")
            (shared / "partial.skmlkit").replace(path)
    return MNISTClassifier.load(path), path


def _run_temp(tmp_path_factory):
    """A temporary folder shared by every xdist worker of this run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _dask_module(name):
    """Import a Dask module; where it is missing, skip, except in CI (the dev
    extra installs it there, and a skip would hide a failure)."""
    import importlib

    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


@pytest.fixture
def threads():
    """Dask's threaded scheduler for the test: no cluster, same process."""
    dask = _dask_module("dask")
    with dask.config.set(scheduler="threads"):
        yield


@pytest.fixture(scope="module")
def dask_cluster():
    """A LocalCluster of two worker processes (one thread each), per module."""
    distributed = _dask_module("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def dask_client(dask_cluster):
    """A client of :func:`dask_cluster`: the default scheduler of the module."""
    distributed = _dask_module("distributed")
    with distributed.Client(dask_cluster) as client:
        yield client
