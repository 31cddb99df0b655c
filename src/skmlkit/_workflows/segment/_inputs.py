"""Reading what a segmentation report segments: a customer table or a log."""

from pathlib import Path


def read_csv(csv, encoding, sep, decimal, notes, index_col=None):
    """Read a user's CSV file; note how it was read."""
    from ...datasets._csv import read_csv_table

    table = read_csv_table(
        csv, encoding=encoding, sep=sep, decimal=decimal, index_col=index_col
    )
    notes.append(
        f"Read {Path(csv).name} as {table.encoding} text, separator {table.sep!r}, "
        f"decimal mark {table.decimal!r}: {len(table.frame):,} rows."
    )
    return table.frame


def customer_table(csv, customers, source, numeric, categorical, options, notes):
    """Return the customer table to segment and how the report names it.

    A CSV file (``options``: ``encoding``, ``sep``, ``decimal``,
    ``index_col``), else ``customers``, else synthetic customers seeded with
    ``options["random_state"]``.
    """
    from ...datasets import make_customers
    from ...datasets._customer_csv import select_customer_columns

    if csv:
        table = read_csv(
            csv,
            options["encoding"],
            options["sep"],
            options["decimal"],
            notes,
            index_col=options["index_col"],
        )
        return select_customer_columns(table, numeric, categorical, csv), str(csv)
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


def transaction_log(csv, encoding, sep, decimal, data_home, download, notes):
    """Return the transaction log, how the report names it, and its columns.

    Returns
    -------
    transactions : pandas.DataFrame
    source : str
    cdnow_columns : dict or None
        The CDNOW log's column names when it is read from the data home.
    """
    from ...datasets import fetch_cdnow

    if csv:
        return read_csv(csv, encoding, sep, decimal, notes), str(csv), None
    transactions = fetch_cdnow(data_home=data_home, download_if_missing=download).frame
    columns = {
        "customer_id": "customer_id",
        "date": "date",
        "amount": "amount",
        "quantity": "quantity",
    }
    return transactions, "the CDNOW transaction log (data home)", columns
