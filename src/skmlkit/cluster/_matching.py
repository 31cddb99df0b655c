"""Cluster numbering that survives a refit: ordering and matching."""

import numpy as np
from scipy.optimize import linear_sum_assignment


def canonical_order(centers, labels=None, *, sizes=None):
    """Order clusters by size (largest first), ties broken by their centres.

    Returns ``order`` such that ``centers[order]`` are the renumbered
    centres: two fits that find the same partition number it the same way,
    whatever their random seeds. The sizes come from ``labels``, or are
    given (counted elsewhere, e.g. by a Dask reduction).
    """
    if sizes is None:
        sizes = np.bincount(labels, minlength=len(centers))
    sizes = np.asarray(sizes)
    # np.lexsort sorts by the last key first: size, then each coordinate.
    keys = [np.round(centers[:, j], 8) for j in reversed(range(centers.shape[1]))]
    return np.lexsort([*keys, -sizes])


def match_clusters(reference, new):
    """Map a new clustering's cluster numbers onto an earlier one's.

    Each new cluster takes the number of the reference cluster whose centre
    is closest, with the total squared distance minimised over one-to-one
    matchings (the Hungarian algorithm). New clusters left without a partner
    (the new model has more clusters) get numbers after the reference's, in
    their own order. Use it to keep a segment's number month to month.

    Parameters
    ----------
    reference : fitted clusterer with ``cluster_centers_``, or array-like of \
shape (n_reference, n_features)
        The earlier model or its centres.
    new : fitted clusterer with ``cluster_centers_``, or array-like of \
shape (n_new, n_features)
        The new model or its centres.

    Returns
    -------
    mapping : ndarray of shape (n_new,)
        ``mapping[j]`` is the number that new cluster ``j`` should carry;
        relabel with ``mapping[new_model.predict(X)]``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.cluster import match_clusters
    >>> january = np.array([[0.0, 0.0], [5.0, 5.0], [10.0, 0.0]])
    >>> february = np.array([[9.8, 0.1], [0.2, -0.1], [5.1, 4.9]])
    >>> match_clusters(january, february)
    array([2, 0, 1])
    """
    reference, new = _centers(reference, "reference"), _centers(new, "new")
    if reference.shape[1] != new.shape[1]:
        raise ValueError(
            f"reference has {reference.shape[1]} features but new has "
            f"{new.shape[1]}; both must describe the same feature space."
        )
    cost = ((new[:, None, :] - reference[None, :, :]) ** 2).sum(axis=2)
    rows, cols = linear_sum_assignment(cost)
    mapping = np.full(len(new), -1)
    mapping[rows] = cols
    unmatched = np.flatnonzero(mapping < 0)
    mapping[unmatched] = len(reference) + np.arange(len(unmatched))
    return mapping


def _centers(value, name):
    centers = getattr(value, "cluster_centers_", value)
    try:
        centers = np.asarray(centers, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a fitted clusterer with cluster_centers_ or an array "
            f"of centres, got {type(value).__name__}."
        ) from exc
    if centers.ndim != 2 or len(centers) == 0 or not np.isfinite(centers).all():
        raise ValueError(
            f"{name} must hold a 2-D, non-empty, finite array of centres, got "
            f"shape {centers.shape}."
        )
    return centers
