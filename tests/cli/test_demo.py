"""``skmlkit demo``: the main job end to end on small data."""

import re

import pytest
from PIL import Image

from skmlkit import MNISTClassifier
from skmlkit.cli import main

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

REPORT_IMAGES = [
    "confusion_matrix.png",
    "misclassified.png",
    "segments/k_selection.png",
    "segments/silhouette.png",
    "segments/profile.png",
]


def _check_report(out):
    page = (out / "index.html").read_text()
    for name in REPORT_IMAGES:
        assert f'src="{name}"' in page
        with Image.open(out / name) as image:
            assert min(image.size) > 100
    return page


def test_demo_on_mnist_writes_the_report(data_home, tmp_path, capsys):
    out = tmp_path / "report"
    assert (
        main(
            [
                "demo",
                "--out",
                str(out),
                "--data-home",
                str(data_home),
                "--train-size",
                "3000",
                "--test-size",
                "500",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    for step in ("[1/3]", "[2/3]", "[3/3]", "train_loss"):  # visible progress
        assert step in printed
    assert "NOTICE" not in printed
    assert "RFM segmentation of the CDNOW transaction log" in printed
    accuracy = float(re.search(r"test accuracy ([\d.]+)% on 500 mnist", printed)[1])
    assert accuracy > 90
    assert f"Open {out / 'index.html'}" in printed
    page = _check_report(out)
    assert f"Test accuracy {accuracy:.2f}%" in page
    assert "the CDNOW transaction log" in page and "not an MNIST result" not in page
    assert 'href="segments/report.html"' in page
    customers = (out / "segments" / "customers.csv").read_text().splitlines()
    assert len(customers) == 1 + 23_570
    model = MNISTClassifier.load(out / "digits.skmlkit")
    assert model.n_features_in_ == 784


def test_demo_offline_falls_back_to_sklearn_digits(tmp_path, capsys):
    empty_home = tmp_path / "home"
    out = tmp_path / "report"
    assert (
        main(
            [
                "demo",
                "--out",
                str(out),
                "--data-home",
                str(empty_home),
                "--no-download",
                "-q",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "NOTICE: MNIST is not available" in printed
    assert str(empty_home / "mnist") in printed  # says where to put the files
    assert "8x8 digits" in printed and "train_loss" not in printed
    accuracy = float(re.search(r"test accuracy ([\d.]+)% on 450 sklearn", printed)[1])
    assert accuracy > 90
    page = _check_report(out)
    assert "not an MNIST result" in page
    assert "NOTICE: the CDNOW transaction log is not in the data home" in printed
    assert "5 segments" in page and "synthetic customers" in page
    assert MNISTClassifier.load(out / "digits.skmlkit").n_features_in_ == 784


@pytest.mark.parametrize("size", ["5", "0"])
def test_demo_rejects_tiny_subsets(tmp_path, capsys, size):
    assert main(["demo", "--out", str(tmp_path), "--train-size", size]) == 1
    assert "at least 10 images" in capsys.readouterr().err
