"""The columns of a transaction log read as what they hold: dates, ids, numbers."""

import numpy as np
import pandas as pd

from ._dates import ISO, infer_date_format


def date_format_of(dates, name, date_format):
    """Return the format to read a column of dates with: given, or found in the data."""
    if date_format is not None:
        return date_format
    values = pd.Series(dates)
    if not dates_are_text(values.dtype):
        return None
    text = values.astype("string").str.strip()
    return infer_date_format(text, name=name) if text.notna().any() else ISO


def dates_are_text(dtype):
    """Whether a date column of this dtype needs a format (not datetimes or numbers).

    Datetimes are dates already and numbers are YYYYMMDD: only text has an
    order of day and month to find.
    """
    return not (
        pd.api.types.is_datetime64_any_dtype(dtype)
        or isinstance(dtype, pd.DatetimeTZDtype)
        or pd.api.types.is_numeric_dtype(dtype)
    )


def all_whole(values):
    """Whether every number of a float array is whole (True for none)."""
    return bool(np.all(values == np.round(values)))


def ids_as_written(ids):
    """Return identifiers as the file wrote them.

    Text that is every time a plain integer (no sign, no leading zero; a
    ``.0`` that a float column wrote is dropped) becomes ``Int64``; other
    text stays text; whole floats (integers beside gaps, Excel numbers)
    become ``Int64``.
    """
    if pd.api.types.is_float_dtype(ids):
        return whole_floats_as_ints(ids)
    if pd.api.types.is_object_dtype(ids) or pd.api.types.is_string_dtype(ids):
        present = ids.dropna()
        if not len(present) or not all(isinstance(v, str) for v in present.iloc[:1]):
            return ids
        text = present.astype("string").str.strip()
        if text.str.fullmatch(r"(?:0|[1-9]\d{0,17})(?:[.,]0+)?").all():
            whole = (
                ids.astype("string").str.strip().str.replace(r"[.,]0+$", "", regex=True)
            )
            return pd.to_numeric(whole).astype("Int64")
        return ids.astype("string")
    return ids


def whole_floats_as_ints(ids):
    """Return float ids that are all whole (integers beside gaps) as ``Int64``."""
    if pd.api.types.is_float_dtype(ids):
        present = ids.dropna().to_numpy()
        if len(present) and all_whole(present):
            return ids.astype("Int64")
    return ids


def as_numbers(values, name):
    """Return a float Series; a column of text that is not numbers is an error."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce")
    bad = pd.Series(values)[numbers.isna() & pd.Series(values).notna()]
    if len(bad):
        raise ValueError(
            f"Column {name!r} must hold numbers; it has values such as "
            f"{bad.unique()[:3].tolist()} (for decimal commas read the CSV "
            "with decimal=',')."
        )
    return numbers.astype(np.float64)
