"""Fuzzing the command line: any arguments and files give one clean line or work."""

import contextlib
import io
import os

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from PIL import Image
from sklearn.datasets import load_digits

from skmlkit import MNISTClassifier
from skmlkit.cli import main
from skmlkit.datasets import make_customers

from ..strategies import fuzz_settings

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

FUZZ = fuzz_settings(80)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Named files of every kind a user might pass by mistake or on purpose."""
    folder = tmp_path_factory.mktemp("fuzz_cli")
    paths = {
        "missing": folder / "missing.csv",
        "folder": folder,
        "empty": folder / "empty.csv",
        "garbage": folder / "garbage.bin",
        "text_csv": folder / "text.csv",
        "customers": folder / "customers.csv",
        "image": folder / "digit.png",
        "model8x8": folder / "m.skmlkit",
    }
    paths["empty"].write_bytes(b"")
    paths["garbage"].write_bytes(np.random.default_rng(0).bytes(500))
    paths["text_csv"].write_text("name,city\nann,paris\nbob,rome\n")
    make_customers(n_samples=40, random_state=0).data.to_csv(paths["customers"])
    pixels = np.zeros((40, 40), dtype=np.uint8)
    pixels[5:35, 18:23] = 255
    Image.fromarray(pixels).save(paths["image"])
    X, y = load_digits(return_X_y=True)
    MNISTClassifier(architecture="mlp", max_epochs=1, random_state=0).fit(
        X[:200], y[:200]
    ).save(paths["model8x8"])
    return {name: str(path) for name, path in paths.items()}


FILE_NAMES = [
    "missing",
    "folder",
    "empty",
    "garbage",
    "text_csv",
    "customers",
    "image",
    "model8x8",
]
COLUMNS = ["annual_income", "spending_score", "nope", "name", ""]


@st.composite
def command_lines(draw):
    """Arguments for a subcommand, mixing sensible and senseless values."""
    file = st.sampled_from(FILE_NAMES).map(lambda name: f"@{name}")
    number = st.one_of(st.integers(-3, 12).map(str), st.sampled_from(["x", "2.5"]))
    command = draw(
        st.sampled_from(["segment", "predict", "evaluate", "datasets", "random"])
    )
    if command == "segment":
        argv = ["segment", draw(file), "--out", "@out"]
        if draw(st.booleans()):
            argv += [
                "--columns",
                *draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=2)),
            ]
        for option in ("--k-min", "--k-max"):
            if draw(st.booleans()):
                argv += [option, draw(number)]
        if draw(st.booleans()):
            argv += ["--method", draw(st.sampled_from(["auto", "gap", "bogus"]))]
        if draw(st.booleans()):
            argv += ["--log"]
        return argv
    if command == "predict":
        return ["predict", draw(file), *draw(st.lists(file, min_size=1, max_size=2))]
    if command == "evaluate":
        return [
            "mnist",
            "evaluate",
            draw(file),
            "--data-home",
            draw(file),
            "--test-size",
            draw(number),
        ]
    if command == "datasets":
        return ["datasets", "--data-home", draw(file)]
    # Not "train", "demo" or "evaluate": a bare "mnist train" would train on
    # all of MNIST, a bare "mnist evaluate" score the packaged model on all of
    # it (fetching MNIST where the data home lacks it); their own tests cover
    # them.
    return draw(
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "mnist",
                        "segment",
                        "predict",
                        "--help",
                        "--epochs",
                        "-o",
                        "--debug",
                        "--version",
                    ]
                ),
                st.text(max_size=5),
            ),
            max_size=4,
        )
    )


@contextlib.contextmanager
def _working_directory(path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@FUZZ
@given(argv=command_lines())
def test_cli_exits_cleanly(files, tmp_path_factory, argv):
    out = tmp_path_factory.mktemp("out")
    argv = [files.get(a[1:], a) if a.startswith("@") else a for a in argv]
    argv = [str(out) if a == "@out" else a for a in argv]
    if "--debug" in argv:
        argv.remove("--debug")  # --debug shows tracebacks on purpose
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        _working_directory(out),
    ):  # whatever a command writes lands there
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse: usage errors and --help
            code = exit.code
    errors = stderr.getvalue()
    event(f"{argv[0] if argv else '(none)'}: exit {code}")
    assert "Traceback" not in errors
    assert code in (0, 1, 2), code
    if code == 1:
        lines = [line for line in errors.splitlines() if line.strip()]
        assert lines[-1].startswith("skmlkit: error: "), errors
        assert len(lines) == 1 or all(
            "Warning" in line or line.startswith(" ") for line in lines[:-1]
        ), errors
