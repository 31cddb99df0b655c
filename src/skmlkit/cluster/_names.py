"""Short, distinct segment names: from profiles, and the customary RFM labels.

Both are heuristics, documented as such: the names describe how a segment
differs from the average customer, and they can be overridden.
"""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params

from ._profile import profile_column, profile_features, segment_profile

# Words for features whose meaning is known; "lower is better" for recency.
KNOWN_WORDS = {
    "recency": ("recent", "lapsed"),
    "frequency": ("infrequent", "frequent"),
    "monetary": ("low spend", "high spend"),
    "tenure": ("new", "long-standing"),
}

# The R x F grid: every (R, F) pair of scores 1-5 has exactly one label, so
# no customer falls between rules or into two of them. R5 = most recent.
RFM_LABELS = {
    5: {1: "new", 2: "potential loyalists", 3: "potential loyalists", 4: "champions",
        5: "champions"},
    4: {1: "promising", 2: "potential loyalists", 3: "potential loyalists",
        4: "loyal", 5: "loyal"},
    3: {1: "about to sleep", 2: "about to sleep", 3: "need attention", 4: "loyal",
        5: "loyal"},
    2: {1: "hibernating", 2: "hibernating", 3: "at risk", 4: "at risk",
        5: "can't lose them"},
    1: {1: "lost", 2: "lost", 3: "at risk", 4: "at risk", 5: "can't lose them"},
}  # fmt: skip
RFM_LABEL_ORDER = [
    "champions",
    "loyal",
    "potential loyalists",
    "new",
    "promising",
    "need attention",
    "about to sleep",
    "at risk",
    "can't lose them",
    "hibernating",
    "lost",
]


def score_levels(values, n_levels=5, *, higher_is_better=True):
    """Score values 1..n_levels by quantile; equal values get equal scores.

    A value's score is ``1 + floor(n_levels * share of values strictly
    worse)``: the best possible score for the lowest position its ties
    occupy. With many ties (half of the customers buying once) some levels
    are simply not produced, rather than ties being split by row order.
    """
    return _scores_against(values, values, n_levels, higher_is_better)


def _scores_against(population, queries, n_levels, higher_is_better):
    """Score ``queries`` by the share of ``population`` strictly worse."""
    population = np.asarray(population, dtype=np.float64)
    queries = np.asarray(queries, dtype=np.float64)
    if not higher_is_better:
        population, queries = -population, -queries
    below = np.searchsorted(np.sort(population), queries, side="left")
    scores = 1 + np.floor(n_levels * below / len(population))
    return scores.astype(int).clip(1, n_levels)


@validate_params(
    {
        "features": [pd.DataFrame],
        "n_levels": [Interval(Integral, 2, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def rfm_scores(features, *, n_levels=5):
    """Score recency, frequency and monetary value of each customer 1..5.

    Parameters
    ----------
    features : pandas.DataFrame
        Columns ``recency``, ``frequency`` and ``monetary`` (as made by
        :class:`~skmlkit.RFMFeatures`).
    n_levels : int, default=5
        Number of score levels (5 = best: most recent, most frequent,
        highest spend).

    Returns
    -------
    scores : pandas.DataFrame
        Integer columns ``R``, ``F``, ``M`` and ``label`` (the R x F grid
        label), indexed like ``features``. Equal values always get equal
        scores, so levels can be missing (see :func:`score_levels`).

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.cluster import rfm_scores
    >>> rfm = pd.DataFrame({"recency": [5, 300, 40, 200, 10],
    ...                     "frequency": [9, 1, 3, 1, 12],
    ...                     "monetary": [500.0, 20.0, 90.0, 35.0, 800.0]})
    >>> rfm_scores(rfm)["label"].tolist()
    ['champions', 'lost', 'need attention', 'hibernating', 'loyal']
    """
    missing = [c for c in ("recency", "frequency", "monetary") if c not in features]
    if missing:
        raise ValueError(f"rfm_scores needs the columns {missing}.")
    scores = pd.DataFrame(
        {
            "R": score_levels(features["recency"], n_levels, higher_is_better=False),
            "F": score_levels(features["frequency"], n_levels),
            "M": score_levels(features["monetary"], n_levels),
        },
        index=features.index,
    )
    scores["label"] = rfm_label(scores["R"], scores["F"], n_levels=n_levels)
    return scores


def rfm_label(r_scores, f_scores, *, n_levels=5):
    """Label of each (R, F) pair in the 5 x 5 grid (other levels rescaled to 5)."""
    r = _to_five(np.asarray(r_scores), n_levels)
    f = _to_five(np.asarray(f_scores), n_levels)
    return np.array([RFM_LABELS[ri][fi] for ri, fi in zip(r, f, strict=True)])


def _to_five(scores, n_levels):
    return np.clip(np.ceil(scores * 5 / n_levels), 1, 5).astype(int)


def name_segments(profile, *, max_traits=2, threshold=0.25, overrides=None):
    """Name each segment by the ways it differs most from the average.

    A trait is a numeric feature whose segment mean is at least
    ``threshold`` above or below the overall mean (``"f vs avg"`` of the
    profile), or a category level at least 1.5 times as common as overall
    and held by most of the segment. Known RFM features read as words
    ("recent"/"lapsed", "frequent"/"infrequent", "high spend"/"low spend",
    "long-standing"/"new"); others as "high f"/"low f". Segments that would
    share a name get more traits, then a number: names never repeat.

    Parameters
    ----------
    profile : pandas.DataFrame
        Output of :func:`segment_profile`.
    max_traits : int, default=2
        Traits per name (more only to tell segments apart).
    threshold : float, default=0.25
        Smallest relative difference that makes a trait.
    overrides : dict, default=None
        ``{segment: name}`` replacing generated names; the result must
        still be distinct.

    Returns
    -------
    names : pandas.Series
        Name of each segment, indexed like ``profile``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmlkit.cluster import name_segments, segment_profile
    >>> X = np.array([[5, 9, 500.0], [8, 7, 450.0], [300, 1, 20.0], [280, 1, 25.0]])
    >>> profile = segment_profile(
    ...     X, [0, 0, 1, 1], feature_names=["recency", "frequency", "monetary"])
    >>> name_segments(profile).tolist()
    ['recent, high spend', 'lapsed, low spend']
    """
    traits = {
        segment: _traits(profile, segment, threshold) for segment in profile.index
    }
    counts = dict.fromkeys(traits, max_traits)
    names = {s: _join(t[:max_traits]) for s, t in traits.items()}
    while True:  # lengthen only the names that clash, while traits remain
        clashing = [
            s
            for s, name in names.items()
            if list(names.values()).count(name) > 1 and counts[s] < len(traits[s])
        ]
        if not clashing:
            break
        for segment in clashing:
            counts[segment] += 1
            names[segment] = _join(traits[segment][: counts[segment]])
    names = _number_repeats(names)
    names.update(overrides or {})
    if len(set(names.values())) != len(names):
        raise ValueError(f"Segment names must be distinct, got {names}.")
    return pd.Series(names, name="segment_name").rename_axis("segment")


def name_rfm_segments(features, labels, *, overrides=None):
    """Name RFM segments with the customary labels (champions, loyal, at risk...).

    Each segment's median recency and frequency are scored against all
    customers (:func:`rfm_scores`' rule) and looked up in the R x F grid,
    where every cell has exactly one label. Two segments in one label are
    told apart by their strongest profile trait, then by a number.

    Parameters
    ----------
    features : pandas.DataFrame
        Per-customer ``recency``, ``frequency``, ``monetary``.
    labels : array-like of shape (n_customers,)
        Segment of each customer.
    overrides : dict, default=None
        ``{segment: name}`` to use instead.

    Returns
    -------
    names : pandas.Series
        Name of each segment.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.cluster import name_rfm_segments
    >>> rfm = pd.DataFrame({"recency": [5, 9, 300, 280, 120, 150],
    ...                     "frequency": [9, 12, 1, 1, 2, 3],
    ...                     "monetary": [500.0, 800, 20, 35, 90, 60]})
    >>> name_rfm_segments(rfm, [0, 0, 1, 1, 2, 2]).tolist()
    ['champions', 'lost', 'need attention']
    """
    labels = np.asarray(labels)
    profile = segment_profile(features, labels)
    medians = features.groupby(labels)[["recency", "frequency"]].median()
    r = _scores_against(features["recency"], medians["recency"], 5, False)
    f = _scores_against(features["frequency"], medians["frequency"], 5, True)
    base = {s: str(n) for s, n in zip(medians.index, rfm_label(r, f), strict=True)}
    names = dict(base)
    for name in set(base.values()):
        clash = [s for s, n in base.items() if n == name]
        if len(clash) > 1:
            for segment in clash:
                extra = _traits(profile, segment, 0.1)
                extra = [t for t in extra if t not in name]
                names[segment] = f"{name} ({extra[0]})" if extra else name
    names = _number_repeats(names)
    names.update(overrides or {})
    if len(set(names.values())) != len(names):
        raise ValueError(f"Segment names must be distinct, got {names}.")
    return pd.Series(names, name="segment_name").rename_axis("segment")


def _traits(profile, segment, threshold):
    """Traits of one segment, strongest first."""
    found = []
    for feature in profile_features(profile, "vs avg"):
        value = profile.at[segment, profile_column(feature, "vs avg")]
        if not np.isfinite(value):
            continue
        if profile_column(feature, "share") in profile.columns:  # a category level
            share = profile.at[segment, profile_column(feature, "share")]
            if value >= 0.5 and share > 0.5:
                found.append((value, f"mostly {feature.split('=', 1)[1]}"))
            continue
        if abs(value) >= threshold:
            found.append((abs(value), _word(feature, value > 0)))
    return [word for _, word in sorted(found, key=lambda item: -item[0])]


def _word(feature, high):
    low_word, high_word = KNOWN_WORDS.get(
        feature.lower(), (f"low {feature}", f"high {feature}")
    )
    return high_word if high else low_word


def _join(traits):
    return ", ".join(traits) if traits else "average"


def _number_repeats(names):
    seen = {}
    result = {}
    for segment, name in names.items():
        seen[name] = seen.get(name, 0) + 1
        result[segment] = name if seen[name] == 1 else f"{name} #{seen[name]}"
    return result
