"""A data file's kind from its first bytes: text (maybe compressed), Excel, Parquet."""

import bz2
import gzip
import io
import lzma
import zipfile
from collections import namedtuple

TEXT, EXCEL, PARQUET = "text", "excel", "parquet"
FileKind = namedtuple("FileKind", ["name", "compression"])

HEAD_BYTES = 8
MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bz2",
    b"\xfd7zXZ\x00": "xz",
    b"PK\x03\x04": "zip",
}
PARQUET_MAGIC = b"PAR1"
# Compound File Binary: legacy .xls workbooks, and every password-protected
# (encrypted) .xlsx, which Office wraps in one.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_kind(head, name):
    """Return the :class:`FileKind` of a file from its first bytes.

    Parameters
    ----------
    head : bytes
        The file's first bytes (at least 8), or all of it.
    name : object
        How to name the file in errors.

    Raises
    ------
    ValueError
        For a legacy or encrypted workbook, or a zip file that holds neither
        one text file nor a workbook.
    """
    if head.startswith(PARQUET_MAGIC):
        return FileKind(PARQUET, None)
    if head.startswith(OLE_MAGIC):
        raise ValueError(
            f"{name} is a password-protected workbook or a legacy .xls file: "
            "open it in a spreadsheet program and save it without a password "
            "as .xlsx or CSV."
        )
    for magic, compression in MAGIC.items():
        if head.startswith(magic):
            return FileKind(TEXT, compression)
    return FileKind(TEXT, None)


def classify_zip(data, name):
    """Return ``"excel"`` for a workbook, else the one member's name."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.namelist() if not m.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{name} is a damaged zip file or workbook: {exc}.") from exc
    if "xl/workbook.xml" in members:
        return EXCEL
    if "[Content_Types].xml" in members:
        raise ValueError(
            f"{name} is an Office document without a workbook (a Word or "
            "PowerPoint file?); give an .xlsx workbook or a CSV file."
        )
    data_members = [m for m in members if not m.startswith(("__MACOSX/", "."))]
    if len(data_members) != 1:
        raise ValueError(
            f"{name} is a zip archive of {len(data_members)} files; a zipped "
            "table must hold exactly one file (unzip it and give the folder)."
        )
    return data_members[0]


def read_text_bytes(data, kind, name):
    """Return the bytes of a text file, decompressed."""
    if kind.compression is None:
        return data
    try:
        if kind.compression == "zip":
            member = classify_zip(data, name)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.read(member)
        module = {"gzip": gzip, "bz2": bz2, "xz": lzma}[kind.compression]
        return module.decompress(data)
    except (OSError, EOFError, lzma.LZMAError, zipfile.BadZipFile) as exc:
        raise ValueError(
            f"{name} is a damaged {kind.compression} file: {exc}."
        ) from exc
