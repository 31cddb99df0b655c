"""Grids of digit images: the misclassified ones, with true and predicted labels."""

import math

import numpy as np

from ._figures import pyplot


def plot_misclassified_digits(
    X, y_true, y_pred, *, proba=None, image_shape=None, max_images=24, ncols=8
):
    """Show the misclassified digits with their true and predicted labels.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or (n_samples, height, width)
        Images, flat or 2-D, any numeric range.
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    proba : array-like of shape (n_samples,), default=None
        Probability of each predicted label, shown under the image; when
        given, the most confident mistakes come first.
    image_shape : tuple of (int, int), default=None
        Height and width of flat images; inferred for square feature counts.
    max_images : int, default=24
        Show at most this many mistakes.
    ncols : int, default=8
        Images per row.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One panel per mistake titled ``true -> predicted``; a figure with a
        single message when there is no mistake.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.plotting import plot_misclassified_digits
    >>> X = np.random.default_rng(0).integers(0, 255, size=(5, 784))
    >>> fig = plot_misclassified_digits(X, [1, 2, 3, 4, 5], [1, 2, 0, 4, 0])
    >>> [ax.get_title() for ax in fig.axes if ax.get_visible()]
    ['3 -> 0', '5 -> 0']
    """
    plt = pyplot()
    images = _as_images(X, image_shape)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if not len(images) == len(y_true) == len(y_pred):
        raise ValueError(
            f"X, y_true and y_pred have different lengths: {len(images)}, "
            f"{len(y_true)}, {len(y_pred)}."
        )
    wrong = np.flatnonzero(y_true != y_pred)
    if proba is not None:
        proba = np.asarray(proba, dtype=float)
        wrong = wrong[np.argsort(-proba[wrong], kind="stable")]
    wrong = wrong[:max_images]
    if len(wrong) == 0:
        fig, ax = plt.subplots(figsize=(4, 1.5))
        ax.text(0.5, 0.5, "No misclassified images", ha="center", va="center")
        ax.set_axis_off()
        return fig
    ncols = min(ncols, len(wrong))
    nrows = int(np.ceil(len(wrong) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(1.3 * ncols, 1.55 * nrows), squeeze=False
    )
    for ax in axes.ravel():
        ax.set_visible(False)
    for ax, i in zip(axes.ravel(), wrong, strict=False):
        ax.set_visible(True)
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"{y_true[i]} -> {y_pred[i]}", fontsize=9)
        if proba is not None:
            ax.set_xlabel(f"p={proba[i]:.2f}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def _as_images(X, image_shape):
    """Return ``X`` as an array of 2-D images."""
    X = np.asarray(X)
    if X.ndim == 3:
        return X
    if X.ndim == 4 and X.shape[1] == 1:
        return X[:, 0]
    if X.ndim != 2:
        raise ValueError(f"X must hold flat or 2-D images, got shape {X.shape}.")
    if image_shape is None:
        side = math.isqrt(X.shape[1])
        if side * side != X.shape[1]:
            raise ValueError(
                f"{X.shape[1]} features are not a square image; pass image_shape."
            )
        image_shape = (side, side)
    return X.reshape(len(X), *image_shape)
