"""RFM segmentation of a transaction log on a Dask cluster, pass by pass.

The log's lines stay on the workers from reading to writing: the client
receives per-partition counts, per-segment sums, the K-Means statistics and
a bounded sample of customers; ``customers/`` is written by the workers,
one file per partition.
"""

import contextlib
import time
import warnings
from pathlib import Path

from sklearn.utils import Bunch

from ...utils._collections import quiet_dask_shuffles
from ._jobs import N_BOOTSTRAP, RFM_CLUSTERED, RFM_SKEWED, refuse_dropped
from ._notes import amount_notes, rfm_notes, warnings_as_notes
from ._report import summarize_segments, write_segmentation_report
from ._run import SegmentationRun

# Files Dask may write beside Parquet parts.
PARQUET_METADATA = ("_metadata", "_common_metadata")
# How long to try reaching a scheduler before giving up.
CONNECT_TIMEOUT = "30s"


def segment_transactions_dask(
    path,
    *,
    scheduler=None,
    workers=None,
    worker_memory=None,
    customer_id="customer_id",
    date="date",
    amount="amount",
    quantity=None,
    price=None,
    invoice=None,
    frequency="days",
    cancel_prefix=None,
    date_format=None,
    reference_date=None,
    returns="net",
    missing="impute",
    sep=None,
    k_range=range(2, 11),
    method="auto",
    n_clusters=None,
    n_bootstrap=N_BOOTSTRAP,
    customers_format="parquet",
    out_dir="segments",
    random_state=None,
    progress=True,
    log=print,
):
    """RFM segmentation of a log of Parquet or CSV files on a Dask cluster.

    Parameters
    ----------
    path : str or path-like
        A file, folder or glob of Parquet or CSV files (one format).
    scheduler : str, default=None
        Address of a running Dask scheduler (``tcp://host:8786``); its
        workers must see ``path`` and ``out_dir`` at the same paths.
    workers : int, default=None
        Without ``scheduler``: start a local cluster of this many worker
        processes (one thread each) for the run.
    worker_memory : str, default=None
        Memory limit of each local worker (``"2GB"``); None: Dask's default
        (the machine's memory shared out).
    customer_id, date, amount, quantity, price, invoice, frequency
        As for :class:`~skmlkit.RFMFeatures`.
    cancel_prefix, date_format, reference_date, returns
        As for :class:`~skmlkit.RFMFeatures`.
    missing : {"impute", "drop", "error"}, default="impute"
        ``"error"`` refuses lines without customer, date or amount; else
        they are dropped and counted.
    sep : str, default=None
        CSV separator; None finds it.
    k_range, method, n_clusters, n_bootstrap, out_dir, random_state, log
        As for :func:`segment_transactions`.
    customers_format : {"parquet", "csv"}, default="parquet"
        Format of the ``customers/`` parts (one file per partition).
    progress : bool, default=True
        Show Dask's progress bar during the pass over the log.

    Returns
    -------
    run : SegmentationRun
        ``customers`` is None (the table is in ``files["customers"]``);
        ``frame`` and ``labels`` are the bounded sample the plots use.
    """
    from ...cluster import cluster_stability, segment_customers
    from ...cluster._segment_dask import describe_segments, with_segments
    from ...datasets import read_dask_table
    from ...preprocessing import RFMFeatures
    from ...preprocessing._rfm_dask import fit_transform_dask
    from ...utils._optional import import_optional

    distributed = import_optional("distributed")
    start = time.perf_counter()
    notes = []
    text = [customer_id, *([invoice] if invoice else [])]
    numbers = [c for c in (quantity, price, None if price else amount) if c]
    used = list(dict.fromkeys([customer_id, date, *numbers, *text]))
    table = read_dask_table(
        path, columns=used, text_columns=text, number_columns=numbers, sep=sep
    )
    rfm = RFMFeatures(
        customer_id=customer_id,
        date=date,
        amount=amount,
        quantity=quantity,
        price=price,
        invoice=invoice,
        frequency=frequency,
        cancel_prefix=cancel_prefix,
        reference_date=reference_date,
        returns=returns,
        date_format=date_format,
    )
    out = Path(out_dir)
    with (
        quiet_dask_shuffles(),
        _client(distributed, scheduler, workers, worker_memory, log) as client,
    ):
        log(
            f"Reading {path}: {len(table.files)} {table.kind} file(s) in "
            f"{table.frame.npartitions} partitions"
        )
        with _cluster_errors(distributed):
            log(
                "Pass 1: lines to customers (read, clean, sum per customer and "
                "day, shuffle by customer); the customer table stays on the workers"
            )
            bar = _progress_bar(distributed) if progress else None
            features = fit_transform_dask(rfm, table.frame, progress=bar)
            refuse_dropped(rfm, missing)
            notes += rfm_notes(rfm, returns)
            # No lines reach the client, so of the amount notes only the one
            # that needs none (amount = quantity x price) can be said.
            notes += amount_notes(table.frame._meta, amount, quantity, price)
            n_customers = int(features.index.size.compute())
            log(
                f"RFM features of {n_customers:,} customers "
                f"from {rfm.input_summary_['rows']:,} lines as of "
                f"{rfm.reference_date_:%Y-%m-%d} ({_since(start)})"
            )
            log(
                "Pass 2: choosing K on a sample, Lloyd's iterations on all "
                "customers (one pass each)"
            )
            with warnings_as_notes(notes, log):
                segmentation = segment_customers(
                    features[RFM_CLUSTERED],
                    skewed=RFM_SKEWED,
                    k_range=k_range,
                    method=method,
                    n_clusters=n_clusters,
                    random_state=random_state,
                    names="rfm",
                )
            model = segmentation.model
            log(f"K = {model.n_clusters_} ({_since(start)})")
            log(f"Pass 3: profiles and writing {out / 'customers'}/")
            customers = with_segments(
                features, segmentation.pipeline, segmentation.names
            )
            columns = list(features.columns)
            profile, sample = describe_segments(customers, columns, seed=0)
            files = {"customers": _write_customers(customers, out, customers_format)}
        sample_features = sample[columns]
        notes.append(
            f"Computed on a Dask cluster of {len(client.scheduler_info()['workers'])} "
            f"workers. Sizes, shares and means are exact (all customers); medians, "
            f"names, plots and stability come from a random sample of "
            f"{len(sample):,} customers."
        )
        view = Bunch(
            **segmentation,
        )
        view.labels = sample["segment"].rename("segment")
        clustered = list(segmentation.pipeline["scale"].feature_names_in_)
        view.Xt = segmentation.pipeline[:-1].transform(sample_features[clustered])
        run = SegmentationRun(
            segmentation=view,
            frame=sample_features,
            profile=profile,
            customers=None,
            source=str(path),
            notes=notes,
            rfm=rfm,
        )
        with warnings.catch_warnings():  # Xt is the sample as an array
            warnings.filterwarnings("ignore", "X does not have valid feature names")
            run.stability = cluster_stability(
                model, view.Xt, n_bootstrap=n_bootstrap, random_state=random_state
            )
        run.seconds = time.perf_counter() - start
        run.files = {**files, **write_segmentation_report(run, out)}
        run.seconds = time.perf_counter() - start
        log(summarize_segments(run))
        log(
            f"Wrote customers/ ({customers.npartitions} {customers_format} parts) "
            f"and the report to {out}/ in {run.seconds:.1f} s; open "
            f"{run.files['report']}"
        )
        return run


def _since(start):
    return f"{time.perf_counter() - start:.0f} s so far"


@contextlib.contextmanager
def _client(distributed, scheduler, workers, worker_memory, log):
    """Connect to the given scheduler, or start a local cluster for the run."""
    from ...exceptions import ClusterError

    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"Could not reach the Dask scheduler at {scheduler}: {exc}"
            ) from exc
        with client:
            log(f"Dask scheduler {scheduler}: {_workers(client)}")
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            memory_limit=worker_memory or "auto",
            dashboard_address=":0",  # a free port: no clash with other clusters
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        log(f"Local Dask cluster: {_workers(client)}")
        yield client


def _workers(client):
    info = client.scheduler_info()["workers"].values()
    memory = sum(w.get("memory_limit", 0) or 0 for w in info)
    return (
        f"{len(info)} worker(s), {sum(w['nthreads'] for w in info)} thread(s), "
        f"{memory / 2**30:.1f} GiB memory limit in all"
    )


@contextlib.contextmanager
def _cluster_errors(distributed):
    """Turn a cluster that could not finish into one clear error."""
    from ...exceptions import ClusterError

    try:
        yield
    except distributed.KilledWorker as exc:
        raise ClusterError(
            f"A task killed its Dask worker several times ({exc}); Dask gave up. "
            "Give the workers more memory (--worker-memory) or more partitions."
        ) from exc
    except (distributed.comm.CommClosedError, TimeoutError) as exc:
        raise ClusterError(f"Lost the Dask cluster during the run: {exc}") from exc


def _progress_bar(distributed):
    def show(*collections):
        distributed.progress(*collections, interval="1s")
        print()

    return show


def _write_customers(customers, out, file_format):
    """Write one file per partition into ``out/customers/``; return the folder.

    The parts of an earlier run are removed first (in either format), so that
    the folder never mixes two runs' customers.
    """
    folder = out / "customers"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and (
            old.name in PARQUET_METADATA
            or (old.name.startswith("part") and old.suffix in (".parquet", ".csv"))
        ):
            old.unlink()
    if file_format == "csv":
        customers.to_csv(str(folder / "part-*.csv"))
    else:
        customers.to_parquet(str(folder), write_index=True)
    return folder
