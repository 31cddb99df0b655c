"""``skmlkit segment``: customer segmentation from a CSV file."""


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
        choices=["standard", "minmax", "none"],
        default="standard",
        help="scaling (default: %(default)s)",
    )
    parser.add_argument("--k-min", type=int, default=2)
    parser.add_argument("--k-max", type=int, default=10)
    parser.add_argument(
        "--method",
        default="auto",
        choices=[
            "auto",
            "elbow",
            "silhouette",
            "calinski_harabasz",
            "davies_bouldin",
            "gap",
        ],
    )
    parser.add_argument(
        "--out",
        default="segments",
        metavar="DIR",
        help="output folder (default: %(default)s)",
    )
    parser.add_argument("--random-state", type=int, default=0)
    parser.set_defaults(func=run)


def run(args):
    """Segment, write the report folder and print a summary."""
    from ..cluster._segment import (
        segment_customers,
        summarize_segments,
        write_segmentation_report,
    )
    from ..datasets import load_customers_csv, make_customers

    if args.csv:
        frame = load_customers_csv(
            args.csv, columns=args.columns, index_col=args.index_col
        )
        source = args.csv
    else:
        frame = make_customers(n_samples=1000, random_state=args.random_state).data
        if args.columns:
            missing = sorted(set(args.columns) - set(frame.columns))
            if missing:
                raise ValueError(
                    f"Columns {missing} not in the synthetic table; "
                    f"available: {list(frame.columns)}."
                )
            frame = frame[args.columns]
        source = "synthetic customers (make_customers, 1000 rows)"
    if args.k_min > args.k_max:
        raise ValueError(f"--k-min {args.k_min} is larger than --k-max {args.k_max}.")
    print(f"Segmenting {source}: {len(frame)} rows, columns {list(frame.columns)}")
    result = segment_customers(
        frame,
        log=args.log,
        scale=args.scale,
        k_range=(args.k_min, args.k_max),
        method=args.method,
        random_state=args.random_state,
    )
    files = write_segmentation_report(result, args.out)
    print(summarize_segments(result))
    print(f"Wrote {', '.join(p.name for p in files.values())} to {args.out}/")
    return 0
