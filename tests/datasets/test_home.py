from pathlib import Path

from skmlkit.datasets import get_data_home


def test_argument_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SKMLKIT_DATA", "/elsewhere")
    assert get_data_home(tmp_path) == tmp_path


def test_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("SKMLKIT_DATA", str(tmp_path))
    assert get_data_home() == tmp_path


def test_default_is_in_home_and_not_created(monkeypatch):
    monkeypatch.delenv("SKMLKIT_DATA", raising=False)
    assert get_data_home() == Path.home() / "skmlkit_data"


def test_user_expanded(monkeypatch):
    monkeypatch.setenv("HOME", "/home/someone")
    assert get_data_home("~/d") == Path("/home/someone/d")
