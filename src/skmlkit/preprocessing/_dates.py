"""Reading a column of dates the way people store them, never as epoch numbers."""

import numpy as np
import pandas as pd

# Integer dates are read as YYYYMMDD within these bounds; anything else is an
# error, because an integer could also be epoch seconds or nanoseconds.
MIN_YYYYMMDD, MAX_YYYYMMDD = 1000_01_01, 9999_12_31


def parse_dates(values, *, name="date", date_format=None):
    """Return ``values`` as a naive ``datetime64[ns]`` Series.

    Datetimes are kept (time zones converted to UTC, then dropped); integers
    (and whole floats, as a column with gaps is read) are YYYYMMDD; strings
    are ISO 8601 or eight-digit YYYYMMDD unless ``date_format`` says
    otherwise. Missing values stay missing (NaT).

    Raises
    ------
    ValueError
        Naming the column and the first values that are not dates.
    """
    series = pd.Series(values).reset_index(drop=True)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.astype("datetime64[ns]")
    if pd.api.types.is_bool_dtype(series.dtype):
        raise ValueError(f"Column {name!r} holds booleans, not dates.")
    if pd.api.types.is_numeric_dtype(series.dtype):
        if date_format is not None:
            series = series.astype("Int64").astype("string")
        else:
            return _from_yyyymmdd(series, name)
    text = series.astype("string").str.strip()
    if date_format is None and text.dropna().str.fullmatch(r"\d{8}").all():
        date_format = "%Y%m%d"
    try:
        if date_format is None:
            parsed = pd.to_datetime(text, format="ISO8601")
        else:
            parsed = pd.to_datetime(text, format=date_format)
    except (ValueError, TypeError, OverflowError) as exc:
        parsed = pd.to_datetime(text, format=date_format or "ISO8601", errors="coerce")
        bad = text[parsed.isna() & text.notna()].unique()[:3].tolist()
        hint = (
            f"they do not match date_format={date_format!r}"
            if date_format
            else "they are not ISO dates (2024-03-31) or YYYYMMDD; give "
            "date_format (e.g. '%d/%m/%Y')"
        )
        raise ValueError(
            f"Cannot read column {name!r} as dates: {bad}: {hint}."
        ) from exc
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.astype("datetime64[ns]")


def _from_yyyymmdd(series, name):
    numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
    present = numbers[~np.isnan(numbers)]
    whole = np.all(present == np.round(present))
    if not whole or (
        len(present) and (present.min() < MIN_YYYYMMDD or present.max() > MAX_YYYYMMDD)
    ):
        example = present[:3].tolist()
        raise ValueError(
            f"Column {name!r} holds numbers such as {example}, which are not "
            "YYYYMMDD dates; numbers are never read as epoch times: convert "
            "them to dates first, or give date_format for another layout."
        )
    text = pd.Series(numbers).map(lambda v: "" if np.isnan(v) else f"{int(v):08d}")
    parsed = pd.to_datetime(text.replace("", None), format="%Y%m%d", errors="coerce")
    bad = text[parsed.isna() & (text != "")].unique()[:3].tolist()
    if bad:
        raise ValueError(
            f"Cannot read column {name!r} as YYYYMMDD dates: {bad} are not "
            "calendar days."
        )
    return parsed.astype("datetime64[ns]")
