"""Reading a column of dates the way people store them, never as epoch numbers."""

import re

import numpy as np
import pandas as pd

# Integer dates are read as YYYYMMDD within these bounds; anything else is an
# error, because an integer could also be epoch seconds or nanoseconds.
MIN_YYYYMMDD, MAX_YYYYMMDD = 1000_01_01, 9999_12_31
ISO = "ISO8601"
# Day and month in either order, then the year: "1/12/2010", "01.12.10",
# "12-1-2010 8:26", "12/1/2010 08:26:59", "12/1/2010 8:26 PM".
DAY_MONTH_YEAR = re.compile(
    r"(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}|\d{2})"
    r"(?:(?P<t>[ T])\d{1,2}:\d{2}(?P<seconds>:\d{2}(?:\.\d+)?)?"
    r"(?P<ampm>\s*[AaPp][Mm])?)?"
)
ORDERS = {"%d": "day/month/year", "%m": "month/day/year (US)"}


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
    if date_format is None:
        date_format = infer_date_format(text, name=name)
    try:
        parsed = pd.to_datetime(text, format=date_format)
    except (ValueError, TypeError, OverflowError) as exc:
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
        bad = text[parsed.isna() & text.notna()].unique()[:3].tolist()
        hint = (
            f"they do not match date_format={date_format!r}"
            if date_format != ISO
            else "they are not ISO dates (2024-03-31), YYYYMMDD or day and "
            "month in either order (31/03/2024, 3/31/2024 8:26); give "
            "date_format= (e.g. '%d/%m/%Y')"
        )
        raise ValueError(
            f"Cannot read column {name!r} as dates: {bad}: {hint}."
        ) from exc
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.astype("datetime64[ns]")


def infer_date_format(values, *, name="date"):
    """Return the format of a column of date strings, as the data decide it.

    ISO 8601 (``"ISO8601"``) and eight-digit ``"%Y%m%d"`` are recognised;
    so are day and month in either order with a 2- or 4-digit year and an
    optional time of day: a value above 12 in the first position means
    day-first, in the second month-first.

    Parameters
    ----------
    values : pandas.Series of str
        The dates as text (missing values ignored).
    name : str, default="date"
        Column name, for errors.

    Returns
    -------
    date_format : str
        ``"ISO8601"`` or a ``strptime`` format.

    Raises
    ------
    ValueError
        If the day and month order cannot be told (no value above 12 in
        either position) or the column mixes both orders: the message names
        ``date_format``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.preprocessing._dates import infer_date_format
    >>> infer_date_format(pd.Series(["12/1/2010 8:26", "12/13/2010 9:01"]))
    '%m/%d/%Y %H:%M'
    >>> infer_date_format(pd.Series(["31.01.24", "01.02.24"]))
    '%d.%m.%y'
    """
    return format_from_evidence([date_evidence(values)], name=name)


def date_evidence(values):
    """Summarise what a column of date strings says about its format.

    The summary is small whatever the number of values (a few flags and
    example values), so that the parts of a column spread over many
    partitions can be summarised where they are and decided together by
    :func:`format_from_evidence`.

    Parameters
    ----------
    values : pandas.Series of str
        Dates as text (missing values ignored).

    Returns
    -------
    evidence : dict
        ``present`` (any value), ``yyyymmdd`` (all eight digits),
        ``other`` (a value that is not day and month in either order),
        ``layouts`` (set of separator/time/year layouts), ``day_first``,
        ``month_first`` and ``example`` (a value each, or None).
    """
    present = pd.Series(values).dropna().astype("string").str.strip().unique()
    present = pd.Series(present, dtype="string")
    evidence = {
        "present": bool(len(present)),
        "yyyymmdd": bool(len(present) and present.str.fullmatch(r"\d{8}").all()),
        "other": False,
        "layouts": set(),
        "day_first": None,
        "month_first": None,
        "example": present.iloc[0] if len(present) else None,
    }
    if not len(present) or evidence["yyyymmdd"]:
        return evidence
    parts = present.str.extract(f"^{DAY_MONTH_YEAR.pattern}$")
    if parts["first"].isna().any():
        evidence["other"] = True
        return evidence
    layout = pd.DataFrame(
        {
            "sep": parts["sep"],
            "t": parts["t"].fillna(""),
            "year": parts["year"].str.len().astype(int),
            "seconds": parts["seconds"].fillna("").str.replace(r"\d", "", regex=True),
            "ampm": parts["ampm"].fillna("").str.replace(r"\S", "", regex=True)
            + parts["ampm"].notna().astype(str),
        }
    )
    evidence["layouts"] = set(
        layout.drop_duplicates().itertuples(index=False, name=None)
    )
    for key, position in (("day_first", "first"), ("month_first", "second")):
        above = present[parts[position].astype(int).gt(12)]
        evidence[key] = above.iloc[0] if len(above) else None
    return evidence


def format_from_evidence(evidences, *, name="date"):
    """Decide a column's date format from the :func:`date_evidence` of its parts.

    Raises
    ------
    ValueError
        As :func:`infer_date_format`.
    """
    parts = [e for e in evidences if e["present"]]
    if not parts:
        return ISO
    if all(e["yyyymmdd"] for e in parts):
        return "%Y%m%d"
    if any(e["other"] or e["yyyymmdd"] for e in parts):
        return ISO
    layouts = set().union(*(e["layouts"] for e in parts))
    if len(layouts) > 1:
        return ISO  # not one layout: the ISO attempt names the odd values
    day_first = next((e["day_first"] for e in parts if e["day_first"]), None)
    month_first = next((e["month_first"] for e in parts if e["month_first"]), None)
    if day_first and month_first:
        raise ValueError(
            f"Column {name!r} mixes day/month dates ({day_first!r}) "
            f"and month/day dates ({month_first!r}); give "
            "date_format= (e.g. '%d/%m/%Y') or fix the file."
        )
    if not (day_first or month_first):
        raise ValueError(
            f"Cannot tell whether the dates of column {name!r} (e.g. "
            f"{parts[0]['example']!r}) are day/month or month/day: no day in them "
            "is above 12. Give date_format= ('%d/%m/%Y' for day first, "
            "'%m/%d/%Y' for month first)."
        )
    sep, t, year, seconds, ampm = layouts.pop()
    order = ["%d", "%m"] if day_first else ["%m", "%d"]
    date_format = sep.join([*order, "%Y" if year == 4 else "%y"])
    if t:
        has_ampm = ampm.endswith("True")
        date_format += f"{t}{'%I' if has_ampm else '%H'}:%M"
        if seconds:
            date_format += ":%S.%f" if "." in seconds else ":%S"
        if has_ampm:
            date_format += " %p" if ampm[0].isspace() else "%p"
    return date_format


def describe_date_format(date_format):
    """Say in words how a date format orders day and month."""
    if date_format is None:
        return "dates and times as stored in the file"
    if date_format == ISO:
        return "ISO 8601 dates (year-month-day)"
    if date_format.startswith("%Y%m%d"):
        return "YYYYMMDD dates"
    for code, order in ORDERS.items():
        if date_format.startswith(code):
            return f"{order} dates ({date_format})"
    return f"dates in the format {date_format}"


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
