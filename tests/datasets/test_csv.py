"""CSV files as spreadsheets write them: encodings, separators, decimal commas."""

import hashlib
import io

import pytest

from skmlkit.datasets._csv import read_csv_table

EUROPEAN = (
    "Kunde;Datum;Betrag;Région\n"
    "1;2024-01-03;12,50;Île-de-France\n"
    "2;2024-02-01;7,25;Genève\n"
)


def test_cp1252_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    table = read_csv_table(path)
    assert (table.encoding, table.sep, table.decimal) == ("cp1252", ";", ",")
    assert table.frame["Betrag"].tolist() == [12.5, 7.25]
    assert table.frame["Région"].tolist() == ["Île-de-France", "Genève"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # only read


def test_utf8_with_bom_and_tabs(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_bytes("\ufeffid\tspend\n1\t3.5\n2\t4\n".encode())
    table = read_csv_table(path)
    assert (table.encoding, table.sep, table.decimal) == ("utf-8", "\t", ".")
    assert list(table.frame.columns) == ["id", "spend"]


def test_commas_inside_quotes_do_not_fool_the_sniffer():
    table = read_csv_table(io.StringIO('a,b\n1,"x,y"\n2,z\n'))
    assert table.sep == "," and table.frame["b"].tolist() == ["x,y", "z"]


def test_wrong_encoding_names_the_option(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(EUROPEAN.encode("cp1252"))
    with pytest.raises(ValueError, match=r"not utf-8 text.*encoding="):
        read_csv_table(path, encoding="utf-8")
    table = read_csv_table(path, encoding="cp1252", sep=";", decimal=",")
    assert table.frame.shape == (2, 4)


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff" * 20)
    with pytest.raises(ValueError, match="NUL bytes"):
        read_csv_table(binary)
    with pytest.raises(FileNotFoundError, match="No such CSV"):
        read_csv_table(tmp_path / "nothing.csv")
