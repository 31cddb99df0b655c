import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import make_transactions


def test_make_transactions_is_a_seeded_log():
    a = make_transactions(n_samples=300, random_state=0)
    b = make_transactions(n_samples=300, random_state=0)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    log = a.frame
    assert log["customer_id"].nunique() == 300
    assert set(a.behaviour.index) == set(log["customer_id"])
    assert (log["amount"] > 0).all() and (log["quantity"] >= 1).all()
    first = log.groupby("customer_id")["date"].min()
    assert first.max() < pd.Timestamp("2023-04-01")  # first purchases in Q1
    assert log["date"].max() <= pd.Timestamp("2024-06-30")
    assert log["date"].is_monotonic_increasing
    counts = log.groupby("customer_id").size()
    one_off = a.behaviour[a.behaviour == "one-off"].index
    regular = a.behaviour[a.behaviour == "regular"].index
    assert np.median(counts[one_off]) < np.median(counts[regular])


def test_invoice_lines_add_up_to_the_same_purchases():
    purchases = make_transactions(n_samples=200, random_state=1)
    lines = make_transactions(n_samples=200, invoice_lines=True, random_state=1)
    log = lines.data
    assert log.columns.tolist() == [
        "invoice", "customer_id", "date", "quantity", "price",
    ]  # fmt: skip
    pd.testing.assert_series_equal(purchases.target, lines.target)
    # One invoice per purchase, its lines summing to the purchase's amount
    # (unit prices in cents: within half a cent per item).
    per_invoice = log.groupby("invoice").agg(
        customer_id=("customer_id", "first"),
        total=("price", lambda p: (p * log.loc[p.index, "quantity"]).sum()),
        items=("quantity", "sum"),
    )
    assert len(per_invoice) == len(purchases.data)
    expected = purchases.data["amount"].to_numpy()
    order = per_invoice.index.astype(int).argsort()
    assert np.all(
        np.abs(per_invoice["total"].to_numpy()[order] - expected)
        <= 0.005 * per_invoice["items"].to_numpy()[order] + 1e-9
    )
    assert (log["quantity"] >= 1).all() and (log["price"] >= 0.01).all()
    assert log["date"].is_monotonic_increasing
    hours = log["date"].dt.hour
    assert hours.min() >= 8 and hours.max() <= 19
    assert 8 < log.groupby("invoice").size().mean() < 12


def test_cancellations_guests_and_text_dates():
    log = make_transactions(
        n_samples=300, invoice_lines=True, cancellations=0.1, missing_ids=0.2,
        date_format="%m/%d/%Y %H:%M", random_state=0,
    ).data  # fmt: skip
    cancelled = log["invoice"].str.startswith("C")
    assert (log.loc[cancelled, "quantity"] < 0).all()
    assert (log.loc[~cancelled, "quantity"] > 0).all()
    invoices = log.loc[~cancelled, "invoice"].nunique()
    share = log.loc[cancelled, "invoice"].nunique() / invoices
    assert 0.07 < share < 0.13
    # Each cancellation is of an invoice of the same buyer, on one later date.
    original = log[~cancelled].groupby("invoice")["customer_id"].first()
    undone = log[cancelled].groupby("invoice")["customer_id"].first()
    by_number = original.reindex(undone.index.str[1:])
    pd.testing.assert_series_equal(
        by_number.reset_index(drop=True), undone.reset_index(drop=True)
    )
    assert (log[cancelled].groupby("invoice")["date"].nunique() == 1).all()
    assert 0.17 < log["customer_id"].isna().mean() < 0.23
    assert log["date"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()


def test_invoice_options_need_invoice_lines():
    with pytest.raises(ValueError, match="need invoice_lines=True"):
        make_transactions(n_samples=10, cancellations=0.1)
