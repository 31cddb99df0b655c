"""How AutoKMeans chooses K from the per-K scores; the ``method="auto"`` rule.

Each single criterion fails in a known way: silhouette and Davies-Bouldin
favour few, well separated clusters; Calinski-Harabasz and the BIC of a
Gaussian mixture over-split elongated or imbalanced clusters; the elbow is
often ambiguous; the integrated completed likelihood (ICL; Biernacki,
Celeux and Govaert, 2000) of a mixture, the BIC plus twice the entropy of
the soft assignments, does not reward splitting a cluster into overlapping
components but merges clusters that overlap. The auto rule takes the median
of five votes that fail in different directions: two geometric (silhouette,
Calinski-Harabasz) and three probabilistic (the K minimising the BIC and the
ICL of Gaussian mixtures over spherical, diagonal, tied and full
covariances, and the ICL with diagonal covariances alone).
"""

import warnings

import numpy as np

from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning
from ._criteria import best_k, first_gap_k
from ._knee import find_knee
from ._scoring import PARTITION_CRITERIA, score_candidates
from ._stability import stable_k

METHODS = (
    "auto",
    "elbow",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "gap",
    "stability",
)
# A knee of the log-inertia curve must rise this far above the chord (unit
# square) to count: structureless uniform or Gaussian data stay below it.
ELBOW_MIN_HEIGHT = 0.25


def select_k(sample, k_values, models, rng, *, method):
    """Score every candidate K on the sample and choose one.

    Parameters
    ----------
    sample : ndarray of shape (n_samples, n_features)
        The evaluation sample.
    k_values : list of int
        The candidate K values.
    models : list of fitted KMeans
        The model of each K.
    rng : numpy.random.RandomState
        Seeds the scoring (see :func:`~._scoring.score_candidates`).
    method : str
        One of :data:`METHODS`.

    Returns
    -------
    selection : dict
        AutoKMeans' fitted attributes ``k_values_``, ``mixture_votes_``,
        ``scores_``, ``structure_``, ``choices_``, ``n_clusters_`` and
        ``agreement_`` (without the trailing underscore).
    """
    mixture_votes = not has_indicator_columns(sample)
    scores, structure = score_candidates(sample, k_values, models, rng)
    choices = choose_k(
        k_values, scores, structure, method=method, use_mixtures=mixture_votes
    )
    n_clusters = choices[method]
    criteria = [k for name, k in choices.items() if name != "auto"]
    if len(k_values) > 1 and n_clusters == k_values[-1]:
        warnings.warn(
            f"K={n_clusters} is the largest candidate in k_range: the best "
            "number of clusters may lie beyond it. Widen k_range, e.g. "
            f"k_range=range(1, {2 * n_clusters + 1}).",
            KRangeEdgeWarning,
            stacklevel=4,
        )
    return {
        "k_values": np.asarray(k_values),
        "mixture_votes": mixture_votes,
        "scores": scores,
        "structure": structure,
        "choices": choices,
        "n_clusters": n_clusters,
        "agreement": float(np.mean(np.equal(criteria, n_clusters))),
    }


def choose_k(k_values, scores, structure, *, method, use_mixtures):
    """Return the K each method chooses from the per-K scores.

    Returns
    -------
    choices : dict of str to int
        One entry per name in :data:`METHODS`.
    """
    choices = {
        name: best_k(k_values, scores[name], name) or k_values[0]
        for name in PARTITION_CRITERIA
    }
    choices["gap"] = (
        first_gap_k(k_values, scores["gap"], scores["gap_sd"])
        if not np.all(np.isnan(scores["gap"]))
        else k_values[0]
    )
    choices["stability"] = stable_k(k_values, scores["stability"])
    choices["elbow"] = _elbow_k(
        k_values, scores["inertia"], choices["silhouette"], warn=method == "elbow"
    )
    if k_values[0] == 1 and not structure["has_structure"]:
        choices["auto"] = 1
    else:
        choices["auto"] = select_auto(
            k_values, scores, choices, use_mixtures=use_mixtures
        )
    return {name: int(k) for name, k in choices.items()}


def _elbow_k(k_values, inertia, fallback, *, warn):
    """Return the knee of log-inertia from K = 2 on, else ``fallback``.

    The elbow has no meaning at K = 1 (Schubert, 2023).
    """
    curve = [j for j, k in enumerate(k_values) if k >= 2] or [0]
    curve_ks = [k_values[j] for j in curve]
    with np.errstate(divide="ignore"):  # inertia 0 (duplicates): no knee
        log_inertia = np.log(inertia[curve])
    knee, _ = find_knee(curve_ks, log_inertia, min_height=ELBOW_MIN_HEIGHT)
    if knee is not None:
        return knee
    if warn:
        warnings.warn(
            f"The inertia curve over K in {curve_ks[0]}..{curve_ks[-1]} has "
            f"no clear elbow; using the silhouette choice K={fallback} instead.",
            NoClearKneeWarning,
            stacklevel=6,
        )
    return fallback


# A column is an indicator when it takes two values and the rarer one is in
# at least this share of the rows (one-hot categories, flags).
INDICATOR_MIN_SHARE = 0.05


def has_indicator_columns(X):
    """Whether X has a two-valued column whose rarer value is not rare."""
    for column in np.asarray(X).T:
        values, counts = np.unique(column, return_counts=True)
        if len(values) == 2 and counts.min() >= INDICATOR_MIN_SHARE * len(column):
            return True
    return False


def select_auto(k_values, scores, choices, use_mixtures=True):
    """K chosen by ``method="auto"``: the median of five complementary votes.

    The votes are the silhouette and Calinski-Harabasz choices and the K of
    lowest BIC, ICL and diagonal-covariance ICL. Where the mixtures cannot
    be fitted (too few samples) or do not describe the data
    (``use_mixtures=False``: indicator columns, on which a mixture's
    likelihood grows without bound), Davies-Bouldin and the gap statistic
    vote instead of them.
    """
    votes = [choices["silhouette"], choices["calinski_harabasz"]]
    mixture = [
        k_values[int(np.nanargmin(scores[name]))]
        for name in ("bic", "icl", "icl_diag")
        if not np.all(np.isnan(scores[name]))
    ]
    if len(mixture) == 3 and use_mixtures:
        votes += mixture
    else:
        votes += [choices["davies_bouldin"], choices["gap"]]
    return int(np.median(votes))
