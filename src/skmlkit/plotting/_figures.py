"""Shared figure helpers: pyplot on a safe backend, the confusion matrix."""

from ..utils._optional import import_optional


def pyplot():
    """Return matplotlib.pyplot on a non-interactive backend when none is set."""
    matplotlib = import_optional("matplotlib")
    import os

    if "MPLBACKEND" not in os.environ and not _has_display():
        matplotlib.use("Agg")
    return import_optional("matplotlib.pyplot")


def _has_display():
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def plot_confusion_matrix(y_true, y_pred, *, labels=None, title=None, ax=None):
    """Plot a confusion matrix (sklearn's ``ConfusionMatrixDisplay``), in counts.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    labels : array-like, default=None
        Label order; by default the sorted union of both label sets.
    title : str, default=None
        Axes title.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new 7 x 6 inch figure by default.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The figure holding the matrix; save it with ``figure.savefig``.

    Examples
    --------
    >>> from skmlkit.plotting import plot_confusion_matrix
    >>> figure = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], title="test")
    >>> figure.axes[0].get_title()
    'test'
    """
    plt = pyplot()
    from sklearn.metrics import ConfusionMatrixDisplay

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 6))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=labels, ax=ax, colorbar=False, cmap="Blues"
    )
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax.figure


def save_confusion_matrix(y_true, y_pred, path, *, labels=None, title=None):
    """Save a confusion matrix as an image (deprecated).

    .. deprecated:: 0.1.0
        Use ``plot_confusion_matrix(...).savefig(path)``; plotting functions
        return figures and leave writing files to the caller.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    path : str or path-like
        Output file; the format follows the extension (PNG, SVG, PDF...).
    labels : array-like, default=None
        Label order; by default the sorted union of both label sets.
    title : str, default=None
        Figure title.

    Returns
    -------
    path : str or path-like
        The written file.

    Examples
    --------
    >>> import os, tempfile, warnings
    >>> from skmlkit.plotting import save_confusion_matrix
    >>> path = os.path.join(tempfile.mkdtemp(), "cm.png")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     _ = save_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], path)
    >>> os.path.getsize(path) > 0
    True
    """
    import warnings

    warnings.warn(
        "save_confusion_matrix is deprecated and will be removed in 0.3; use "
        "plot_confusion_matrix(...).savefig(path).",
        FutureWarning,
        stacklevel=2,
    )
    figure = plot_confusion_matrix(y_true, y_pred, labels=labels, title=title)
    figure.savefig(path, dpi=120)
    pyplot().close(figure)
    return path
