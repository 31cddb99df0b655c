"""Benchmark ``skmlkit segment --rfm`` on invoice-line logs as files come.

A held-out invoice log of about 500,000 lines (``make_transactions`` with
``invoice_lines=True``: quantities and unit prices, invoice numbers, 2% of
invoices cancelled under ``C`` numbers, a quarter of the lines from guests
without a customer id, US dates with times such as ``12/31/2023 18:05``)
is written in each supported format: CSV, gzip-compressed CSV, zipped CSV,
a European CSV export (cp1252, ``;``, decimal commas, day-first dates),
an Excel workbook, Parquet, a folder of 8 Parquet parts and a glob of 8
gzip-compressed CSV parts. For each, in a fresh process::

    skmlkit segment FILE --rfm --customer-id customer_id --date date \\
        --price price --quantity quantity --invoice invoice --cancel-prefix C

end to end (reading, RFM, K sweep 2..10, bootstrap stability, plots,
report.html, customers.csv), ``--repeats`` times: median wall time and the
process's peak resident memory (``wait4``). Beside it, in this process,
"plain pandas" on the same file: pandas' own reader and a groupby RFM (no
clustering), the floor any tool pays to read the format.

Every run's customers.csv is checked against a pandas computation from the
generated lines (recency and invoice counts exact, spend within 1e-9
relative), for every customer. Targets: <= 30 s and <= 1 GB per format.
Excel is also timed with openpyxl (python-calamine hidden), the fallback.

    python benchmarks/bench_transaction_files.py [--repeats 3] [--lines 500000]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from skmlkit.datasets import make_transactions

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import append_results

HELD_OUT_SEED = 20261206
US_DATES = "%m/%d/%Y %H:%M"
# make_transactions: about 75 lines per customer (10 per invoice, with the
# cancellations), then a quarter of all lines from guests.
LINES_PER_CUSTOMER = 75
MISSING_IDS = 0.25
OPTIONS = [
    "--rfm", "--customer-id", "customer_id", "--date", "date", "--price",
    "price", "--quantity", "quantity", "--invoice", "invoice",
    "--cancel-prefix", "C", "--random-state", "0",
]  # fmt: skip
HIDE_CALAMINE = (
    "import sys; sys.modules['python_calamine'] = None; "
    "from skmlkit.cli import main; sys.exit(main(sys.argv[1:]))"
)


def make_log(n_lines):
    data = make_transactions(
        n_samples=max(10, round(n_lines * (1 - MISSING_IDS) / LINES_PER_CUSTOMER)),
        invoice_lines=True,
        cancellations=0.02,
        missing_ids=MISSING_IDS,
        random_state=HELD_OUT_SEED,
    )
    return data.data


def expected_features(lines):
    """RFM of invoice lines in plain pandas, for the check."""
    lines = lines.dropna(subset=["customer_id"])
    amount = lines["quantity"] * lines["price"]
    cancelled = lines["invoice"].str.startswith("C")
    amount = amount.where(~cancelled, -amount.abs())
    reference = lines["date"].max().normalize() + pd.Timedelta(days=1)
    bought = lines[amount >= 0]
    last = bought["date"].dt.normalize().groupby(bought["customer_id"]).max()
    return pd.DataFrame(
        {
            "recency": (reference - last).dt.days,
            "frequency": bought.groupby("customer_id")["invoice"].nunique(),
            "monetary": amount.groupby(lines["customer_id"]).sum().clip(lower=0),
        }
    ).dropna(subset=["recency"])


def write_formats(lines, folder):
    """Write the log in every format; return {name: (path, extra options)}."""
    text = lines.assign(date=lines["date"].dt.strftime(US_DATES))
    files = {}
    files["csv"] = (_to_csv(text, folder / "lines.csv"), [])
    files["csv.gz"] = (_to_csv(text, folder / "lines.csv.gz"), [])
    files["csv.zip"] = (_to_csv(text, folder / "lines.csv.zip"), [])
    european = lines.assign(date=lines["date"].dt.strftime("%d/%m/%Y %H:%M"))
    path = folder / "lines_eu.csv"
    european.to_csv(path, index=False, sep=";", decimal=",", encoding="cp1252")
    files["csv (cp1252, ;, decimal comma, day-first)"] = (path, [])
    engine = "xlsxwriter" if _has("xlsxwriter") else "openpyxl"
    path = folder / "lines.xlsx"
    lines.to_excel(path, index=False, sheet_name="Online Retail", engine=engine)
    files["xlsx"] = (path, [])
    path = folder / "lines.parquet"
    lines.to_parquet(path)
    files["parquet"] = (path, [])
    parts = np.array_split(np.arange(len(lines)), 8)
    (folder / "parquet_parts").mkdir()
    (folder / "csv_parts").mkdir()
    for i, rows in enumerate(parts):
        lines.iloc[rows].to_parquet(folder / "parquet_parts" / f"part-{i}.parquet")
        _to_csv(text.iloc[rows], folder / "csv_parts" / f"part-{i}.csv.gz")
    files["folder of 8 parquet"] = (folder / "parquet_parts", [])
    files["glob of 8 csv.gz"] = (str(folder / "csv_parts" / "*.csv.gz"), [])
    return files


def _to_csv(frame, path):
    frame.to_csv(path, index=False)
    return path


def _has(module):
    import importlib.util

    return importlib.util.find_spec(module) is not None


def run_cli(path, out, hide_calamine=False):
    """Run the command in a fresh process; return (seconds, peak RSS in MB).

    The peak is the child's own ``VmHWM``, polled every 50 ms (``wait4``'s
    ``ru_maxrss`` would report this process's size, which a child keeps as
    its high-water mark from ``fork`` across ``exec``).
    """
    start = time.perf_counter()
    head = ["-c", HIDE_CALAMINE] if hide_calamine else ["-m", "skmlkit"]
    argv = [sys.executable, *head, "segment", str(path), *OPTIONS, "--out", str(out)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    status = Path(f"/proc/{process.pid}/status")
    peak = 0
    while process.poll() is None:
        try:
            text = status.read_text()
        except OSError:
            break
        peak = max([peak, *(int(line.split()[1]) for line in text.splitlines()
                            if line.startswith("VmHWM:"))])  # fmt: skip
        time.sleep(0.05)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{argv} failed: {err.decode()}")
    return seconds, peak / 1024


def plain_pandas(name, path):
    """pandas' own reader and a groupby RFM: the floor for each format."""
    start = time.perf_counter()
    if name.startswith("xlsx"):
        calamine = "openpyxl" not in name and _has("python_calamine")
        lines = pd.read_excel(path, engine="calamine" if calamine else "openpyxl")
    elif "parquet" in name:
        lines = pd.read_parquet(path)
    elif name.startswith("glob"):
        import glob

        lines = pd.concat(map(pd.read_csv, sorted(glob.glob(str(path)))))
    elif "cp1252" in name:
        lines = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    else:
        lines = pd.read_csv(path)
    if not pd.api.types.is_datetime64_any_dtype(lines["date"]):
        fmt = "%d/%m/%Y %H:%M" if "day-first" in name else US_DATES
        lines["date"] = pd.to_datetime(lines["date"], format=fmt)
    lines["invoice"] = lines["invoice"].astype(str)
    expected_features(lines)
    return time.perf_counter() - start


def check(out, expected):
    """Compare customers.csv with the pandas computation, every customer."""
    got = pd.read_csv(out / "customers.csv", index_col=0).sort_index()
    if list(got.index) != list(expected.index.astype(int)):
        return "customers differ"
    for column in ("recency", "frequency"):
        if not np.array_equal(got[column], expected[column]):
            return f"{column} differs"
    if not np.allclose(got["monetary"], expected["monetary"], rtol=1e-9, atol=0):
        return "monetary differs"
    return "equal"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    lines = make_log(args.lines)
    expected = expected_features(lines)
    print(
        f"{len(lines):,} invoice lines, {lines['customer_id'].nunique():,} "
        f"customers, {lines['customer_id'].isna().sum():,} lines without an id, "
        f"{lines['invoice'].str.startswith('C').sum():,} cancellation lines"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_formats(lines, folder)
        files["xlsx (openpyxl)"] = files["xlsx"]
        for name, (path, _) in files.items():
            size = _size(path)
            ours, peaks, floor = [], [], []
            for r in range(args.repeats):
                out = folder / f"out_{len(rows)}_{r}"
                seconds, peak = run_cli(path, out, hide_calamine="openpyxl" in name)
                ours.append(seconds)
                peaks.append(peak)
                floor.append(plain_pandas(name, path))
            row = {
                "format": name,
                "lines": len(lines),
                "file_mb": size,
                "skmlkit_s": statistics.median(ours),
                "peak_mb": max(peaks),
                "pandas_read_rfm_s": statistics.median(floor),
                "values": check(out, expected),
                "repeats": args.repeats,
            }
            rows.append(row)
            print(
                f"| {name} | {size:.1f} | {row['skmlkit_s']:.1f} | "
                f"{row['peak_mb']:.0f} | {row['pandas_read_rfm_s']:.1f} | "
                f"{row['values']} |",
                flush=True,
            )
    append_results("transaction_files.jsonl", rows, args)
    return 0


def _size(path):
    text = str(path)
    if "*" in text:
        import glob

        return sum(os.path.getsize(p) for p in glob.glob(text)) / 1e6
    if Path(text).is_dir():
        return sum(p.stat().st_size for p in Path(text).iterdir()) / 1e6
    return os.path.getsize(text) / 1e6


if __name__ == "__main__":
    sys.exit(main())
