"""Incremental training of MNISTClassifier: ``partial_fit``, one epoch per call."""

import numpy as np
from sklearn.base import _fit_context


class IncrementalFitMixin:
    """``partial_fit`` for :class:`MNISTClassifier`.

    It shares the input checks (``_prepare``) and the training run
    (``_train``) of ``fit``; only what differs for a call that continues
    the current weights lives here.
    """

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """Train for one epoch on (X, y), continuing from the current weights.

        The first call initialises the network and the input standardisation
        (from this first batch of data) and needs ``classes``. Later calls
        must use the same features and labels from ``classes``. The learning
        rate stays constant at ``lr`` (a schedule needs the run's length).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Training images or features.
        y : array-like of shape (n_samples,)
            Class labels.
        classes : array-like of shape (n_classes,), default=None
            All the class labels; required on the first call.

        Returns
        -------
        self : MNISTClassifier
            The updated classifier.
        """
        first = not hasattr(self, "net_")
        if first and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        X, y = self._prepare(
            X, y, first=first, classes=classes, unknown="are not in classes ("
        )
        if classes is not None and not np.array_equal(
            np.unique(classes), self.classes_
        ):
            raise ValueError(
                f"classes={list(classes)} differs from the classes of the "
                f"first call, {self.classes_.tolist()}."
            )
        self._train(X, y, not first, epochs=1, schedule="constant")
        return self
