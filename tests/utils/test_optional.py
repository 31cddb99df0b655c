import pytest

from skmlkit.utils._optional import import_optional


def test_present_module_is_returned():
    assert import_optional("json.decoder").__name__ == "json.decoder"


@pytest.mark.parametrize(
    ("module", "hint"),
    [
        ("matplotlib_missing_for_test", "pip install matplotlib_missing_for_test"),
        ("skmlkit_nonexistent.sub", "pip install skmlkit_nonexistent"),
    ],
)
def test_missing_module_names_the_install_command(module, hint):
    with pytest.raises(ImportError, match=f"{module} is required.*{hint}"):
        import_optional(module)


def test_missing_module_of_an_extra_names_the_extra(monkeypatch):
    import importlib

    real = importlib.import_module

    def refuse_pil(name, *args):
        if name.startswith("PIL"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", refuse_pil)
    with pytest.raises(ImportError, match=r'pip install "skmlkit\[images\]"'):
        import_optional("PIL.Image")
