"""``skmlkit segment --rfm --dask ADDRESS | --workers N``: logs on a cluster."""

import os
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from skmlkit.cli import main
from skmlkit.datasets import make_transactions
from skmlkit.preprocessing import RFMFeatures

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import distributed
else:
    distributed = pytest.importorskip("distributed")

# Starts clusters of worker processes: outside the quick run.
pytestmark = pytest.mark.slow

COLUMNS = ["--customer-id", "customer_id", "--date", "date", "--price", "price"]
COLUMNS += ["--quantity", "quantity", "--invoice", "invoice", "--k-max", "5"]


@pytest.fixture(scope="module")
def log():
    return make_transactions(
        n_samples=400,
        invoice_lines=True,
        cancellations=0.03,
        missing_ids=0.05,
        random_state=3,
    ).data


@pytest.fixture(scope="module")
def parquet_folder(log, tmp_path_factory):
    folder = tmp_path_factory.mktemp("log") / "parquet"
    folder.mkdir()
    for i, part in enumerate(np.array_split(np.arange(len(log)), 5)):
        log.iloc[part].to_parquet(folder / f"part-{i}.parquet")
    return folder


def test_parquet_folder_on_a_scheduler(
    log, parquet_folder, dask_cluster, tmp_path, capsys
):
    out = tmp_path / "segments"
    address = dask_cluster.scheduler_address
    argv = ["segment", str(parquet_folder), "--rfm", *COLUMNS, "--dask", address]
    assert main([*argv, "--out", str(out), "--random-state", "0"]) == 0
    text = capsys.readouterr().out
    for line in ["Pass 1", "Pass 2", "Pass 3", "100% Completed", "RFM features of"]:
        assert line in text, line
    customers = pd.read_parquet(out / "customers")
    expected = RFMFeatures(
        customer_id="customer_id",
        date="date",
        price="price",
        quantity="quantity",
        invoice="invoice",
        frequency="invoices",
    ).fit_transform(log)
    assert len(customers) == len(expected)  # every customer, once
    got = customers.sort_index()[expected.columns]
    pd.testing.assert_frame_equal(got, expected, check_index_type=False, rtol=1e-12)
    assert customers.groupby("segment")["segment_name"].nunique().eq(1).all()
    page = (out / "report.html").read_text()
    assert f"{len(expected):,} customers in" in page
    assert "Sizes, shares and means are exact" in page
    assert not (out / "customers.csv").exists()
    profile = pd.read_csv(out / "profile.csv", index_col=0)
    np.testing.assert_array_equal(
        profile["size"], customers["segment"].value_counts().sort_index()
    )


def test_csv_files_on_local_workers_write_csv_parts(log, tmp_path, capsys):
    folder = tmp_path / "csv"
    folder.mkdir()
    for i, part in enumerate(np.array_split(np.arange(len(log)), 3)):
        log.iloc[part].to_csv(folder / f"log-{i}.csv.gz", index=False)
    out = tmp_path / "segments"
    argv = ["segment", str(folder / "*.csv.gz"), "--rfm", *COLUMNS]
    argv += ["--workers", "2", "--customers-format", "csv", "--out", str(out)]
    assert main(argv) == 0
    assert "Local Dask cluster: 2 worker(s)" in capsys.readouterr().out
    parts = sorted((out / "customers").glob("part-*.csv"))
    assert parts
    customers = pd.concat(pd.read_csv(p, dtype={"customer_id": str}) for p in parts)
    assert customers["customer_id"].is_unique
    assert len(customers) == log["customer_id"].nunique()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workers", "2", "--dask", "tcp://x:1"], "not both"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--workers", "2", "--sheet", "S"], "--sheet do not apply on a Dask"),
    ],
)
def test_bad_cluster_options(parquet_folder, tmp_path, capsys, extra, message):
    out = tmp_path / "never"
    argv = ["segment", str(parquet_folder), "--rfm", *COLUMNS, *extra]
    assert main([*argv, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_needs_rfm_and_files(tmp_path, capsys):
    assert main(["segment", "--workers", "2", "--out", str(tmp_path / "o")]) == 1
    assert "give its files and --rfm" in capsys.readouterr().err


def test_unreachable_scheduler_is_one_line(
    parquet_folder, tmp_path, capsys, monkeypatch
):
    from skmlkit._workflows.segment import _dask_job

    monkeypatch.setattr(_dask_job, "CONNECT_TIMEOUT", "2s")
    out = tmp_path / "never"
    argv = ["segment", str(parquet_folder), "--rfm", *COLUMNS]
    argv += ["--dask", "tcp://127.0.0.1:9", "--out", str(out)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Could not reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert not out.exists()


def test_a_worker_lost_for_good_stops_with_one_line():
    from skmlkit._workflows.segment._dask_job import _cluster_errors
    from skmlkit.exceptions import ClusterError

    with (
        pytest.raises(ClusterError, match="killed its Dask worker several times"),
        _cluster_errors(distributed),
    ):
        worker = SimpleNamespace(address="tcp://10.0.0.7:40000")
        raise distributed.KilledWorker("('partials', 3)", worker, 3)


# Dask's Parquet writer calls DataFrame.set_index(inplace=True), which pandas
# 3.1 deprecates; on a cluster it warns in the workers, here in this process.
@pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")
def test_customers_folder_never_mixes_two_runs(tmp_path):
    """A second run with fewer partitions, or the other format, replaces the parts."""
    import dask
    import dask.dataframe as dd

    from skmlkit._workflows.segment._dask_job import _write_customers

    frame = pd.DataFrame(
        {"segment": np.arange(40) % 3},
        index=pd.Index(np.arange(40), name="customer_id"),
    )
    with dask.config.set(scheduler="threads"):
        _write_customers(dd.from_pandas(frame, npartitions=4), tmp_path, "parquet")
        _write_customers(dd.from_pandas(frame, npartitions=2), tmp_path, "csv")
        assert sorted(p.suffix for p in (tmp_path / "customers").iterdir()) == [
            ".csv",
            ".csv",
        ]
        (tmp_path / "customers" / "notes.txt").write_text("mine")
        _write_customers(dd.from_pandas(frame, npartitions=3), tmp_path, "parquet")
    parts = sorted((tmp_path / "customers").glob("part*"))
    assert [p.suffix for p in parts] == [".parquet"] * 3
    assert (tmp_path / "customers" / "notes.txt").read_text() == "mine"
    back = pd.concat(pd.read_parquet(p) for p in parts).sort_index()
    pd.testing.assert_frame_equal(back, frame, check_index_type=False)
