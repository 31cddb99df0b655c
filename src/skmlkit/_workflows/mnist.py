"""The MNIST jobs behind the command line: train and evaluate (predict: ``reading``)."""

import time
from pathlib import Path

import numpy as np

from ..datasets import fetch_mnist
from ..datasets._digits import stratified_subset
from ..neural_network._presets import DEFAULT_PRESET
from ._files import save_figure


def load_mnist_subset(
    subset, size=None, *, data_home=None, random_state=None, download_if_missing=True
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
    random_state : int or None, default=None
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
    return stratified_subset(X, y, size, random_state)


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
    preset=DEFAULT_PRESET,
    train_size=None,
    test_size=None,
    data_home=None,
    random_state=None,
    verbose=1,
    **params,
):
    """Train an MNISTClassifier preset on MNIST and score it on the test set.

    Parameters
    ----------
    preset : str, default="robust"
        Name of a preset of :meth:`MNISTClassifier.preset`.
    train_size, test_size : int, default=None
        Use stratified subsets of this size (all images if None).
    data_home : str or path-like, default=None
        Data home.
    random_state : int or None, default=None
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
    from ..neural_network import MNISTClassifier

    classifier = MNISTClassifier.preset(
        preset, random_state=random_state, verbose=verbose, **params
    )
    return fit_and_score(classifier, X_train, y_train, X_test, y_test)


def train_and_save(
    *,
    preset=DEFAULT_PRESET,
    output="mnist.skmlkit",
    confusion_matrix=None,
    train_size=None,
    test_size=None,
    data_home=None,
    random_state=None,
    verbose=1,
    log=print,
    **params,
):
    """``skmlkit mnist train``: train, save the model and its confusion matrix.

    Parameters
    ----------
    preset : str, default="robust"
        Preset name.
    output : str or path-like, default="mnist.skmlkit"
        Model file to write.
    confusion_matrix : str or path-like, default=None
        Confusion-matrix image; ``<output stem>_confusion.png`` by default.
    train_size, test_size, data_home, random_state, verbose, **params
        As for :func:`train_mnist`.
    log : callable, default=print
        Receives each progress line.

    Returns
    -------
    result : dict
        :func:`train_mnist`'s result with ``model_file`` and
        ``confusion_matrix`` (the written paths).
    """
    subset = f" ({train_size} images)" if train_size else ""
    log(f"Training preset {preset!r} on MNIST{subset}...")
    result = train_mnist(
        preset=preset,
        train_size=train_size,
        test_size=test_size,
        data_home=data_home,
        random_state=random_state,
        verbose=verbose,
        **params,
    )
    output = Path(output)
    result["classifier"].save(output)
    figure = Path(confusion_matrix or output.with_name(f"{output.stem}_confusion.png"))
    write_confusion_matrix(result["y_test"], result["y_pred"], figure)
    log(
        f"Trained in {result['train_seconds']:.1f} s; test accuracy "
        f"{result['accuracy']:.2%} on {len(result['y_test'])} images."
    )
    log(f"Model saved to {output}; confusion matrix saved to {figure}.")
    return {**result, "model_file": output, "confusion_matrix": figure}


def evaluate_saved_model(
    model,
    *,
    test_size=None,
    confusion_matrix=None,
    data_home=None,
    verbose=1,
    log=print,
):
    """``skmlkit mnist evaluate``: score a saved model on the MNIST test set.

    ``model`` None scores the model packaged with skmlkit.

    Returns
    -------
    accuracy : float
        Test accuracy.
    """
    from sklearn.metrics import classification_report

    from .models import open_model

    classifier = open_model(model, log)
    X_test, y_test = load_mnist_subset("test", test_size, data_home=data_home)
    y_pred = classifier.predict(X_test)
    accuracy = float((y_pred == y_test).mean())
    if verbose:
        log(classification_report(y_test, y_pred, digits=4))
    log(f"Test accuracy: {accuracy:.2%} on {len(y_test)} images.")
    if confusion_matrix:
        write_confusion_matrix(y_test, y_pred, confusion_matrix)
        log(f"Confusion matrix saved to {confusion_matrix}.")
    return accuracy


def write_confusion_matrix(y_true, y_pred, path, *, data_name="MNIST"):
    """Save the confusion matrix of a test set, titled with its accuracy."""
    from ..plotting import plot_confusion_matrix

    accuracy = float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
    figure = plot_confusion_matrix(
        y_true, y_pred, title=f"{data_name} test, accuracy {accuracy:.2%}"
    )
    return save_figure(figure, path, dpi=120)
