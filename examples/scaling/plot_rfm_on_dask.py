"""
==========================================================
Segment a transaction log on a Dask cluster
==========================================================

A shop's transaction log is what outgrows one machine first. Read it as a
Dask DataFrame and :class:`~skmlkit.RFMFeatures` turns its lines into one
row per customer on the workers; :func:`~skmlkit.cluster.segment_customers`
then scales and clusters those customers there too. What comes back to this
process is counts, per-segment sums and a bounded sample, never the lines.

Here the log is small and the cluster is a
:class:`~distributed.LocalCluster` of 2 worker processes on this machine;
for a real cluster, connect to its scheduler
(``Client("tcp://scheduler-address:8786")``) and read the log from storage
the workers can see. The command line does all of this in one go::

    skmlkit segment 'invoice_lines/*.parquet' --rfm --customer-id customer_id \\
        --date date --price price --quantity quantity --invoice invoice \\
        --cancel-prefix C --workers 2

(Install with ``pip install "skmlkit[dask]"``.)
"""

# %%
# A log of invoice lines, written as Parquet parts
# ------------------------------------------------
# Unit prices and quantities, invoice numbers (``C...`` for cancellations),
# lines without a customer id. Workers are *spawned* and import this script
# again, so this part only writes the files once.
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from dask.distributed import Client, LocalCluster

from skmlkit.cluster import segment_customers
from skmlkit.datasets import make_transactions
from skmlkit.plotting import SegmentProfileDisplay
from skmlkit.preprocessing import RFMFeatures

COLUMNS = {
    "customer_id": "customer_id",
    "date": "date",
    "price": "price",
    "quantity": "quantity",
    "invoice": "invoice",
    "frequency": "invoices",
    "cancel_prefix": "C",
}

if __name__ == "__main__":
    lines = make_transactions(
        n_samples=2000,
        invoice_lines=True,
        cancellations=0.02,
        missing_ids=0.05,
        random_state=0,
    ).data
    folder = Path(tempfile.mkdtemp()) / "invoice_lines"
    folder.mkdir()
    for i, rows in enumerate(np.array_split(np.arange(len(lines)), 8)):
        lines.iloc[rows].to_parquet(folder / f"part-{i}.parquet")
    print(f"{len(lines):,} invoice lines in 8 Parquet files")

# %%
# Lines to customers, then segments, on the cluster
# -------------------------------------------------
# ``fit_transform`` reads the log once: each partition is cleaned and summed
# per customer, day and invoice, the sums are shuffled by customer and
# reduced to one row per customer, which stays on the workers. Only the
# counts of ``input_summary_`` come back.
if __name__ == "__main__":
    import dask.dataframe as dd

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        Client(cluster),
    ):
        log = dd.read_parquet(folder)
        rfm = RFMFeatures(**COLUMNS)
        features = rfm.fit_transform(log)  # a lazy Dask DataFrame
        print(rfm.input_summary_)
        result = segment_customers(
            features[["recency", "frequency", "monetary"]],
            skewed=["frequency", "monetary"],
            names="rfm",
            random_state=0,
        )
        print(f"K = {result.model.n_clusters_}")
        # Per customer, the segment and its name are lazy too: computing the
        # first partition shows a few (write them all with to_parquet).
        print(result.customers.head())
        on_cluster = features.compute().sort_index()

    # The same features as in memory, for every customer.
    in_memory = RFMFeatures(**COLUMNS).fit_transform(lines)
    pd.testing.assert_frame_equal(
        on_cluster, in_memory, check_index_type=False, rtol=1e-12
    )
    print(f"same features as pandas for all {len(in_memory):,} customers")

# %%
# The segments
# ------------
# Sizes, shares and means are exact (summed on the workers); the medians and
# the names come from a random sample of customers.
if __name__ == "__main__":
    profile = result.profile
    print(profile[["size", "share", "recency mean", "monetary mean"]].round(1))
    SegmentProfileDisplay(profile=profile, names=result.names).plot()
