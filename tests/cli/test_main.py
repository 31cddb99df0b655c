import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skmlkit import __version__
from skmlkit.cli import main


def test_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "datasets" in capsys.readouterr().out


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "usage: skmlkit" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"skmlkit {__version__}"


def test_datasets_lists_real_data_home(data_home, capsys):
    assert main(["datasets", "--data-home", str(data_home)]) == 0
    out = capsys.readouterr().out
    assert f"data home: {data_home}" in out
    assert out.count(" OK") == 7
    assert "train-images-idx3-ubyte.gz" in out and "9.3 MB" in out
    assert "cdnow transactions   customers/cdnow_master.txt.gz" in out


def test_datasets_reports_missing_and_bad(tmp_path, wholesale_csv, capsys):
    (tmp_path / "customers").mkdir()
    (tmp_path / "customers" / "mall_customers.csv").write_text("a,b\n1,2\n")
    shutil.copy(wholesale_csv, tmp_path / "customers")
    assert main(["datasets", "--data-home", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("missing") >= 4
    assert "BAD: mall_customers.csv is not the expected table" in out
    assert out.count(" OK") == 1


def test_console_script_installed():
    # pip puts the entry point beside the environment's interpreter.
    scripts = Path(sys.executable).parent
    exe = scripts / ("skmlkit.exe" if sys.platform == "win32" else "skmlkit")
    assert exe.is_file(), f"console script missing from {scripts}"
    result = subprocess.run(
        [str(exe), "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in result.stdout


def test_user_error_is_one_line_and_debug_shows_the_traceback(tmp_path, capsys):
    argv = ["segment", str(tmp_path / "missing.csv")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("skmlkit: error: No such file") and "Traceback" not in err
    with pytest.raises(FileNotFoundError, match="No such file"):
        main(["--debug", *argv])


def test_ctrl_c_exits_130(monkeypatch, capsys):
    from skmlkit._workflows import segment

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(segment, "segment_table", interrupted)
    assert main(["segment"]) == 130
    assert "skmlkit: interrupted" in capsys.readouterr().err


@pytest.mark.parametrize("bug", [KeyError("profile"), TypeError("unhashable")])
def test_a_bug_inside_the_package_keeps_its_traceback(monkeypatch, bug):
    from skmlkit._workflows import segment

    def broken(*args, **kwargs):
        raise bug

    monkeypatch.setattr(segment, "segment_table", broken)
    with pytest.raises(type(bug)):
        main(["segment"])
