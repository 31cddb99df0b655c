"""K-selection criteria computed from a K sweep.

Every criterion is evaluated on the same bounded random sample of the data
(all of it when small), so no criterion costs more than O(sample_size^2)
time or O(sample_size) memory, whatever the size of the data.
"""

import numpy as np
from sklearn.metrics import (
    calinski_harabasz_score,
    davies_bouldin_score,
    silhouette_score,
)

# criterion -> True when larger is better
HIGHER_IS_BETTER = {
    "inertia": False,
    "silhouette": True,
    "calinski_harabasz": True,
    "davies_bouldin": False,
    "gap": True,
    "bic": False,
    "icl": False,
    "icl_diag": False,
}


def partition_scores(X, labels):
    """Silhouette, Calinski-Harabasz and Davies-Bouldin of one partition.

    A partition with fewer than two non-empty clusters, or with as many
    clusters as points, has no defined score: NaN is returned for it.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Points (usually the evaluation sample).
    labels : ndarray of shape (n_samples,)
        Cluster of each point.

    Returns
    -------
    scores : dict
        ``{"silhouette": ..., "calinski_harabasz": ..., "davies_bouldin": ...}``.
    """
    n_labels = len(np.unique(labels))
    if not 2 <= n_labels <= len(X) - 1:
        return dict.fromkeys(
            ("silhouette", "calinski_harabasz", "davies_bouldin"), np.nan
        )
    return {
        "silhouette": silhouette_score(X, labels),
        "calinski_harabasz": calinski_harabasz_score(X, labels),
        "davies_bouldin": davies_bouldin_score(X, labels),
    }


def squared_distances(X, centers, norms=None):
    """Squared Euclidean distances of every point to every centre.

    ``norms`` are the points' squared norms, when already computed.
    """
    norms = (X**2).sum(axis=1) if norms is None else norms
    distances = norms[:, None] - 2 * X @ centers.T + (centers**2).sum(axis=1)
    return np.maximum(distances, 0, out=distances)


def nearest_center(X, centers):
    """Index of each point's nearest centre."""
    return squared_distances(X, centers).argmin(axis=1)


def within_dispersion(X, centers):
    """Sum of squared distances of each point to its nearest centre."""
    return float(squared_distances(X, centers).min(axis=1).sum())


def gap_statistic(
    X, k_values, dispersions, fit_centers, *, n_references=8, random_state
):
    """Tibshirani, Walther and Hastie's gap statistic with PCA-aligned references.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    k_values : sequence of int
        The K values of the sweep.
    dispersions : ndarray of shape (n_k,)
        Within-cluster dispersion of X for each K.
    fit_centers : callable
        ``fit_centers(X_reference, k, seed)`` returns the centres of a
        clustering of the reference data into k clusters.
    n_references : int, default=8
        Number of uniform reference data sets.
    random_state : RandomState
        Source of the reference data.

    Returns
    -------
    gap : ndarray of shape (n_k,)
        ``E*[log W_k] - log W_k``.
    gap_sd : ndarray of shape (n_k,)
        The simulation error ``s_k = sd_k * sqrt(1 + 1/B)``.
    """
    # Reference box: the tighter (smaller volume) of the box on the feature
    # axes (Tibshirani's method a) and the box on the principal axes (method
    # b). The principal axes of an axis-aligned box with equal sides are
    # arbitrary, and a tilted box around it would fake structure.
    mean = X.mean(axis=0)
    _, _, vt = np.linalg.svd(X - mean, full_matrices=False)
    if vt.shape[0] < X.shape[1] or _log_volume(X) <= _log_volume((X - mean) @ vt.T):
        vt = np.eye(X.shape[1])
    rotated = (X - mean) @ vt.T
    low, high = rotated.min(axis=0), rotated.max(axis=0)
    log_reference = np.empty((n_references, len(k_values)))
    for b in range(n_references):
        reference = random_state.uniform(low, high, size=rotated.shape) @ vt + mean
        for j, k in enumerate(k_values):
            centers = fit_centers(reference, k, random_state.randint(2**31))
            log_reference[b, j] = np.log(within_dispersion(reference, centers))
    gap = log_reference.mean(axis=0) - np.log(dispersions)
    gap_sd = log_reference.std(axis=0) * np.sqrt(1 + 1 / n_references)
    return gap, gap_sd


def _log_volume(X):
    sides = (X.max(axis=0) - X.min(axis=0)).astype(np.float64)
    return float(np.sum(np.log(np.maximum(sides, 1e-300))))


def first_gap_k(k_values, gap, gap_sd):
    """Return the smallest K with Gap(K) >= Gap(K+1) - s(K+1), else the best."""
    for j in range(len(k_values) - 1):
        if gap[j] >= gap[j + 1] - gap_sd[j + 1]:
            return k_values[j]
    return k_values[int(np.nanargmax(gap))]


def best_k(k_values, scores, criterion):
    """K with the best score for a criterion (ties: the smallest K)."""
    values = np.asarray(scores, dtype=np.float64)
    if np.all(np.isnan(values)):
        return None
    pick = np.nanargmax if HIGHER_IS_BETTER[criterion] else np.nanargmin
    return k_values[int(pick(values))]
