"""``skmlkit datasets``: what the data home holds."""

from ..datasets import get_data_home
from ..datasets._status import data_home_status


def report_data_home(data_home=None, *, log=print):
    """Log the data home and the status of each known file.

    Returns
    -------
    status : int
        1 if a file is present but fails its checksum, else 0.
    """
    home = get_data_home(data_home)
    log(f"data home: {home}{'' if home.is_dir() else ' (does not exist yet)'}")
    rows = data_home_status(home)
    width = max(len(row["file"]) for row in rows)
    for row in rows:
        size = "-" if row["size"] is None else _human_size(row["size"])
        log(f"  {row['dataset']:<20} {row['file']:<{width}} {size:>9}  {row['status']}")
    missing = [row["dataset"] for row in rows if row["status"] == "missing"]
    if missing:
        log(
            "Missing MNIST files are downloaded on first use (fetch_mnist); "
            "the wholesale table is bundled with skmlkit; mall_customers.csv "
            "must be copied in."
        )
    return 1 if any(row["status"].startswith("BAD") for row in rows) else 0


def _human_size(n_bytes):
    for unit in ("B", "KB", "MB"):
        if n_bytes < 1024:
            return f"{n_bytes:.0f} {unit}" if unit == "B" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} GB"
