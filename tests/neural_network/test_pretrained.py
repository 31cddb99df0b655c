"""The digit model shipped with skmlkit."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from skmlkit import load_pretrained
from skmlkit.datasets import fetch_mnist
from skmlkit.datasets._mnist import MNIST_FILES
from skmlkit.neural_network import pretrained_card
from skmlkit.neural_network._pretrained import (
    PRETRAINED_NAME,
    pretrained_path,
    verify_pretrained,
)

ROOT = Path(__file__).resolve().parents[2]


def test_reads_mnist_test_digits_out_of_the_box(mnist_home):
    clf = load_pretrained()
    test = fetch_mnist(subset="test", data_home=mnist_home)
    assert clf.score(test.data[:2000], test.target[:2000]) >= 0.99
    # The reject option and its calibration come with it.
    assert clf.abstention_.has_confidence
    assert clf.predict_reject(test.data[:2000]).mean() <= 0.03
    # A new classifier each time: changing one leaves the next untouched.
    clf.set_params(tta=False)
    assert load_pretrained().tta


def test_card_records_how_it_was_made():
    card = pretrained_card()
    assert card["preset"] == "robust" and card["random_state"] == 0
    assert card["data_md5"] == MNIST_FILES
    assert card["mnist_test_accuracy"] >= 0.994
    assert {"skmlkit", "torch", "skorch", "scikit-learn", "numpy"} <= set(
        card["versions"]
    )


def test_a_changed_model_file_is_refused(tmp_path):
    changed = tmp_path / PRETRAINED_NAME
    data = bytearray(pretrained_path().read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="does not match its checksum"):
        verify_pretrained(changed)
    with pytest.raises(FileNotFoundError, match="no packaged model"):
        verify_pretrained(tmp_path / "missing.skmlkit")
    verify_pretrained(pretrained_path())  # the packaged file itself passes


def test_the_packaged_file_is_small():
    assert pretrained_path().stat().st_size <= 2 * 2**20


def _mnist_pngs(mnist_home, folder, n, as_mnist=False):
    """MNIST test digits as PNG files: 28 x 28 as MNIST, or 84 x 84 dark on white."""
    test = fetch_mnist(subset="test", data_home=mnist_home)
    paths = []
    for i in range(n):
        path = folder / f"digit_{i:05d}.png"
        pixels = test.data[i].reshape(28, 28).astype(np.uint8)
        picture = Image.fromarray(pixels if as_mnist else 255 - pixels)
        (picture if as_mnist else picture.resize((84, 84))).save(path)
        paths.append(str(path))
    return paths, test.target[:n]


def _python(*args, env=None, cwd=None):
    """Run this Python with ``args``; return its output lines (fail on error)."""
    return subprocess.run(
        [sys.executable, *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    ).stdout.splitlines()


@pytest.mark.slow
def test_installed_wheel_reads_png_digits_without_a_model_file(mnist_home, tmp_path):
    """Build the wheel, install it (not editable) and read MNIST test PNGs."""
    dist, target = tmp_path / "dist", tmp_path / "site"
    _python("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
            "-w", str(dist), str(ROOT))  # fmt: skip
    (wheel,) = dist.glob("skmlkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert f"skmlkit/neural_network/pretrained/{PRETRAINED_NAME}" in names
    _python("-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
            str(wheel))  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target)}
    # All 10,000 MNIST test digits as 28 x 28 PNG files, read by the
    # installed copy (measured: 99.40%).
    folder = tmp_path / "mnist_png"
    folder.mkdir()
    _, labels = _mnist_pngs(mnist_home, folder, 10_000, as_mnist=True)
    np.save(tmp_path / "labels.npy", labels)
    code = (
        "import glob, sys, numpy as np, skmlkit; print(skmlkit.__file__); "
        "from skmlkit import load_pretrained; "
        "from skmlkit.images import read_digit_images; "
        "X = read_digit_images(sorted(glob.glob(sys.argv[1] + '/*.png'))); "
        "print(np.mean(load_pretrained().predict(X) == np.load(sys.argv[2])))"
    )
    out = _python(
        "-c", code, str(folder), str(tmp_path / "labels.npy"), env=env, cwd=tmp_path
    )
    assert out[0].startswith(str(target))  # the installed copy, not the tree
    assert float(out[1]) >= 0.994
    # The command with no model file: its first line says which model reads.
    few, few_labels = _mnist_pngs(mnist_home, tmp_path, 20)
    lines = _python("-m", "skmlkit", "predict", *few, env=env, cwd=tmp_path)
    assert lines[0].startswith("Using the model packaged with skmlkit")
    answers = [line.split()[1] for line in lines[1:]]
    assert sum(a == str(y) for a, y in zip(answers, few_labels, strict=True)) >= 19


def test_cli_predict_uses_the_packaged_model(mnist_home, tmp_path, capsys):
    from skmlkit.cli import main

    paths, labels = _mnist_pngs(mnist_home, tmp_path, 20)
    assert main(["predict", *paths]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Using the model packaged with skmlkit (robust")
    answers = [line.split()[1] for line in lines[1:]]
    assert sum(a == str(y) for a, y in zip(answers, labels, strict=True)) >= 19


def test_cli_evaluate_scores_the_packaged_model(mnist_home, capsys):
    from skmlkit.cli import main

    args = ["mnist", "evaluate", "--test-size", "500", "--data-home", str(mnist_home)]
    assert main([*args, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Using the model packaged with skmlkit")
    assert "Test accuracy:" in out


def test_source_tree_without_the_file(monkeypatch, tmp_path):
    from skmlkit.neural_network import _pretrained

    monkeypatch.setattr(_pretrained, "pretrained_path", lambda: tmp_path / "none")
    with pytest.raises(FileNotFoundError, match="mnist train"):
        _pretrained.load_pretrained()
    shutil.rmtree(tmp_path)
