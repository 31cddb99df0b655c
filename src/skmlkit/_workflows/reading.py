"""Reading digit files for people: one line per file, "?" and a reason when unsure.

Used by ``skmlkit predict`` and the draw-a-digit page (``skmlkit serve``).
"""

from dataclasses import dataclass

import numpy as np

from ..exceptions import ImageTooLargeError
from ._files import save_figure


@dataclass
class Reading:
    """What the classifier made of one picture.

    ``answer`` is the label as text, or ``"?"`` when the classifier abstains
    or the picture could not be read; ``reason`` then says why.
    """

    name: str
    answer: str
    reason: str | None = None
    probability: float | None = None
    proba: np.ndarray | None = None
    original: np.ndarray | None = None
    digit: np.ndarray | None = None
    rejected: bool = False

    def line(self, width=0):
        """One line of ``skmlkit predict`` output."""
        text = f"{self.name:<{width}}  {self.answer}"
        if self.reason:
            return f"{text}  ({self.reason})"
        if self.probability is not None:
            return f"{text}  (p={self.probability:.3f})"
        return text

    def top(self, classes, k=3):
        """Return the ``k`` most probable classes as (label, probability) pairs."""
        if self.proba is None:
            return []
        order = np.argsort(-self.proba)[:k]
        return [(str(classes[i]), float(self.proba[i])) for i in order]


def unreadable_reason(exc):
    """Why a picture gave no digit, in a few words."""
    if isinstance(exc, ImageTooLargeError):
        return f"too large: {exc}"
    if isinstance(exc, OSError):
        return f"unreadable: {exc}"
    message = str(exc)
    if message.startswith("No digit found"):
        return "blank: no stroke stands out from the background"
    return f"unreadable: {message}"


def abstention_reason(proba, classes, gate):
    """Why the classifier abstains: unlike any digit, or unsure between two.

    ``gate`` is what :meth:`MNISTClassifier.reject_reason` says.
    """
    order = np.argsort(-proba)
    best, second = classes[order[0]], classes[order[1]]
    if gate == "unlike":
        return (
            f"not like the digits it knows; best guess {best}, p={proba[order[0]]:.2f}"
        )
    return f"not sure: {best} or {second}, p={proba[order[0]]:.2f}"


def read_digits(classifier, sources, names, *, abstain=True, **steps):
    """Read one digit per picture; never raises for a bad picture.

    Parameters
    ----------
    classifier : MNISTClassifier
        A fitted classifier of 28 x 28 digits.
    sources : sequence of paths, bytes or file-like objects
        The pictures.
    names : sequence of str
        A name per picture, for the output lines.
    abstain : bool, default=True
        Answer ``"?"`` where ``classifier.predict_reject`` says so.
    **steps : bool
        Normalisation steps (see :func:`skmlkit.images.normalize_digit`).

    Returns
    -------
    readings : list of Reading
        One per picture, in order.
    """
    from ..images import read_digit_image

    readings, rows = [], []
    for source, name in zip(sources, names, strict=True):
        try:
            digit, original = read_digit_image(source, return_original=True, **steps)
        except (ValueError, OSError) as exc:
            readings.append(Reading(str(name), "?", unreadable_reason(exc)))
            continue
        readings.append(Reading(str(name), "?", original=original, digit=digit))
        rows.append(len(readings) - 1)
    if rows:
        X = np.stack([readings[i].digit.ravel() for i in rows])
        proba = classifier.predict_proba(X)
        reasons = (
            classifier.reject_reason(X)
            if abstain
            else np.full(len(rows), None, dtype=object)
        )
        for i, p, gate in zip(rows, proba, reasons, strict=True):
            reject = gate is not None
            reading = readings[i]
            best = int(np.argmax(p))
            reading.proba, reading.probability = p, float(p[best])
            reading.rejected = bool(reject)
            if reject:
                reading.reason = abstention_reason(p, classifier.classes_, gate)
            else:
                reading.answer = str(classifier.classes_[best])
    return readings


def read_numbers(classifier, sources, names, *, abstain=True):
    """Read a number per picture (see :func:`skmlkit.images.read_number`).

    Returns a list of :class:`Reading` whose ``answer`` is the number, with
    ``?`` in place of each digit the classifier abstains on.
    """
    from ..images import read_number

    readings = []
    for source, name in zip(sources, names, strict=True):
        try:
            number = read_number(source, classifier)
        except (ValueError, OSError) as exc:
            readings.append(Reading(str(name), "?", unreadable_reason(exc)))
            continue
        labels = [str(label) for label in number.labels]
        if abstain:
            marks = zip(labels, number.rejected, strict=True)
            labels = ["?" if rejected else label for label, rejected in marks]
        readings.append(Reading(str(name), "".join(labels)))
    return readings


def predict_image_files(
    model,
    paths,
    *,
    tta=None,
    abstain=True,
    number=False,
    show=None,
    log=print,
    **steps,
):
    """``skmlkit predict``: log one line per file: its digit (or number), or "?".

    Parameters
    ----------
    model : str, path-like or None
        Model file written by ``skmlkit mnist train``; None for the model
        packaged with skmlkit (a first line says so).
    paths : sequence of str or path-like
        Image files; missing, unreadable or blank ones get a ``?`` line.
    tta : bool, default=None
        Override the model's test-time augmentation setting.
    abstain : bool, default=True
        Answer ``?`` where the model abstains (``predict_reject``).
    number : bool, default=False
        Read each file as a number of several digits.
    show : str or path-like, default=None
        Write a picture of what the model saw (single digits only).
    log : callable, default=print
        Receives each line.
    **steps : bool
        Normalisation steps.

    Returns
    -------
    readings : list of Reading
        One per file.
    """
    from .models import open_model

    classifier = open_model(model, log)
    if tta is not None:
        classifier.set_params(tta=tta)
    names = [str(path) for path in paths]
    if number:
        readings = read_numbers(classifier, paths, names, abstain=abstain)
    else:
        readings = read_digits(classifier, paths, names, abstain=abstain, **steps)
    width = max(len(name) for name in names)
    for reading in readings:
        log(reading.line(width))
    if show is not None:
        write_readings_figure(readings, classifier.classes_, show)
        log(f"Saved the picture of what the model saw to {show}.")
    return readings


def write_readings_figure(readings, classes, path):
    """Save original | normalised | top-3 for the readings that have a picture."""
    from ..plotting import DigitReadingsDisplay

    shown = [r for r in readings if r.digit is not None]
    if not shown:
        raise ValueError("No picture could be read, so there is nothing to show.")
    display = DigitReadingsDisplay.from_predictions(
        [r.original for r in shown],
        [r.digit for r in shown],
        [r.proba for r in shown],
        classes,
        names=[_short(r.name) for r in shown],
        rejected=[r.rejected for r in shown],
    )
    return save_figure(display.figure_, path, dpi=100)


def _short(name, length=24):
    from pathlib import Path

    name = Path(name).name
    return name if len(name) <= length else name[: length - 1] + "…"
