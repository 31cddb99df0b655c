"""One sheet of an Excel workbook: read by python-calamine, else openpyxl."""

import importlib.util
import io
import zipfile

import pandas as pd
from sklearn.utils import Bunch


def read_excel(data, name, sheet=None):
    """Read a sheet (the first if ``sheet`` is None) with a header row.

    Parameters
    ----------
    data : bytes
        The ``.xlsx`` file's content.
    name : object
        How to name the file in errors.
    sheet : str, default=None
        Sheet name.

    Returns
    -------
    table : :class:`~sklearn.utils.Bunch`
        ``frame`` and ``sheet`` (the name of the sheet read).

    Raises
    ------
    ImportError
        If neither python-calamine nor openpyxl is installed.
    ValueError
        If the workbook is damaged, has no such sheet, or the sheet is empty.
    """
    if importlib.util.find_spec("python_calamine") is not None:
        rows, sheet = _calamine_rows(data, name, sheet)
    elif importlib.util.find_spec("openpyxl") is not None:
        rows, sheet = _openpyxl_rows(data, name, sheet)
    else:
        raise ImportError(
            f"Reading Excel workbooks such as {name} needs python-calamine or "
            'openpyxl: pip install "skmlkit[excel]" (or save the sheet as CSV).'
        )
    rows = [list(row) for row in rows if any(_present(value) for value in row)]
    if not rows:
        raise ValueError(f"Sheet {sheet!r} of {name} is empty.")
    # Columns empty in every row (a table that starts at B2) are margins.
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    used = [j for j in range(width) if any(_present(row[j]) for row in rows)]
    rows = [[row[j] for j in used] for row in rows]
    header = [str(value).strip() if _present(value) else "" for value in rows[0]]
    unnamed = [i for i, column in enumerate(header) if not column]
    if unnamed:
        raise ValueError(
            f"Sheet {sheet!r} of {name}: the header row has no name in column "
            f"{unnamed[0] + 1}; the first row must name every column."
        )
    frame = pd.DataFrame(rows[1:], columns=header)
    for column in frame.columns:
        if not pd.api.types.is_object_dtype(frame[column].dtype):
            continue
        frame[column] = frame[column].where(frame[column].ne(""), None)
    frame = frame.infer_objects()
    return Bunch(frame=frame, sheet=sheet)


def _present(value):
    return value is not None and value != ""


def _calamine_rows(data, name, sheet):
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # the reader raises its own error types
        raise ValueError(f"{name} is a damaged workbook: {exc}.") from exc
    sheet = _sheet_name(book.sheet_names, sheet, name)
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False), sheet
    except Exception as exc:
        raise ValueError(f"Could not read sheet {sheet!r} of {name}: {exc}.") from exc


def _openpyxl_rows(data, name, sheet):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValueError(f"{name} is a damaged workbook: {exc}.") from exc
    try:
        sheet = _sheet_name(book.sheetnames, sheet, name)
        return list(book[sheet].iter_rows(values_only=True)), sheet
    finally:
        book.close()


def _sheet_name(names, sheet, name):
    if not names:
        raise ValueError(f"{name} has no sheet.")
    if sheet is None:
        return names[0]
    if sheet not in names:
        raise ValueError(f"{name} has no sheet {sheet!r}; its sheets: {names}.")
    return sheet
