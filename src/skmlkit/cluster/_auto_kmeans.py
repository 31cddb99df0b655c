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
from sklearn.utils._set_output import _get_output_config, _wrap_data_with_container
from sklearn.utils.validation import check_is_fitted, validate_data

from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning
from . import _dask
from ._criteria import (
    best_k,
    first_gap_k,
    gap_statistic,
    partition_scores,
    within_dispersion,
)
from ._knee import find_knee
from ._lloyd import lloyd_centers
from ._matching import canonical_order
from ._selection import has_indicator_columns, mixture_scores, select_auto
from ._stability import resampling_stability, stable_k
from ._structure import structure_evidence

METHODS = (
    "auto",
    "elbow",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "gap",
    "stability",
)
# Candidates when k_range is None: K = 1 included, so that data without any
# cluster structure get one cluster (benchmarks/README.md, "K selection").
DEFAULT_K_RANGE = range(1, 11)
# Uniform reference data sets of the gap statistic (Tibshirani et al. ask
# for B >= 10 before its standard error can be trusted).
GAP_REFERENCES = 10
# The gap statistic is computed on at most this many principal components.
GAP_MAX_DIMENSIONS = 10
# K-Means restarts of each gap fit, on the sample and on the references alike.
GAP_N_INIT = 2
# A knee of the log-inertia curve must rise this far above the chord (unit
# square) to count: structureless uniform or Gaussian data stay below it.
ELBOW_MIN_HEIGHT = 0.25
# Up to this many samples, n_init="auto" restarts K-Means 10 times per K.
AUTO_N_INIT_LIMIT = 50_000
# Past this many samples, algorithm="auto" fits with MiniBatchKMeans.
MINIBATCH_THRESHOLD = 100_000
# Dask input: the K-Means runs that start the distributed Lloyd iterations
# are fitted on a sample of at least this many rows (or sample_size).
DASK_START_SAMPLE = 50_000


class AutoKMeans(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """K-Means clustering that selects the number of clusters itself.

    Fits K-Means for every K in ``k_range``, scores each partition with
    several criteria (inertia, silhouette, Calinski-Harabasz, Davies-Bouldin,
    gap statistic, resampling stability, Gaussian-mixture BIC and ICL),
    tests whether the data have any cluster structure at all, picks K by
    ``method`` and keeps the K-Means model at that K. As a transformer it
    maps samples to their distances to the cluster centres, like
    :class:`~sklearn.cluster.KMeans`.

    Parameters
    ----------
    k_range : range or sequence of int, default=None
        The candidate numbers of clusters: ``range(2, 11)`` means 2..10, as
        in Python; a list is the explicit set. None means ``range(1, 11)``:
        K = 1 is a candidate, so data with no cluster structure get one
        cluster (see Notes). Values above ``n_samples - 1`` are dropped with
        a warning. A 2-tuple ``(k_min, k_max)`` is still read as the
        inclusive pair, with a ``FutureWarning``; from 0.3 it is a set of
        candidates like any sequence.
    method : {"auto", "elbow", "silhouette", "calinski_harabasz", \
"davies_bouldin", "gap", "stability"}, default="auto"
        How K is chosen. ``"elbow"``: the knee (Kneedle) of the curve of
        log-inertia against K; without a clear knee it warns
        (:class:`~skmlkit.exceptions.NoClearKneeWarning`) and falls back to
        the silhouette choice. ``"silhouette"`` / ``"calinski_harabasz"``: the
        maximum; ``"davies_bouldin"``: the minimum; ``"gap"``: the smallest K
        within one standard error of the next (Tibshirani et al., 2001);
        ``"stability"``: the most stable K (mean adjusted Rand index between
        the model and its refits on bootstrap resamples; near-ties go to
        the larger K).
        ``"auto"``: see Notes. Only ``"auto"`` and ``"gap"`` answer K = 1.
    n_init : int or "auto", default="auto"
        K-Means initialisations per K; the best is kept. ``"auto"``: 10 up
        to 50,000 samples, where restarts are cheap and make the choice of
        K the same for any seed, and 4 beyond.
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
        samples; beyond, the sweep uses
        :class:`~sklearn.cluster.MiniBatchKMeans` and the chosen K is then
        refined by Lloyd's algorithm on all samples, started from the
        mini-batch centres. ``"minibatch"`` keeps the mini-batch model. For
        a Dask array or DataFrame, the models are fitted by Lloyd's
        algorithm on the cluster whatever this setting (see Notes).
    random_state : int, RandomState instance or None, default=None
        Seeds K-Means, the evaluation sample, the gap references, the
        stability resamples and the Hopkins probes.
    n_jobs : int, default=None
        Number of K values fitted in parallel with joblib (so a Dask joblib
        backend can distribute the sweep). None means 1.

    Attributes
    ----------
    n_clusters_ : int
        The chosen number of clusters.
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Centres of the chosen clustering, numbered by size (largest first),
        ties broken by the centres' coordinates: refits that find the same
        partition number it the same way whatever the seed. Use
        :func:`~skmlkit.cluster.match_clusters` to carry numbers over
        between models fitted on different data.
    labels_ : ndarray of shape (n_samples,) or dask.array.Array
        Cluster of each training sample. After a fit on a Dask collection,
        a lazy int32 Dask array (nothing is computed until asked); it is not
        saved when the model is pickled: call ``predict`` on the data.
    cluster_sizes_ : ndarray of shape (n_clusters,)
        Number of training samples in each cluster (counted on the workers
        for Dask input).
    inertia_ : float
        Sum of squared distances of the training samples to their centre.
    n_iter_ : int
        Iterations of the chosen K-Means run.
    estimator_ : KMeans or MiniBatchKMeans
        The fitted model at the chosen K (renumbered like the attributes).
        After a Dask fit, a plain KMeans holding the centres found on the
        cluster (NumPy, picklable), without ``labels_``.
    k_values_ : ndarray of shape (n_k,)
        The K values evaluated.
    scores_ : dict of str to ndarray of shape (n_k,)
        Every criterion's value for every K: ``inertia``, ``silhouette``,
        ``calinski_harabasz``, ``davies_bouldin``, ``stability``, ``gap``,
        ``gap_sd``, ``bic``, ``icl`` and ``icl_diag`` (NaN where undefined,
        e.g. silhouette at K = 1).
    choices_ : dict of str to int
        The K each method would choose.
    agreement_ : float
        Share of the single criteria (every method but ``"auto"``) whose
        choice equals ``n_clusters_``: near 1 the answer is clear, low
        values mean the criteria disagree and K is uncertain.
    mixture_votes_ : bool
        Whether the Gaussian-mixture criteria voted in ``method="auto"``.
        False when the data have indicator columns (two values, the rarer
        one in at least 5% of the rows, e.g. one-hot encoded categories):
        a mixture's likelihood keeps growing as components settle on
        discrete values, so its BIC and ICL would over-split; Davies-Bouldin
        and the gap statistic vote instead.
    structure_ : dict
        Evidence for any cluster structure, whatever ``k_range``:
        ``has_structure`` (bool), ``evidence`` (share of the four tests that
        find clusters), ``gap_excess`` (how far the best gap exceeds the
        one-cluster gap, in log-dispersion units; above 0.1 means
        clusters), ``split_ratio`` (variance left by the best split of the
        2-means projection: 1/4 for uniform, 0.36 for Gaussian data, below
        0.2 means two groups), ``split_anderson`` (Anderson-Darling
        statistic of that projection), ``hopkins`` (Hopkins statistic) and
        ``bic_k`` (K of lowest mixture BIC, 1 included).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in,)
        Names of features seen during fit, for DataFrame input.

    Warns
    -----
    KRangeEdgeWarning
        When the chosen K is the largest candidate: the best K may lie
        beyond ``k_range``.

    See Also
    --------
    sklearn.cluster.KMeans : K-Means with a given number of clusters.
    skmlkit.cluster.match_clusters : Keep cluster numbers across refits.

    Notes
    -----
    **K = 1.** Most criteria are undefined for one cluster. When 1 is a
    candidate, ``method="auto"`` answers 1 unless the gap statistic (10
    uniform references) or the split test in ``structure_`` finds
    clusters; the Hopkins statistic and the mixture BIC are reported but do
    not decide, as they call a single Gaussian or a uniform box clustered.
    On the K-selection benchmark this rule answered 1 on every
    structureless set and on no clustered one, which is why the default
    ``k_range`` includes 1.

    **Dask collections.** ``fit`` also takes a ``dask.array.Array`` or a
    ``dask.dataframe.DataFrame`` (rows in chunks or partitions, numeric
    columns) and leaves the rows on the workers. One pass checks the
    data (NaN, magnitude) and draws a uniform sample of ``max(sample_size,
    50_000)`` rows to the client; K-Means on the sample starts Lloyd's
    algorithm on all rows for every candidate K at once, one pass per
    iteration (stopping, as scikit-learn does, when the squared centre
    shift falls below ``tol`` times the mean feature variance); one last
    pass counts cluster sizes and inertia. The criteria and the K = 1 tests
    run on the first ``sample_size`` rows of the sample, as for in-memory
    data. ``predict``, ``transform``, ``fit_predict`` and ``labels_`` are
    then lazy Dask arrays (a Dask DataFrame under
    ``set_output(transform="pandas")``); ``score`` computes one pass. Each
    pass reads the data again unless it was persisted. See the user guide,
    "Scaling out with Dask".

    **The auto rule** combines criteria that fail in different directions:
    it takes the median of five votes, the silhouette and Calinski-Harabasz
    choices and the K minimising the BIC, the integrated completed
    likelihood (ICL) and the diagonal-covariance ICL of Gaussian mixtures
    started from each K-Means partition. ``benchmarks/bench_kselection.py``
    measures every method on data sets with known K.

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
    >>> import numpy as np
    >>> noise = np.random.default_rng(0).normal(size=(500, 3))
    >>> AutoKMeans(random_state=0).fit(noise).n_clusters_  # no clusters at all
    1
    """

    _parameter_constraints = {
        "k_range": [None, "array-like"],
        "method": [StrOptions(set(METHODS))],
        "n_init": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
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
        k_range=None,
        method="auto",
        n_init="auto",
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
        if _dask.is_dask_collection(X):
            return self._fit_dask(X)
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        _check_magnitude(X)
        k_values = self._check_params_vs_input(len(X))
        rng = check_random_state(self.random_state)
        models = self._fit_candidates(X, k_values, rng)
        sample = (
            X[rng.choice(len(X), self.sample_size, replace=False)]
            if len(X) > self.sample_size
            else X
        )
        chosen = models[self._select(k_values, models, sample, rng)]
        if self.algorithm == "auto" and isinstance(chosen, MiniBatchKMeans):
            chosen = self._refine(X, chosen)
        chosen = _renumber(chosen)
        self.estimator_ = chosen
        self.cluster_centers_ = chosen.cluster_centers_
        self.labels_ = chosen.labels_
        self.cluster_sizes_ = np.bincount(chosen.labels_, minlength=self.n_clusters_)
        self.inertia_ = float(chosen.inertia_)
        self.n_iter_ = int(chosen.n_iter_)
        return self

    def _fit_dask(self, X):
        """Fit on a Dask array or DataFrame whose rows stay on the workers.

        One pass checks X and draws a sample; K-Means on the sample starts
        Lloyd's algorithm on all of X for every K at once (one pass per
        iteration, plus one for sizes and inertia); the criteria score the
        first ``sample_size`` rows of the sample, as for in-memory data.
        """
        _dask.check_numeric(X)
        validate_data(
            self,
            _dask.empty_like_input(X),
            dtype=[np.float64, np.float32],
            ensure_min_samples=0,
        )
        data = _dask.as_row_blocks(X)
        rng = check_random_state(self.random_state)
        n_samples, finite, largest, start = _dask.scan_and_sample(
            data, max(self.sample_size, DASK_START_SAMPLE), rng
        )
        if not finite:
            raise ValueError("Input X contains NaN or infinity.")
        if n_samples < 2:
            raise ValueError(
                f"Found array with {n_samples} sample(s) while a minimum of 2 is "
                "required by AutoKMeans."
            )
        _check_largest(largest, data.shape[1], data.dtype)
        k_values = self._check_params_vs_input(n_samples)
        starts = self._fit_candidates(start, k_values, rng)
        centers, sizes, inertia, n_iter = _dask.lloyd_sweep(
            data,
            [model.cluster_centers_ for model in starts],
            tol=self.tol * float(np.var(start, axis=0).mean()),
            max_iter=self.max_iter,
        )
        models = [_kmeans_at(c, inertia[j], n_iter[j]) for j, c in enumerate(centers)]
        j = self._select(k_values, models, start[: self.sample_size], rng)
        order = canonical_order(centers[j], sizes=sizes[j])
        chosen = _kmeans_at(centers[j][order], inertia[j], n_iter[j])
        self.estimator_ = chosen
        self.cluster_centers_ = chosen.cluster_centers_
        self.cluster_sizes_ = sizes[j][order]
        self.labels_ = _dask.lazy_predict(data, chosen)
        self.inertia_ = float(inertia[j])
        self.n_iter_ = int(n_iter[j])
        return self

    def _refine(self, X, model):
        """Lloyd iterations on all of X from a mini-batch model's centres.

        Mini-batch centres can sit well off their cluster's mean (a small
        cluster's by a fifth of the data's range on the Dask benchmark);
        full passes from them converge in a few iterations.
        """
        params = self._kmeans_params(0, 1)
        params["init"] = model.cluster_centers_
        return _fit_kmeans(X, len(model.cluster_centers_), "lloyd", params)

    def _fit_candidates(self, X, k_values, rng):
        """K-Means at every candidate K on X (in memory), in parallel."""
        seeds = rng.randint(np.iinfo(np.int32).max, size=len(k_values))
        backend = self._backend(len(X))
        n_init = self.n_init
        if n_init == "auto":
            n_init = 10 if len(X) <= AUTO_N_INIT_LIMIT else 4
        return Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_kmeans)(X, k, backend, self._kmeans_params(seed, n_init))
            for k, seed in zip(k_values, seeds, strict=True)
        )

    def _select(self, k_values, models, sample, rng):
        """Score every K on the sample, choose one; return its index."""
        self.k_values_ = np.asarray(k_values)
        self.mixture_votes_ = not has_indicator_columns(sample)
        self.scores_, self.structure_ = self._score(sample, models, rng)
        self.choices_ = self._choices()
        self.n_clusters_ = self.choices_[self.method]
        criteria = [k for name, k in self.choices_.items() if name != "auto"]
        self.agreement_ = float(np.mean(np.equal(criteria, self.n_clusters_)))
        if len(k_values) > 1 and self.n_clusters_ == k_values[-1]:
            warnings.warn(
                f"K={self.n_clusters_} is the largest candidate in k_range: the "
                "best number of clusters may lie beyond it. Widen k_range, e.g. "
                f"k_range=range(1, {2 * self.n_clusters_ + 1}).",
                KRangeEdgeWarning,
                stacklevel=4,
            )
        return k_values.index(self.n_clusters_)

    def _check_params_vs_input(self, n_samples):
        """Return the K values to try, validated against the data."""
        k_values = _candidate_ks(self.k_range)
        usable = [k for k in k_values if k <= n_samples - 1] or [1]
        if usable != k_values:
            dropped = sorted(set(k_values) - set(usable))
            warnings.warn(
                f"k_range values {dropped} exceed n_samples - 1 = {n_samples - 1} "
                f"and were dropped; trying K in {usable}.",
                UserWarning,
                stacklevel=3,
            )
        return usable

    def _backend(self, n_samples):
        if self.algorithm == "auto":
            return "minibatch" if n_samples > MINIBATCH_THRESHOLD else "lloyd"
        return self.algorithm

    def _kmeans_params(self, seed, n_init):
        return {
            "n_init": n_init,
            "max_iter": self.max_iter,
            "tol": self.tol,
            "init": self.init,
            "random_state": int(seed),
        }

    def _score(self, sample, models, rng):
        """Every criterion per K, and the evidence for any structure at all."""
        k_values = self.k_values_.tolist()
        scores = {
            name: np.full(len(k_values), np.nan)
            for name in ("inertia", "silhouette", "calinski_harabasz", "davies_bouldin")
        }
        for j, model in enumerate(models):
            scores["inertia"][j] = model.inertia_
            for name, value in partition_scores(sample, model.predict(sample)).items():
                scores[name][j] = value
        scores["stability"] = np.array(
            [
                resampling_stability(sample, model, rng, self._reference_centers)
                for model in models
            ]
        )
        # The K = 1 terms of the gap and of the mixtures feed the structure
        # tests whether or not K = 1 is a candidate.
        sweep = sorted({1, *k_values})
        centers = {k: m.cluster_centers_ for k, m in zip(k_values, models, strict=True)}
        centers.setdefault(1, sample.mean(axis=0, keepdims=True))
        if 2 not in centers:
            centers[2] = self._reference_centers(
                sample, 2, rng.randint(2**31), n_init=4
            )
        # The gap compares like with like: the sample is clustered exactly as
        # the reference sets are (GAP_N_INIT restarts), since better-optimised
        # data fits than reference fits would fake structure at large K. It
        # works in the top principal components, where the noise dimensions
        # of wide data (digits: 64) do not drown the clusters.
        space = _principal_projection(sample, GAP_MAX_DIMENSIONS)
        dispersions = np.array(
            [
                within_dispersion(
                    space, self._reference_centers(space, k, rng.randint(2**31))
                )
                for k in sweep
            ]
        )
        gap, gap_sd = np.full(len(sweep), np.nan), np.full(len(sweep), np.nan)
        if np.all(dispersions > 0) and len(sample) > 2:
            gap, gap_sd = gap_statistic(
                space,
                sweep,
                dispersions,
                self._reference_centers,
                n_references=GAP_REFERENCES,
                random_state=rng,
            )
        mixtures = mixture_scores(sample, sweep, [centers[k] for k in sweep])
        structure = structure_evidence(
            sample, sweep, gap, gap_sd, mixtures["bic"], centers[2], rng
        )
        keep = np.isin(sweep, k_values)
        for name, values in {"gap": gap, "gap_sd": gap_sd, **mixtures}.items():
            scores[name] = values[keep]
        return scores, structure

    def _reference_centers(self, X, k, seed, n_init=GAP_N_INIT):
        return lloyd_centers(X, min(k, len(X)), np.random.RandomState(seed), n_init)

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
        choices["stability"] = stable_k(k_values, scores["stability"])
        # The elbow has no meaning at K = 1 (Schubert, 2023): it reads the
        # curve from K = 2 on.
        curve = [j for j, k in enumerate(k_values) if k >= 2] or [0]
        curve_ks = [k_values[j] for j in curve]
        with np.errstate(divide="ignore"):  # inertia 0 (duplicates): no knee
            log_inertia = np.log(scores["inertia"][curve])
        knee, _ = find_knee(curve_ks, log_inertia, min_height=ELBOW_MIN_HEIGHT)
        if knee is None:
            if self.method == "elbow":
                warnings.warn(
                    f"The inertia curve over K in {curve_ks[0]}..{curve_ks[-1]} has "
                    "no clear elbow; using the silhouette choice "
                    f"K={choices['silhouette']} instead.",
                    NoClearKneeWarning,
                    stacklevel=4,
                )
            knee = choices["silhouette"]
        choices["elbow"] = knee
        if k_values[0] == 1 and not self.structure_["has_structure"]:
            choices["auto"] = 1
        else:
            choices["auto"] = select_auto(
                k_values, scores, choices, use_mixtures=self.mixture_votes_
            )
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
        if _dask.is_dask_collection(X):
            self._validated_dask(X)
            return _dask.lazy_predict(X, self.estimator_)
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
        if _dask.is_dask_collection(X):
            return self._transform_dask(X)
        X_checked = self._validated(X, keep_dtype=True)
        distances = self.estimator_.transform(
            X_checked.astype(self.cluster_centers_.dtype, copy=False)
        )
        distances = distances.astype(X_checked.dtype, copy=False)
        return _wrap_data_with_container("transform", distances, X, self)

    def fit_transform(self, X, y=None):
        """Fit, then return the distances of each sample to every centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Not used, present for API consistency.

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            Euclidean distance to each centre.
        """
        return self.fit(X).transform(X)

    def _transform_dask(self, X):
        """Lazy distances: a Dask array, or a Dask DataFrame for pandas output."""
        self._validated_dask(X)
        dtype = np.dtype(_dask.as_float_dtype(X))
        output = _get_output_config("transform", self)["dense"]
        if output == "default":
            return _dask.lazy_transform(X, self.estimator_, dtype)
        if output != "pandas":
            raise ValueError(
                f"transform on a Dask collection returns a Dask array, or a Dask "
                f'DataFrame under set_output(transform="pandas"); the '
                f"{output!r} output is not available for Dask input."
            )
        columns = list(self.get_feature_names_out())
        if _dask.is_dask_frame(X):
            return _dask.lazy_transform_frame(X, self.estimator_, columns, dtype)
        import dask.dataframe as dd

        distances = _dask.lazy_transform(X, self.estimator_, dtype)
        return dd.from_dask_array(distances, columns=columns)

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
        if _dask.is_dask_collection(X):
            self._validated_dask(X)
            _, inertia = _dask.assignment_stats(
                _dask.lazy_blocks(X), [self.cluster_centers_]
            )
            if not np.isfinite(inertia[0]):
                raise ValueError("Input X contains NaN or infinity.")
            return -float(inertia[0])
        X = self._validated(X)
        return float(self.estimator_.score(X))

    def _validated_dask(self, X):
        """Check fitted, and X's columns against the fit (no data is read)."""
        check_is_fitted(self)
        _dask.check_numeric(X)
        validate_data(
            self,
            _dask.empty_like_input(X),
            reset=False,
            dtype=[np.float64, np.float32],
            ensure_min_samples=0,
        )

    def __getstate__(self):
        # A lazy labels_ (Dask fit) is a recipe over the training data, which
        # may live only on the cluster that fitted: it is not saved.
        state = super().__getstate__()
        if _dask.is_dask_collection(state.get("labels_")):
            state = {name: v for name, v in state.items() if name != "labels_"}
        return state

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
    if X.size:
        _check_largest(float(np.max(np.abs(X))), X.shape[1], X.dtype)


def _check_largest(largest, n_features, dtype):
    limit = np.sqrt(np.finfo(dtype).max / (4 * n_features))
    if largest > limit:
        raise ValueError(
            f"X has values up to {largest:.3g} in absolute value: squared "
            f"distances would overflow {dtype} (limit {limit:.3g} for "
            f"{n_features} features). Rescale X, e.g. with StandardScaler."
        )


def _candidate_ks(k_range):
    """Return the sorted candidate K values that ``k_range`` stands for."""
    if k_range is None:
        return list(DEFAULT_K_RANGE)
    if (
        isinstance(k_range, tuple)
        and len(k_range) == 2
        and all(isinstance(k, Integral) and not isinstance(k, bool) for k in k_range)
        and k_range[0] != k_range[1]
    ):
        k_min, k_max = k_range
        if k_min > k_max:
            raise ValueError(
                f"k_range={k_range!r}: a (k_min, k_max) pair needs k_min <= k_max; "
                "pass a range such as range(2, 11) for 2..10."
            )
        warnings.warn(
            f"k_range={k_range!r} is read as the inclusive pair {k_min}..{k_max}; "
            "that reading is deprecated and from skmlkit 0.3 a tuple is a set of "
            f"candidates like any sequence. Pass k_range=range({k_min}, "
            f"{k_max + 1}) instead.",
            FutureWarning,
            stacklevel=4,
        )
        return list(range(k_min, k_max + 1))
    k_values = np.asarray(k_range).ravel().tolist()
    if not k_values or not all(
        isinstance(k, Integral) and not isinstance(k, bool) for k in k_values
    ):
        raise ValueError(
            "k_range must be a range or a sequence of integers (the candidate "
            f"numbers of clusters), got {k_range!r}."
        )
    k_values = sorted(set(k_values))
    if k_values[0] < 1:
        raise ValueError(f"k_range values must be >= 1, got {k_values[0]}.")
    return k_values


def _principal_projection(X, n_components):
    """X on its top principal components (X itself when it has few features)."""
    if X.shape[1] <= n_components:
        return X
    centred = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:n_components].T


def _renumber(model):
    """Renumber the model's clusters canonically: by size, then by centre."""
    order = canonical_order(model.cluster_centers_, model.labels_)
    new_label = np.empty_like(order)
    new_label[order] = np.arange(len(order))
    model.cluster_centers_ = model.cluster_centers_[order]
    model.labels_ = new_label[model.labels_].astype(model.labels_.dtype, copy=False)
    if hasattr(model, "_counts"):  # MiniBatchKMeans' running counts
        model._counts = model._counts[order]
    return model


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


def _kmeans_at(centers, inertia, n_iter):
    """Return a fitted scikit-learn KMeans whose centres are exactly ``centers``.

    For centres found elsewhere (Lloyd's algorithm on a Dask cluster): the
    model is fitted on the centres themselves, each its own cluster, so
    that it is an ordinary KMeans (predict, transform, score, pickle); its
    attributes are then set to the real fit's. It has no ``labels_``.
    """
    model = KMeans(len(centers), init=centers, n_init=1, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate centres: fewer distinct
        model.fit(centers)
    model.cluster_centers_ = centers.copy()
    model.inertia_ = float(inertia)
    model.n_iter_ = int(n_iter)
    del model.labels_
    return model


# transform and fit_transform wrap their output themselves (scikit-learn's
# set_output for NumPy and pandas input, a Dask DataFrame for Dask input):
# scikit-learn's automatic wrapper would turn a Dask result into pandas.
AutoKMeans.transform = AutoKMeans.transform.__wrapped__
AutoKMeans.fit_transform = AutoKMeans.fit_transform.__wrapped__
