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


def plot_digit_readings(
    originals, digits, proba, classes, *, names=None, rejected=None, top=3
):
    """Show what a digit classifier saw and what it answered, one row per image.

    Each row shows the picture as read, the normalised 28 x 28 image the
    model saw and a bar chart of the ``top`` most probable classes; the
    title says the answer, or "not sure" where the classifier abstains.

    Parameters
    ----------
    originals : sequence of 2-D arrays
        The pictures as read (e.g. from
        ``skmlkit.images.read_digit_images(..., return_originals=True)``).
    digits : array-like of shape (n_images, 784) or (n_images, 28, 28)
        The normalised images the classifier saw.
    proba : array-like of shape (n_images, n_classes)
        Class probabilities (``predict_proba``).
    classes : array-like of shape (n_classes,)
        Class labels in the order of ``proba``'s columns (``classes_``).
    names : sequence of str, default=None
        A name per image (e.g. its file name), shown on the left.
    rejected : array-like of shape (n_images,), default=None
        True where the classifier abstains (``predict_reject``).
    top : int, default=3
        Classes shown per image.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure, three panels per image.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.plotting import plot_digit_readings
    >>> picture = np.zeros((40, 30)); picture[5:35, 13:17] = 255
    >>> digit = np.zeros((28, 28)); digit[4:24, 12:16] = 255
    >>> proba = np.array([[0.05, 0.9, 0.05]])
    >>> fig = plot_digit_readings([picture], [digit], proba, [0, 1, 7])
    >>> fig.axes[2].get_title()
    '1 (p=0.90)'
    """
    plt = pyplot()
    digits = _as_images(np.asarray(digits), None)
    proba = np.asarray(proba, dtype=float)
    classes = np.asarray(classes)
    n = len(originals)
    if not n == len(digits) == len(proba):
        raise ValueError(
            f"originals, digits and proba have different lengths: {n}, "
            f"{len(digits)}, {len(proba)}."
        )
    if proba.ndim != 2 or proba.shape[1] != len(classes):
        raise ValueError(
            f"proba must have one column per class ({len(classes)}), "
            f"got shape {proba.shape}."
        )
    rejected = np.zeros(n, dtype=bool) if rejected is None else np.asarray(rejected)
    top = min(top, len(classes))
    fig, axes = plt.subplots(
        max(n, 1),
        3,
        figsize=(7.5, 1.9 * max(n, 1)),
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 1, 1.6]},
    )
    for row, (picture, digit, p) in enumerate(
        zip(originals, digits, proba, strict=True)
    ):
        left, middle, right = axes[row]
        left.imshow(picture, cmap="gray", vmin=0, vmax=255)
        left.set_title("picture", fontsize=9)
        if names is not None:
            left.set_ylabel(str(names[row]), fontsize=8, rotation=0, ha="right")
        middle.imshow(digit, cmap="gray", vmin=0, vmax=255)
        middle.set_title("what the model saw", fontsize=9)
        for ax in (left, middle):
            ax.set_xticks([])
            ax.set_yticks([])
        order = np.argsort(-p)[:top]
        colours = ["#c44e52" if rejected[row] else "#4c72b0"] + ["#bbbbbb"] * (top - 1)
        right.barh(range(top), p[order], color=colours)
        right.set_yticks(range(top), [str(c) for c in classes[order]])
        right.invert_yaxis()
        right.set_xlim(0, 1)
        best = classes[order[0]]
        title = f"{best} (p={p[order[0]]:.2f})"
        if rejected[row]:
            title = f"not sure (best guess {best}, p={p[order[0]]:.2f})"
        right.set_title(title, fontsize=9)
        right.tick_params(labelsize=8)
    fig.tight_layout()
    return fig
