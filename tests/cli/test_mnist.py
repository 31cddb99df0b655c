"""The MNIST commands end to end on a small subset."""

import re

import numpy as np
import pytest
from PIL import Image

from skmlkit import MNISTClassifier
from skmlkit.cli import main

from ..pictures import as_scan

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory, mnist_home):
    folder = tmp_path_factory.mktemp("cli")
    model = folder / "digits.skmlkit"
    code = main(
        [
            "mnist",
            "train",
            "--train-size",
            "1500",
            "--test-size",
            "300",
            "--epochs",
            "2",
            "--output",
            str(model),
            "--quiet",
            "--data-home",
            str(mnist_home),
        ]
    )
    assert code == 0
    return model


def test_train_writes_model_and_confusion_matrix(trained_model, capsys):
    assert trained_model.is_file()
    figure = trained_model.with_name("digits_confusion.png")
    assert figure.is_file()
    with Image.open(figure) as image:
        assert image.size[0] > 400
    loaded = MNISTClassifier.load(trained_model)
    assert loaded.n_iter_ == 2
    # With no --preset, users get the model made for digits that are not MNIST.
    assert loaded.augment == "robust" and loaded.tta


def test_train_prints_accuracy(mnist_home, tmp_path, capsys):
    model = tmp_path / "m.skmlkit"
    assert (
        main(
            [
                "mnist",
                "train",
                "--preset",
                "mlp",
                "--train-size",
                "500",
                "--test-size",
                "200",
                "--epochs",
                "1",
                "-o",
                str(model),
                "--data-home",
                str(mnist_home),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "epoch" in out and "train_loss" in out  # the epoch table
    assert "test accuracy" in out and "on 200 images" in out


def test_evaluate(trained_model, mnist_home, tmp_path, capsys):
    figure = tmp_path / "cm.png"
    assert (
        main(
            [
                "mnist",
                "evaluate",
                str(trained_model),
                "--test-size",
                "300",
                "--confusion-matrix",
                str(figure),
                "--data-home",
                str(mnist_home),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    accuracy = float(out.split("Test accuracy: ")[1].split("%")[0])
    assert accuracy > 85
    assert "precision" in out and figure.is_file()


@pytest.fixture
def digit_files(mnist_home, tmp_path):
    """Ten MNIST test digits as a user's scans: dark ink on white, RGB, 140 px."""
    from skmlkit.datasets import fetch_mnist

    test = fetch_mnist(subset="test", data_home=mnist_home)
    paths = []
    for index in range(10):
        picture = as_scan(test.images[index], 140)
        path = tmp_path / f"digit{index}.png"
        picture.convert("RGB").save(path)
        paths.append(str(path))
    return paths, test.target[:10]


@pytest.fixture
def worn_digit_files(mnist_home, tmp_path):
    """MNIST test digits as worn scans: a shadow, dust, some tiny, some bold.

    Each normalisation switch of ``skmlkit predict`` changes what the model
    sees on several of them.
    """
    from PIL import ImageFilter

    from skmlkit.datasets import fetch_mnist

    test = fetch_mnist(subset="test", data_home=mnist_home)
    rng = np.random.default_rng(0)
    paths = []
    for index in range(10):
        side = 140 if index % 2 else 22
        picture = as_scan(test.images[index], side)
        if index % 3 == 0:  # a bold pen
            picture = picture.filter(ImageFilter.MinFilter(5 if side > 50 else 3))
        pixels = np.asarray(picture, dtype=float) - np.linspace(0, 90, side)
        specks = rng.integers(0, side, (6, 2))
        pixels[specks[:, 0], specks[:, 1]] = 0  # dust
        path = tmp_path / f"worn{index}.png"
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path)
        paths.append(str(path))
    return paths


def _printed(lines):
    """(label, probability) of each ``skmlkit predict`` line, "?" lines too."""
    read = []
    for line in lines:
        answer = line.split()[1]
        label = answer if answer != "?" else re.search(r"(?:guess|sure:) (\d)", line)[1]
        read.append((int(label), float(re.search(r"p=(\d\.\d+)", line)[1])))
    return read


def test_predict_images(trained_model, digit_files, capsys):
    paths, target = digit_files
    assert main(["predict", str(trained_model), *paths]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10
    predicted = np.array([label for label, _ in _printed(lines)])
    assert np.mean(predicted == target) >= 0.8
    assert all("(p=" in line or " ? " in line for line in lines)


@pytest.mark.parametrize(
    ("switch", "steps", "tta"),
    [
        ("--no-tta", {}, False),
        ("--deskew", {"deskew": True}, None),
        ("--no-clean", {"clean": False}, None),
        ("--no-local-background", {"local_background": False}, None),
        ("--no-upsample", {"upsample": False}, None),
        ("--stroke-width", {"stroke_width": True}, None),
    ],
)
def test_predict_switches_one_per_run(
    trained_model, worn_digit_files, capsys, switch, steps, tta
):
    from skmlkit.images import read_digit_images

    paths = worn_digit_files
    assert main(["predict", str(trained_model), *paths, switch]) == 0
    printed = _printed(capsys.readouterr().out.strip().splitlines())
    # The switch, and only it, reached the reader or the model.
    classifier = MNISTClassifier.load(trained_model)
    if tta is not None:
        classifier.set_params(tta=tta)
    proba = classifier.predict_proba(read_digit_images(paths, **steps))
    expected = [(int(classifier.classes_[p.argmax()]), p.max()) for p in proba]
    for (label, p), (label_expected, p_expected) in zip(printed, expected, strict=True):
        assert label == label_expected and p == pytest.approx(p_expected, abs=6e-3)
    # ... and it matters on these pictures: other images, or other answers.
    seen, default = read_digit_images(paths, **steps), read_digit_images(paths)
    if steps:
        assert (seen != default).any(axis=1).sum() >= 3
    else:
        plain = MNISTClassifier.load(trained_model).predict_proba(default)
        assert np.abs(plain - proba).max() > 0.01


def test_predict_says_why_it_abstains(robust_model, mnist_home, tmp_path, capsys):
    from skmlkit.datasets import fetch_mnist, make_non_digit_images

    _, model = robust_model
    test = fetch_mnist(subset="test", data_home=mnist_home)
    as_scan(test.images[0], 90).save(tmp_path / "d.png")
    Image.new("L", (60, 60), 255).save(tmp_path / "blank.png")
    (tmp_path / "notes.png").write_text("not a picture")
    noise = make_non_digit_images(n_samples=1, kinds=["noise"], random_state=0).images[
        0
    ]
    noise.save(tmp_path / "noise.png")
    names = ["d.png", "blank.png", "notes.png", "missing.png", "noise.png"]
    paths = [str(tmp_path / name) for name in names]
    show = tmp_path / "seen.png"
    assert main(["predict", str(model), *paths, "--show", str(show)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[1] == str(test.target[0])
    assert lines[1].split()[1:3] == ["?", "(blank:"]
    assert lines[2].split()[1:3] == ["?", "(unreadable:"]
    assert lines[3].split()[1:3] == ["?", "(unreadable:"]
    assert lines[4].split()[1] == "?" and "best guess" in lines[4]
    assert "Saved the picture" in lines[5]
    with Image.open(show) as image:  # a row for each of the two readable pictures
        assert image.size[1] >= 2 * 180
    # --no-abstain: a best guess for every readable picture.
    assert main(["predict", str(model), paths[4], "--no-abstain"]) == 0
    assert capsys.readouterr().out.split()[1] in "0123456789"


def test_predict_number(robust_model, mnist_home, tmp_path, capsys):
    from skmlkit.datasets import fetch_mnist, make_number_images

    _, model = robust_model
    X, y = fetch_mnist(subset="test", data_home=mnist_home, return_X_y=True)
    numbers = make_number_images(
        X[:500], y[:500], n_samples=4, n_digits=3, random_state=1
    )
    paths = []
    for index, image in enumerate(numbers.images):
        paths.append(str(tmp_path / f"n{index}.png"))
        Image.fromarray(image).save(paths[-1])
    assert main(["predict", str(model), "--number", *paths]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    read = [line.split()[1] for line in lines]
    assert sum(r == n for r, n in zip(read, numbers.numbers, strict=True)) >= 3
    assert main(["predict", str(model), "--number", paths[0], "--show", "x.png"]) == 1
    assert "--number" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["predict", "{tmp}/missing.skmlkit", "{tmp}/missing.png"],
        ["mnist", "evaluate", "{tmp}/notes.txt"],
    ],
)
def test_user_errors_are_one_line(trained_model, tmp_path, capsys, argv):
    (tmp_path / "notes.txt").write_text("not a model")
    argv = [a.format(model=trained_model, tmp=tmp_path) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skmlkit: error: ") and "\n" not in err
