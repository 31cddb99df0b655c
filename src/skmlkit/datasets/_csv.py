"""Parsing CSV text as spreadsheets export it: encodings, separators, decimals."""

import csv
import io
import re

import pandas as pd
from sklearn.utils import Bunch

# Tried in order when no encoding is given; latin-1 decodes any byte.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SEPARATORS = ",;\t|"
SNIFF_CHARS = 64 * 1024
# A field that is a number with a decimal comma, e.g. "12,5" or "-0,75".
DECIMAL_COMMA = re.compile(r"(?:^|[;\t|])\s*-?\d+,\d+\s*(?:[;\t|]|$)", re.MULTILINE)


def parse_csv(data, name, *, encoding=None, sep=None, decimal=None, text_columns=()):
    """Parse the bytes of a CSV file with a header row, working out how it was written.

    Parameters
    ----------
    data : bytes
        The file's content (decompressed).
    name : object
        How to name the file in errors.
    encoding : str, default=None
        Text encoding; None tries UTF-8, then Windows-1252 (what European
        spreadsheets write), then Latin-1.
    sep : str, default=None
        Field separator; None sniffs it among ``, ; tab |``.
    decimal : str, default=None
        Decimal mark; None reads ``","`` when the separator is not a comma
        and numbers such as ``12,5`` appear, else ``"."``.
    text_columns : sequence of str, default=()
        Columns read as text, whatever they look like (identifiers).

    Returns
    -------
    table : :class:`~sklearn.utils.Bunch`
        ``frame`` (the DataFrame), ``encoding``, ``sep`` and ``decimal``
        (as used).

    Raises
    ------
    ValueError
        If the text cannot be decoded with the given encoding, or parsed.
    """
    if encoding is None and b"\x00" in data[:SNIFF_CHARS]:
        raise ValueError(
            f"Could not read {name} as a table: it contains NUL bytes (a binary "
            "file that is not an Excel workbook or Parquet file, or UTF-16 "
            "text: then give encoding='utf-16')."
        )
    text, encoding = _decode(data, encoding, name)
    sample = text[:SNIFF_CHARS]
    if sep is None:
        sep = _sniff_separator(sample)
    if decimal is None:
        decimal = "," if sep != "," and DECIMAL_COMMA.search(sample) else "."
    header = sample.splitlines()[0].split(sep) if sample.strip() else []
    header = [column.strip().strip('"') for column in header]
    dtype = {column: str for column in text_columns if column in header}
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, decimal=decimal, dtype=dtype or None
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
        raise ValueError(
            f"Could not read {name} as CSV (separator {sep!r}, decimal "
            f"{decimal!r}): {first}. Set the separator with sep=."
        ) from exc
    return Bunch(frame=frame, encoding=encoding, sep=sep, decimal=decimal)


def _decode(data, encoding, path):
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{path} is not {encoding} text (byte {data[exc.start]:#x} at "
                f"position {exc.start}); give its encoding, e.g. encoding='cp1252' "
                "for Windows/Excel exports in Western Europe."
            ) from exc
        except LookupError as exc:
            raise ValueError(f"Unknown encoding {encoding!r}.") from exc
    for candidate in ENCODINGS:
        try:
            return data.decode(candidate), candidate.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _sniff_separator(sample):
    """Return the separator found as often on every line, the most frequent one.

    The header row decides first: a decimal comma never appears in it, so
    ``"name;amount"`` over ``"a;12,5"`` is read as ``;``-separated.
    """
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    if not lines:
        return ","
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may cut the last line short
    counts = {sep: [line.count(sep) for line in lines] for sep in SEPARATORS}
    steady = {
        sep: found[0]
        for sep, found in counts.items()
        if found[0] > 0 and len(set(found)) == 1
    }
    if steady:
        return max(steady, key=steady.get)
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=SEPARATORS).delimiter
    except csv.Error:
        header = {sep: found[0] for sep, found in counts.items()}
        best = max(header, key=header.get)
        return best if header[best] else ","
