"""A synthetic transaction log with known customer behaviours (for RFM)."""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from ..utils._deprecation import size_renamed_to_n_samples

# Behaviours: name, share of customers, purchases per 30 days while active,
# mean days active after the first purchase (exponential), median spend per
# purchase (log-normal, sigma 0.5).
BEHAVIOURS = [
    ("one-off", 0.40, 0.05, 20, 25.0),
    ("occasional", 0.25, 0.5, 200, 35.0),
    ("regular", 0.20, 2.0, 400, 40.0),
    ("big spenders", 0.10, 1.5, 400, 150.0),
    ("churned regulars", 0.05, 3.0, 90, 45.0),
]
START = pd.Timestamp("2023-01-01")
PERIOD_DAYS = 546  # 18 months, like the CDNOW log
FIRST_PURCHASE_DAYS = 90  # every customer first buys in the first quarter


@size_renamed_to_n_samples("n_customers")
@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_transactions(n_samples=2000, *, random_state=None):
    """Generate a transaction log of customers with known buying behaviours.

    Like the CDNOW log, every customer makes a first purchase in the first
    quarter of an 18-month period (from 2023-01-01) and then buys at a
    rate and for a time set by one of five behaviours: one-off, occasional,
    regular, big spenders and churned regulars. Amounts are log-normal.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of customers (``n_customers`` is its deprecated name).
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (also as ``frame``): one row per purchase with
        ``customer_id`` (int), ``date`` (datetime64), ``quantity`` (int) and
        ``amount`` (float), sorted by date; ``target`` (also as
        ``behaviour``): Series of each customer's behaviour name, indexed by
        customer id (one row per customer, not per purchase); ``DESCR``.

    Examples
    --------
    >>> from skmlkit.datasets import make_transactions
    >>> log = make_transactions(n_samples=100, random_state=0)
    >>> log.data.columns.tolist()
    ['customer_id', 'date', 'quantity', 'amount']
    >>> int(log.data["customer_id"].nunique())
    100
    """
    rng = check_random_state(random_state)
    shares = np.array([b[1] for b in BEHAVIOURS])
    kinds = rng.choice(len(BEHAVIOURS), size=n_samples, p=shares / shares.sum())
    rows = []
    for customer, kind in enumerate(kinds, start=1):
        _, _, rate, active, spend = BEHAVIOURS[kind]
        first = int(rng.randint(FIRST_PURCHASE_DAYS))
        last = min(PERIOD_DAYS - 1, first + int(rng.exponential(active)))
        n_repeat = rng.poisson(rate * (last - first) / 30)
        days = np.concatenate([[first], rng.randint(first, last + 1, size=n_repeat)])
        amounts = np.round(spend * np.exp(rng.normal(0, 0.5, size=len(days))), 2)
        quantity = 1 + rng.poisson(amounts / 30)
        rows.append((np.full(len(days), customer), np.sort(days), quantity, amounts))
    ids, days, quantity, amounts = (
        np.concatenate(part) for part in zip(*rows, strict=True)
    )
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "date": START + pd.to_timedelta(days, unit="D"),
            "quantity": quantity,
            "amount": amounts,
        }
    )
    frame = frame.sort_values(["date", "customer_id"], kind="stable")
    behaviour = pd.Series(
        [BEHAVIOURS[k][0] for k in kinds],
        index=pd.RangeIndex(1, n_samples + 1, name="customer_id"),
        name="behaviour",
    )
    frame = frame.reset_index(drop=True)
    return Bunch(
        data=frame,
        frame=frame,
        target=behaviour,
        behaviour=behaviour,
        DESCR="Synthetic transaction log: first purchases in the first quarter "
        "of 18 months from 2023-01-01, five buying behaviours.",
    )
