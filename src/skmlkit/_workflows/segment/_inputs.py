"""Reading what a segmentation report segments: a customer table or a log."""

from pathlib import Path

KIND_NAMES = {"text": "text", "excel": "an Excel workbook", "parquet": "Parquet"}


def read_file(path, options, notes, *, columns=None, id_columns=None, index_col=None):
    """Read a user's file, folder or glob; note how it was read.

    ``options``: ``encoding``, ``sep``, ``decimal``, ``sheet``.
    """
    from ...datasets._tables import read_table_details

    table = read_table_details(
        path,
        columns=columns,
        id_columns=id_columns,
        index_col=index_col,
        encoding=options["encoding"],
        sep=options["sep"],
        decimal=options["decimal"],
        sheet=options["sheet"],
    )
    name = Path(path).name
    if len(table.files) > 1:
        name = f"{len(table.files)} files of {path}"
    how = KIND_NAMES[table.kind]
    if table.get("compression"):
        how = f"{table.compression}-compressed {how}"
    if table.kind == "text":
        how += (
            f" ({table.encoding}, separator {table.sep!r}, decimal mark "
            f"{table.decimal!r})"
        )
    elif table.kind == "excel":
        how += f" (sheet {table.sheet!r})"
    notes.append(f"Read {name} as {how}: {len(table.frame):,} rows.")
    return table.frame


def customer_table(path, customers, source, numeric, categorical, options, notes):
    """Return the customer table to segment and how the report names it.

    A file (``options``: ``encoding``, ``sep``, ``decimal``, ``sheet``,
    ``index_col``), else ``customers``, else synthetic customers seeded with
    ``options["random_state"]``.
    """
    from ...datasets import make_customers
    from ...datasets._customer_csv import select_customer_columns

    if path:
        index_col = options["index_col"]
        table = read_file(
            path,
            options,
            notes,
            index_col=index_col,
            id_columns=None if index_col is None else [index_col],
        )
        return select_customer_columns(table, numeric, categorical, path), str(path)
    if customers is None:
        customers = make_customers(
            n_samples=1000, random_state=options["random_state"]
        ).data
        source = "synthetic customers (make_customers, 1000 rows)"
    if numeric:
        customers = select_customer_columns(
            customers, numeric, (), "the customer table"
        )
    return customers, source or "a customer table"


def transaction_log(path, columns, options, data_home, download, notes):
    """Return the transaction log, how the report names it, and its columns.

    Parameters
    ----------
    path : str, path-like or None
        The log's file, folder or glob; None reads the CDNOW log.
    columns : dict
        The log's columns by role (``customer_id``, ``date``, ...; None for
        a role not used): only these are read, the customer ids as written.

    Returns
    -------
    transactions : pandas.DataFrame
    source : str
    cdnow_columns : dict or None
        The CDNOW log's column names when it is read from the data home.
    """
    from ...datasets import fetch_cdnow

    if path:
        used = list(dict.fromkeys(c for c in columns.values() if c is not None))
        transactions = read_file(
            path, options, notes, columns=used, id_columns=[columns["customer_id"]]
        )
        return transactions, str(path), None
    transactions = fetch_cdnow(data_home=data_home, download_if_missing=download).frame
    cdnow = {
        "customer_id": "customer_id",
        "date": "date",
        "amount": "amount",
        "quantity": "quantity",
    }
    return transactions, "the CDNOW transaction log (data home)", cdnow
