"""Tables as people keep them: CSV (compressed or not), Excel, Parquet, folders."""

import glob
import io
import os
from pathlib import Path

import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import HasMethods, validate_params

from ..preprocessing._log_columns import ids_as_written
from ._file_kinds import (
    EXCEL,
    HEAD_BYTES,
    PARQUET,
    FileKind,
    classify_zip,
    file_kind,
    read_text_bytes,
)

GLOB_CHARS = "*?["


@validate_params(
    {
        "path": [str, os.PathLike, HasMethods(["read"])],
        "columns": [None, list, tuple],
        "id_columns": [None, list, tuple],
        "sheet": [None, str],
        "encoding": [None, str],
        "sep": [None, str],
        "decimal": [None, str],
        "index_col": [None, str],
    },
    prefer_skip_nested_validation=True,
)
def read_table(
    path,
    *,
    columns=None,
    id_columns=None,
    sheet=None,
    encoding=None,
    sep=None,
    decimal=None,
    index_col=None,
):
    r"""Read a table from a file as it comes, or from a folder or glob of them.

    The format is recognised from the file's first bytes, not its name:

    - text (``.csv``, ``.tsv``, ``.txt``), also compressed with gzip, bzip2,
      xz or zip (one file in the archive): UTF-8, Windows-1252 or Latin-1,
      ``, ; tab |`` separators and decimal commas are worked out;
    - Excel workbooks (``.xlsx``, ``.xlsm``): the first sheet or ``sheet``;
      needs the ``excel`` extra (python-calamine, else openpyxl);
    - Parquet: needs pyarrow (the ``parquet`` extra).

    A folder (every file in it and its sub-folders, except hidden files and
    names starting with ``_``) or a glob pattern such as ``"logs/*.csv.gz"``
    is read as one table: its files must share one format and one header.
    The files are only read.

    Parameters
    ----------
    path : str, path-like or file-like
        A file, a folder or a glob pattern.
    columns : list of str, default=None
        Columns to keep (Parquet files read only these); each must exist.
        None keeps all.
    id_columns : list of str, default=None
        Identifier columns, kept as the file wrote them: in text files
        read as text, then as integers when every value is a plain integer
        (so ``00123`` stays text); numbers stored as whole floats (Excel, a
        column with gaps) become integers. Missing ids stay missing.
    sheet : str, default=None
        Excel sheet name; None reads the first sheet.
    encoding, sep, decimal : str, default=None
        How a text file was written; None works it out.
    index_col : str, default=None
        Column to use as the index.

    Returns
    -------
    frame : pandas.DataFrame
        The table.

    Raises
    ------
    FileNotFoundError
        If the path, folder or glob names no file.
    ValueError
        If a file cannot be read (corrupt, encrypted or legacy ``.xls``
        workbook, unknown binary format, empty sheet), the files of a folder
        differ in format or header, or a column is missing.
    ImportError
        If the Excel or Parquet reader is not installed.

    Examples
    --------
    >>> import io
    >>> from skmlkit.datasets import read_table
    >>> log = io.StringIO("InvoiceNo;CustomerID;Price\n536365;00123;2,55\n"
    ...                   "536366;17850;3,39\n")
    >>> read_table(log, id_columns=["CustomerID"])
       InvoiceNo CustomerID  Price
    0     536365      00123   2.55
    1     536366      17850   3.39
    """
    return read_table_details(
        path,
        columns=columns,
        id_columns=id_columns,
        sheet=sheet,
        encoding=encoding,
        sep=sep,
        decimal=decimal,
        index_col=index_col,
    ).frame


def read_table_details(
    path,
    *,
    columns=None,
    id_columns=None,
    sheet=None,
    encoding=None,
    sep=None,
    decimal=None,
    index_col=None,
):
    """:func:`read_table`, with how the table was read.

    Returns
    -------
    table : :class:`~sklearn.utils.Bunch`
        ``frame``; ``kind`` (``"text"``, ``"excel"`` or ``"parquet"``);
        ``compression`` (or None); ``files`` (the paths read); for text,
        ``encoding``, ``sep`` and ``decimal``; for Excel, ``sheet``.
    """
    files = _files(path)
    options = {
        "columns": list(columns) if columns is not None else None,
        "id_columns": list(id_columns or ()),
        "sheet": sheet,
        "encoding": encoding,
        "sep": sep,
        "decimal": decimal,
    }
    parts = [_read_one(file, options) for file in files]
    first = parts[0]
    for file, part in zip(files[1:], parts[1:], strict=True):
        if part.kind != first.kind:
            raise ValueError(
                f"{path} mixes formats: {files[0]} is {first.kind}, {file} is "
                f"{part.kind}; read one format at a time."
            )
        if list(part.frame.columns) != list(first.frame.columns):
            raise ValueError(
                f"The files of {path} differ in their columns: {files[0]} has "
                f"{list(first.frame.columns)}, {file} has {list(part.frame.columns)}."
            )
    frame = (
        first.frame
        if len(parts) == 1
        else pd.concat([p.frame for p in parts], ignore_index=True)
    )
    for column in options["id_columns"]:
        if column in frame.columns:
            frame[column] = ids_as_written(frame[column])
    if index_col is not None:
        _check_columns(frame, [index_col], path)
        frame = frame.set_index(index_col)
    return Bunch(
        **{**first, "frame": frame, "files": [str(f) for f in files]},
    )


def _files(path):
    if hasattr(path, "read"):
        return [path]
    text = str(path)
    if Path(text).is_dir():
        files = sorted(
            p
            for p in Path(text).rglob("*")
            if p.is_file()
            and not any(
                part.startswith((".", "_")) for part in p.relative_to(text).parts
            )
        )
        if not files:
            raise FileNotFoundError(f"The folder {text} holds no data file.")
        return files
    if any(char in text for char in GLOB_CHARS) and not Path(text).exists():
        files = sorted(Path(p) for p in glob.glob(text, recursive=True))
        files = [p for p in files if p.is_file()]
        if not files:
            raise FileNotFoundError(f"No file matches {text}.")
        return files
    if not Path(text).is_file():
        raise FileNotFoundError(f"No such file: {text}")
    return [Path(text)]


def _read_one(file, options):
    if hasattr(file, "read"):
        data = file.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
            options = {**options, "encoding": options["encoding"] or "utf-8"}
        head = data[:HEAD_BYTES]
    else:
        with open(file, "rb") as stream:
            head, data = stream.read(HEAD_BYTES), None
    kind = file_kind(head, file)
    if kind.name == PARQUET:
        table = _read_parquet(file if data is None else io.BytesIO(data), file, options)
    else:
        data = Path(file).read_bytes() if data is None else data
        if kind.compression == "zip" and classify_zip(data, file) == EXCEL:
            from ._excel import read_excel

            kind = FileKind(EXCEL, None)
            table = read_excel(data, file, options["sheet"])
        else:
            from ._csv import parse_csv

            table = parse_csv(
                read_text_bytes(data, kind, file),
                file,
                encoding=options["encoding"],
                sep=options["sep"],
                decimal=options["decimal"],
                text_columns=options["id_columns"],
            )
    table.kind = kind.name
    table.compression = kind.compression
    if options["columns"] is not None:
        _check_columns(table.frame, options["columns"], file)
        table.frame = table.frame[options["columns"]]
    return table


def _read_parquet(source, file, options):
    from ..utils._optional import import_optional

    parquet = import_optional("pyarrow.parquet")
    try:
        reader = parquet.ParquetFile(source)
    except (OSError, ValueError) as exc:
        raise ValueError(f"Could not read {file} as Parquet: {exc}") from exc
    names = reader.schema_arrow.names
    columns = options["columns"]
    if columns is not None:
        _check_columns(pd.DataFrame(columns=names), columns, file)
    try:
        frame = reader.read(columns=columns).to_pandas()
    except (OSError, ValueError) as exc:
        raise ValueError(f"Could not read {file} as Parquet: {exc}") from exc
    return Bunch(frame=frame)


def _check_columns(frame, columns, path):
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"Columns {missing} not found in {path}; available columns: "
            f"{[str(c) for c in frame.columns]}."
        )
