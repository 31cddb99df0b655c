"""``skmlkit segment``: customer segmentation from a CSV file."""

from ..cluster._auto_kmeans import METHODS
from ..cluster._segment import SCALERS
from ._arguments import add_random_state


def add_parser(subparsers):
    """Register the ``segment`` subcommand."""
    parser = subparsers.add_parser(
        "segment",
        help="segment customers in a CSV file with AutoKMeans",
        description="Choose the number of segments, cluster, and write labels, "
        "a segment profile table and plots. Without CSV, segments a synthetic "
        "customer table (make_customers).",
    )
    parser.add_argument("csv", nargs="?", help="customer table with a header row")
    parser.add_argument(
        "--columns",
        nargs="+",
        metavar="COLUMN",
        help="numeric columns to use (default: all numeric)",
    )
    parser.add_argument("--index-col", help="identifier column (e.g. CustomerID)")
    parser.add_argument(
        "--log",
        action="store_true",
        help="log1p-transform the columns (skewed amounts)",
    )
    parser.add_argument(
        "--scale",
        choices=[*SCALERS, "none"],
        default="standard",
        help="scaling (default: %(default)s)",
    )
    parser.add_argument("--k-min", type=int, default=2)
    parser.add_argument("--k-max", type=int, default=10)
    parser.add_argument("--method", default="auto", choices=list(METHODS))
    parser.add_argument(
        "--out",
        default="segments",
        metavar="DIR",
        help="output folder (default: %(default)s)",
    )
    add_random_state(parser)
    parser.set_defaults(func=run)


def run(args):
    """Segment, write the report folder and print a summary."""
    from .._workflows.segment import segment_table

    if args.k_min > args.k_max:
        raise ValueError(f"--k-min {args.k_min} is larger than --k-max {args.k_max}.")
    segment_table(
        args.csv,
        columns=args.columns,
        index_col=args.index_col,
        log_transform=args.log,
        scale=args.scale,
        k_range=range(args.k_min, args.k_max + 1),
        method=args.method,
        out_dir=args.out,
        random_state=args.random_state,
    )
    return 0
