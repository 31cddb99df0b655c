"""``skmlkit datasets``: what the data home holds."""

from ..datasets import get_data_home
from ..datasets._home import DATA_HOME_ENV
from ..datasets._status import data_home_status


def add_parser(subparsers):
    """Register the ``datasets`` subcommand."""
    parser = subparsers.add_parser(
        "datasets",
        help="list the data home and the data sets it holds",
        description="List the data home and, for each known data file, its size "
        "and whether its checksum verifies.",
    )
    parser.add_argument(
        "--data-home",
        default=None,
        help=f"data home (default: ${DATA_HOME_ENV} or ~/skmlkit_data)",
    )
    parser.set_defaults(func=run)


def run(args):
    """Print the data home status table; exit 1 if a file is corrupt."""
    home = get_data_home(args.data_home)
    print(f"data home: {home}{'' if home.is_dir() else ' (does not exist yet)'}")
    rows = data_home_status(home)
    width = max(len(row["file"]) for row in rows)
    for row in rows:
        size = "-" if row["size"] is None else _human_size(row["size"])
        print(
            f"  {row['dataset']:<20} {row['file']:<{width}} {size:>9}  {row['status']}"
        )
    missing = [row["dataset"] for row in rows if row["status"] == "missing"]
    if missing:
        print(
            "Missing files are downloaded on first use (fetch_mnist, "
            "fetch_wholesale_customers); mall_customers.csv must be copied in."
        )
    return 1 if any(row["status"].startswith("BAD") for row in rows) else 0


def _human_size(n_bytes):
    for unit in ("B", "KB", "MB"):
        if n_bytes < 1024:
            return f"{n_bytes:.0f} {unit}" if unit == "B" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} GB"
