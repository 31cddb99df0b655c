"""Purchases written out as an online shop exports them: one row per invoice line."""

import numpy as np
import pandas as pd

# Lines per invoice: 1 + Poisson(LINES_MEAN - 1); items per line: 1 +
# Poisson(ITEMS_MEAN - 1). Online-shop exports have about 20 lines per invoice.
LINES_MEAN = 10
ITEMS_MEAN = 3
FIRST_INVOICE = 500_000


def invoice_lines(purchases, rng, *, cancellations, missing_ids, period):
    """Return invoice lines whose totals are the purchases' amounts.

    Parameters
    ----------
    purchases : pandas.DataFrame
        ``customer_id``, ``date`` (days) and ``amount``, one row per purchase.
    rng : numpy.random.RandomState
    cancellations : float
        Share of invoices later cancelled, in part or in full: their lines
        are repeated with negative quantities under invoice ``"C" + number``
        one to 14 days later (within ``period``).
    missing_ids : float
        Share of lines, added on top, from buyers without a customer id
        (guest orders).
    period : tuple of pandas.Timestamp
        First and last day of the log.

    Returns
    -------
    lines : pandas.DataFrame
        ``invoice`` (str), ``customer_id`` (Int64, missing for guests),
        ``date`` (datetime64 with a time of day between 8:00 and 19:59),
        ``quantity`` (int, negative on cancellations) and ``price`` (float,
        unit price), sorted by date.
    """
    lines = _lines_of(purchases, rng)
    n_guest = round(missing_ids * len(lines) / max(1.0 - missing_ids, 1e-9))
    if n_guest:
        lines = pd.concat([lines, _guest_lines(lines, n_guest, rng)], ignore_index=True)
    lines = lines.sort_values(["date", "invoice"], kind="stable", ignore_index=True)
    invoices = lines["invoice"].unique()
    cancelled = invoices[rng.random_sample(len(invoices)) < cancellations]
    if len(cancelled):
        lines = pd.concat(
            [lines, _cancellation_lines(lines, cancelled, rng, period)],
            ignore_index=True,
        )
    lines["invoice"] = (
        lines["invoice"]
        .map(str)
        .where(~lines.pop("cancelled"), "C" + lines["invoice"].map(str))
    )
    lines = lines.sort_values(["date", "invoice"], kind="stable", ignore_index=True)
    return lines[["invoice", "customer_id", "date", "quantity", "price"]]


def _lines_of(purchases, rng):
    n_lines = 1 + rng.poisson(LINES_MEAN - 1, size=len(purchases))
    purchase = np.repeat(np.arange(len(purchases)), n_lines)
    # Each purchase's amount shared among its lines (Dirichlet(1) weights).
    weights = rng.exponential(size=len(purchase))
    weights /= np.bincount(purchase, weights)[purchase]
    quantity = 1 + rng.poisson(ITEMS_MEAN - 1, size=len(purchase))
    amount = purchases["amount"].to_numpy()[purchase] * weights
    price = np.maximum(np.round(amount / quantity, 2), 0.01)
    seconds = rng.randint(8 * 3600, 20 * 3600, size=len(purchases))
    when = purchases["date"].to_numpy() + pd.to_timedelta(seconds, unit="s").to_numpy()
    return pd.DataFrame(
        {
            "invoice": FIRST_INVOICE + purchase,
            "customer_id": pd.array(
                purchases["customer_id"].to_numpy()[purchase], dtype="Int64"
            ),
            "date": when[purchase],
            "quantity": quantity,
            "price": price,
            "cancelled": False,
        }
    )


def _guest_lines(lines, n_guest, rng):
    """Lines of guest orders: dates and line contents drawn from the others."""
    n_invoices = max(1, n_guest // LINES_MEAN)
    start = int(lines["invoice"].max()) + 1
    source = rng.randint(len(lines), size=n_guest)
    invoice = start + rng.randint(n_invoices, size=n_guest)
    day = lines["date"].to_numpy()[rng.randint(len(lines), size=n_invoices)]
    return pd.DataFrame(
        {
            "invoice": invoice,
            "customer_id": pd.array([pd.NA] * n_guest, dtype="Int64"),
            "date": day[invoice - start],
            "quantity": lines["quantity"].to_numpy()[source],
            "price": lines["price"].to_numpy()[source],
            "cancelled": False,
        }
    )


def _cancellation_lines(lines, cancelled, rng, period):
    """Repeat some or all lines of each cancelled invoice, negated, days later."""
    share = pd.Series(rng.uniform(0.3, 1.0, size=len(cancelled)), index=cancelled)
    delay = pd.Series(rng.randint(1, 15, size=len(cancelled)), index=cancelled)
    chosen = lines[lines["invoice"].isin(cancelled)]
    keep = rng.random_sample(len(chosen)) < share[chosen["invoice"]].to_numpy()
    chosen = chosen[keep]
    first = chosen.groupby("invoice")["date"].transform("first")
    days = pd.to_timedelta(delay[chosen["invoice"]].to_numpy(), unit="D")
    last = period[1] + pd.Timedelta(hours=23, minutes=59)
    return chosen.assign(
        date=(first + days).clip(upper=last).to_numpy(),
        quantity=-chosen["quantity"].to_numpy(),
        cancelled=True,
    )
