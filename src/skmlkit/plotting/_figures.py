"""Figures written to files by the command line and reports."""

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


def save_figure(figure, path, dpi=110):
    """Write ``figure`` to ``path`` and close it (reports make many figures)."""
    figure.savefig(path, dpi=dpi)
    pyplot().close(figure)
    return path


def save_confusion_matrix(y_true, y_pred, path, *, labels=None, title=None):
    """Save a confusion matrix (sklearn's ``ConfusionMatrixDisplay``) as an image.

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
    >>> import os, tempfile
    >>> from skmlkit.plotting import save_confusion_matrix
    >>> path = os.path.join(tempfile.mkdtemp(), "cm.png")
    >>> _ = save_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], path)
    >>> os.path.getsize(path) > 0
    True
    """
    plt = pyplot()
    from sklearn.metrics import ConfusionMatrixDisplay

    fig, ax = plt.subplots(figsize=(7, 6))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=labels, ax=ax, colorbar=False, cmap="Blues"
    )
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return save_figure(fig, path, dpi=120)
