"""Reading CSV files as spreadsheets export them: encodings, separators, decimals."""

import csv
import io
import re
from pathlib import Path

import pandas as pd
from sklearn.utils import Bunch

# Tried in order when no encoding is given; latin-1 decodes any byte.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SEPARATORS = ",;\t|"
SNIFF_CHARS = 64 * 1024
# A field that is a number with a decimal comma, e.g. "12,5" or "-0,75".
DECIMAL_COMMA = re.compile(r"(?:^|[;\t|])\s*-?\d+,\d+\s*(?:[;\t|]|$)", re.MULTILINE)


def read_csv_table(path, *, encoding=None, sep=None, decimal=None, index_col=None):
    """Read a CSV file with a header row, working out how it was written.

    Parameters
    ----------
    path : str, path-like or file-like
        The file. It is only read.
    encoding : str, default=None
        Text encoding; None tries UTF-8, then Windows-1252 (what European
        spreadsheets write), then Latin-1.
    sep : str, default=None
        Field separator; None sniffs it among ``, ; tab |``.
    decimal : str, default=None
        Decimal mark; None reads ``","`` when the separator is not a comma
        and numbers such as ``12,5`` appear, else ``"."``.
    index_col : str, default=None
        Column to use as the index.

    Returns
    -------
    table : :class:`~sklearn.utils.Bunch`
        ``frame`` (the DataFrame), ``encoding``, ``sep`` and ``decimal``
        (as used).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the text cannot be decoded with the given encoding, or parsed.
    """
    if isinstance(path, (str, Path)):
        if not Path(path).is_file():
            raise FileNotFoundError(f"No such CSV file: {path}")
        data = Path(path).read_bytes()
    else:
        data = path.read()
    if isinstance(data, bytes) and encoding is None and b"\x00" in data[:SNIFF_CHARS]:
        raise ValueError(
            f"Could not read {path} as CSV: it contains NUL bytes (a binary "
            "file, or UTF-16 text: then give encoding='utf-16')."
        )
    if isinstance(data, str):
        text, encoding = data, encoding or "text"
    else:
        text, encoding = _decode(data, encoding, path)
    sample = text[:SNIFF_CHARS]
    if sep is None:
        sep = _sniff_separator(sample)
    if decimal is None:
        decimal = "," if sep != "," and DECIMAL_COMMA.search(sample) else "."
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, decimal=decimal, index_col=index_col
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
        raise ValueError(
            f"Could not read {path} as CSV (separator {sep!r}, decimal "
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
