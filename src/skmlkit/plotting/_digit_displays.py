"""What a digit classifier saw and what it answered, as a Display."""

import numpy as np

from ._digits import _as_images
from ._display import Display, plot_function_deprecated
from ._figures import pyplot


class DigitReadingsDisplay(Display):
    """One row per image: the picture, the 28 x 28 image the model saw, its top classes.

    The title of each row says the answer, or "not sure" where the
    classifier abstains (its top bar then in red).

    Parameters
    ----------
    originals : sequence of 2-D arrays
        The pictures as read (e.g. from
        ``skmlkit.images.read_digit_images(..., return_originals=True)``).
    digits : ndarray of shape (n_images, 28, 28)
        The normalised images the classifier saw.
    proba : ndarray of shape (n_images, n_classes)
        Class probabilities.
    classes : ndarray of shape (n_classes,)
        Class labels in the order of ``proba``'s columns.
    rejected : ndarray of shape (n_images,)
        True where the classifier abstains.
    names : sequence of str, default=None
        A name per image (e.g. its file name), shown on the left.

    Attributes
    ----------
    axes_ : ndarray of matplotlib Axes of shape (n_images, 3)
        The panels.
    ax_ : matplotlib Axes
        The first row's probability panel.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.plotting import DigitReadingsDisplay
    >>> picture = np.zeros((40, 30)); picture[5:35, 13:17] = 255
    >>> digit = np.zeros((28, 28)); digit[4:24, 12:16] = 255
    >>> proba = np.array([[0.05, 0.9, 0.05]])
    >>> display = DigitReadingsDisplay.from_predictions(
    ...     [picture], [digit], proba, [0, 1, 7])
    >>> display.ax_.get_title()
    '1 (p=0.90)'
    """

    def __init__(self, *, originals, digits, proba, classes, rejected, names=None):
        self.originals = originals
        self.digits = digits
        self.proba = proba
        self.classes = classes
        self.rejected = rejected
        self.names = names

    @classmethod
    def from_estimator(cls, estimator, originals, digits, *, names=None, top=3):
        """Read the images with a fitted classifier and show its answers.

        Parameters
        ----------
        estimator : fitted MNISTClassifier (or any classifier)
            Gives ``predict_proba`` and ``classes_``; its ``predict_reject``,
            when it has one, marks abstentions.
        originals : sequence of 2-D arrays
            The pictures as read.
        digits : array-like of shape (n_images, 784) or (n_images, 28, 28)
            The normalised images, as the classifier takes them.
        names : sequence of str, default=None
            A name per image.
        top : int, default=3
            Classes shown per image.

        Returns
        -------
        display : DigitReadingsDisplay
        """
        flat = np.asarray(digits).reshape(len(digits), -1)
        rejected = None
        if hasattr(estimator, "predict_reject"):
            rejected = estimator.predict_reject(flat)
        return cls.from_predictions(
            originals,
            digits,
            estimator.predict_proba(flat),
            estimator.classes_,
            rejected=rejected,
            names=names,
            top=top,
        )

    @classmethod
    def from_predictions(
        cls, originals, digits, proba, classes, *, rejected=None, names=None, top=3
    ):
        """Show given probabilities (and abstentions) beside the images.

        Parameters
        ----------
        originals : sequence of 2-D arrays
            The pictures as read.
        digits : array-like of shape (n_images, 784) or (n_images, 28, 28)
            The normalised images the classifier saw.
        proba : array-like of shape (n_images, n_classes)
            Class probabilities (``predict_proba``).
        classes : array-like of shape (n_classes,)
            Class labels in the order of ``proba``'s columns (``classes_``).
        rejected : array-like of shape (n_images,), default=None
            True where the classifier abstains (``predict_reject``).
        names : sequence of str, default=None
            A name per image.
        top : int, default=3
            Classes shown per image.

        Returns
        -------
        display : DigitReadingsDisplay
        """
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
        rejected = np.zeros(n, dtype=bool) if rejected is None else rejected
        display = cls(
            originals=originals,
            digits=digits,
            proba=proba,
            classes=classes,
            rejected=np.asarray(rejected, dtype=bool),
            names=names,
        )
        return display.plot(top=top)

    def plot(self, *, top=3):
        """Draw three panels per image on a new figure.

        Parameters
        ----------
        top : int, default=3
            Classes shown per image.

        Returns
        -------
        display : DigitReadingsDisplay
        """
        n = max(len(self.originals), 1)
        figure, axes = pyplot().subplots(
            n,
            3,
            figsize=(7.5, 1.9 * n),
            squeeze=False,
            gridspec_kw={"width_ratios": [1, 1, 1.6]},
        )
        for row in range(len(self.originals)):
            self._row(axes[row], row, min(top, len(self.classes)))
        figure.tight_layout()
        self.axes_ = axes
        return self._drawn(axes[0, 2])

    def _row(self, axes, row, top):
        left, middle, right = axes
        left.imshow(self.originals[row], cmap="gray", vmin=0, vmax=255)
        left.set_title("picture", fontsize=9)
        if self.names is not None:
            left.set_ylabel(str(self.names[row]), fontsize=8, rotation=0, ha="right")
        middle.imshow(self.digits[row], cmap="gray", vmin=0, vmax=255)
        middle.set_title("what the model saw", fontsize=9)
        for ax in (left, middle):
            ax.set_xticks([])
            ax.set_yticks([])
        p, rejected = self.proba[row], self.rejected[row]
        order = np.argsort(-p)[:top]
        colours = ["#c44e52" if rejected else "#4c72b0"] + ["#bbbbbb"] * (top - 1)
        right.barh(range(top), p[order], color=colours)
        right.set_yticks(range(top), [str(c) for c in self.classes[order]])
        right.invert_yaxis()
        right.set_xlim(0, 1)
        best, confidence = self.classes[order[0]], p[order[0]]
        title = f"{best} (p={confidence:.2f})"
        if rejected:
            title = f"not sure (best guess {best}, p={confidence:.2f})"
        right.set_title(title, fontsize=9)
        right.tick_params(labelsize=8)


def plot_digit_readings(
    originals, digits, proba, classes, *, names=None, rejected=None, top=3
):
    """Show what a digit classifier saw and answered (deprecated: use the Display).

    .. deprecated:: 0.2
        Use ``DigitReadingsDisplay.from_predictions(...).figure_``, or
        ``DigitReadingsDisplay.from_estimator(classifier, originals, digits)``.

    Parameters
    ----------
    originals : sequence of 2-D arrays
        The pictures as read.
    digits : array-like of shape (n_images, 784) or (n_images, 28, 28)
        The normalised images the classifier saw.
    proba : array-like of shape (n_images, n_classes)
        Class probabilities (``predict_proba``).
    classes : array-like of shape (n_classes,)
        Class labels in the order of ``proba``'s columns (``classes_``).
    names : sequence of str, default=None
        A name per image.
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
    >>> import warnings
    >>> import numpy as np
    >>> from skmlkit.plotting import plot_digit_readings
    >>> picture = np.zeros((40, 30)); picture[5:35, 13:17] = 255
    >>> digit = np.zeros((28, 28)); digit[4:24, 12:16] = 255
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     fig = plot_digit_readings([picture], [digit], [[0.1, 0.9]], [0, 1])
    >>> fig.axes[2].get_title()
    '1 (p=0.90)'
    """
    plot_function_deprecated(
        "plot_digit_readings", "DigitReadingsDisplay.from_predictions"
    )
    return DigitReadingsDisplay.from_predictions(
        originals, digits, proba, classes, rejected=rejected, names=names, top=top
    ).figure_
