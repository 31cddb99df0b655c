"""Reference computations written out by hand, for tests to compare against."""

import numpy as np


def scale_by_hand(values, scale):
    """Columns standardised, min-max scaled, or left as they are ("none")."""
    values = np.asarray(values, dtype=float)
    if scale == "standard":
        return (values - values.mean(axis=0)) / values.std(axis=0)
    if scale == "minmax":
        low, high = values.min(axis=0), values.max(axis=0)
        return (values - low) / (high - low)
    if scale == "none":
        return values
    raise ValueError(f"unknown scale {scale!r}")


def invoice_rfm_by_hand(lines, reference, cancel_prefix="C"):
    """Recency, invoices and net spend per customer from invoice lines, in pandas.

    ``lines``: ``invoice``, ``customer_id``, ``date`` (datetimes),
    ``quantity``, ``price``. Lines without an id are left out; a line is a
    return when its amount is negative or its invoice starts with
    ``cancel_prefix``; the net spend is clipped at 0.
    """
    import pandas as pd

    lines = lines.dropna(subset=["customer_id"])
    amount = lines["quantity"] * lines["price"]
    cancelled = lines["invoice"].astype(str).str.startswith(cancel_prefix)
    amount = amount.where(~cancelled, -amount.abs())
    bought = lines[amount >= 0]
    day = bought["date"].dt.normalize()
    return pd.DataFrame(
        {
            "recency": (reference - day.groupby(bought["customer_id"]).max()).dt.days,
            "frequency": bought.groupby("customer_id")["invoice"].nunique(),
            "monetary": amount.groupby(lines["customer_id"]).sum().clip(lower=0),
        }
    ).dropna(subset=["recency"])
