"""Which data sets the data home holds, and whether they verify."""

from ._cdnow import CDNOW_ALTERNATIVES, CDNOW_FILENAME, verify_cdnow
from ._customers import verify_mall, verify_wholesale
from ._fetch import locate
from ._mnist import MNIST_FILES, mnist_verifier

# (data set, folder, accepted file names, verifier)
KNOWN_FILES = [
    *(
        ("mnist", "mnist", (f"{stem}.gz", stem), mnist_verifier(stem))
        for stem in MNIST_FILES
    ),
    ("mall customers", "customers", ("mall_customers.csv",), verify_mall),
    (
        "wholesale customers",
        "customers",
        ("wholesale_customers.csv",),
        verify_wholesale,
    ),
    (
        "cdnow transactions",
        "customers",
        (CDNOW_FILENAME, *CDNOW_ALTERNATIVES),
        verify_cdnow,
    ),
]


def data_home_status(data_home=None):
    """List the known data files of the data home with their state.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.

    Returns
    -------
    rows : list of dict
        One dict per known file with keys ``dataset``, ``file``, ``path``
        (None when missing), ``size`` (bytes, or None) and ``status``:
        ``"OK"``, ``"missing"`` or ``"BAD: <reason>"``.
    """
    rows = []
    for dataset, folder, names, verify in KNOWN_FILES:
        path = locate(data_home, folder, names)
        row = {
            "dataset": dataset,
            "file": f"{folder}/{names[0]}",
            "path": path,
            "size": None,
            "status": "missing",
        }
        if path is not None:
            row["file"], row["size"] = f"{folder}/{path.name}", path.stat().st_size
            try:
                verify(path)
                row["status"] = "OK"
            except ValueError as exc:
                row["status"] = f"BAD: {exc}"
        rows.append(row)
    return rows
