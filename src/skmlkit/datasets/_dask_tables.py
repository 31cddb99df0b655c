"""Tables larger than memory: Parquet or CSV files read lazily by Dask."""

import os

from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

from ._file_kinds import HEAD_BYTES, PARQUET, file_kind

# Uncompressed CSV is cut into partitions of about this size; a compressed
# file cannot be cut and is one partition.
CSV_BLOCKSIZE = "64MB"
SNIFF_BYTES = 64 * 1024


@validate_params(
    {
        "path": [str, os.PathLike],
        "columns": [None, list, tuple],
        "text_columns": [None, list, tuple],
        "number_columns": [None, list, tuple],
        "sep": [None, str],
        "blocksize": [None, str, int],
    },
    prefer_skip_nested_validation=True,
)
def read_dask_table(
    path,
    *,
    columns=None,
    text_columns=None,
    number_columns=None,
    sep=None,
    blocksize=CSV_BLOCKSIZE,
):
    """Read a folder, glob or file of Parquet or CSV files as a Dask DataFrame.

    Nothing is read but the files' headers (and a few kilobytes of the first
    text file for its separator): the partitions are read on the workers
    when computed. Every file must be of one format: Parquet, or text with
    one header (plain, or compressed with gzip, bzip2 or xz; a compressed
    file is one partition, a plain one is cut into ``blocksize`` pieces).
    Needs the ``dask`` extra.

    Parameters
    ----------
    path : str or path-like
        A file, a folder (read recursively; names starting with ``.`` or
        ``_`` are skipped) or a glob such as ``"logs/2024-*.parquet"``.
    columns : list of str, default=None
        Columns to keep; an error names any that is missing. None: all.
    text_columns : list of str, default=None
        CSV columns read as text exactly as written (identifiers: ``00123``
        keeps its zeros, and no partition turns them into floats).
    number_columns : list of str, default=None
        CSV columns read as floats (every partition the same type, whether
        or not its block has gaps).
    sep : str, default=None
        CSV separator; None finds it in the first file.
    blocksize : str or int, default="64MB"
        Size of the partitions of plain CSV files.

    Returns
    -------
    table : :class:`~sklearn.utils.Bunch`
        ``frame`` (the lazy Dask DataFrame), ``kind`` (``"parquet"`` or
        ``"text"``), ``files`` (paths) and ``sep``.

    Raises
    ------
    FileNotFoundError
        No such file, an empty folder, or a glob that matches nothing.
    ValueError
        Files of several formats, a zip archive or workbook, a missing
        column.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from skmlkit.datasets import read_dask_table
    >>> folder = Path(tempfile.mkdtemp())
    >>> for day in range(3):
    ...     log = pd.DataFrame({"customer_id": ["007", "12"], "amount": [1.5, 2.0]})
    ...     log.to_csv(folder / f"log-{day}.csv", index=False)
    >>> table = read_dask_table(folder, text_columns=["customer_id"])
    >>> table.kind, table.frame.npartitions, table.sep
    ('text', 3, ',')
    >>> table.frame["customer_id"].compute().tolist()[:2]
    ['007', '12']
    >>> float(table.frame["amount"].sum().compute())
    10.5
    """
    from ..utils._optional import import_optional
    from ._tables import _check_columns, _files

    dd = import_optional("dask.dataframe")
    files = _files(str(path))
    kinds = set()
    for file in files:
        with open(file, "rb") as stream:
            kinds.add(file_kind(stream.read(HEAD_BYTES), file))
    names = {kind.name for kind in kinds}
    compressions = {kind.compression for kind in kinds}
    if len(names) > 1 or len(compressions) > 1:
        raise ValueError(
            f"{path} holds files of several formats ({sorted(map(str, kinds))}); "
            "give a folder or glob of one format."
        )
    name, compression = kinds.pop()
    if compression == "zip" or name not in (PARQUET, "text"):
        raise ValueError(
            f"{files[0]} is a zip archive or workbook, which Dask cannot read in "
            "parts: unzip it, or save the log as Parquet or CSV."
        )
    paths = [str(f) for f in files]
    if name == PARQUET:
        frame = dd.read_parquet(paths)
        sep = None
    else:
        sep = sep or _separator(files[0], compression)
        dtypes = {c: "string" for c in text_columns or ()}
        dtypes.update({c: "float64" for c in number_columns or ()})
        frame = dd.read_csv(
            paths,
            sep=sep,
            dtype=dtypes,
            compression=compression,
            blocksize=None if compression else blocksize,
        )
    if columns is not None:
        _check_columns(frame._meta, list(columns), path)
        frame = frame[list(columns)]
    return Bunch(frame=frame, kind=name, files=paths, sep=sep)


def _separator(file, compression):
    import bz2
    import gzip
    import lzma

    from ._csv import _sniff_separator

    opener = {None: open, "gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open}
    try:
        with opener[compression](file, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise ValueError(f"{file} is a damaged {compression} file: {exc}.") from exc
    return _sniff_separator(head.decode("utf-8", errors="replace"))
