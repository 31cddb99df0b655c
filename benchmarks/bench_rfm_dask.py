"""Benchmark RFM segmentation of a transaction log larger than the workers' memory.

1. Generate. An invoice-line log of --lines lines (default 100,000,000) for
   --customers customers (default 5,000,000) is written as Parquet, one file
   of --lines-per-file lines (default 1,000,000) per task, generated on the
   workers block by block (nothing passes through the client). Two years of
   invoices in time order (each file a stretch of days), about 5 lines per
   invoice, unit prices (log-normal, cents) and quantities (1 + geometric),
   1% of invoices cancelled (negative quantities), 1% guest invoices without
   a customer id. Customers differ: 10% frequent, 40% occasional, 50% lapsed
   (they stop buying after the first 40% of the period), with log-normal
   activity within each group. Seeded per file: the same log every run.
2. Segment. ``skmlkit segment FOLDER --rfm --customer-id customer_id --date
   date --price price --quantity quantity --invoice invoice --dask ADDRESS``
   (the command's own function) on a ``LocalCluster`` of 2 worker
   processes (1 thread each) limited to --worker-memory (default 2GB) each,
   below the log's in-memory size (--format csv: the same log as gzipped
   CSV files with US dates as text, read by the scan pass and parsed on the
   workers): wall time end to end (aim <= 20 min),
   peak resident memory of each worker (VmHWM of the process) and of this
   process (client and scheduler: aim <= 1 GB), worker restarts (aim 0).
3. Check the features. The first --slice-lines lines (default 1,000,000:
   the first file) read with pandas: ``RFMFeatures`` in memory vs on the
   cluster (counts and days exact, money within 1e-9 relative, the same
   ``input_summary_``).
4. Check K. A log of 1,000,000 lines from the same generator (customers in
   the same proportion: 50,000), segmented in memory (``segment_customers``
   on pandas) and on the cluster, random_state 0..4 (both choose K from a
   5,000-customer evaluation sample, drawn differently).

    python benchmarks/bench_rfm_dask.py                      # all of it
    python benchmarks/bench_rfm_dask.py --lines 10000000 --customers 500000
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from bench_autokmeans_dask import ClientMemory
from bench_mnist import append_results

SEED = 20261206
DAYS = 730
START = np.datetime64("2024-01-01T00:00:00", "s")
LINES_PER_INVOICE = 5
GROUPS = {"frequent": (0.10, 4.0), "occasional": (0.40, 1.0), "lapsed": (0.50, 1.0)}
LAPSED_UNTIL = 0.4  # share of the period after which lapsed customers stop
SEEDS = 5  # random_state 0..4 of the K comparison
US_DATES = "%m/%d/%Y %H:%M"
K_LINES = 1_000_000  # the log of the K comparison (customers in proportion)
COLUMNS = ["--customer-id", "customer_id", "--date", "date", "--price", "price"]
COLUMNS += ["--quantity", "quantity", "--invoice", "invoice"]


def customer_weights(n_customers):
    """Activity of each customer and whether it lapses (fixed by the seed)."""
    rng = np.random.default_rng(SEED)
    shares = np.array([share for share, _ in GROUPS.values()])
    group = rng.choice(len(GROUPS), size=n_customers, p=shares)
    level = np.array([rate for _, rate in GROUPS.values()])[group]
    weights = level * rng.lognormal(0.0, 0.5, size=n_customers)
    return weights, group == list(GROUPS).index("lapsed")


def write_block(index, n_blocks, lines, n_customers, folder, file_format):
    """Write the lines of one stretch of days as one Parquet or CSV file."""
    rng = np.random.default_rng([SEED, index])
    weights, lapsed = customer_weights(n_customers)
    if (index + 0.5) / n_blocks > LAPSED_UNTIL:
        weights = np.where(lapsed, 0.0, weights)
    sizes = 1 + rng.geometric(1 / LINES_PER_INVOICE, size=lines // 3)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), lines) + 1]
    sizes[-1] -= sizes.sum() - lines
    n_invoices = len(sizes)
    cumulative = np.cumsum(weights)
    customers = np.searchsorted(cumulative, rng.random(n_invoices) * cumulative[-1])
    customers = pd.array(customers + 1, dtype="Int64")
    customers[rng.random(n_invoices) < 0.01] = pd.NA
    first, last = index * DAYS / n_blocks, (index + 1) * DAYS / n_blocks
    seconds = np.sort(rng.uniform(first, last, n_invoices) * 86_400).astype("int64")
    cancelled = rng.random(n_invoices) < 0.01
    invoice_of_line = np.repeat(np.arange(n_invoices), sizes)
    quantity = 1 + rng.geometric(0.4, size=lines)
    quantity = np.where(cancelled[invoice_of_line], -quantity, quantity)
    frame = pd.DataFrame(
        {
            "invoice": index * 10_000_000 + invoice_of_line,
            "customer_id": customers[invoice_of_line],
            "date": START + seconds[invoice_of_line].astype("timedelta64[s]"),
            "quantity": quantity.astype("int32"),
            "price": np.round(rng.lognormal(1.0, 0.8, size=lines), 2),
        }
    )
    if file_format == "csv":
        # As shops export them: US dates as text, ids with gaps, gzip.
        frame["date"] = frame["date"].dt.strftime(US_DATES)
        frame.to_csv(Path(folder) / f"part-{index:05d}.csv.gz", index=False)
    else:
        frame.to_parquet(Path(folder) / f"part-{index:05d}.parquet", index=False)
    return lines


def generate(client, folder, lines, per_file, n_customers, file_format):
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    n_blocks = -(-lines // per_file)
    sizes = [min(per_file, lines - b * per_file) for b in range(n_blocks)]
    futures = [
        client.submit(
            write_block,
            b,
            n_blocks,
            n,
            n_customers,
            str(folder),
            file_format,
            pure=False,
        )
        for b, n in enumerate(sizes)
    ]
    return sum(client.gather(futures))


CSV_TYPES = {"customer_id": "float64", "price": "float64", "quantity": "float64"}


def _read(path):
    if str(path).endswith(".csv.gz"):
        return pd.read_csv(path, dtype=CSV_TYPES)
    return pd.read_parquet(path)


def peak_of(pid):
    """VmHWM (peak resident memory, MB) of a process on this machine."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def segment(client, folder, out):
    from skmlkit.cli import main

    workers = client.run(os.getpid)
    watcher = ClientMemory()
    watcher.start()
    start = time.perf_counter()
    address = client.scheduler.address
    options = ["--dask", address, "--out", str(out), "--random-state", "0"]
    status = main(["segment", str(folder), "--rfm", *COLUMNS, *options])
    seconds = time.perf_counter() - start
    watcher.running = False
    watcher.join()
    after = client.run(os.getpid)
    return {
        "status": status,
        "seconds": seconds,
        "worker_peak_mb": sorted(peak_of(pid) for pid in after.values()),
        "client_peak_mb": watcher.peak_mb,
        "worker_restarts": len(set(after.values()) - set(workers.values())),
    }


OPTIONS = {
    "customer_id": "customer_id",
    "date": "date",
    "price": "price",
    "quantity": "quantity",
    "invoice": "invoice",
    "frequency": "invoices",
}


def options_for(files):
    """RFMFeatures' options for the log; the date order stated for CSV files.

    (The first file of the big log spans a week of January: no day in it is
    above 12, so its order cannot be told from it, as RFMFeatures says.)
    """
    if str(files[0]).endswith(".csv.gz"):
        return {**OPTIONS, "date_format": US_DATES}
    return OPTIONS


def read_both(files):
    """The files read with pandas, and lazily with Dask."""
    import dask.dataframe as dd

    log = pd.concat([_read(f) for f in files], ignore_index=True)
    if files[0].endswith(".csv.gz"):
        lazy = dd.read_csv(files, compression="gzip", blocksize=None, dtype=CSV_TYPES)
    else:
        lazy = dd.read_parquet(files)
    return log, lazy


def check_slice(folder, slice_lines):
    """The first files of the big log: pandas vs Dask features."""
    from skmlkit.preprocessing import RFMFeatures

    files, total = [], 0
    for path in sorted(Path(folder).glob("part-*")):
        if total >= slice_lines:
            break
        files.append(str(path))
        total += len(_read(path))
    log, lazy = read_both(files)
    options = options_for(files)
    expected_rfm = RFMFeatures(**options)
    expected = expected_rfm.fit_transform(log)
    rfm = RFMFeatures(**options)
    got = rfm.fit_transform(lazy).compute().sort_index()
    assert got.index.equals(expected.index), "customers differ"
    counts = ["recency", "frequency", "tenure"]
    money = np.abs(got["monetary"] - expected["monetary"]) / np.maximum(
        np.abs(expected["monetary"]), 1e-300
    )
    return {
        "slice_lines": total,
        "slice_customers": len(expected),
        "counts_exact": bool((got[counts] == expected[counts]).all().all()),
        "money_max_relative_difference": float(money[expected["monetary"] > 0].max()),
        "money_zero_equal": bool(
            (got["monetary"][expected["monetary"] == 0] == 0).all()
        ),
        "summary_equal": rfm.input_summary_ == expected_rfm.input_summary_,
    }


def check_k(folder):
    """K of the in-memory segmentation vs the Dask one, random_state 0..4."""
    from skmlkit.cluster import segment_customers
    from skmlkit.preprocessing import RFMFeatures

    files = sorted(str(p) for p in Path(folder).glob("part-*"))
    log, lazy = read_both(files)
    options = options_for(files)
    expected = RFMFeatures(**options).fit_transform(log)
    features = RFMFeatures(**options).fit_transform(lazy)
    clustered, skewed = ["recency", "frequency", "monetary"], ["frequency", "monetary"]
    ks_memory, ks_dask, seconds_memory, seconds_dask = [], [], [], []
    for seed in range(SEEDS):
        start = time.perf_counter()
        in_memory = segment_customers(
            expected[clustered], skewed=skewed, names="rfm", random_state=seed
        )
        seconds_memory.append(time.perf_counter() - start)
        start = time.perf_counter()
        on_dask = segment_customers(
            features[clustered], skewed=skewed, names="rfm", random_state=seed
        )
        seconds_dask.append(time.perf_counter() - start)
        ks_memory.append(int(in_memory.model.n_clusters_))
        ks_dask.append(int(on_dask.model.n_clusters_))
    return {
        "k_log_lines": len(log),
        "k_log_customers": len(expected),
        "k_in_memory": ks_memory,
        "k_dask": ks_dask,
        "k_same": sum(a == b for a, b in zip(ks_memory, ks_dask, strict=True)),
        "segment_seconds_in_memory": float(np.median(seconds_memory)),
        "segment_seconds_dask": float(np.median(seconds_dask)),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000_000)
    parser.add_argument("--customers", type=int, default=5_000_000)
    parser.add_argument("--lines-per-file", type=int, default=1_000_000)
    parser.add_argument("--slice-lines", type=int, default=1_000_000)
    parser.add_argument("--worker-memory", default="2GB")
    parser.add_argument("--threads", type=int, default=2, help="worker processes")
    parser.add_argument("--folder", default="/tmp/skmlkit-bench-rfm/log")
    parser.add_argument("--out", default="/tmp/skmlkit-bench-rfm/segments")
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument(
        "--format",
        choices=["parquet", "csv"],
        default="parquet",
        help="Parquet (typed columns), or gzipped CSV with US dates as text",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress as it comes
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=args.threads,
            threads_per_worker=1,
            memory_limit=args.worker_memory,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        row = {"lines": args.lines, "customers": args.customers}
        if not args.skip_generate:
            start = time.perf_counter()
            generate(
                client,
                args.folder,
                args.lines,
                args.lines_per_file,
                args.customers,
                args.format,
            )
            row["generate_seconds"] = time.perf_counter() - start
            print(
                f"1. Generated {args.lines:,} lines in {row['generate_seconds']:.0f} s"
            )
        row["format"] = args.format
        row["file_mb"] = (
            sum(p.stat().st_size for p in Path(args.folder).glob("part-*")) / 2**20
        )
        row["in_memory_mb"] = args.lines * (8 + 8 + 8 + 4 + 8) / 2**20
        client.restart()  # a fresh start: the peaks below are the run's
        row.update(segment(client, args.folder, args.out))
        print(
            f"2. Segmented in {row['seconds']:.0f} s (status {row['status']}); "
            f"workers peak {[round(p) for p in row['worker_peak_mb']]} MB (limit "
            f"{args.worker_memory}), client peak {row['client_peak_mb']:.0f} MB, "
            f"restarts {row['worker_restarts']}; log {row['file_mb']:.0f} MB "
            f"{args.format}, {row['in_memory_mb']:.0f} MB in memory"
        )
        row.update(check_slice(args.folder, args.slice_lines))
        print(
            f"3. Slice of {row['slice_lines']:,} lines ({row['slice_customers']:,} "
            f"customers): counts exact {row['counts_exact']}, money max relative "
            f"difference {row['money_max_relative_difference']:.1e}, summary equal "
            f"{row['summary_equal']}"
        )
        small = str(Path(args.folder).parent / "log_1m")
        ratio = args.customers / args.lines
        generate(
            client, small, K_LINES, K_LINES // 10, int(K_LINES * ratio), args.format
        )
        row.update(check_k(small))
        print(
            f"4. A {row['k_log_lines']:,}-line log ({row['k_log_customers']:,} "
            f"customers): K in memory {row['k_in_memory']}, on Dask "
            f"{row['k_dask']} (random_state 0..{SEEDS - 1}: same K {row['k_same']} "
            f"of {SEEDS}); segmenting {row['segment_seconds_in_memory']:.1f} s in "
            f"memory, {row['segment_seconds_dask']:.1f} s on Dask"
        )
    append_results("rfm_dask.jsonl", [row], args, worker_memory=args.worker_memory)


if __name__ == "__main__":
    main()
