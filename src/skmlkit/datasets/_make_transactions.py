"""A synthetic transaction log with known customer behaviours (for RFM)."""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from ..utils._deprecation import size_renamed_to_n_samples
from ._invoice_lines import invoice_lines

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
        "invoice_lines": ["boolean"],
        "cancellations": [Interval(Real, 0, 1, closed="both")],
        "missing_ids": [Interval(Real, 0, 1, closed="left")],
        "date_format": [None, str],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_transactions(
    n_samples=2000,
    *,
    invoice_lines=False,
    cancellations=0.0,
    missing_ids=0.0,
    date_format=None,
    random_state=None,
):
    """Generate a transaction log of customers with known buying behaviours.

    Like the CDNOW log, every customer makes a first purchase in the first
    quarter of an 18-month period (from 2023-01-01) and then buys at a
    rate and for a time set by one of five behaviours: one-off, occasional,
    regular, big spenders and churned regulars. Amounts are log-normal.

    With ``invoice_lines=True`` the log is written as online shops export
    it: each purchase is an invoice of about 10 lines (quantity and unit
    price, the line totals summing to the purchase's amount, at a time of
    day), with cancellations, guest orders without a customer id and dates
    as text if asked: every option of :class:`~skmlkit.RFMFeatures` and
    ``skmlkit segment --rfm`` can be tried on it.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of customers (``n_customers`` is its deprecated name).
    invoice_lines : bool, default=False
        Write invoice lines (``invoice``, ``customer_id``, ``date``,
        ``quantity``, ``price``) instead of one row per purchase.
    cancellations : float, default=0.0
        With ``invoice_lines``: share of invoices cancelled later, in part or
        in full (lines repeated with negative quantities, invoice ``"C"`` +
        number, 1 to 14 days later).
    missing_ids : float, default=0.0
        With ``invoice_lines``: share of the lines that come from guest
        orders, without a customer id (added; the customers' lines are
        unchanged).
    date_format : str, default=None
        Write the dates as text in this ``strftime`` format (e.g.
        ``"%m/%d/%Y %H:%M"`` for US exports); None keeps datetimes.
    random_state : int, RandomState instance or None, default=None
        Seed. The purchases do not depend on the other options: the same
        seed gives the same customers in both layouts.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (also as ``frame``): one row per purchase with
        ``customer_id`` (int), ``date`` (datetime64), ``quantity`` (int) and
        ``amount`` (float), sorted by date (with ``invoice_lines``, the
        columns above and a time of day); ``target`` (also as
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
    >>> lines = make_transactions(n_samples=100, invoice_lines=True,
    ...                           cancellations=0.05, random_state=0).data
    >>> lines.columns.tolist()
    ['invoice', 'customer_id', 'date', 'quantity', 'price']
    """
    if not invoice_lines and (cancellations or missing_ids):
        raise ValueError("cancellations and missing_ids need invoice_lines=True.")
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
    if invoice_lines:
        last_day = START + pd.Timedelta(days=PERIOD_DAYS - 1)
        frame = _lines(frame, rng, cancellations, missing_ids, (START, last_day))
    if date_format is not None:
        frame["date"] = frame["date"].dt.strftime(date_format)
    return Bunch(
        data=frame,
        frame=frame,
        target=behaviour,
        behaviour=behaviour,
        DESCR="Synthetic transaction log: first purchases in the first quarter "
        "of 18 months from 2023-01-01, five buying behaviours.",
    )


def _lines(purchases, rng, cancellations, missing_ids, period):
    return invoice_lines(
        purchases,
        rng,
        cancellations=cancellations,
        missing_ids=missing_ids,
        period=period,
    )
