"""A lean K-Means for the many small auxiliary fits of the K criteria.

The gap statistic's reference sets and the stability refits need hundreds
of K-Means runs on at most ``sample_size`` points. scikit-learn's
:class:`~sklearn.cluster.KMeans` spends most of such a run on validation and
thread-pool set-up; this plain NumPy k-means++ and Lloyd loop gives the
same kind of local optimum at a fraction of the cost. The models that
AutoKMeans returns are always scikit-learn's.
"""

import numpy as np

from ._criteria import squared_distances

MAX_ITER = 100
TOL = 1e-6


def lloyd_centers(X, k, random_state, n_init=1):
    """Centres of the best of ``n_init`` k-means++ seeded Lloyd runs.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data (at least ``k`` distinct rows for ``k`` distinct centres).
    k : int
        Number of clusters.
    random_state : RandomState
        Seeds the k-means++ initialisations.
    n_init : int, default=1
        Number of runs; the one of lowest inertia is kept.

    Returns
    -------
    centers : ndarray of shape (k, n_features)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.r_[np.zeros((5, 2)), np.full((5, 2), 10.0)]
    >>> np.sort(lloyd_centers(X, 2, np.random.RandomState(0))[:, 0])
    array([ 0., 10.])
    """
    best, best_inertia = None, np.inf
    norms = (X**2).sum(axis=1)
    tolerance = TOL * float(X.var(axis=0).sum())
    rows = np.arange(len(X))
    for _ in range(n_init):
        centers = _plus_plus(X, k, random_state)
        for _ in range(MAX_ITER):
            labels = squared_distances(X, centers, norms).argmin(axis=1)
            members = np.zeros((len(X), k), dtype=X.dtype)
            members[rows, labels] = 1
            counts = members.sum(axis=0)
            sums = members.T @ X
            moved = np.where(
                counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centers
            )
            shift = float(((moved - centers) ** 2).sum())
            centers = moved
            if shift <= tolerance:
                break
        inertia = float(squared_distances(X, centers, norms).min(axis=1).sum())
        if inertia < best_inertia:
            best, best_inertia = centers, inertia
    return best


def _plus_plus(X, k, random_state):
    n = len(X)
    centers = np.empty((k, X.shape[1]), dtype=X.dtype)
    centers[0] = X[random_state.randint(n)]
    closest = ((X - centers[0]) ** 2).sum(axis=1)
    for c in range(1, k):
        total = closest.sum()
        index = (
            random_state.choice(n, p=closest / total)
            if total > 0
            else random_state.randint(n)
        )
        centers[c] = X[index]
        closest = np.minimum(closest, ((X - centers[c]) ** 2).sum(axis=1))
    return centers
