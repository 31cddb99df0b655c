"""How AutoKMeans chooses K from the per-K scores; the ``method="auto"`` rule.

Each single criterion fails in a known way: silhouette and Davies-Bouldin
favour few, well separated clusters; Calinski-Harabasz over-splits
elongated or imbalanced clusters; the elbow is often ambiguous; the BIC and
the integrated completed likelihood (ICL; Biernacki, Celeux and Govaert,
2000) of Gaussian mixtures describe one heavy-tailed or skewed cluster by
several Gaussians and over-split it (Baudry et al., 2010). Scores of one
family are correlated, so counting them as separate votes lets one family
outvote the rest.

The auto rule therefore counts families, not scores: the geometric
criteria (silhouette, Calinski-Harabasz, Davies-Bouldin) share one vote, a
third each; the Gaussian mixtures (the median of the K minimising the BIC,
the ICL and the diagonal ICL) have one vote, cast only when the clusters at
their K look Gaussian enough: no heavier tails than a Student-t with 10
degrees of freedom and no point masses (:mod:`._tails`); the K with the most votes wins,
and equally supported K go to the one more single criteria choose (the gap,
the elbow and the stability criterion included), then to the more stable
partition (bootstrap ARI).
"""

import warnings

import numpy as np

from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning
from ._criteria import best_k, first_gap_k
from ._knee import find_knee
from ._scoring import PARTITION_CRITERIA, score_candidates
from ._stability import stable_k
from ._tails import gaussian_enough

METHODS = (
    "auto",
    "elbow",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "gap",
    "stability",
)
GEOMETRIC = ("silhouette", "calinski_harabasz", "davies_bouldin")
MIXTURE_SCORES = ("bic", "icl", "icl_diag")
# A knee of the log-inertia curve must rise this far above the chord (unit
# square) to count: structureless uniform or Gaussian data stay below it.
ELBOW_MIN_HEIGHT = 0.25


def select_k(sample, k_values, models, rng, *, method, n_clusters=None):
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
    n_clusters : int, default=None
        A K fixed by the user (one of ``k_values``); None chooses by
        ``method``.

    Returns
    -------
    selection : dict
        AutoKMeans' fitted attributes ``k_values_``, ``mixture_votes_``,
        ``scores_``, ``structure_``, ``choices_``, ``support_``,
        ``runner_up_``, ``n_clusters_`` and ``agreement_`` (without the
        trailing underscore).
    """
    usable = not has_indicator_columns(sample)
    scores, structure = score_candidates(sample, k_values, models, rng)
    choices = choose_k(k_values, scores, structure, method=method, use_mixtures=usable)
    support = k_support(k_values, scores, choices, use_mixtures=usable)
    fixed = n_clusters is not None
    n_clusters = int(n_clusters) if fixed else choices[method]
    criteria = [k for name, k in choices.items() if name != "auto"]
    if not fixed and len(k_values) > 1 and n_clusters == k_values[-1]:
        warnings.warn(
            f"K={n_clusters} is the largest candidate in k_range: the best "
            "number of clusters may lie beyond it. Widen k_range, e.g. "
            f"k_range=range(1, {2 * n_clusters + 1}).",
            KRangeEdgeWarning,
            stacklevel=4,
        )
    return {
        "k_values": np.asarray(k_values),
        "mixture_votes": any("mixtures" in s["voters"] for s in support.values()),
        "scores": scores,
        "structure": structure,
        "choices": choices,
        "support": support,
        "runner_up": runner_up(support, n_clusters),
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


def mixture_k(k_values, scores):
    """Return the mixtures' K: the median of the K minimising BIC, ICL, diagonal ICL.

    None when any of the three could not be fitted (too few samples).
    """
    if any(np.all(np.isnan(scores[name])) for name in MIXTURE_SCORES):
        return None
    votes = [k_values[int(np.nanargmin(scores[name]))] for name in MIXTURE_SCORES]
    return int(np.median(votes))


def k_support(k_values, scores, choices, *, use_mixtures=True):
    """Collect the evidence for every K that some criterion chooses.

    Parameters
    ----------
    k_values : list of int
        The candidate K values.
    scores : dict of str to ndarray
        The per-K scores (see :func:`~._scoring.score_candidates`).
    choices : dict of str to int
        The K of each single criterion (``"auto"`` is left out).
    use_mixtures : bool, default=True
        False where mixtures do not describe the data (indicator columns).

    Returns
    -------
    support : dict of int to dict
        For each K chosen by a single criterion or by the mixtures, in
        increasing K: ``chosen_by`` (the criteria that choose it; the
        mixture family as ``"mixtures"``), ``voters`` (those whose vote
        counts in the auto rule), ``support`` (the auto rule's votes: a
        third per geometric criterion, one for the mixtures when the
        clusters pass the tail test), ``stability`` (bootstrap ARI; NaN at
        K = 1), ``kurtosis`` (the clusters' excess kurtosis at that K) and
        ``point_mass`` (the largest share of a cluster on one value).
    """
    chosen_by = {}
    for name, k in choices.items():
        if name != "auto":
            chosen_by.setdefault(int(k), []).append(name)
    mixtures = mixture_k(k_values, scores) if use_mixtures else None
    if mixtures is not None:
        chosen_by.setdefault(mixtures, []).append("mixtures")
    support = {}
    for k in sorted(chosen_by):
        j = k_values.index(k)
        kurtosis = float(scores["kurtosis"][j])
        point_mass = float(scores["point_mass"][j])
        voters = [name for name in chosen_by[k] if name in GEOMETRIC]
        if "mixtures" in chosen_by[k] and gaussian_enough(kurtosis, point_mass):
            voters.append("mixtures")
        support[k] = {
            "chosen_by": chosen_by[k],
            "voters": voters,
            "support": len([v for v in voters if v in GEOMETRIC]) / len(GEOMETRIC)
            + ("mixtures" in voters),
            "stability": float(scores["stability"][j]),
            "kurtosis": kurtosis,
            "point_mass": point_mass,
        }
    return support


def _rank(entry):
    """Order of preference: votes, then how many criteria choose K, then stability."""
    stability = entry["stability"]
    return (
        round(entry["support"], 9),
        len(entry["chosen_by"]),
        -np.inf if np.isnan(stability) else stability,
    )


def select_auto(k_values, scores, choices, use_mixtures=True):
    """K chosen by ``method="auto"``: the best-supported K (see the module notes).

    The votes are a third for each geometric criterion's K and one for the
    Gaussian mixtures' K when its clusters pass the tail test; equally
    supported K go to the one more single criteria choose (gap, elbow and
    stability included), then to the more stable partition. Only a K that
    some vote supports is chosen.
    """
    support = k_support(k_values, scores, choices, use_mixtures=use_mixtures)
    voted = {k: entry for k, entry in support.items() if entry["support"] > 0}
    return max(voted, key=lambda k: _rank(voted[k]))


def runner_up(support, n_clusters):
    """Return the best-supported K other than ``n_clusters`` (None if none)."""
    others = {k: entry for k, entry in support.items() if k != n_clusters}
    if not others:
        return None
    return int(max(others, key=lambda k: _rank(others[k])))


def scores_frame(k_values, scores, support):
    """Return the per-K scores as a DataFrame, with who chooses each K, its support."""
    import pandas as pd

    table = pd.DataFrame(scores, index=pd.Index(k_values, name="k"))
    entries = [support.get(int(k), {}) for k in k_values]
    table["chosen_by"] = [", ".join(entry.get("chosen_by", ())) for entry in entries]
    table["support"] = [entry.get("support", 0.0) for entry in entries]
    return table
