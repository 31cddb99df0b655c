"""``skmlkit segment``: customer segmentation from a table or a transaction log."""

from ..cluster._choice import METHODS
from ..cluster._pipeline import SCALERS
from ._arguments import add_data_home, add_random_state

MISSING_HELP = (
    "missing values: impute (median of numbers, most frequent category; "
    "transactions without customer, date or amount are dropped), drop the "
    "rows, or stop with an error (default: %(default)s)"
)


def add_parser(subparsers):
    """Register the ``segment`` subcommand."""
    parser = subparsers.add_parser(
        "segment",
        help="segment customers: a table, or a transaction log with --rfm",
        description="Choose the number of segments, cluster, name the segments "
        "and write report.html, customers.csv, profiles and plots. A table has "
        "one row per customer; with --rfm the file is a transaction log "
        "(customer, date, amount per row) turned into recency, frequency and "
        "monetary value. Files are read as they come: CSV/TSV text (also "
        ".gz, .zip, .bz2, .xz), Excel .xlsx, Parquet, or a folder or glob of "
        "files of one format. Without a file: synthetic customers, or with "
        "--rfm the CDNOW log from the data home.",
    )
    parser.add_argument(
        "csv",
        nargs="?",
        metavar="FILE",
        help="table with a header row: a file, a folder or a quoted glob "
        "('logs/*.parquet')",
    )
    parser.add_argument(
        "--rfm",
        action="store_true",
        help="the file is a transaction log: segment its customers by RFM",
    )
    parser.add_argument(
        "--customer-id",
        "--index-col",
        dest="customer_id",
        help="customer identifier column (--rfm default: customer_id)",
    )
    rfm = parser.add_argument_group("transaction log (--rfm)")
    rfm.add_argument("--date", default="date", help="date column (default: date)")
    rfm.add_argument(
        "--amount", default="amount", help="amount column (default: amount)"
    )
    rfm.add_argument("--quantity", help="optional item-count column")
    rfm.add_argument(
        "--price",
        help="unit-price column: the amount is --quantity x --price (invoice "
        "lines); --amount is then not read",
    )
    rfm.add_argument(
        "--invoice",
        help="invoice (order) number column: frequency then counts invoices",
    )
    rfm.add_argument(
        "--frequency",
        choices=["days", "invoices", "transactions"],
        help="what frequency counts: purchase days, invoices or rows "
        "(default: invoices with --invoice, else days)",
    )
    rfm.add_argument(
        "--cancel-prefix",
        metavar="PREFIX",
        help="invoice numbers starting with PREFIX are cancellations (e.g. C); "
        "they follow --returns",
    )
    rfm.add_argument(
        "--date-format",
        help="strptime format of the dates, e.g. %%d/%%m/%%Y (default: ISO, "
        "YYYYMMDD, or day and month in the order the data show)",
    )
    rfm.add_argument(
        "--reference-date",
        help="'as of' day of recency (default: the day after the last purchase)",
    )
    rfm.add_argument(
        "--returns",
        choices=["net", "drop", "error"],
        default="net",
        help="negative amounts: net them against spend, drop them, or stop "
        "(default: %(default)s)",
    )
    table = parser.add_argument_group("customer table")
    table.add_argument(
        "--numeric",
        "--columns",
        dest="numeric",
        nargs="+",
        metavar="COLUMN",
        help="numeric columns to use (default: all numeric; --columns is the same)",
    )
    table.add_argument(
        "--categorical",
        nargs="+",
        metavar="COLUMN",
        help="categorical columns to use (one-hot, each weighing like one "
        "numeric column)",
    )
    table.add_argument(
        "--log",
        action="store_true",
        help="log-transform the numeric columns (skewed amounts)",
    )
    table.add_argument(
        "--scale",
        choices=[*SCALERS, "none"],
        default="standard",
        help="scaling (default: %(default)s)",
    )
    reading = parser.add_argument_group("reading the file")
    reading.add_argument(
        "--sheet", help="sheet of an Excel workbook (default: the first)"
    )
    reading.add_argument(
        "--encoding", help="text encoding, e.g. cp1252 (default: detected)"
    )
    reading.add_argument("--sep", help="field separator, e.g. ';' (default: detected)")
    reading.add_argument("--decimal", help="decimal mark, e.g. ',' (default: detected)")
    cluster = parser.add_argument_group(
        "on a Dask cluster (--rfm; a folder or glob of Parquet or CSV files)"
    )
    cluster.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786); its workers must see FILE and --out",
    )
    cluster.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run on a local Dask cluster of N worker processes",
    )
    cluster.add_argument(
        "--worker-memory",
        metavar="SIZE",
        help="memory limit of each local worker, e.g. 2GB (default: the "
        "machine's memory shared out)",
    )
    cluster.add_argument(
        "--customers-format",
        choices=["parquet", "csv"],
        default="parquet",
        help="format of the customers/ parts, one file per partition "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--missing",
        choices=["impute", "drop", "error"],
        default="impute",
        help=MISSING_HELP,
    )
    parser.add_argument("--k-min", type=int, default=2)
    parser.add_argument("--k-max", type=int, default=10)
    parser.add_argument("--method", default="auto", choices=list(METHODS))
    parser.add_argument(
        "--k",
        type=int,
        metavar="N",
        help="keep N segments whatever --method chooses (the report still "
        "compares every K)",
    )
    parser.add_argument(
        "--out",
        default="segments",
        metavar="DIR",
        help="output folder (default: %(default)s)",
    )
    add_data_home(parser)
    add_random_state(parser)
    parser.set_defaults(func=run)


def _rfm_options(args):
    return {
        "customer_id": args.customer_id or "customer_id",
        "date": args.date,
        "amount": args.amount,
        "quantity": args.quantity,
        "price": args.price,
        "invoice": args.invoice,
        "frequency": args.frequency or ("invoices" if args.invoice else "days"),
        "cancel_prefix": args.cancel_prefix,
        "date_format": args.date_format,
        "reference_date": args.reference_date,
        "returns": args.returns,
    }


def _run_on_dask(args, common):
    from .._workflows.segment._dask_job import segment_transactions_dask

    if args.dask is not None and args.workers is not None:
        raise ValueError("Give --dask ADDRESS or --workers N, not both.")
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers must be at least 1, got {args.workers}.")
    if not args.rfm or not args.csv:
        raise ValueError(
            "--dask and --workers segment a transaction log: give its files "
            "and --rfm (skmlkit segment 'logs/*.parquet' --rfm --workers 2)."
        )
    unsupported = [
        flag
        for flag, value in (
            ("--numeric", args.numeric),
            ("--categorical", args.categorical),
            ("--log", args.log),
            ("--sheet", args.sheet),
            ("--encoding", args.encoding),
            ("--decimal", args.decimal),
        )
        if value
    ]
    if unsupported:
        raise ValueError(
            f"{', '.join(unsupported)} do not apply on a Dask cluster (Parquet "
            "or UTF-8 CSV files with a '.' decimal mark)."
        )
    for name in ("encoding", "decimal", "sheet"):
        common.pop(name)
    segment_transactions_dask(
        args.csv,
        scheduler=args.dask,
        workers=args.workers,
        worker_memory=args.worker_memory,
        customers_format=args.customers_format,
        **_rfm_options(args),
        **common,
    )
    return 0


def run(args):
    """Segment, write the report folder and print a summary."""
    from .._workflows.segment import segment_table, segment_transactions

    if args.k_min > args.k_max:
        raise ValueError(f"--k-min {args.k_min} is larger than --k-max {args.k_max}.")
    if args.k_min < 1:
        raise ValueError(f"--k-min must be at least 1, got {args.k_min}.")
    if args.k is not None and args.k < 1:
        raise ValueError(f"--k must be at least 1, got {args.k}.")
    common = {
        "k_range": range(args.k_min, args.k_max + 1),
        "method": args.method,
        "n_clusters": args.k,
        "missing": args.missing,
        "encoding": args.encoding,
        "sep": args.sep,
        "decimal": args.decimal,
        "sheet": args.sheet,
        "out_dir": args.out,
        "random_state": args.random_state,
    }
    if args.dask is not None or args.workers is not None:
        return _run_on_dask(args, common)
    if args.rfm:
        table_only = [
            f"--{name}" for name in ("numeric", "categorical") if getattr(args, name)
        ]
        if args.log:
            table_only.append("--log")
        if table_only:
            raise ValueError(
                f"{', '.join(table_only)} apply to customer tables, not to "
                "--rfm transaction logs."
            )
        segment_transactions(
            args.csv, data_home=args.data_home, **_rfm_options(args), **common
        )
        return 0
    segment_table(
        args.csv,
        numeric=args.numeric,
        categorical=args.categorical,
        index_col=args.customer_id,
        log_transform=args.log,
        scale=args.scale,
        **common,
    )
    return 0
