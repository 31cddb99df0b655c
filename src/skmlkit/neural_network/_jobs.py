"""The MNIST jobs behind the command line: train, evaluate, predict files."""

import time

import numpy as np

from ..datasets import fetch_mnist
from ._classifier import MNISTClassifier


def load_mnist_subset(
    subset, size=None, *, data_home=None, random_state=0, download_if_missing=True
):
    """Return MNIST images and labels, optionally a stratified random subset.

    Parameters
    ----------
    subset : {"train", "test"}
        Part of MNIST.
    size : int, default=None
        Number of images to keep; all if None.
    data_home : str or path-like, default=None
        Data home; see :func:`skmlkit.datasets.get_data_home`.
    random_state : int, default=0
        Seed of the subset draw.
    download_if_missing : bool, default=True
        Download MNIST when it is not in the data home.

    Returns
    -------
    X : ndarray of shape (n_images, 784), dtype uint8
        Flat images.
    y : ndarray of shape (n_images,)
        Labels.
    """
    check_subset_size(size)
    X, y = fetch_mnist(
        subset=subset,
        data_home=data_home,
        return_X_y=True,
        download_if_missing=download_if_missing,
    )
    if size is None or size >= len(y):
        return X, y
    from sklearn.model_selection import train_test_split

    X, _, y, _ = train_test_split(
        X, y, train_size=size, stratify=y, random_state=random_state
    )
    return X, y


def check_subset_size(size):
    """Raise ValueError unless ``size`` is None or holds one image per digit."""
    if size is not None and size < 10:
        raise ValueError(
            f"A subset needs at least 10 images (one per digit), got {size}."
        )


def fit_and_score(classifier, X_train, y_train, X_test, y_test):
    """Fit ``classifier``, time the fit and score it on the test images.

    Returns
    -------
    result : dict
        ``classifier``, ``accuracy``, ``train_seconds``, ``X_test``,
        ``y_test``, ``y_pred`` and ``proba`` (test-set probabilities).
    """
    start = time.perf_counter()
    classifier.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    proba = classifier.predict_proba(X_test)
    y_pred = classifier.classes_[np.argmax(proba, axis=1)]
    return {
        "classifier": classifier,
        "accuracy": float(np.mean(y_pred == y_test)),
        "train_seconds": seconds,
        "X_test": X_test,
        "y_test": y_test,
        "y_pred": y_pred,
        "proba": proba,
    }


def train_mnist(
    *,
    preset="fast",
    train_size=None,
    test_size=None,
    data_home=None,
    random_state=0,
    verbose=1,
    **params,
):
    """Train an MNISTClassifier preset on MNIST and score it on the test set.

    Parameters
    ----------
    preset : str, default="fast"
        Name of a preset of :meth:`MNISTClassifier.preset`.
    train_size, test_size : int, default=None
        Use stratified subsets of this size (all images if None).
    data_home : str or path-like, default=None
        Data home.
    random_state : int, default=0
        Seed of the classifier and of the subsets.
    verbose : int, default=1
        Verbosity of the classifier (epoch table).
    **params : dict
        Parameters that override the preset (e.g. ``max_epochs``).

    Returns
    -------
    result : dict
        See :func:`fit_and_score`.
    """
    X_train, y_train = load_mnist_subset(
        "train", train_size, data_home=data_home, random_state=random_state
    )
    X_test, y_test = load_mnist_subset(
        "test", test_size, data_home=data_home, random_state=random_state
    )
    classifier = MNISTClassifier.preset(
        preset, random_state=random_state, verbose=verbose, **params
    )
    return fit_and_score(classifier, X_train, y_train, X_test, y_test)


def predict_files(classifier, paths):
    """Predict the digit in each image file.

    Parameters
    ----------
    classifier : MNISTClassifier
        A fitted classifier (28 x 28 input).
    paths : list of str or path-like
        Image files.

    Returns
    -------
    labels : ndarray of shape (n_files,)
        Predicted labels.
    probabilities : ndarray of shape (n_files,)
        Probability of each predicted label.
    """
    from ..images import read_digit_images

    X = read_digit_images(paths)
    proba = classifier.predict_proba(X)
    best = np.argmax(proba, axis=1)
    return classifier.classes_[best], proba[np.arange(len(best)), best]
