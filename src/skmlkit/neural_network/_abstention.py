"""Saying "not a digit": distances to the training classes in the network's features.

A classifier's softmax is confident far from its training data (Nguyen et
al. 2015; Hein et al. 2019), so abstention uses what the network's features
say instead: the distance of an input's features to the nearest class,
with class means and a shared covariance fitted on training rows
(Mahalanobis score, Lee et al. 2018, on l2-normalised features, Mueller &
Hein 2025). Two feature groups are scored: the input of the output layer
and, for convolutional networks, the last convolution block's channels
pooled (mean and max) over the image. Each distance is turned into a
p-value against held-out digits of the known classes (the calibration
rows); an input is rejected when its smallest p-value falls below a level
chosen so that a share ``reject_rate`` of the calibration rows is
rejected.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import softmax
from sklearn.covariance import ledoit_wolf

from ._engine import infer_features, infer_logits
from ._input import validated_rows

# Training rows used to fit the class means and covariance (a random subset
# of larger training sets; one forward pass each).
MAX_REFERENCE_ROWS = 20_000
# Held-out rows kept to calibrate the rejection level.
MAX_CALIBRATION_ROWS = 5_000
# Models saved before abstention statistics existed reject a prediction
# whose probability is below this (see MNISTClassifier.predict_reject).
FALLBACK_MIN_PROBABILITY = 0.5


@dataclass(frozen=True)
class AbstentionStatistics:
    """Fitted class statistics of each feature group and the calibration distances.

    Attributes
    ----------
    means : list of ndarray of shape (n_classes, n_dims)
        Mean normalised feature vector of each class (NaN rows for classes
        absent from the reference rows), one array per feature group.
    precisions : list of ndarray of shape (n_dims, n_dims)
        Inverse of the shared (Ledoit-Wolf shrunk) covariance, per group.
    calibration : ndarray of shape (n_calibration, n_groups)
        Sorted distances of the calibration rows, per group.
    calibrated_on : {"validation", "training"}
        Which rows gave the calibration distances.
    """

    means: list
    precisions: list
    calibration: np.ndarray
    calibrated_on: str

    @classmethod
    def fit(cls, reference, y, calibration, *, calibrated_on):
        """Fit from feature groups of reference rows and of calibration rows."""
        means, precisions = [], []
        for features in reference:
            features = _unit(features)
            present = np.unique(y)
            class_means = np.full((y.max() + 1, features.shape[1]), np.nan)
            for label in present:
                class_means[label] = features[y == label].mean(axis=0)
            if len(features) > 1:
                covariance, _ = ledoit_wolf(features - class_means[y])
            else:
                covariance = np.eye(features.shape[1])
            means.append(class_means)
            precisions.append(np.linalg.pinv(covariance, hermitian=True))
        statistics = cls(
            means, precisions, np.empty((0, len(reference))), calibrated_on
        )
        distances = np.sort(statistics.distances(calibration), axis=0)
        return cls(means, precisions, distances, calibrated_on)

    def distances(self, groups):
        """Squared Mahalanobis distance to the nearest class, one column per group."""
        columns = []
        for features, means, precision in zip(
            groups, self.means, self.precisions, strict=True
        ):
            features = _unit(features)
            nearest = np.full(len(features), np.inf)
            for mean in means:
                if np.isnan(mean).any():
                    continue
                centred = features - mean
                nearest = np.minimum(
                    nearest, np.einsum("ij,jk,ik->i", centred, precision, centred)
                )
            columns.append(nearest)
        return np.column_stack(columns)

    def p_values(self, distances):
        """Share of calibration rows at least as far, per group (>= 1/(n+1))."""
        n = len(self.calibration)
        above = [
            n - np.searchsorted(self.calibration[:, j], distances[:, j], side="left")
            for j in range(distances.shape[1])
        ]
        return (np.column_stack(above) + 1) / (n + 1)

    def level(self, reject_rate):
        """Return the largest p-value level rejecting <= ``reject_rate`` of rows."""
        smallest = self.p_values(self.calibration).min(axis=1)
        candidates = np.unique(smallest)
        rejected = np.searchsorted(np.sort(smallest), candidates, side="left")
        allowed = candidates[rejected / len(smallest) <= reject_rate]
        return float(allowed.max()) if len(allowed) else 0.0

    def to_tensors(self):
        """Plain arrays for the model file."""
        arrays = {"calibration": self.calibration}
        for j, (means, precision) in enumerate(
            zip(self.means, self.precisions, strict=True)
        ):
            arrays[f"means_{j}"] = means
            arrays[f"precision_{j}"] = precision
        return arrays

    @classmethod
    def from_tensors(cls, arrays, calibrated_on):
        """Inverse of :meth:`to_tensors`."""
        n_groups = sum(1 for key in arrays if key.startswith("means_"))
        return cls(
            [
                np.asarray(arrays[f"means_{j}"], dtype=np.float64)
                for j in range(n_groups)
            ],
            [
                np.asarray(arrays[f"precision_{j}"], dtype=np.float64)
                for j in range(n_groups)
            ],
            np.asarray(arrays["calibration"], dtype=np.float64),
            calibrated_on,
        )


def _unit(features):
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return features / np.maximum(norms, 1e-12)


class AbstentionMixin:
    """``reject_score`` and ``predict_reject`` of MNISTClassifier (module docstring)."""

    def reject_score(self, X):
        """How unlike the training digits each sample is, from 0 to 1.

        One minus the smallest p-value of the sample's feature distances to
        the nearest class, against the calibration digits (see Notes of
        :meth:`predict_reject`): 0.5 means half of the held-out digits lie
        at least as far, 0.999 that almost none does. Models loaded from
        files saved by older skmlkit versions have no feature statistics; their
        score is one minus the highest class probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features, as for :meth:`predict`.

        Returns
        -------
        score : ndarray of shape (n_samples,)
            Higher means weaker evidence that the sample is one of the
            classes the model knows.
        """
        X = validated_rows(self, X)
        statistics = self.abstention_
        if statistics is None:
            return 1.0 - softmax(infer_logits(self, X), axis=1).max(axis=1)
        distances = statistics.distances(infer_features(self, X))
        return 1.0 - statistics.p_values(distances).min(axis=1)

    def predict_reject(self, X):
        """Tell where the classifier should abstain ("not a digit", unsure).

        ``predict`` always answers with one of ``classes_``, as scikit-learn
        expects; use this mask to set aside the samples whose answer rests
        on weak evidence, e.g.
        ``np.where(clf.predict_reject(X), -1, clf.predict(X))``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features, as for :meth:`predict`.

        Returns
        -------
        rejected : ndarray of shape (n_samples,), dtype bool
            True where the classifier abstains.

        Notes
        -----
        At the end of ``fit``, the classifier fits class means and a shared
        covariance to the network's features of (up to 20,000) training
        rows (at most half of them without a validation set), in two groups:
        the input of the output layer and, for CNNs, the last convolution
        block's channels pooled over the image. It
        then measures the distance to the nearest class (Mahalanobis, on
        l2-normalised features) of held-out rows: the validation rows when
        ``validation_fraction`` (or early stopping) sets some aside, which
        the ``"robust"`` preset does, else the other training rows (an
        optimistic calibration: new digits are rejected somewhat
        more often than ``reject_rate``). A sample is rejected when one of
        its distances is larger than nearly all of theirs: the level is
        chosen so that a share ``reject_rate`` of the held-out rows is
        rejected. ``abstention_.calibrated_on`` says which rows were used.
        Models saved by older skmlkit versions reject a sample when its highest
        class probability is below 0.5.
        """
        score = self.reject_score(X)
        if self.abstention_ is None:
            return score > 1.0 - FALLBACK_MIN_PROBABILITY
        return score > 1.0 - self.abstention_.level(self.reject_rate)

    def _fit_abstention(self, run):
        """Fit the abstention statistics from a finished training run."""
        X_train, y_train = run.train
        rng = np.random.default_rng(0)
        order = rng.permutation(len(y_train))
        if run.valid is not None:
            reference = order[:MAX_REFERENCE_ROWS]
            X_calibration = run.valid[0]
            calibrated_on = "validation"
        else:
            # Without held-out rows, calibrate on training rows that the
            # class statistics did not see (at least half of them).
            n_reference = min(MAX_REFERENCE_ROWS, max(1, len(order) // 2))
            reference, spare = order[:n_reference], order[n_reference:]
            X_calibration = X_train[spare if len(spare) else reference]
            calibrated_on = "training"
        self.abstention_ = AbstentionStatistics.fit(
            infer_features(self, X_train[reference]),
            y_train[reference],
            infer_features(self, X_calibration[:MAX_CALIBRATION_ROWS]),
            calibrated_on=calibrated_on,
        )
