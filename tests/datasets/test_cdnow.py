"""The CDNOW transaction log: loading, verification, missing file, download."""

import gzip
import shutil

import pandas as pd
import pytest

from skmlkit.datasets import _cdnow, fetch_cdnow

from .test_download import serve  # noqa: F401 (fixture)


@pytest.fixture(scope="session")
def cdnow_home():
    from ..conftest import _require

    return _require(["customers/cdnow_master.txt.gz"])


def test_cdnow_figures(cdnow_home):
    log = fetch_cdnow(data_home=cdnow_home, download_if_missing=False).frame
    assert list(log.columns) == ["customer_id", "date", "quantity", "amount"]
    assert len(log) == 69_659
    assert log["customer_id"].nunique() == 23_570
    assert round(float(log["amount"].sum()), 2) == 2_500_315.63
    assert pd.api.types.is_datetime64_any_dtype(log["date"])
    assert pd.api.types.is_integer_dtype(log["customer_id"])
    assert log["date"].min() == pd.Timestamp("1997-01-01")
    assert log["date"].max() == pd.Timestamp("1998-06-30")
    assert (log["amount"] == 0).sum() == 80


def _home_with(tmp_path, name, content):
    folder = tmp_path / "home" / "customers"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(content)
    return tmp_path / "home"


def test_uncompressed_copy_with_lf_line_ends_is_accepted(cdnow_home, tmp_path):
    text = gzip.decompress((cdnow_home / "customers/cdnow_master.txt.gz").read_bytes())
    home = _home_with(tmp_path, "CDNOW_master.txt", text.replace(b"\r\n", b"\n"))
    log = fetch_cdnow(data_home=home, download_if_missing=False).frame
    assert len(log) == 69_659


def test_altered_copy_fails_its_checksum(cdnow_home, tmp_path):
    text = gzip.decompress((cdnow_home / "customers/cdnow_master.txt.gz").read_bytes())
    altered = text.replace(b"11.77", b"11.78", 1)
    home = _home_with(tmp_path, "cdnow_master.txt", altered)
    with pytest.raises(ValueError, match="fails its checksum"):
        fetch_cdnow(data_home=home, download_if_missing=False)
    truncated = _home_with(tmp_path / "t", "cdnow_master.txt", text[: len(text) // 2])
    with pytest.raises(ValueError, match=r"not the CDNOW master file|rows"):
        fetch_cdnow(data_home=truncated, download_if_missing=False)


def test_missing_file_says_where_to_put_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"customers.*SKMLKIT_DATA"):
        fetch_cdnow(data_home=tmp_path / "empty", download_if_missing=False)


def test_failed_download_says_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setattr(_cdnow, "CDNOW_MIRRORS", ("http://127.0.0.1:9/nothing",))
    with pytest.raises(OSError, match=r"^Could not download.*save CDNOW_master\.txt"):
        fetch_cdnow(data_home=tmp_path / "home")
    assert not list((tmp_path / "home" / "customers").glob("*.txt"))


def test_download_lands_verified(cdnow_home, tmp_path, serve, monkeypatch):  # noqa: F811
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    with gzip.open(cdnow_home / "customers/cdnow_master.txt.gz") as source:
        with open(mirror / "CDNOW_master.txt", "wb") as target:
            shutil.copyfileobj(source, target)
    url = serve(mirror)
    monkeypatch.setattr(_cdnow, "CDNOW_MIRRORS", (f"{url}CDNOW_master.txt",))
    log = fetch_cdnow(data_home=tmp_path / "home").frame
    assert len(log) == 69_659
    assert (tmp_path / "home/customers/cdnow_master.txt").is_file()
