"""Customer tables from the user's files: read, then keep the columns asked for."""

import os

import pandas as pd
from sklearn.utils._param_validation import HasMethods, validate_params

from ..utils._deprecation import renamed_parameter


@renamed_parameter("columns", "numeric")
@validate_params(
    {
        "path": [str, os.PathLike, HasMethods(["read"])],
        "numeric": [None, list, tuple],
        "index_col": [None, str],
        "categorical": [None, list, tuple],
        "encoding": [None, str],
        "sep": [None, str],
        "decimal": [None, str],
        "sheet": [None, str],
    },
    prefer_skip_nested_validation=True,
)
def load_customers_csv(
    path,
    *,
    numeric=None,
    index_col=None,
    categorical=None,
    encoding=None,
    sep=None,
    decimal=None,
    sheet=None,
):
    r"""Read a customer table from a file, checking the requested columns.

    Files as they come are read (see :func:`read_table`): CSV text as
    spreadsheets export it (UTF-8 or Windows-1252, ``,`` ``;`` or tab
    separators, decimal commas), also compressed; Excel workbooks; Parquet;
    a folder or glob of files of one format. The files are only read.

    Parameters
    ----------
    path : str, path-like or file-like
        A file with a header row, a folder or a glob pattern.
    numeric : list of str, default=None
        Numeric columns to keep; all must exist and be numeric. None keeps
        every numeric column (identifier-like ``index_col`` excluded).
        ``columns`` is its deprecated name.
    index_col : str, default=None
        Column to use as the row index (e.g. ``"CustomerID"``), its ids kept
        as written.
    categorical : list of str, default=None
        Categorical columns to keep as well (any type).
    encoding, sep, decimal : str, default=None
        How a text file was written; None works it out.
    sheet : str, default=None
        Sheet of an Excel workbook; None reads the first.

    Returns
    -------
    frame : pandas.DataFrame
        The selected numeric columns, then the categorical ones.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file cannot be decoded or parsed, a column is missing or not
        numeric, or no column is left.

    Examples
    --------
    >>> import io
    >>> from skmlkit.datasets import load_customers_csv
    >>> csv = io.StringIO("id,age,income,city\n1,25,40,Lyon\n2,51,88,Nice\n")
    >>> load_customers_csv(csv, index_col="id")
        age  income
    id
    1    25      40
    2    51      88
    >>> csv = io.StringIO("id;age;spend;city\n1;25;40,5;Lyon\n2;51;88,25;Nice\n")
    >>> load_customers_csv(csv, index_col="id", categorical=["city"])
        age  spend  city
    id
    1    25  40.50  Lyon
    2    51  88.25  Nice
    """
    from ._tables import read_table

    frame = read_table(
        path,
        encoding=encoding,
        sep=sep,
        decimal=decimal,
        index_col=index_col,
        id_columns=None if index_col is None else [index_col],
        sheet=sheet,
    )
    return select_customer_columns(frame, numeric, categorical, path)


def select_customer_columns(frame, numeric, categorical, path):
    """Keep the requested numeric and categorical columns, checking them."""
    categorical = list(categorical or ())
    _check_columns(frame, [*(numeric or ()), *categorical], path)
    if numeric is None:
        numbers = frame.drop(columns=categorical).select_dtypes("number")
        if numbers.shape[1] == 0 and not categorical:
            raise ValueError(f"{path} has no numeric column to use.")
        return pd.concat([numbers, frame[categorical]], axis=1)
    not_numeric = [c for c in numeric if not pd.api.types.is_numeric_dtype(frame[c])]
    if not_numeric:
        raise ValueError(
            f"Columns {not_numeric} of {path} are not numeric (for categories "
            "use categorical=; for decimal commas decimal=',')."
        )
    return frame[[*numeric, *categorical]]


def _check_columns(frame, columns, path):
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"Columns {missing} not found in {path}; available columns: "
            f"{[str(c) for c in frame.columns]}."
        )
