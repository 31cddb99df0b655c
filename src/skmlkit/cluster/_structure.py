"""Evidence for or against any cluster structure: the K = 1 question.

Most K-selection criteria are undefined for one cluster, so "no clusters"
is decided by tests of their own, each measured on the evaluation sample:

- the **gap** of Tibshirani, Walther and Hastie (2001) with its K = 1 term:
  the data have structure when some K's gap exceeds the one-cluster gap by
  more than its simulation error (the "global maximum, one standard error"
  reading of Dudoit and Fridlyand, 2002);
- the **split test** in the spirit of G-means (Hamerly and Elkan, 2003): the
  data are projected on the axis joining the 2-means centres and the best
  two-group split of that projection is scored by the share of variance it
  leaves, ``W2 / W1``. A uniform projection leaves 1/4, a Gaussian one
  1 - 2/pi (about 0.36), a heavy-tailed one more; two groups leave less.
  The Anderson-Darling statistic of the same projection (the G-means test
  itself) is reported beside it: uniform-density clusters fail it as well,
  so it does not decide alone;
- the **Hopkins statistic** (nearest-neighbour distances of data points
  against uniform probes in the data's bounding box; about 0.5 for uniform
  data, near 1 for clustered data, and also near 1 for a single Gaussian in
  many dimensions, hence reported only);
- the **BIC** of a single Gaussian against mixtures with more components.
"""

import numpy as np
from scipy.special import log_ndtr
from sklearn.neighbors import NearestNeighbors

# W2 / W1 of the best split of the 2-means projection below which the split
# is real: under the uniform distribution's 1/4 (the least favourable
# unimodal case) by a margin for sampling noise.
SPLIT_RATIO_THRESHOLD = 0.2
# Smallest gap excess (in log within-cluster dispersion) that counts as
# structure. Measured on the K-selection benchmark: at most -0.01 on
# structureless data, at least 0.18 on clustered and real data.
GAP_EXCESS_THRESHOLD = 0.1


def split_test(X, centers):
    """Variance left by the best split of X projected on a 2-means axis.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    centers : ndarray of shape (2, n_features)
        The 2-means centres of X.

    Returns
    -------
    ratio : float
        ``W2 / W1`` of the projection's best two-group split (0 to 1;
        1/4 for a uniform projection, 0.36 for a Gaussian one).
    anderson_darling : float
        Anderson-Darling normality statistic of the standardised projection.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(-3, 1, (200, 2)), rng.normal(3, 1, (200, 2))]
    >>> ratio, _ = split_test(X, np.array([[-3.0, 0.0], [3.0, 0.0]]))
    >>> bool(ratio < 0.2)
    True
    """
    axis = centers[1] - centers[0]
    if not np.any(axis) or len(X) < 4:
        return 1.0, 0.0
    projection = X @ (axis / np.abs(axis).max())
    projection = np.sort(projection - projection.mean())
    scale = float(np.abs(projection).max())
    if not np.isfinite(scale) or scale == 0:
        return 1.0, 0.0
    projection = projection / scale  # the ratio is scale-free; no overflow
    n = len(projection)
    total = projection.var() * n
    if total <= 0:
        return 1.0, 0.0
    sums, squares = np.cumsum(projection), np.cumsum(projection**2)
    left_n = np.arange(1, n)
    left = squares[:-1] - sums[:-1] ** 2 / left_n
    right = (squares[-1] - squares[:-1]) - (sums[-1] - sums[:-1]) ** 2 / (n - left_n)
    ratio = float(np.clip((left + right).min() / total, 0, 1))
    return ratio, anderson_darling(projection)


def anderson_darling(values):
    """Anderson-Darling statistic of values against a fitted normal law.

    Parameters
    ----------
    values : ndarray of shape (n,)
        Sorted values.

    Returns
    -------
    statistic : float
        ``A^2`` with estimated mean and variance, with Stephens' small-sample
        factor ``1 + 4/n - 25/n^2``; above about 1.0 normality is rejected at
        the 1% level.
    """
    n = len(values)
    z = (values - values.mean()) / values.std(ddof=1)
    weights = 2 * np.arange(1, n + 1) - 1
    a2 = -n - np.mean(weights * (log_ndtr(z) + log_ndtr(-z[::-1])))
    return float(a2 * (1 + 4 / n - 25 / n**2))


def hopkins_statistic(X, random_state, n_probes=None):
    """Hopkins statistic of X against uniform probes in its bounding box.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    random_state : RandomState
        Draws the probes and the sampled points.
    n_probes : int, default=None
        Number of probes and sampled points; 10% of the points (at least 10,
        at most ``n_samples - 1``) when None.

    Returns
    -------
    hopkins : float
        ``sum(u**d) / (sum(u**d) + sum(w**d))`` with ``u`` the probes' and
        ``w`` the sampled points' nearest-neighbour distances: about 0.5 for
        uniform data, near 1 for clustered data.
    """
    n, d = X.shape
    m = n_probes or min(max(10, n // 10), n - 1)
    neighbours = NearestNeighbors(n_neighbors=2).fit(X)
    sampled = random_state.choice(n, m, replace=False)
    w = neighbours.kneighbors(X[sampled])[0][:, 1]
    probes = random_state.uniform(X.min(axis=0), X.max(axis=0), (m, d))
    u = neighbours.kneighbors(probes, 1)[0][:, 0]
    # Scale before the power so that d up to hundreds does not overflow.
    scale = max(float(np.max(u)), float(np.max(w)), 1e-300)
    u_d, w_d = (u / scale) ** d, (w / scale) ** d
    total = u_d.sum() + w_d.sum()
    return float(u_d.sum() / total) if total > 0 else 0.5


def structure_evidence(X, k_values, gap, gap_sd, bic, centers2, random_state):
    """Combine the K = 1 tests into one verdict.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Evaluation sample.
    k_values : sequence of int
        The K values of the scores below; they include 1.
    gap, gap_sd : ndarray of shape (n_k,)
        Gap statistic and its simulation error.
    bic : ndarray of shape (n_k,)
        BIC of the best Gaussian mixture at each K (NaN where none was
        fitted).
    centers2 : ndarray of shape (2, n_features)
        The 2-means centres of X.
    random_state : RandomState
        Seeds the Hopkins probes.

    Returns
    -------
    structure : dict
        ``has_structure`` (bool: the gap or the split test finds clusters),
        ``evidence`` (share of the four tests that find clusters, 0 to 1),
        ``gap_excess`` (largest ``gap(K) - s(K) - gap(1)``; above
        ``GAP_EXCESS_THRESHOLD`` = 0.1 means clusters), ``split_ratio``,
        ``split_anderson``, ``hopkins`` and ``bic_k`` (the K of lowest
        mixture BIC; 0 when unknown).
    """
    k_values = np.asarray(k_values)
    one = int(np.flatnonzero(k_values == 1)[0])
    others = k_values != 1
    gap_excess = (
        float(np.nanmax(gap[others] - gap_sd[others]) - gap[one])
        if others.any() and not np.isnan(gap[one])
        else np.nan
    )
    ratio, anderson_darling = split_test(X, centers2)
    hopkins = hopkins_statistic(X, random_state)
    bic_k = int(k_values[np.nanargmin(bic)]) if not np.all(np.isnan(bic)) else 0
    gap_says = bool(gap_excess > GAP_EXCESS_THRESHOLD)
    split_says = bool(ratio < SPLIT_RATIO_THRESHOLD)
    votes = [gap_says, split_says, hopkins > 0.75, bic_k > 1]
    return {
        "has_structure": gap_says or split_says,
        "evidence": float(np.mean(votes)),
        "gap_excess": gap_excess,
        "split_ratio": ratio,
        "split_anderson": anderson_darling,
        "hopkins": hopkins,
        "bic_k": bic_k,
    }
