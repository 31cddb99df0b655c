"""What every skmlkit Display shares (scikit-learn's Display pattern)."""

import warnings

from ._figures import pyplot


class Display:
    """Base of the Display classes: data in the constructor, drawing in ``plot``.

    Like scikit-learn's ``ConfusionMatrixDisplay``: ``from_estimator`` /
    ``from_predictions`` compute what to draw and call :meth:`plot`, which
    sets ``ax_`` and ``figure_`` and returns the Display.
    """

    def _axes(self, ax, figsize, **subplot_kw):
        """Return ``ax``, or the Axes of a new figure of ``figsize``."""
        if ax is not None:
            return ax
        figure = pyplot().figure(figsize=figsize)
        return figure.add_subplot(**subplot_kw)

    def _drawn(self, ax):
        self.ax_, self.figure_ = ax, ax.figure
        return self


def plot_function_deprecated(function, display):
    """Warn that ``function`` is deprecated in favour of ``display``."""
    warnings.warn(
        f"{function} is deprecated and is removed in skmlkit 0.3; use "
        f"{display} (its figure_ and ax_ attributes hold the drawing).",
        FutureWarning,
        stacklevel=3,
    )
