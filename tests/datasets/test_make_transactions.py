import numpy as np
import pandas as pd

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
