"""Gaussian-mixture scores (BIC, ICL) of K-Means partitions.

The integrated completed likelihood (ICL; Biernacki, Celeux and Govaert,
2000) of a mixture is its BIC plus twice the entropy of the soft
assignments: unlike the BIC, it does not reward splitting a cluster into
overlapping components, but merges clusters that overlap.
"""

import warnings

import numpy as np
from scipy.special import xlogy

from ._criteria import nearest_center

COVARIANCE_TYPES = ("spherical", "diag", "tied", "full")
# Covariance regularisation, relative to the data's mean feature variance.
RELATIVE_REG_COVAR = 1e-2


def mixture_scores(X, k_values, centers):
    """BIC and ICL of Gaussian mixtures started from each K-Means partition.

    Each mixture starts from the weights, means and covariances of the
    K-Means partition of X (nearest centre), so the scores need no seed and
    do not change with one.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    k_values : list of int
        The K values.
    centers : list of ndarray
        K-Means centres for each K.

    Returns
    -------
    scores : dict of str to ndarray of shape (n_k,)
        ``bic`` and ``icl``: the lowest over covariance families (spherical,
        diagonal, tied, full); ``icl_diag``: diagonal covariances only. NaN
        where no family could be fitted (more parameters than samples).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    n, d = X.shape
    reg = RELATIVE_REG_COVAR * max(float(X.var(axis=0).mean()), 1e-12)
    scores = {
        name: np.full(len(k_values), np.nan) for name in ("bic", "icl", "icl_diag")
    }
    for j, (k, means) in enumerate(zip(k_values, centers, strict=True)):
        labels = nearest_center(X, means)
        for covariance in COVARIANCE_TYPES:
            if _n_parameters(covariance, k, d) >= n:
                continue
            weights, precisions = _partition_init(X, labels, means, covariance, reg)
            mixture = GaussianMixture(
                k,
                covariance_type=covariance,
                weights_init=weights,
                means_init=means,
                precisions_init=precisions,
                init_params="random_from_data",  # overridden by the three inits
                max_iter=100,
                reg_covar=reg,
                random_state=0,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                try:
                    mixture.fit(X)
                except ValueError:  # degenerate covariance on this sample
                    continue
            bic = mixture.bic(X)
            resp = mixture.predict_proba(X).astype(np.float64)
            icl = bic - 2 * np.sum(xlogy(resp, resp))  # 0 log 0 = 0
            scores["bic"][j] = np.fmin(scores["bic"][j], bic)
            scores["icl"][j] = np.fmin(scores["icl"][j], icl)
            if covariance == "diag":
                scores["icl_diag"][j] = icl
    return scores


def _partition_init(X, labels, means, covariance, reg):
    """Mixture weights and precisions of a hard partition of X."""
    k, d = means.shape
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    weights = np.maximum(counts, 1) / np.maximum(counts, 1).sum()
    covariances = np.empty((k, d, d))
    for c in range(k):
        members = X[labels == c] - means[c]
        covariances[c] = members.T @ members / max(counts[c], 1)
    identity = np.eye(d)
    if covariance == "tied":
        pooled = np.tensordot(counts, covariances, axes=1) / counts.sum()
        return weights, np.linalg.inv(pooled + reg * identity)
    if covariance == "full":
        return weights, np.linalg.inv(covariances + reg * identity)
    variances = np.diagonal(covariances, axis1=1, axis2=2) + reg
    if covariance == "diag":
        return weights, 1 / variances
    return weights, 1 / variances.mean(axis=1)


def _n_parameters(covariance, k, d):
    """Free parameters of a k-component mixture in d dimensions."""
    full = d * (d + 1) // 2
    per_component = {"spherical": 1, "diag": d, "tied": 0, "full": full}[covariance]
    shared = full if covariance == "tied" else 0
    return k * (per_component + d + 1) + shared
