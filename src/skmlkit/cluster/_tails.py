"""Are the clusters Gaussian enough for mixture scores? Tails and point masses.

A Gaussian mixture's likelihood keeps improving with more components when
the clusters have heavier tails than a Gaussian (Student-t, log-normal
spend, hubs): it then describes one cluster by several Gaussians (Baudry et
al., 2010; Peel and McLachlan, 2000), so its BIC and ICL over-split. The
excess kurtosis of each feature within each cluster measures those tails:
0 for a Gaussian, 1.0 for a Student-t with 10 degrees of freedom, 1.2 for a
logistic, 3 for a Laplace, 6 for a Student-t with 5; negative for flat
(uniform-like) clusters.
"""

import numpy as np

# The clusters count as Gaussian enough for mixture scores when the typical
# feature's excess kurtosis within the clusters is at most this: the tails
# of a Student-t with 10 degrees of freedom (chosen from that reference
# before any measurement, not fitted to a data set).
GAUSSIAN_EXCESS_KURTOSIS = 1.0
# A Gaussian has no point masses; a feature whose most common value holds
# at least this share of a cluster's points (counts such as "one purchase",
# coarse rounding, indicators) breaks the mixtures' likelihood, which then
# gains from every component it puts on a point mass (a quarter: chosen
# before any measurement, not fitted to a data set).
POINT_MASS_SHARE = 0.25
# Clusters smaller than this are left out (their kurtosis is noise: its
# standard error is about sqrt(24 / n), 0.49 at n = 100).
MIN_CLUSTER_SIZE = 20


def within_cluster_kurtosis(X, labels):
    """Median over features of the clusters' excess kurtosis, weighted by size.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The sample.
    labels : ndarray of shape (n_samples,)
        Its partition.

    Returns
    -------
    kurtosis : float
        0 for Gaussian clusters, positive for heavier tails; NaN when no
        cluster has ``MIN_CLUSTER_SIZE`` points or every feature is constant
        within the clusters.

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(500, 2)), rng.normal(size=(500, 2)) + 8])
    >>> labels = np.repeat([0, 1], 500)
    >>> bool(abs(within_cluster_kurtosis(X, labels)) < 0.5)
    True
    >>> tails = rng.standard_t(3, size=(1000, 2))
    >>> bool(within_cluster_kurtosis(tails, np.zeros(1000, dtype=int)) > 1.0)
    True
    """
    X = np.asarray(X, dtype=np.float64)
    fourth = np.zeros(X.shape[1])
    weight = np.zeros(X.shape[1])
    for members in _measurable_clusters(X, labels):
        centred = members - members.mean(axis=0)
        variance = (centred**2).mean(axis=0)
        spread = variance > 1e-12 * max(float(variance.max()), 1e-300)
        kurtosis = np.zeros(X.shape[1])
        kurtosis[spread] = (centred[:, spread] ** 4).mean(axis=0) / variance[
            spread
        ] ** 2 - 3
        fourth += len(members) * kurtosis * spread
        weight += len(members) * spread
    if not weight.any():
        return np.nan
    return float(np.median(fourth[weight > 0] / weight[weight > 0]))


def _measurable_clusters(X, labels):
    """Yield the points of each cluster with at least ``MIN_CLUSTER_SIZE``."""
    for cluster in np.unique(labels):
        members = X[labels == cluster]
        if len(members) >= MIN_CLUSTER_SIZE:
            yield members


def point_mass_share(X, labels):
    """Largest share of a cluster's points on one value of a feature.

    The share of the most common value of each feature within each cluster
    (of at least ``MIN_CLUSTER_SIZE`` points), averaged over clusters by
    size; the largest over features. 0 for continuous data, 1 for a
    feature that is constant within every cluster.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The sample.
    labels : ndarray of shape (n_samples,)
        Its partition.

    Returns
    -------
    share : float
        NaN when no cluster has ``MIN_CLUSTER_SIZE`` points.

    Examples
    --------
    >>> X = np.c_[np.arange(100.0), np.repeat([1.0, 2.0, 3.0, 4.0], 25)]
    >>> point_mass_share(X, np.zeros(100, dtype=int))
    0.25
    """
    X = np.asarray(X)
    shares, sizes = [], []
    for members in _measurable_clusters(X, labels):
        ordered = np.sort(members, axis=0)
        shares.append([_modal_count(column) / len(members) for column in ordered.T])
        sizes.append(len(members))
    if not sizes:
        return np.nan
    return float(np.max(np.average(np.array(shares), axis=0, weights=sizes)))


def _modal_count(sorted_values):
    """Count of the most common value in a sorted 1-D array."""
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    return int(np.max(np.diff(np.r_[starts, len(sorted_values)])))


def gaussian_enough(kurtosis, point_mass):
    """Whether clusters with these statistics count as Gaussian for mixtures."""
    return not (kurtosis > GAUSSIAN_EXCESS_KURTOSIS or point_mass >= POINT_MASS_SHARE)
