"""AutoKMeans: K-Means that chooses its number of clusters.

The scikit-learn contract only (parameters, validation, fitted attributes);
the sweep, the scores, the choice of K and the Dask passes are module-level
cores that take arrays and return values.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils._set_output import _get_output_config, _wrap_data_with_container
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _dask
from ._choice import METHODS, scores_frame, select_k
from ._dask_estimator import fit_dask, score_dask, transform_dask, validated_dask
from ._sweep import evaluation_sample, final_model, fit_candidates, refine, renumber
from ._validation import candidate_ks, check_magnitude, usable_ks


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
        The candidate numbers of clusters: ``range(2, 11)`` means 2..10; a
        list is the explicit set. None means ``range(1, 11)`` (see Notes).
        Values above ``n_samples - 1`` are dropped with a warning. A 2-tuple
        ``(k_min, k_max)`` is still read as the inclusive pair, with a
        ``FutureWarning``.
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
    n_clusters : int, default=None
        Keep this K whatever ``method`` chooses (it joins ``k_range``): every
        criterion is still computed, so ``choices_`` and ``support_`` show
        how it compares. None: chosen by ``method``.
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
        samples when fewer); the K-Means models always use all samples.
    algorithm : {"auto", "lloyd", "elkan", "minibatch"}, default="auto"
        K-Means backend: ``"auto"`` uses Lloyd's algorithm up to 100,000
        samples; beyond, the sweep uses
        :class:`~sklearn.cluster.MiniBatchKMeans` and the chosen K is then
        refined by Lloyd's algorithm on all samples. ``"minibatch"`` keeps
        the mini-batch model. Dask input is always fitted by Lloyd's
        algorithm on the cluster.
    random_state : int, RandomState instance or None, default=None
        Seeds K-Means, the evaluation sample and the criteria's resamples.
    n_jobs : int, default=None
        Number of K values fitted in parallel with joblib. None means 1.

    Attributes
    ----------
    n_clusters_ : int
        The chosen number of clusters.
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Centres of the chosen clustering, numbered by size (largest first),
        ties broken by the centres' coordinates, so that refits finding the
        same partition number it the same way (see also
        :func:`~skmlkit.cluster.match_clusters`).
    labels_ : ndarray of shape (n_samples,) or dask.array.Array
        Cluster of each training sample; lazy after a Dask fit, and then not
        saved when the model is pickled.
    cluster_sizes_ : ndarray of shape (n_clusters,)
        Number of training samples in each cluster (counted on the workers
        for Dask input).
    inertia_ : float
        Sum of squared distances of the training samples to their centre.
    n_iter_ : int
        Iterations of the chosen K-Means run.
    estimator_ : KMeans or MiniBatchKMeans
        The fitted model at the chosen K (renumbered like the attributes);
        after a Dask fit, a KMeans holding the centres, without ``labels_``.
    k_values_ : ndarray of shape (n_k,)
        The K values evaluated.
    scores_ : dict of str to ndarray of shape (n_k,)
        Every criterion's value for every K: ``inertia``, ``silhouette``,
        ``calinski_harabasz``, ``davies_bouldin``, ``stability``, ``gap``,
        ``gap_sd``, ``bic``, ``icl``, ``icl_diag`` and ``kurtosis`` (the
        clusters' excess kurtosis; NaN where undefined, e.g. silhouette at
        K = 1).
    choices_ : dict of str to int
        The K each method would choose.
    support_ : dict of int to dict
        The evidence for every K some criterion chooses: ``chosen_by``,
        ``voters`` and ``support`` (the auto rule's votes), ``stability``
        and ``kurtosis``; :meth:`scores_table` shows it per K.
    runner_up_ : int or None
        The best-supported K after ``n_clusters_``: the defensible
        alternative when K is uncertain.
    agreement_ : float
        Share of the single criteria (every method but ``"auto"``) that
        choose ``n_clusters_``: low values mean K is uncertain.
    mixture_votes_ : bool
        Whether the Gaussian mixtures voted in ``method="auto"``: not when
        their clusters are heavier-tailed than Gaussian or the data have
        indicator columns (e.g. one-hot categories).
    structure_ : dict
        Evidence for any cluster structure, whatever ``k_range``:
        ``has_structure`` (bool), ``evidence`` (share of the tests that find
        clusters) and each test's statistic (``gap_excess``,
        ``split_ratio``, ``split_anderson``, ``hopkins``, ``bic_k``); the
        user guide, "Choosing K", says what each measures.
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
    **K = 1.** When 1 is a candidate, ``method="auto"`` answers 1 unless the
    gap statistic or the split test in ``structure_`` finds clusters (on
    the K-selection benchmark: on every structureless set, on no clustered
    one), which is why the default ``k_range`` includes 1.

    **Dask collections** stay on the workers (a few passes; a bounded sample
    reaches the client); ``predict``, ``transform`` and ``labels_`` are then
    lazy. See the user guide, "Scaling out with Dask".

    **The auto rule** counts families of criteria, not scores: silhouette,
    Calinski-Harabasz and Davies-Bouldin a third of a vote each, the
    Gaussian mixtures (BIC, ICL) one vote when their clusters are not
    heavy-tailed; the most votes win, ties go to the K more criteria choose,
    then to the more stable one (user guide, "Choosing K").

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
        "n_clusters": [None, Interval(Integral, 1, None, closed="left")],
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
        n_clusters=None,
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
        self.n_clusters = n_clusters
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.init = init
        self.sample_size = sample_size
        self.algorithm = algorithm
        self.random_state = random_state
        self.n_jobs = n_jobs

    def __sklearn_is_fitted__(self):  # not n_features_in_: set before a failed fit
        return hasattr(self, "cluster_centers_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    # fit_transform unwrapped from set_output: see the end of the module.
    fit_transform = TransformerMixin.fit_transform.__wrapped__

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
        rng = check_random_state(self.random_state)
        if _dask.is_dask_collection(X):
            validated_dask(self, X, reset=True)
            return self._set_fitted(fit_dask(X, rng, **self._options(_FIT_OPTIONS)))
        X = validate_data(self, X, dtype=[np.float64, np.float32], ensure_min_samples=2)
        check_magnitude(X)
        k_values = usable_ks(candidate_ks(self.k_range), len(X), self.n_clusters)
        models = fit_candidates(X, k_values, rng, **self._options(_SWEEP_OPTIONS))
        sample = evaluation_sample(X, self.sample_size, rng)
        choice = self._options(("method", "n_clusters"))
        selection = select_k(sample, k_values, models, rng, **choice)
        chosen = models[k_values.index(selection["n_clusters"])]
        if self.algorithm == "auto" and isinstance(chosen, MiniBatchKMeans):
            chosen = refine(X, chosen, max_iter=self.max_iter, tol=self.tol)
        return self._set_fitted({**selection, **final_model(renumber(chosen))})

    def _options(self, names):
        """Return the named parameters as a dict, for the fitting cores."""
        return {name: getattr(self, name) for name in names}

    def _set_fitted(self, fitted):
        """Set the fitted attributes (``name_``) from a core's result."""
        for name, value in fitted.items():
            setattr(self, f"{name}_", value)
        return self

    def scores_table(self):
        """Per-K criteria as a DataFrame indexed by K.

        Returns
        -------
        table : pandas.DataFrame
            One row per K value, one column per criterion, then
            ``chosen_by`` (the criteria choosing that K, comma-separated)
            and ``support`` (the auto rule's votes; see ``support_``).
        """
        check_is_fitted(self)
        return scores_frame(self.k_values_, self.scores_, self.support_)

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
            validated_dask(self, X)
            return _dask.lazy_predict(X, self.estimator_)
        X = self._validated(X)  # checks fitted before estimator_ is read
        return self.estimator_.predict(X)

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
            validated_dask(self, X)
            return transform_dask(
                X,
                self.estimator_,
                output=_get_output_config("transform", self)["dense"],
                columns=list(self.get_feature_names_out()),
            )
        X_checked = self._validated(X, keep_dtype=True)
        distances = self.estimator_.transform(
            X_checked.astype(self.cluster_centers_.dtype, copy=False)
        )
        distances = distances.astype(X_checked.dtype, copy=False)
        return _wrap_data_with_container("transform", distances, X, self)

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
            validated_dask(self, X)
            return score_dask(X, self.cluster_centers_)
        X = self._validated(X)
        return float(self.estimator_.score(X))

    def __getstate__(self):
        # A lazy labels_ (Dask fit) needs the cluster that fitted: not saved.
        state = super().__getstate__()
        if _dask.is_dask_collection(state.get("labels_")):
            state = {name: v for name, v in state.items() if name != "labels_"}
        return state

    def _validated(self, X, keep_dtype=False):
        """Check fitted and X, cast (unless ``keep_dtype``) to the centres' dtype."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        check_magnitude(X)
        return X if keep_dtype else X.astype(self.cluster_centers_.dtype, copy=False)

    @property
    def _n_features_out(self):
        return self.n_clusters_


# The parameters of the K-Means runs, and of the whole Dask fit.
_SWEEP_OPTIONS = ("algorithm", "n_init", "n_jobs", "max_iter", "tol", "init")
_FIT_OPTIONS = ("k_range", "method", "n_clusters", "sample_size", *_SWEEP_OPTIONS)


# transform and fit_transform wrap their output themselves (scikit-learn's
# set_output for NumPy and pandas input, a Dask DataFrame for Dask input):
# scikit-learn's automatic wrapper would turn a Dask result into pandas.
AutoKMeans.transform = AutoKMeans.transform.__wrapped__
AutoKMeans.fit_transform = AutoKMeans.fit_transform.__wrapped__
