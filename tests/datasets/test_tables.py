"""CSV files as spreadsheets write them: encodings, separators, decimal commas."""

import gzip
import hashlib
import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import read_table
from skmlkit.datasets._tables import read_table_details

EUROPEAN = (
    "Kunde;Datum;Betrag;Région\n"
    "1;2024-01-03;12,50;Île-de-France\n"
    "2;2024-02-01;7,25;Genève\n"
)


def test_cp1252_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    table = read_table_details(path)
    assert (table.encoding, table.sep, table.decimal) == ("cp1252", ";", ",")
    assert table.frame["Betrag"].tolist() == [12.5, 7.25]
    assert table.frame["Région"].tolist() == ["Île-de-France", "Genève"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # only read


def test_utf8_with_bom_and_tabs(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_bytes("\ufeffid\tspend\n1\t3.5\n2\t4\n".encode())
    table = read_table_details(path)
    assert (table.encoding, table.sep, table.decimal) == ("utf-8", "\t", ".")
    assert list(table.frame.columns) == ["id", "spend"]


def test_commas_inside_quotes_do_not_fool_the_sniffer():
    table = read_table_details(io.StringIO('a,b\n1,"x,y"\n2,z\n'))
    assert table.sep == "," and table.frame["b"].tolist() == ["x,y", "z"]


def test_wrong_encoding_names_the_option(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    with pytest.raises(ValueError, match=r"not utf-8 text.*encoding="):
        read_table_details(path, encoding="utf-8")
    table = read_table_details(path, encoding="cp1252", sep=";", decimal=",")
    assert table.frame.shape == (2, 4)


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff" * 20)
    with pytest.raises(ValueError, match="NUL bytes"):
        read_table_details(binary)
    with pytest.raises(FileNotFoundError, match="No such file"):
        read_table_details(tmp_path / "nothing.csv")


# --- read_table: every format gives the same table ---------------------------

LINES = pd.DataFrame(
    {
        "InvoiceNo": ["536365", "536365", "C536379", "536380"],
        "CustomerID": [17850.0, 17850.0, np.nan, 12346.0],  # a gap: floats
        "InvoiceDate": ["12/1/2010 8:26", "12/1/2010 8:26", "12/13/2010 9:41",
                        "12/13/2010 9:45"],
        "Quantity": [6, 2, -1, 3],
        "UnitPrice": [2.55, 3.39, 27.5, 1.25],
    }
)  # fmt: skip


def _write(frame, path):
    name = path.name
    if name.endswith(".parquet"):
        frame.to_parquet(path)
    elif name.endswith(".xlsx"):
        frame.to_excel(path, index=False, sheet_name="Online Retail")
    elif name.endswith(".tsv"):
        frame.to_csv(path, index=False, sep="\t")
    else:  # .csv and its compressions, which pandas infers from the name
        frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "name",
    ["log.csv", "log.csv.gz", "log.csv.bz2", "log.csv.xz", "log.csv.zip",
     "log.tsv", "log.xlsx", "log.parquet", "log.data"],
)  # fmt: skip
def test_every_format_reads_the_same_table(tmp_path, name):
    path = _write(LINES, tmp_path / name)
    if name == "log.data":  # a gzip file whatever its name says
        path.write_bytes(gzip.compress(LINES.to_csv(index=False).encode()))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    table = read_table_details(path, id_columns=["CustomerID"])
    frame = table.frame
    assert frame.columns.tolist() == LINES.columns.tolist()
    assert frame["CustomerID"].dtype == "Int64"
    assert frame["CustomerID"].tolist()[::3] == [17850, 12346]
    assert frame["InvoiceNo"].astype(str).tolist() == LINES["InvoiceNo"].tolist()
    np.testing.assert_allclose(frame["UnitPrice"], LINES["UnitPrice"])
    assert frame["Quantity"].tolist() == LINES["Quantity"].tolist()
    kind = {"xlsx": "excel", "parquet": "parquet"}.get(name.split(".")[-1], "text")
    assert table.kind == kind
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # only read


def test_ids_are_kept_as_written(tmp_path):
    text = "id,code,spend\n00123,7,1\n17850,,2\n,9,3\n"
    frame = read_table(io.StringIO(text), id_columns=["id", "code"])
    assert frame["id"].tolist()[:2] == ["00123", "17850"]  # leading zero: text
    assert pd.isna(frame["id"][2])
    assert frame["code"].dtype == "Int64"  # integers beside a gap, not 7.0
    floats = read_table(io.StringIO("id,x\n12046.0,1\n\n,2\n"), id_columns=["id"])
    assert floats["id"].dtype == "Int64" and floats["id"][0] == 12046


def test_folder_and_glob_are_one_table(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, part in enumerate((LINES.iloc[:2], LINES.iloc[2:])):
        _write(part, folder / f"part-{i}.parquet")
    (folder / "_SUCCESS").write_text("")  # written by Spark: not data
    (folder / ".part-0.parquet.crc").write_text("x")
    frame = read_table(folder, id_columns=["CustomerID"])
    assert frame["Quantity"].tolist() == LINES["Quantity"].tolist()
    for i, part in enumerate((LINES.iloc[:2], LINES.iloc[2:])):
        _write(part, tmp_path / f"log-{i}.csv.gz")
    table = read_table_details(str(tmp_path / "log-*.csv.gz"))
    assert len(table.files) == 2 and len(table.frame) == len(LINES)
    only = read_table(folder, columns=["Quantity", "UnitPrice"])
    assert only.columns.tolist() == ["Quantity", "UnitPrice"]


def test_the_sheet_can_be_chosen(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"a": [1]}).to_excel(book, sheet_name="Notes", index=False)
        LINES.to_excel(book, sheet_name="Lines", index=False)
    assert read_table(path).columns.tolist() == ["a"]
    assert read_table(path, sheet="Lines").shape == LINES.shape


def test_openpyxl_reads_when_calamine_is_missing(tmp_path, monkeypatch):
    path = _write(LINES, tmp_path / "log.xlsx")
    with_calamine = read_table(path, id_columns=["CustomerID"])
    _hide_modules(monkeypatch, "python_calamine")
    without = read_table(path, id_columns=["CustomerID"])
    pd.testing.assert_frame_equal(with_calamine, without, check_dtype=False)
    _hide_modules(monkeypatch, "python_calamine", "openpyxl")
    with pytest.raises(ImportError, match=r"skmlkit\[excel\]"):
        read_table(path)


def _hide_modules(monkeypatch, *names):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in names else find_spec(name, *a),
    )


def _zip_of(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return path


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda p: p / "nothing" / "*.csv", FileNotFoundError, "No file matches"),
        (lambda p: (p / "empty").mkdir() or p / "empty", FileNotFoundError,
         "holds no data file"),
        (lambda p: _zip_of(p / "two.zip", {"a.csv": "x\n1", "b.csv": "x\n2"}),
         ValueError, "zip archive of 2 files"),
        (lambda p: _zip_of(p / "letter.docx", {"[Content_Types].xml": "",
                                               "word/document.xml": ""}),
         ValueError, "Office document without a workbook"),
        (lambda p: _bytes(p / "locked.xlsx", OLE + b"\0" * 600), ValueError,
         "password-protected workbook or a legacy .xls"),
        (lambda p: _bytes(p / "cut.xlsx", _xlsx_bytes(p)[:3000]), ValueError,
         "damaged"),
        (lambda p: _bytes(p / "cut.parquet", b"PAR1" + b"\1" * 50), ValueError,
         "Could not read .*cut.parquet as Parquet"),
        (lambda p: _bytes(p / "cut.csv.gz", gzip.compress(b"a,b\n1,2\n")[:12]),
         ValueError, "damaged gzip file"),
    ],
)  # fmt: skip
def test_files_that_cannot_be_read(tmp_path, make, error, message):
    with pytest.raises(error, match=message):
        read_table(make(tmp_path))


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _bytes(path, data):
    path.write_bytes(data)
    return path


def _xlsx_bytes(folder):
    return _write(LINES, folder / "whole.xlsx").read_bytes()


def test_sheets_and_columns_that_are_not_there(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Empty"
    unnamed = book.create_sheet("Unnamed")
    unnamed["B2"], unnamed["D2"], unnamed["C3"] = "b", "d", 1.0  # no name in C
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(ValueError, match=r"Sheet 'Empty' of .* is empty"):
        read_table(tmp_path / "empty.xlsx")
    with pytest.raises(ValueError, match="no name in column 2"):
        read_table(tmp_path / "empty.xlsx", sheet="Unnamed")
    with pytest.raises(ValueError, match=r"no sheet 'Lines'; its sheets: \['Empty'"):
        read_table(tmp_path / "empty.xlsx", sheet="Lines")
    path = _write(LINES, tmp_path / "log.parquet")
    with pytest.raises(ValueError, match=r"Columns \['Price'\] not found.*UnitPrice"):
        read_table(path, columns=["Price"])


def test_folders_of_mixed_files_are_refused(tmp_path):
    _write(LINES, tmp_path / "a.csv")
    _write(LINES, tmp_path / "b.parquet")
    with pytest.raises(ValueError, match="mixes formats"):
        read_table(tmp_path)
    (tmp_path / "b.parquet").unlink()
    _write(LINES.drop(columns="UnitPrice"), tmp_path / "b.csv")
    with pytest.raises(ValueError, match="differ in their columns"):
        read_table(tmp_path)
