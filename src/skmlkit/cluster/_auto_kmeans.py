"""AutoKMeans: K-Means that chooses its number of clusters."""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ..exceptions import NoClearKneeWarning
from ._criteria import (
    best_k,
    first_gap_k,
    gap_statistic,
    partition_scores,
    within_dispersion,
)
from ._knee import find_knee
from ._selection import mixture_scores, select_auto

METHODS = ("auto", "elbow", "silhouette", "calinski_harabasz", "davies_bouldin", "gap")
# A knee of the log-inertia curve must rise this far above the chord (unit
# square) to count: structureless uniform or Gaussian data stay below it.
ELBOW_MIN_HEIGHT = 0.25
# Past this many samples, algorithm="auto" fits with MiniBatchKMeans.
MINIBATCH_THRESHOLD = 100_000


class AutoKMeans(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """K-Means clustering that selects the number of clusters itself.

    Fits K-Means for every K in ``k_range``, scores each partition with
    several criteria (inertia, silhouette, Calinski-Harabasz, Davies-Bouldin,
    gap statistic, Gaussian-mixture BIC and ICL), picks K by ``method`` and
    keeps the K-Means model at that K. As a transformer it maps samples to
    their distances to the cluster centres, like
    :class:`~sklearn.cluster.KMeans`.

    Parameters
    ----------
    k_range : tuple of (int, int) or array-like of int, default=(2, 10)
        Candidate numbers of clusters: an inclusive ``(k_min, k_max)`` pair or
        an explicit list. Values above ``n_samples - 1`` are dropped with a
        warning; an error is raised when none is left.
    method : {"auto", "elbow", "silhouette", "calinski_harabasz", \
"davies_bouldin", "gap"}, default="auto"
        How K is chosen. ``"elbow"``: the knee (Kneedle) of the curve of
        log-inertia against K, where a drop to the clusters' own spread
        shows wherever it lies in ``k_range``; without a clear knee it warns
        (:class:`~skmlkit.exceptions.NoClearKneeWarning`) and falls back to
        the silhouette choice. ``"silhouette"`` / ``"calinski_harabasz"``: the maximum;
        ``"davies_bouldin"``: the minimum; ``"gap"``: the smallest K within
        one standard error of the next (Tibshirani et al., 2001).
        ``"auto"``: see Notes.
    n_init : int, default=4
        K-Means initialisations per K; the best is kept.
    max_iter : int, default=300
        Maximum K-Means iterations per run.
    tol : float, default=1e-4
        K-Means convergence tolerance.
    init : {"k-means++", "random"}, default="k-means++"
        K-Means initialisation.
    sample_size : int, default=5000
        Size of the random sample on which the criteria are evaluated (all
        samples when there are fewer): their cost stays bounded whatever
        the data size. The K-Means models always use all samples.
    algorithm : {"auto", "lloyd", "elkan", "minibatch"}, default="auto"
        K-Means backend: ``"auto"`` uses Lloyd's algorithm up to 100,000
        samples and :class:`~sklearn.cluster.MiniBatchKMeans` beyond.
    random_state : int, RandomState instance or None, default=None
        Seeds K-Means, the evaluation sample and the gap references.
    n_jobs : int, default=None
        Number of K values fitted in parallel with joblib (so a Dask joblib
        backend can distribute the sweep). None means 1.

    Attributes
    ----------
    n_clusters_ : int
        The chosen number of clusters.
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Centres of the chosen clustering.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each training sample.
    inertia_ : float
        Sum of squared distances of the training samples to their centre.
    n_iter_ : int
        Iterations of the chosen K-Means run.
    estimator_ : KMeans or MiniBatchKMeans
        The fitted model at the chosen K.
    k_values_ : ndarray of shape (n_k,)
        The K values evaluated.
    scores_ : dict of str to ndarray of shape (n_k,)
        Every criterion's value for every K: ``inertia``, ``silhouette``,
        ``calinski_harabasz``, ``davies_bouldin``, ``gap``, ``gap_sd``,
        ``bic``, ``icl`` and ``icl_diag`` (NaN where undefined).
    choices_ : dict of str to int
        The K each method would choose.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in,)
        Names of features seen during fit, for DataFrame input.

    See Also
    --------
    sklearn.cluster.KMeans : K-Means with a given number of clusters.

    Notes
    -----
    ``method="auto"`` combines criteria that fail in different directions:
    it takes the median of five votes, the silhouette and Calinski-Harabasz
    choices and the K minimising the BIC, the integrated completed
    likelihood (ICL) and the diagonal-covariance ICL of Gaussian mixtures
    started from each K-Means solution. The mixtures model imbalanced and
    elongated clusters that K-Means' own criteria misjudge; BIC tends to
    split such clusters and ICL to merge overlapping ones, and the geometric
    votes settle the difference. ``benchmarks/bench_kselection.py``
    measures every method's exact-K rate on mixtures with known K.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> X, _ = make_blobs(n_samples=600, centers=4, cluster_std=0.8,
    ...                   random_state=1)
    >>> model = AutoKMeans(random_state=0).fit(X)
    >>> model.n_clusters_
    4
    >>> model.transform(X[:2]).shape
    (2, 4)
    >>> model.choices_["silhouette"]  # silhouette alone merges two pairs
    2
    """

    _parameter_constraints = {
        "k_range": ["array-like"],
        "method": [StrOptions(set(METHODS))],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"})],
        "sample_size": [Interval(Integral, 2, None, closed="left")],
        "algorithm": [StrOptions({"auto", "lloyd", "elkan", "minibatch"})],
        "random_state": ["random_state"],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        *,
        k_range=(2, 10),
        method="auto",
        n_init=4,
        max_iter=300,
        tol=1e-4,
        init="k-means++",
        sample_size=5000,
        algorithm="auto",
        random_state=None,
        n_jobs=None,
    ):
        self.k_range = k_range
        self.method = method
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.init = init
        self.sample_size = sample_size
        self.algorithm = algorithm
        self.random_state = random_state
        self.n_jobs = n_jobs

    def __sklearn_is_fitted__(self):
        # Not "any attribute ending in _": a fit that failed validation may
        # have set n_features_in_ or feature_names_in_ already.
        return hasattr(self, "cluster_centers_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    # -- fitting ----------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit K-Means for every candidate K and keep the chosen one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Not used, present for API consistency.

        Returns
        -------
        self : AutoKMeans
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        _check_magnitude(X)
        k_values = self._check_params_vs_input(X)
        rng = check_random_state(self.random_state)
        seeds = rng.randint(np.iinfo(np.int32).max, size=len(k_values))
        backend = self._backend(len(X))
        models = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_kmeans)(X, k, backend, self._kmeans_params(seed))
            for k, seed in zip(k_values, seeds, strict=True)
        )
        sample = (
            X[rng.choice(len(X), self.sample_size, replace=False)]
            if len(X) > self.sample_size
            else X
        )
        self.k_values_ = np.asarray(k_values)
        self.scores_ = self._score(sample, models, rng)
        self.choices_ = self._choices()
        self.n_clusters_ = self.choices_[self.method]
        chosen = models[k_values.index(self.n_clusters_)]
        self.estimator_ = chosen
        self.cluster_centers_ = chosen.cluster_centers_
        self.labels_ = chosen.labels_
        self.inertia_ = float(chosen.inertia_)
        self.n_iter_ = int(chosen.n_iter_)
        return self

    def _check_params_vs_input(self, X):
        """Return the K values to try, validated against the data."""
        k_range = self.k_range
        if isinstance(k_range, tuple) and len(k_range) == 2:
            k_min, k_max = k_range
            if not all(isinstance(k, Integral) for k in k_range) or k_min > k_max:
                raise ValueError(
                    f"k_range=(k_min, k_max) needs integers with k_min <= k_max, "
                    f"got {k_range!r}."
                )
            k_values = list(range(k_min, k_max + 1))
        else:
            k_values = np.asarray(k_range).ravel().tolist()
            if not k_values or not all(
                isinstance(k, Integral) and not isinstance(k, bool) for k in k_values
            ):
                raise ValueError(
                    f"k_range must be a (k_min, k_max) pair or a list of integers, "
                    f"got {k_range!r}."
                )
            k_values = sorted(set(k_values))
        if k_values[0] < 1:
            raise ValueError(f"k_range values must be >= 1, got {k_values[0]}.")
        usable = [k for k in k_values if k <= len(X) - 1] or [1]
        if usable != k_values:
            dropped = sorted(set(k_values) - set(usable))
            warnings.warn(
                f"k_range values {dropped} exceed n_samples - 1 = {len(X) - 1} "
                f"and were dropped; trying K in {usable}.",
                UserWarning,
                stacklevel=3,
            )
        return usable

    def _backend(self, n_samples):
        if self.algorithm == "auto":
            return "minibatch" if n_samples > MINIBATCH_THRESHOLD else "lloyd"
        return self.algorithm

    def _kmeans_params(self, seed):
        return {
            "n_init": self.n_init,
            "max_iter": self.max_iter,
            "tol": self.tol,
            "init": self.init,
            "random_state": int(seed),
        }

    def _score(self, sample, models, rng):
        k_values = self.k_values_.tolist()
        scores = {
            name: np.full(len(k_values), np.nan)
            for name in (
                "inertia",
                "silhouette",
                "calinski_harabasz",
                "davies_bouldin",
                "gap",
                "gap_sd",
            )
        }
        for j, model in enumerate(models):
            scores["inertia"][j] = model.inertia_
            for name, value in partition_scores(sample, model.predict(sample)).items():
                scores[name][j] = value
        centers = [model.cluster_centers_ for model in models]
        dispersions = np.array([within_dispersion(sample, c) for c in centers])
        if np.all(dispersions > 0):
            scores["gap"], scores["gap_sd"] = gap_statistic(
                sample, k_values, dispersions, self._reference_centers, random_state=rng
            )
        scores.update(mixture_scores(sample, k_values, centers, rng))
        return scores

    def _reference_centers(self, X, k, seed):
        params = {**self._kmeans_params(seed), "n_init": 1}
        return _fit_kmeans(X, min(k, len(X)), "lloyd", params).cluster_centers_

    def _choices(self):
        k_values, scores = self.k_values_.tolist(), self.scores_
        choices = {
            name: best_k(k_values, scores[name], name) or k_values[0]
            for name in ("silhouette", "calinski_harabasz", "davies_bouldin")
        }
        choices["gap"] = (
            first_gap_k(k_values, scores["gap"], scores["gap_sd"])
            if not np.all(np.isnan(scores["gap"]))
            else k_values[0]
        )
        with np.errstate(divide="ignore"):  # inertia 0 (duplicates): no knee
            log_inertia = np.log(scores["inertia"])
        knee, _ = find_knee(k_values, log_inertia, min_height=ELBOW_MIN_HEIGHT)
        if knee is None:
            if self.method == "elbow":
                warnings.warn(
                    f"The inertia curve over K in {k_values[0]}..{k_values[-1]} has "
                    "no clear elbow; using the silhouette choice "
                    f"K={choices['silhouette']} instead.",
                    NoClearKneeWarning,
                    stacklevel=4,
                )
            knee = choices["silhouette"]
        choices["elbow"] = knee
        choices["auto"] = select_auto(k_values, scores, choices)
        return {name: int(k) for name, k in choices.items()}

    # -- results ----------------------------------------------------------

    def scores_table(self):
        """Per-K criteria as a DataFrame indexed by K.

        Returns
        -------
        table : pandas.DataFrame
            One row per K value, one column per criterion.
        """
        check_is_fitted(self)
        return pd.DataFrame(self.scores_, index=pd.Index(self.k_values_, name="k"))

    # -- prediction -------------------------------------------------------

    def predict(self, X):
        """Assign each sample to the nearest cluster centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Cluster index of each sample.
        """
        X = self._validated(X)  # checks fitted before estimator_ is read
        return self.estimator_.predict(X)

    def fit_predict(self, X, y=None):
        """Fit and return the cluster of each training sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Not used, present for API consistency.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Cluster index of each sample.
        """
        return self.fit(X).labels_

    def transform(self, X):
        """Distances of each sample to every cluster centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            Euclidean distance to each centre.
        """
        X_checked = self._validated(X, keep_dtype=True)
        distances = self.estimator_.transform(
            X_checked.astype(self.cluster_centers_.dtype, copy=False)
        )
        return distances.astype(X_checked.dtype, copy=False)

    def score(self, X, y=None):
        """Opposite of the K-Means objective on X (higher is better).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data.
        y : Ignored
            Not used, present for API consistency.

        Returns
        -------
        score : float
            Minus the sum of squared distances to the nearest centre.
        """
        X = self._validated(X)
        return float(self.estimator_.score(X))

    def _validated(self, X, keep_dtype=False):
        """Check fitted and X, cast (unless ``keep_dtype``) to the centres' dtype."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        _check_magnitude(X)
        return X if keep_dtype else X.astype(self.cluster_centers_.dtype, copy=False)

    @property
    def _n_features_out(self):
        return self.n_clusters_


def _check_magnitude(X):
    """Refuse values whose squared distances would overflow X's dtype."""
    if X.size == 0:
        return
    limit = np.sqrt(np.finfo(X.dtype).max / (4 * X.shape[1]))
    largest = float(np.max(np.abs(X)))
    if largest > limit:
        raise ValueError(
            f"X has values up to {largest:.3g} in absolute value: squared "
            f"distances would overflow {X.dtype} (limit {limit:.3g} for "
            f"{X.shape[1]} features). Rescale X, e.g. with StandardScaler."
        )


def _fit_kmeans(X, k, backend, params):
    if backend == "minibatch":
        model = MiniBatchKMeans(k, batch_size=4096, **params)
    else:
        model = KMeans(k, algorithm=backend, **params)
    with warnings.catch_warnings():
        # Duplicate points can leave fewer distinct clusters than K; the
        # criteria then score that partition for what it is.
        warnings.simplefilter("ignore", category=UserWarning)
        return model.fit(X)
