"""RFMFeatures on Dask DataFrames: the pandas path's values, from the workers.

On the threaded scheduler every option is compared with the pandas path and
the passes over the log are counted; on a 2-worker LocalCluster what the
client receives is measured, and a worker killed in the middle of a run
must not change the result.
"""

import os
import signal
import threading
import time

import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import make_transactions
from skmlkit.preprocessing import RFMFeatures, _rfm_dask

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import dask
    import dask.dataframe as dd
    import distributed
else:
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")

INVOICE_COLUMNS = {
    "customer_id": "customer_id",
    "date": "date",
    "price": "price",
    "quantity": "quantity",
    "invoice": "invoice",
}


@pytest.fixture(scope="module")
def invoice_log():
    """Invoice lines with US dates as text, guest lines and cancellations."""
    log = make_transactions(
        n_samples=150,
        invoice_lines=True,
        cancellations=0.05,
        missing_ids=0.1,
        date_format="%m/%d/%Y %H:%M",
        random_state=0,
    ).data
    # Ids beside gaps, as a CSV reader returns them: floats.
    return log.assign(customer_id=log["customer_id"].astype("float64"))


def _as_dask(log, npartitions=5):
    return dd.from_pandas(log, npartitions=npartitions, sort=False)


def _compare(dask_features, expected):
    got = dask_features.compute().sort_index()
    pd.testing.assert_frame_equal(got, expected, check_index_type=False, rtol=1e-12)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"frequency": "invoices"},
        {"frequency": "transactions", "returns": "drop"},
        {"cancel_prefix": "C", "monetary": "mean"},
        {"extras": ["transactions", "quantity", "average_value"]},
        {"reference_date": "2023-06-30", "frequency": "invoices"},
    ],
)
def test_dask_features_equal_pandas_features(threads, invoice_log, options):
    expected_rfm = RFMFeatures(**INVOICE_COLUMNS, **options)
    expected = expected_rfm.fit_transform(invoice_log)
    rfm = RFMFeatures(**INVOICE_COLUMNS, **options)
    features = rfm.fit_transform(_as_dask(invoice_log))
    assert isinstance(features, dd.DataFrame)
    _compare(features, expected)
    assert rfm.input_summary_ == expected_rfm.input_summary_
    assert rfm.reference_date_ == expected_rfm.reference_date_
    assert rfm.date_format_ == expected_rfm.date_format_ == "%m/%d/%Y %H:%M"
    assert list(rfm.feature_names_in_) == list(invoice_log.columns)
    assert expected.index.dtype == "Int64"  # whole float ids are integers
    # fit, then transform: the same values, lazily; pandas and Dask mixed.
    _compare(
        RFMFeatures(**INVOICE_COLUMNS, **options)
        .fit(_as_dask(invoice_log, 3))
        .transform(_as_dask(invoice_log, 4)),
        expected,
    )
    pd.testing.assert_frame_equal(rfm.transform(invoice_log), expected)
    _compare(expected_rfm.transform(_as_dask(invoice_log)), expected)


def test_amounts_text_ids_and_iso_dates(threads):
    log = make_transactions(n_samples=80, random_state=1).data
    log = log.assign(customer_id="c" + log["customer_id"].astype(str))
    log["date"] = log["date"].astype(str)
    expected = RFMFeatures().fit_transform(log)
    rfm = RFMFeatures()
    _compare(rfm.fit_transform(_as_dask(log, 4)), expected.rename_axis("customer_id"))
    assert rfm.date_format_ == "ISO8601"


def test_the_log_is_read_once_and_scanned_only_for_text(
    threads, invoice_log, monkeypatch
):
    calls = {"partial": 0, "scan": 0}
    partial, scan = _rfm_dask._partial_sums, _rfm_dask._scan_partition

    def counted_partial(*args):
        calls["partial"] += 1
        return partial(*args)

    def counted_scan(*args):
        calls["scan"] += 1
        return scan(*args)

    monkeypatch.setattr(_rfm_dask, "_partial_sums", counted_partial)
    monkeypatch.setattr(_rfm_dask, "_scan_partition", counted_scan)
    rfm = RFMFeatures(**INVOICE_COLUMNS)
    features = rfm.fit_transform(_as_dask(invoice_log, 6))
    assert calls == {"partial": 6, "scan": 6}  # dates as text: one scan
    features.compute()  # from the persisted customer table: no new read
    assert calls == {"partial": 6, "scan": 6}
    typed = invoice_log.assign(
        date=pd.to_datetime(invoice_log["date"], format="%m/%d/%Y %H:%M"),
        customer_id=invoice_log["customer_id"].astype("Int64"),
    )
    RFMFeatures(**INVOICE_COLUMNS).fit_transform(_as_dask(typed, 6))
    assert calls == {"partial": 12, "scan": 6}  # typed columns: no scan


@pytest.mark.parametrize(
    ("change", "options", "message"),
    [
        (
            lambda log: log.assign(date="01/02/2023 10:00"),
            {},
            r"day/month or month/day.*date_format=",
        ),
        (
            lambda log: log.assign(
                price=log["price"].astype(str).where(log.index != 7, "ask")
            ),
            {},
            r"Column 'price' must hold numbers.*'ask'",
        ),
        (lambda log: log.drop(columns="price"), {}, r"Columns \['price'\] not found"),
        (lambda log: log, {"returns": "error"}, r"has \d+ negative amounts"),
        (
            lambda log: log.assign(customer_id=np.nan),
            {},
            "no usable row",
        ),
    ],
)
def test_bad_logs_are_refused_clearly(threads, invoice_log, change, options, message):
    log = change(invoice_log.copy())
    with pytest.raises(ValueError, match=message):
        RFMFeatures(**INVOICE_COLUMNS, **options).fit(_as_dask(log))


def test_returns_error_counts_every_partition(threads, invoice_log):
    options = {**INVOICE_COLUMNS, "returns": "error"}
    with pytest.raises(ValueError) as in_memory:
        RFMFeatures(**options).fit(invoice_log)
    assert "Column 'quantity' has 3" in str(in_memory.value)  # over 300
    with pytest.raises(ValueError) as on_dask:
        RFMFeatures(**options).fit(_as_dask(invoice_log, 7))
    assert str(on_dask.value) == str(in_memory.value)


# -- on a cluster of two worker processes --------------------------------------


class ComputeRecorder:
    """Records the size of every result that a compute brings to the client."""

    def __init__(self, monkeypatch):
        self.sizes, self.frames = [], []
        for module in (dask, dask.base):
            original = module.compute
            monkeypatch.setattr(module, "compute", self._wrap(original))

    def _wrap(self, original):
        def compute(*args, **kwargs):
            results = original(*args, **kwargs)
            for value in results:
                if isinstance(value, (pd.DataFrame, pd.Series)):
                    self.frames.append(len(value))
                    self.sizes.append(int(value.memory_usage(deep=True).sum()))
                else:
                    self.sizes.append(np.asarray(value, dtype=object).size * 8)
            return results

        return compute


@pytest.mark.slow
def test_on_a_cluster_only_counts_reach_the_client(
    dask_client, invoice_log, monkeypatch
):
    log = _as_dask(invoice_log, 8)
    expected_rfm = RFMFeatures(**INVOICE_COLUMNS, frequency="invoices")
    expected = expected_rfm.fit_transform(invoice_log)
    recorder = ComputeRecorder(monkeypatch)
    rfm = RFMFeatures(**INVOICE_COLUMNS, frequency="invoices")
    features = rfm.fit_transform(log)
    # The scan (8 small dicts), the per-partition counts (8 rows) and three
    # numbers: far less than one partition of the log (~25 kB) or the
    # customer table (150 rows).
    assert max(recorder.frames) <= log.npartitions
    assert sum(recorder.sizes) < 4096
    assert all(isinstance(f, distributed.Future) for f in _futures(features))
    monkeypatch.undo()
    _compare(features, expected)
    assert rfm.input_summary_ == expected_rfm.input_summary_


def _futures(collection):
    """The persisted customer table's partitions held by the workers."""
    graph = dict(collection.__dask_graph__())
    return [v for v in graph.values() if isinstance(v, distributed.Future)]


@pytest.mark.slow
def test_a_worker_killed_mid_run_changes_nothing(dask_client, invoice_log):
    """A worker process killed during the pass: Dask recomputes what it lost."""
    expected_rfm = RFMFeatures(**INVOICE_COLUMNS, frequency="invoices")
    expected = expected_rfm.fit_transform(invoice_log)
    delay = 0.25

    def slow(part):  # pickled by value: the workers need not import the tests
        time.sleep(delay)
        return part

    parts = [
        dask.delayed(slow)(p) for p in np.array_split(np.arange(len(invoice_log)), 24)
    ]
    log = dd.from_delayed(
        [dask.delayed(lambda idx: invoice_log.iloc[idx])(p) for p in parts],
        meta=invoice_log.iloc[:0],
    )
    victim = sorted(dask_client.run(os.getpid).values())[0]
    killer = threading.Timer(1.5, os.kill, (victim, signal.SIGKILL))
    killer.start()
    start = time.perf_counter()
    rfm = RFMFeatures(**INVOICE_COLUMNS, frequency="invoices")
    features = rfm.fit_transform(log)
    got = features.compute()
    killer.join()
    assert time.perf_counter() - start > 1.5  # the kill came mid-run
    assert victim not in dask_client.run(os.getpid).values()  # restarted by its nanny
    pd.testing.assert_frame_equal(
        got.sort_index(), expected, check_index_type=False, rtol=1e-12
    )
    assert rfm.input_summary_ == expected_rfm.input_summary_
    dask_client.wait_for_workers(2)
