"""Interpreting and validating segments: profiles and bootstrap stability."""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import Pipeline
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, validate_params

from ..preprocessing import RFMFeatures
from ._stability import bootstrap_refits

# Mean Jaccard similarity of a cluster with its bootstrap refits (Hennig,
# 2007): at or above STABLE_JACCARD it is stable; at or below
# DISSOLVED_JACCARD it dissolves (is not really there); doubtful between.
STABLE_JACCARD, DISSOLVED_JACCARD = 0.75, 0.5
# The statistics of a profile column, "<feature> <statistic>".
PROFILE_STATISTICS = ("mean", "median", "vs avg", "share")


def profile_column(feature, statistic):
    """Return the name of a profile's column: ``"<feature> <statistic>"``."""
    return f"{feature} {statistic}"


def profile_features(profile, statistic):
    """Return the features that have a ``statistic`` column, in column order.

    Parameters
    ----------
    profile : pandas.DataFrame
        Output of :func:`segment_profile`.
    statistic : {"mean", "median", "vs avg", "share"}
        ``"mean"`` lists the numeric features; ``"share"`` the category
        levels (``"c=v"``); ``"vs avg"`` both.

    Returns
    -------
    features : list of str
    """
    if statistic not in PROFILE_STATISTICS:
        raise ValueError(
            f"statistic must be one of {PROFILE_STATISTICS}, got {statistic!r}."
        )
    suffix = f" {statistic}"
    return [c[: -len(suffix)] for c in profile.columns if c.endswith(suffix)]


def stability_verdict(jaccard_mean):
    """Return ``"stable"``, ``"doubtful"`` or ``"dissolves"`` for a mean Jaccard."""
    if jaccard_mean >= STABLE_JACCARD:
        return "stable"
    if jaccard_mean <= DISSOLVED_JACCARD:
        return "dissolves"
    return "doubtful"


@validate_params(
    {
        "X": ["array-like"],
        "labels": ["array-like", HasMethods(["predict"])],
        "feature_names": [None, "array-like"],
    },
    prefer_skip_nested_validation=True,
)
def segment_profile(X, labels, *, feature_names=None):
    """Describe each segment in the data's own units: size, means, shares.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data in the units people read (before scaling): for a fitted
        Pipeline, the raw input it was fitted on.
    labels : array-like of shape (n_samples,) or fitted estimator
        Segment of each sample, or a fitted clusterer / Pipeline whose
        ``predict`` gives them. When the Pipeline starts with a step that
        turns rows into other rows (:class:`~skmlkit.RFMFeatures`, as the
        ``"features"`` step of :func:`make_segmentation_pipeline`), the
        profile describes that step's output (one row per customer).
    feature_names : list of str, default=None
        Feature names for array input (DataFrame columns otherwise).

    Returns
    -------
    profile : pandas.DataFrame
        One row per segment (index ``segment``) with columns ``size``,
        ``share`` (fraction of samples) and, for each numeric feature ``f``,
        ``"f mean"``, ``"f median"`` and ``"f vs avg"``: the relative
        importance, segment mean / overall mean - 1 (``0.25`` = 25% above
        average; NaN when the overall mean is 0). For each level ``v`` of a
        non-numeric column ``c``: ``"c=v share"`` (share of the segment)
        and ``"c=v vs avg"`` (against the level's overall share).

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.cluster import segment_profile
    >>> X = np.array([[20, 1.0], [22, 3.0], [60, 9.0], [58, 7.0]])
    >>> profile = segment_profile(X, [0, 0, 1, 1], feature_names=["age", "spend"])
    >>> profile[["size", "share", "age mean", "spend vs avg"]]
             size  share  age mean  spend vs avg
    segment
    0           2    0.5      21.0          -0.6
    1           2    0.5      59.0           0.6
    """
    X, labels = _profiled_data(X, labels)
    frame = _as_frame(X, feature_names)
    labels = np.asarray(labels)
    if len(labels) != len(frame):
        raise ValueError(
            f"labels has {len(labels)} entries but X has {len(frame)} rows."
        )
    numbers = frame.select_dtypes("number")
    categories = frame.drop(columns=numbers.columns)
    profile = pd.DataFrame({"size": pd.Series(labels).value_counts().sort_index()})
    profile["share"] = profile["size"] / len(frame)
    groups = numbers.groupby(labels)
    overall = numbers.mean()
    means, medians = groups.mean(), groups.median()
    columns = {}
    for name in numbers.columns:
        columns[profile_column(name, "mean")] = means[name]
        columns[profile_column(name, "median")] = medians[name]
        columns[profile_column(name, "vs avg")] = _relative(means[name], overall[name])
    for name in categories.columns:
        values = categories[name].astype("object").where(categories[name].notna())
        values = values.fillna("missing").astype(str)
        shares = pd.crosstab(labels, values, normalize="index")
        population = values.value_counts(normalize=True)
        for level in sorted(population.index):
            level_name = f"{name}={level}"
            columns[profile_column(level_name, "share")] = shares[level]
            columns[profile_column(level_name, "vs avg")] = (
                shares[level] / population[level] - 1
            )
    profile = pd.concat([profile, pd.DataFrame(columns)], axis=1)
    profile.index.name = "segment"
    return profile


def _relative(values, base):
    """Relative importance; NaN (never inf) where the overall mean is 0."""
    if base == 0 or not np.isfinite(base):
        return values * np.nan
    return values / base - 1


def _profiled_data(X, labels):
    """Return the rows a profile describes and their labels, for an estimator."""
    if not hasattr(labels, "predict"):
        return X, labels
    estimator = labels
    if isinstance(estimator, Pipeline) and isinstance(
        estimator.steps[0][1], RFMFeatures
    ):
        X = estimator[0].transform(X)
        return X, estimator[1:].predict(X)
    return X, estimator.predict(X)


def _as_frame(X, feature_names):
    if isinstance(X, pd.DataFrame):
        if X.shape[1] == 0:
            raise ValueError("X has no column to profile.")
        return X.reset_index(drop=True)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}.")
    names = feature_names or [f"x{i}" for i in range(X.shape[1])]
    if len(names) != X.shape[1]:
        raise ValueError(f"{len(names)} feature names given for {X.shape[1]} features.")
    return pd.DataFrame(X, columns=list(names))


@validate_params(
    {
        "estimator": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "n_bootstrap": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def cluster_stability(estimator, X, *, n_bootstrap=20, random_state=None):
    """Bootstrap stability of a clustering, overall and per cluster.

    The estimator is refitted on ``n_bootstrap`` bootstrap samples of X. Each
    refit is compared with the original clustering on the resampled points:
    the adjusted Rand index (ARI) for the whole partition, and for every
    original cluster the Jaccard similarity with its best-matching new
    cluster (Hennig, 2007). Mean Jaccard values of 0.75 and above indicate a
    stable cluster; 0.5 and below, a cluster that does not really exist.

    Parameters
    ----------
    estimator : fitted clusterer with ``predict``
        For example a fitted :class:`AutoKMeans`; its number of clusters is
        kept fixed in the refits (``estimator_`` is refitted).
    X : array-like of shape (n_samples, n_features)
        The data the estimator was fitted on.
    n_bootstrap : int, default=20
        Number of bootstrap refits.
    random_state : int, RandomState instance or None, default=None
        Seeds the resampling and the refits.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``ari`` (ndarray of shape (n_bootstrap,)), ``jaccard`` (ndarray of
        shape (n_bootstrap, n_clusters)) and ``summary``: a DataFrame with
        each cluster's mean and standard deviation of Jaccard, whether it
        is stable (mean >= 0.75) and its ``verdict`` (``"stable"``,
        ``"doubtful"`` or ``"dissolves"``, at or below 0.5).

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.cluster import cluster_stability
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> model = AutoKMeans(random_state=0).fit(X)
    >>> result = cluster_stability(model, X, n_bootstrap=5, random_state=0)
    >>> bool(result.summary["stable"].all()), bool(result.ari.min() > 0.9)
    (True, True)
    """
    X = np.asarray(X)
    base = getattr(estimator, "estimator_", estimator)
    reference = estimator.predict(X)
    clusters = np.unique(reference)
    rng = check_random_state(random_state)
    ari = np.empty(n_bootstrap)
    jaccard = np.empty((n_bootstrap, len(clusters)))

    def refit_predict(X_resampled, seed):
        refit = clone(base).set_params(random_state=seed)
        return refit.fit(X_resampled).predict(X_resampled)

    pairs = bootstrap_refits(X, reference, refit_predict, n_bootstrap, rng)
    for b, (old, new) in enumerate(pairs):
        ari[b] = adjusted_rand_score(old, new)
        jaccard[b] = [_best_jaccard(old == c, new) for c in clusters]
    summary = pd.DataFrame(
        {"jaccard_mean": jaccard.mean(axis=0), "jaccard_std": jaccard.std(axis=0)},
        index=pd.Index(clusters, name="segment"),
    )
    summary["stable"] = summary["jaccard_mean"] >= STABLE_JACCARD
    summary["verdict"] = summary["jaccard_mean"].map(stability_verdict)
    return Bunch(ari=ari, jaccard=jaccard, summary=summary)


def _best_jaccard(members, new_labels):
    if not members.any():
        return np.nan  # the cluster was not resampled at all
    best = 0.0
    for label in np.unique(new_labels[members]):
        other = new_labels == label
        best = max(best, (members & other).sum() / (members | other).sum())
    return best
