"""Saying "not a digit" or "not sure": two gates, one calibrated score.

Rejections should be the classifier's likely errors and the inputs that are
not digits at all, not the digits of other hands (Averly & Chao 2023; Xia &
Bouganis 2022). Two numbers per input serve this:

* a distance gate ("not like the digits it knows"): the distance of the
  input's features to the nearest class, with class means and a shared
  covariance (Mahalanobis score, Lee et al. 2018, on l2-normalised features,
  Mueller & Hein 2025) fitted on training rows *and* a copy of them under
  the training augmentation, so that other pens, slants and scans count as
  digits; two feature groups are scored: the input of the output layer and,
  for convolutional networks, the last convolution block's channels pooled
  (mean and max) over the image;
* a confidence gate ("not sure"): the margin between the two highest class
  probabilities, which ranks a classifier's own errors better than any
  distance (Geifman & El-Yaniv 2017; Jaeger et al. 2023; Liang et al. 2024)
  and, for a network trained with outlier exposure, is small on non-digits.

Each number becomes a p-value against held-out digits (the calibration
rows). The score combines them as ``min(DISTANCE_WEIGHT * p_distance,
p_confidence)``: the distance gate then spends about a quarter of the
budget, on inputs far from every digit seen in training, and the margin the
rest. An input is rejected when the combined p-value falls below the level
that rejects a share ``reject_rate`` of the calibration rows.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import softmax
from sklearn.covariance import ledoit_wolf

from ._engine import augmented_rows, infer_features, infer_logits
from ._input import validated_rows

# Training rows used to fit the class means and covariance (a random subset
# of larger training sets; one forward pass each).
MAX_REFERENCE_ROWS = 20_000
# Held-out rows kept to calibrate the rejection level.
MAX_CALIBRATION_ROWS = 5_000
# Models saved before abstention statistics existed reject a prediction
# whose probability is below this (see MNISTClassifier.predict_reject).
FALLBACK_MIN_PROBABILITY = 0.5
# The distance p-value is multiplied by this before it meets the confidence
# p-value: a design constant (about a quarter of the rejections go to the
# distance gate), fixed before measuring on the benchmark's sources.
DISTANCE_WEIGHT = 4.0
# Why a sample is rejected (see MNISTClassifier.reject_reason).
UNLIKE, UNSURE = "unlike", "unsure"


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
    calibration : ndarray of shape (n_calibration, n_groups + 1)
        Sorted distances of the calibration rows, per group, and in the last
        column their sorted confidences (margin between the two highest
        class probabilities). Files saved by skmlkit 0.x before the
        confidence gate have no confidence column: their score is the
        distance p-value alone.
    calibrated_on : {"validation", "training"}
        Which rows gave the calibration values.
    """

    means: list
    precisions: list
    calibration: np.ndarray
    calibrated_on: str

    @classmethod
    def fit(cls, reference, y, calibration, confidence, *, calibrated_on):
        """Fit from feature groups of reference rows and of calibration rows.

        ``confidence`` holds the calibration rows' margins.
        """
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
        columns = np.column_stack([statistics.distances(calibration), confidence])
        return cls(means, precisions, np.sort(columns, axis=0), calibrated_on)

    @property
    def has_confidence(self):
        """Whether the calibration holds a confidence column (newer files)."""
        return self.calibration.shape[1] == len(self.means) + 1

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

    def gate_p_values(self, distances, confidence):
        """P-values of the distance gate and of the confidence gate.

        The distance p-value is the share of calibration rows at least as
        far (smallest over the groups; beyond the farthest rows an
        exponential tail fitted to them extrapolates it, see
        :func:`_upper_p_values`), the confidence p-value the share at most
        as confident (>= 1/(n+1)). Without a confidence column the second
        is all ones.
        """
        n = len(self.calibration)
        n_groups = len(self.means)
        p_distance = np.min(
            [
                _upper_p_values(self.calibration[:, j], distances[:, j])
                for j in range(n_groups)
            ],
            axis=0,
        )
        if not self.has_confidence:
            return p_distance, np.ones_like(p_distance)
        below = np.searchsorted(self.calibration[:, -1], confidence, side="right")
        return p_distance, (below + 1) / (n + 1)

    def p_values(self, distances, confidence):
        """Return the combined p-value, ``min(4 * p_distance, p_confidence)``."""
        return self.combine(*self.gate_p_values(distances, confidence))

    def distance_term(self, p_distance):
        """Return the distance gate's share of the combined p-value.

        ``DISTANCE_WEIGHT * p_distance`` (at most 1); the distance p-value
        itself in files without a confidence column.
        """
        if not self.has_confidence:
            return p_distance
        return np.minimum(DISTANCE_WEIGHT * p_distance, 1.0)

    def combine(self, p_distance, p_confidence):
        """Return the combined p-value of the gates' p-values (see :meth:`p_values`)."""
        return np.minimum(self.distance_term(p_distance), p_confidence)

    def level(self, reject_rate):
        """Return the largest p-value level rejecting <= ``reject_rate`` of rows."""
        n_groups = len(self.means)
        confidence = self.calibration[:, -1] if self.has_confidence else None
        smallest = self.p_values(self.calibration[:, :n_groups], confidence)
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


def _upper_p_values(calibration, values):
    """Share of the sorted ``calibration`` at least as large as each value.

    Conformal p-values ``(count + 1) / (n + 1)`` cannot go below
    ``1 / (n + 1)``, so with few calibration rows a gate given a small share
    of the budget could never reject anything, however far. In the tail
    (beyond the ``k = max(10, n / 20)`` largest calibration values) the
    p-value follows an exponential fitted to their excesses (peaks over a
    threshold, as extreme-value methods of open-set recognition do, e.g.
    OpenMax, Bendale & Boult 2016), continuous with the empirical one where
    the tail begins, and the smaller of the two is used.
    """
    n = len(calibration)
    above = n - np.searchsorted(calibration, values, side="left")
    p = (above + 1) / (n + 1)
    k = min(max(10, n // 20), n - 1)
    if k < 1:
        return p
    threshold = calibration[n - k - 1]
    scale = max(float(np.mean(calibration[n - k :] - threshold)), 1e-12)
    excess = np.maximum(values - threshold, 0.0)
    tail = (k + 1) / (n + 1) * np.exp(-excess / scale)
    return np.where(values > threshold, np.minimum(p, tail), p)


def _unit(features):
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return features / np.maximum(norms, 1e-12)


class AbstentionMixin:
    """``reject_score`` and ``predict_reject`` of MNISTClassifier (module docstring)."""

    def reject_score(self, X):
        """How weak the evidence is that each sample is a digit read right, 0 to 1.

        One minus the combined p-value of the sample's two gates against the
        calibration digits (see Notes of :meth:`predict_reject`): 0.5 means
        that about half of the held-out digits are as unusual, 0.999 that
        almost none is. Models loaded from files saved by older skmlkit
        versions score the feature distance alone, or, without feature
        statistics, one minus the highest class probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features, as for :meth:`predict`.

        Returns
        -------
        score : ndarray of shape (n_samples,)
            Higher means weaker evidence that the sample is one of the
            classes the model knows and that its answer is right.
        """
        logits, p_distance, p_confidence = self._gate_p_values(X)
        if p_distance is None:
            return 1.0 - softmax(logits, axis=1).max(axis=1)
        return 1.0 - self.abstention_.combine(p_distance, p_confidence)

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

        See Also
        --------
        reject_reason : Which gate rejects each sample.

        Notes
        -----
        Two gates share the budget ``reject_rate``:

        * **distance** ("not like the digits it knows"): at the end of
          ``fit`` the classifier fits class means and a shared covariance
          to the network's features of (up to 20,000) training rows and of
          a copy of them under the training augmentation (for the
          ``"robust"`` preset: other pens, slants, widths, blur and
          binarised low-resolution scans), in two groups: the input of the output
          layer and, for CNNs, the last convolution block's channels pooled
          over the image. A sample's score is its distance to the nearest
          class (Mahalanobis, on l2-normalised features);
        * **confidence** ("not sure"): the margin between the two highest
          class probabilities (with test-time augmentation when ``tta``),
          which is low where the classifier tends to be wrong and, with
          ``outlier_exposure``, on what is not a digit.

        Both are turned into p-values against held-out rows: the validation
        rows when ``validation_fraction`` (or early stopping) sets some
        aside, which the ``"robust"`` preset does, else training rows the
        class statistics did not see (an optimistic calibration: new digits
        are then rejected somewhat more often than ``reject_rate``). The
        combined p-value ``min(4 * p_distance, p_confidence)`` gives the
        distance gate about a quarter of the budget; a sample is rejected
        when it falls below the level that rejects a share ``reject_rate``
        of the held-out rows. ``abstention_.calibrated_on`` says which rows
        were used. Models saved by skmlkit versions before the confidence
        gate use the distance alone; those saved before abstention
        statistics existed reject a sample when its highest class
        probability is below 0.5.
        """
        return self._rejected(self.reject_score(X))

    def reject_reason(self, X):
        """Say which gate rejects each sample (see :meth:`predict_reject`).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features, as for :meth:`predict`.

        Returns
        -------
        reasons : ndarray of shape (n_samples,), dtype object
            ``None`` where the sample is accepted, ``"unlike"`` where its
            features are far from those of every digit the model knows,
            ``"unsure"`` where the model hesitates between classes.
        """
        logits, p_distance, p_confidence = self._gate_p_values(X)
        reasons = np.full(len(logits), None, dtype=object)
        if p_distance is None:
            score = 1.0 - softmax(logits, axis=1).max(axis=1)
            reasons[self._rejected(score)] = UNSURE
            return reasons
        statistics = self.abstention_
        rejected = self._rejected(1.0 - statistics.combine(p_distance, p_confidence))
        unlike = statistics.distance_term(p_distance) <= p_confidence
        reasons[rejected & unlike] = UNLIKE
        reasons[rejected & ~unlike] = UNSURE
        return reasons

    def _gate_p_values(self, X):
        """Logits of X and its p-values per gate (None, None without statistics)."""
        X = validated_rows(self, X)
        logits = infer_logits(self, X)
        statistics = self.abstention_
        if statistics is None:
            return logits, None, None
        distances = statistics.distances(infer_features(self, X))
        return logits, *statistics.gate_p_values(distances, margins(logits))

    def _rejected(self, score):
        """Where ``reject_score`` values lie beyond the level of ``reject_rate``."""
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
        X_reference, y_reference = X_train[reference], y_train[reference]
        augmented = augmented_rows(self, X_reference)
        if augmented is not None:
            X_reference = np.concatenate([X_reference, augmented])
            y_reference = np.concatenate([y_reference, y_reference])
        X_calibration = X_calibration[:MAX_CALIBRATION_ROWS]
        self.abstention_ = AbstentionStatistics.fit(
            infer_features(self, X_reference),
            y_reference,
            infer_features(self, X_calibration),
            margins(infer_logits(self, X_calibration)),
            calibrated_on=calibrated_on,
        )


def margins(logits):
    """Difference between the two highest class probabilities of each row."""
    probabilities = np.sort(softmax(logits, axis=1), axis=1)
    if probabilities.shape[1] < 2:
        return probabilities[:, -1]
    return probabilities[:, -1] - probabilities[:, -2]
