"""Resampling stability of a clustering, for the report and for choosing K.

One implementation serves :func:`~skmlkit.cluster.cluster_stability` and
the ``stability`` criterion of AutoKMeans.

A partition that reflects real structure is found again when the clustering
is refitted on a bootstrap resample (Ben-Hur, Elisseeff and Guyon, 2002;
Lange et al., 2004). The refit's labels are compared with the original
clustering's on the resampled points with the adjusted Rand index (ARI),
which is 0 for chance agreement whatever the number of clusters.
"""

import numpy as np

from ._criteria import nearest_center

# Bootstrap refits per K for the stability criterion of AutoKMeans.
N_RESAMPLES = 5
# K-Means initialisations of each of those refits.
REFIT_N_INIT = 2
# The stability choice is the most stable K; K values within this margin of
# the best count as ties, resolved towards more clusters (which resolve
# more). Measured on the K-selection benchmark against a threshold at 90% or
# 97% of the best and an absolute 0.9 or 0.95: this rule did best.
STABLE_MARGIN = 0.01


def bootstrap_refits(X, labels, refit_predict, n_resamples, random_state):
    """Refit on bootstrap resamples and pair old and new labels.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The data.
    labels : ndarray of shape (n_samples,)
        The original clustering of X.
    refit_predict : callable
        ``refit_predict(X_resampled, seed)`` fits a fresh clustering and
        returns its labels of ``X_resampled``.
    n_resamples : int
        Number of bootstrap resamples.
    random_state : RandomState
        Draws the resamples and the refits' seeds.

    Yields
    ------
    old, new : ndarray of shape (n_samples,)
        The original and the refitted labels of each resample's points.
    """
    for _ in range(n_resamples):
        index = random_state.randint(len(X), size=len(X))
        new = refit_predict(X[index], random_state.randint(2**31))
        yield labels[index], new


def resampling_stability(X, model, random_state, fit_centers):
    """Mean ARI between a K-Means model and its bootstrap refits on X.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    model : fitted KMeans-like with ``cluster_centers_`` and ``predict``
        The model fitted at this K.
    random_state : RandomState
        Draws the resamples.
    fit_centers : callable
        ``fit_centers(X, k, seed, n_init)`` returns K-Means centres.

    Returns
    -------
    stability : float
        Mean ARI over the refits (NaN for one cluster, where agreement is
        trivial).
    """
    k = len(model.cluster_centers_)
    if k < 2 or k >= len(X):
        return np.nan

    def refit_predict(X_resampled, seed):
        centers = fit_centers(X_resampled, k, seed, n_init=REFIT_N_INIT)
        return nearest_center(X_resampled, centers)

    labels = nearest_center(X, model.cluster_centers_)
    pairs = bootstrap_refits(X, labels, refit_predict, N_RESAMPLES, random_state)
    return float(np.mean([adjusted_rand(old, new) for old, new in pairs]))


def stable_k(k_values, stability):
    """Return the largest K whose stability is within ``STABLE_MARGIN`` of the best."""
    stability = np.asarray(stability, dtype=np.float64)
    if np.all(np.isnan(stability)):
        return k_values[0]
    threshold = np.nanmax(stability) - STABLE_MARGIN
    eligible = [k for k, s in zip(k_values, stability, strict=True) if s >= threshold]
    return max(eligible)


def adjusted_rand(labels_a, labels_b):
    """Compute the adjusted Rand index of two labelings.

    The same value as :func:`sklearn.metrics.adjusted_rand_score`, without
    its input validation, which dominates the cost of the many small
    comparisons of the stability criterion.

    Examples
    --------
    >>> adjusted_rand(np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0]))
    1.0
    """
    _, a = np.unique(labels_a, return_inverse=True)
    _, b = np.unique(labels_b, return_inverse=True)
    table = np.bincount(a * (b.max() + 1) + b, minlength=(a.max() + 1) * (b.max() + 1))
    pairs = lambda counts: float((counts * (counts - 1)).sum()) / 2  # noqa: E731
    n = len(a)
    both = pairs(table)
    rows, cols = pairs(np.bincount(a)), pairs(np.bincount(b))
    expected = rows * cols / (n * (n - 1) / 2) if n > 1 else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:  # both labelings trivial (one cluster or singletons)
        return 1.0
    return (both - expected) / (maximum - expected)
