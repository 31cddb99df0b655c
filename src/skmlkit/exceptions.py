"""Public exceptions and warnings of skmlkit, re-exported where users meet them.

Every error about the input subclasses ``ValueError``, the scikit-learn
convention for bad input, so ``except ValueError`` keeps working;
:class:`ClusterError` (the Dask cluster failed, not the input) is a
``RuntimeError``.
"""

from sklearn.utils._param_validation import InvalidParameterError

__all__ = [
    "ClusterError",
    "DataFallbackWarning",
    "ImageTooLargeError",
    "InvalidParameterError",
    "KRangeEdgeWarning",
    "NoClearKneeWarning",
    "TrainingDivergedError",
]


class ClusterError(RuntimeError):
    """A Dask cluster could not finish a run: workers lost or unreachable.

    Raised by ``skmlkit segment --dask/--workers`` when a task keeps killing
    its workers (Dask retries it on another worker a few times first: a
    worker lost once does not stop the run) or the scheduler cannot be
    reached. Nothing is written for a run that stops.

    Examples
    --------
    >>> from skmlkit.exceptions import ClusterError
    >>> issubclass(ClusterError, RuntimeError), issubclass(ClusterError, ValueError)
    (True, False)
    """


class TrainingDivergedError(ValueError):
    """The training loss became NaN or infinite.

    :class:`~skmlkit.MNISTClassifier` stops at the first such batch instead of
    returning a garbage model; a fresh fit is left unfitted, a warm start
    keeps the model it started from. Usual causes: a learning rate far too
    high, or extreme input values.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skmlkit import MNISTClassifier
    >>> from skmlkit.exceptions import TrainingDivergedError
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = MNISTClassifier(architecture="mlp", optimizer="sgd", lr=1e6,
    ...                       lr_schedule="constant", max_epochs=2)
    >>> try:
    ...     clf.fit(X[:300], y[:300])
    ... except TrainingDivergedError as exc:
    ...     print(str(exc)[:34])
    Training diverged: the loss became
    """


class ImageTooLargeError(ValueError):
    """An image has more pixels than ``skmlkit.images.MAX_PIXELS``.

    Raised before the image is decoded, so a decompression bomb never fills
    the memory.

    Examples
    --------
    >>> from skmlkit.exceptions import ImageTooLargeError
    >>> issubclass(ImageTooLargeError, ValueError)
    True
    """


class NoClearKneeWarning(UserWarning):
    """The inertia curve has no clear elbow; a fallback chose K.

    Raised by :class:`~skmlkit.AutoKMeans` with ``method="elbow"`` when
    Kneedle finds no knee high enough above the chord of the log-inertia
    curve; K is then the silhouette choice. Filter it like any warning to
    silence it.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.exceptions import NoClearKneeWarning
    >>> X = np.random.default_rng(0).uniform(size=(200, 2))  # no clusters at all
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     model = AutoKMeans(method="elbow", random_state=0).fit(X)
    >>> any(issubclass(w.category, NoClearKneeWarning) for w in caught)
    True
    """


class KRangeEdgeWarning(UserWarning):
    """The chosen number of clusters is the largest K in ``k_range``.

    Raised by :class:`~skmlkit.AutoKMeans` when its choice sits on the upper
    edge of the candidates: the best K may lie beyond them. Widen
    ``k_range`` (for example ``range(1, 21)``) and fit again; filter the
    warning if the limit is deliberate.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.exceptions import KRangeEdgeWarning
    >>> X, _ = make_blobs(n_samples=300, centers=6, random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     model = AutoKMeans(k_range=range(2, 4), random_state=0).fit(X)
    >>> model.n_clusters_, any(w.category is KRangeEdgeWarning for w in caught)
    (3, True)
    """


class DataFallbackWarning(UserWarning):
    """A data set was not available; a stand-in was used in its place.

    Raised by :func:`~skmlkit.datasets.fetch_mnist_or_digits` (and so by the
    examples and ``skmlkit demo``) when MNIST cannot be had: the message says
    why and how to get it. Results on the stand-in are not MNIST results.

    Examples
    --------
    >>> from skmlkit.exceptions import DataFallbackWarning
    >>> issubclass(DataFallbackWarning, UserWarning)
    True
    """
