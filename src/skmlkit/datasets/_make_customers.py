"""A synthetic customer table with known segments."""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

CUSTOMER_FEATURES = [
    "age",
    "annual_income",
    "spending_score",
    "visits_per_month",
    "recency_days",
    "online_share",
    "avg_basket",
]

# Segment archetypes: name, share of customers, then (mean, std) of each
# feature in CUSTOMER_FEATURES order. Shares are deliberately unequal.
ARCHETYPES = [
    (
        "budget families",
        0.24,
        [(38, 7), (45, 10), (45, 9), (6, 1.5), (10, 5), (0.2, 0.08), (70, 15)],
    ),
    (
        "young spenders",
        0.20,
        [(25, 4), (38, 9), (80, 7), (8, 2), (7, 4), (0.75, 0.1), (45, 12)],
    ),
    (
        "affluent professionals",
        0.16,
        [(42, 6), (110, 14), (75, 8), (4, 1.2), (14, 6), (0.5, 0.1), (180, 35)],
    ),
    (
        "careful high earners",
        0.13,
        [(47, 8), (105, 14), (20, 8), (1.5, 0.6), (60, 18), (0.3, 0.1), (90, 22)],
    ),
    (
        "loyal seniors",
        0.11,
        [(67, 6), (55, 11), (55, 9), (11, 2.5), (4, 2), (0.05, 0.04), (35, 9)],
    ),
    (
        "dormant occasionals",
        0.07,
        [(50, 11), (60, 14), (12, 6), (0.5, 0.3), (210, 55), (0.4, 0.15), (40, 15)],
    ),
    (
        "students",
        0.05,
        [(21, 2), (14, 4), (62, 10), (5, 1.5), (15, 7), (0.88, 0.06), (18, 5)],
    ),
    (
        "VIP",
        0.04,
        [(53, 7), (165, 22), (92, 4), (13, 3), (3, 2), (0.45, 0.12), (320, 55)],
    ),
]
BOUNDS = [(18, 90), (5, None), (1, 100), (0, None), (0, None), (0, 1), (1, None)]
INTEGER_FEATURES = {"age", "spending_score", "recency_days"}


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_segments": [Interval(Integral, 1, len(ARCHETYPES), closed="both")],
        "random_state": ["random_state"],
        "return_X_y": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def make_customers(
    n_samples=1000, *, n_segments=5, random_state=None, return_X_y=False
):
    """Generate a realistic customer table with known segment labels.

    Each customer belongs to one of ``n_segments`` archetypes (budget
    families, young spenders, affluent professionals, careful high earners,
    loyal seniors, dormant occasionals, students, VIP, taken in that order)
    of unequal sizes, and gets an age, an annual income (k$), a spending
    score (1-100), visits per month, days since the last purchase, the share
    of online purchases and the average basket, drawn around the archetype's
    profile and clipped to plausible ranges. It is the embedded default data
    for customer segmentation.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of customers.
    n_segments : int, default=5
        Number of segments, from 1 to 8.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        data : DataFrame of shape (n_samples, 7)
            The customer features, indexed by ``customer_id``.
        target : ndarray of shape (n_samples,)
            Segment index of each customer, ``0`` to ``n_segments - 1``.
        target_names : ndarray of shape (n_segments,)
            Segment names.
        frame : DataFrame of shape (n_samples, 8)
            Features and a ``segment`` column holding the segment name.
        feature_names : list of str
            Names of the feature columns.
        DESCR : str
            Description of the generator.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> X, y = make_customers(n_samples=300, n_segments=4, random_state=0,
    ...                       return_X_y=True)
    >>> X.shape, sorted(set(y.tolist()))
    ((300, 7), [0, 1, 2, 3])
    >>> list(X.columns[:3])
    ['age', 'annual_income', 'spending_score']
    """
    if n_samples < n_segments:
        raise ValueError(
            f"n_samples={n_samples} must be at least n_segments={n_segments}."
        )
    rng = check_random_state(random_state)
    archetypes = ARCHETYPES[:n_segments]
    shares = np.array([share for _, share, _ in archetypes])
    # Every segment gets at least one customer; the rest follow the shares.
    counts = 1 + rng.multinomial(n_samples - n_segments, shares / shares.sum())
    target = np.repeat(np.arange(n_segments), counts)
    rng.shuffle(target)
    means = np.array([[m for m, _ in profile] for _, _, profile in archetypes])
    stds = np.array([[s for _, s in profile] for _, _, profile in archetypes])
    values = rng.normal(means[target], stds[target])
    data = pd.DataFrame(values, columns=CUSTOMER_FEATURES)
    for name, (low, high) in zip(CUSTOMER_FEATURES, BOUNDS, strict=True):
        data[name] = data[name].clip(low, high)
    for name in INTEGER_FEATURES:
        data[name] = data[name].round().astype(np.int64)
    data[["visits_per_month", "annual_income", "avg_basket"]] = data[
        ["visits_per_month", "annual_income", "avg_basket"]
    ].round(1)
    data["online_share"] = data["online_share"].round(3)
    data.index = pd.RangeIndex(1, n_samples + 1, name="customer_id")
    names = np.array([name for name, _, _ in archetypes])
    if return_X_y:
        return data, target
    frame = data.assign(segment=names[target])
    return Bunch(
        data=data,
        target=target,
        target_names=names,
        frame=frame,
        feature_names=list(CUSTOMER_FEATURES),
        DESCR=f"Synthetic customers: {n_samples} rows, {n_segments} segments "
        f"({', '.join(names)}).",
    )
