"""The CDNOW transaction log (Fader & Hardie): 69,659 purchases of 23,570 customers."""

import hashlib
import os

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

from ._fetch import fetch_verified
from ._home import DATA_HOME_ENV, get_data_home

# Downloads are stored uncompressed under this name; the data home may hold
# the gzipped copy or the name the authors' site uses instead.
CDNOW_FILENAME = "cdnow_master.txt"
CDNOW_ALTERNATIVES = ("cdnow_master.txt.gz", "CDNOW_master.txt")
# Public copies of the master file, tried in order (module-level so that a
# mirror can be pointed at). The checksum below is the only thing trusted.
CDNOW_MIRRORS = (
    "https://raw.githubusercontent.com/CamDavidsonPilon/lifetimes/master/"
    "lifetimes/datasets/CDNOW_master.txt",
)
CDNOW_COLUMNS = ["customer_id", "date", "quantity", "amount"]
# SHA-256 of the parsed log as C-ordered int64 columns (customer id, YYYYMMDD
# date, quantity, amount in cents): independent of line endings, spacing,
# zero padding and compression, which differ between copies of the file.
CDNOW_TABLE_SHA256 = "582263be28d858fabfcc1d148b6df136b03c9f1509b52d0cc7f3960b0d10c5bc"
CDNOW_N_ROWS = 69_659

DESCR = """\
CDNOW transaction log
---------------------

Every purchase from 1 January 1997 to 30 June 1998 of the 23,570 people
whose first purchase at the online music shop CDNOW fell in the first quarter
of 1997: 69,659 rows of customer id, date, number of CDs and amount paid in
dollars (80 rows of $0; no returns). A customer can have several rows on one
day. The classic data set of RFM and customer-base analysis.

Source: P. S. Fader and B. G. S. Hardie, "Forecasting repeat sales at CDNOW:
a case study", Interfaces 31(3), 2001; B. G. S. Hardie, "Notes on the CDNOW
master data set", brucehardie.com/notes/026.
"""


def verify_cdnow(path):
    """Parse a copy of the CDNOW master file and check it by its values.

    Returns the tidy DataFrame; raises ValueError when the content is not
    the expected log.
    """
    try:
        raw = pd.read_csv(
            path,
            sep=r"\s+",
            header=None,
            names=CDNOW_COLUMNS,
            dtype={"customer_id": "int64", "date": "int64", "quantity": "int64"},
        )
        cents = np.round(raw["amount"].to_numpy(dtype=np.float64) * 100)
    except (ValueError, TypeError, pd.errors.ParserError, EOFError, OSError) as exc:
        raise ValueError(f"{path.name} is not the CDNOW master file: {exc}.") from exc
    if len(raw) != CDNOW_N_ROWS:
        raise ValueError(
            f"{path.name} has {len(raw)} rows, the CDNOW master file has "
            f"{CDNOW_N_ROWS}: the file is truncated or another log."
        )
    values = np.column_stack(
        [raw["customer_id"], raw["date"], raw["quantity"], cents.astype(np.int64)]
    )
    digest = hashlib.sha256(np.ascontiguousarray(values).tobytes()).hexdigest()
    if digest != CDNOW_TABLE_SHA256:
        raise ValueError(
            f"{path.name} fails its checksum (table SHA-256 {digest}, expected "
            f"{CDNOW_TABLE_SHA256}): the file is corrupt or another log."
        )
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw


@validate_params(
    {"data_home": [None, str, os.PathLike], "download_if_missing": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def fetch_cdnow(*, data_home=None, download_if_missing=True):
    """Load the CDNOW transaction log from the data home (download if missing).

    The file ``customers/cdnow_master.txt`` (or its gzipped copy
    ``cdnow_master.txt.gz``, or ``CDNOW_master.txt``) of the data home is parsed
    and verified by a checksum of its values. When it is missing it is
    downloaded from a public copy and verified the same way; a wrong file is
    never used.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download the file when it is not in the data home. With False a
        missing file raises ``FileNotFoundError`` saying where to put it.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``frame``: a DataFrame with one row per purchase and the columns
        ``customer_id`` (int), ``date`` (datetime64), ``quantity`` (int,
        number of CDs) and ``amount`` (float, dollars); and ``DESCR``.

    Examples
    --------
    >>> from skmlkit.datasets import fetch_cdnow
    >>> log = fetch_cdnow().frame
    >>> len(log), log["customer_id"].nunique(), round(float(log["amount"].sum()), 2)
    (69659, 23570, 2500315.63)
    """
    try:
        frame = fetch_verified(
            CDNOW_FILENAME,
            subdir="customers",
            urls=CDNOW_MIRRORS,
            verify=verify_cdnow,
            data_home=data_home,
            download_if_missing=download_if_missing,
            alternatives=CDNOW_ALTERNATIVES,
        )
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        folder = get_data_home(data_home) / "customers"
        raise OSError(
            f"Could not download the CDNOW log: save CDNOW_master.txt (or a "
            f"gzipped copy named cdnow_master.txt.gz) in {folder}, or point "
            f"{DATA_HOME_ENV} at a folder holding customers/cdnow_master.txt.gz.\n"
            f"{exc}"
        ) from exc
    return Bunch(frame=frame, DESCR=DESCR)
