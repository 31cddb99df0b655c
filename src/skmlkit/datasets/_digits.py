"""Handwritten digits for examples and demos: MNIST, or a stand-in offline."""

import os
import warnings
from numbers import Integral

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params

from ..exceptions import DataFallbackWarning
from ._home import DATA_HOME_ENV, get_data_home
from ._mnist import fetch_mnist

# Share of scikit-learn's 1,797 8x8 digits held out as the stand-in test set.
FALLBACK_TEST_SHARE = 0.25


@validate_params(
    {
        "n_train": [None, Interval(Integral, 10, None, closed="left")],
        "n_test": [None, Interval(Integral, 10, None, closed="left")],
        "data_home": [None, str, os.PathLike],
        "download_if_missing": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def fetch_mnist_or_digits(
    *,
    n_train=None,
    n_test=None,
    data_home=None,
    download_if_missing=True,
    random_state=None,
):
    """Return MNIST train and test images, or a 28x28 stand-in when it is missing.

    MNIST comes from the data home (see :func:`fetch_mnist`). When it cannot
    be had (not in the data home and offline, or corrupt), scikit-learn's
    bundled 8x8 digits take its place, each normalised like MNIST (ink in a
    20x20 box, centred by centre of mass in 28x28, 0-255) so that code
    written for MNIST runs unchanged, and a :class:`DataFallbackWarning`
    says how to get MNIST. Examples and the demo use this; results on the
    stand-in are not MNIST results, which ``description`` states.

    Parameters
    ----------
    n_train, n_test : int, default=None
        Size of a stratified random subset of the training and test images
        (all of them if None or larger than the set).
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download MNIST when it is not in the data home.
    random_state : int, RandomState instance or None, default=None
        Seed of the subsets and of the stand-in's train/test split.

    Returns
    -------
    digits : :class:`~sklearn.utils.Bunch`
        ``X_train``, ``y_train``, ``X_test``, ``y_test`` (flat uint8 rows of
        784 pixels and integer labels), ``name`` (``"mnist"`` or
        ``"sklearn 8x8 digits"``), ``is_mnist`` and ``description`` (one
        line saying what the data are, with the notice for the stand-in).

    Examples
    --------
    >>> from skmlkit.datasets import fetch_mnist_or_digits
    >>> digits = fetch_mnist_or_digits(n_train=1000, n_test=200)
    >>> digits.X_train.shape, digits.X_test.shape
    ((1000, 784), (200, 784))
    """
    try:
        train = fetch_mnist(
            subset="train", data_home=data_home, download_if_missing=download_if_missing
        )
        test = fetch_mnist(
            subset="test", data_home=data_home, download_if_missing=download_if_missing
        )
    except (OSError, ValueError) as exc:  # missing, offline, or corrupt files
        return _stand_in(n_train, n_test, data_home, random_state, exc)
    digits = _split_bunch(
        (train.data, train.target),
        (test.data, test.target),
        n_train,
        n_test,
        random_state,
        name="mnist",
    )
    digits.description = (
        f"MNIST: {len(digits.y_train)} training and {len(digits.y_test)} test "
        f"images from {get_data_home(data_home) / 'mnist'}"
    )
    return digits


def _stand_in(n_train, n_test, data_home, random_state, reason):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    from ..images import normalize_digit

    lines = [line.strip() for line in str(reason).strip().splitlines()]
    why = lines[0].rstrip(":") + (f"; {lines[1][:160]}" if len(lines) > 1 else "")
    folder = get_data_home(data_home) / "mnist"
    notice = (
        f"MNIST is not available ({why}). To use it, do one of: connect to the "
        f"internet and run again (it downloads about 11 MB into {folder}); copy "
        f"the four MNIST IDX files (train-images-idx3-ubyte.gz, ...) into "
        f"{folder}; or set {DATA_HOME_ENV} to a folder whose mnist/ holds them. "
        "Using scikit-learn's bundled 8x8 digits (1,797 images) normalised to "
        "28x28 instead: results are NOT MNIST results."
    )
    warnings.warn(notice, DataFallbackWarning, stacklevel=4)
    small = load_digits()
    X = np.stack([normalize_digit(image) for image in small.images])
    X = X.reshape(len(X), -1)
    X_train, X_test, y_train, y_test = train_test_split(
        X,
        small.target,
        test_size=FALLBACK_TEST_SHARE,
        stratify=small.target,
        random_state=0,  # fixed, as MNIST's own split is: seeds pick subsets
    )
    digits = _split_bunch(
        (X_train, y_train),
        (X_test, y_test),
        n_train,
        n_test,
        random_state,
        name="sklearn 8x8 digits",
    )
    digits.description = f"NOTICE: {notice}"
    return digits


def _split_bunch(train, test, n_train, n_test, random_state, *, name):
    X_train, y_train = stratified_subset(*train, n_train, random_state)
    X_test, y_test = stratified_subset(*test, n_test, random_state)
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        name=name,
        is_mnist=name == "mnist",
    )


def stratified_subset(X, y, size, random_state):
    """Return a stratified random subset of ``size`` rows (all if None or larger)."""
    if size is None or size >= len(y):
        return X, y
    from sklearn.model_selection import train_test_split

    X, _, y, _ = train_test_split(
        X, y, train_size=size, stratify=y, random_state=random_state
    )
    return X, y
