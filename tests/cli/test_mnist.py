"""The MNIST commands end to end on a small subset."""

import numpy as np
import pytest
from PIL import Image

from skmlkit import MNISTClassifier
from skmlkit.cli import main

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


def test_predict_images(trained_model, mnist_home, tmp_path, capsys):
    from skmlkit.datasets import fetch_mnist

    test = fetch_mnist(subset="test", data_home=mnist_home)
    paths = []
    for index in range(10):
        # Dark ink on white, enlarged, in RGB: as a user's scan would be.
        picture = Image.fromarray(255 - test.images[index]).resize((140, 140))
        path = tmp_path / f"digit{index}.png"
        picture.convert("RGB").save(path)
        paths.append(str(path))
    assert main(["predict", str(trained_model), *paths]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 10
    predicted = np.array([int(line.split()[1]) for line in lines])
    assert np.mean(predicted == test.target[:10]) >= 0.8
    assert all("(p=" in line for line in lines)
    switched = ["--no-tta", "--deskew", "--no-clean", "--no-local-background"]
    assert main(["predict", str(trained_model), *paths, *switched]) == 0
    other = capsys.readouterr().out.strip().splitlines()
    assert len(other) == 10 and other != lines  # other probabilities


@pytest.mark.parametrize(
    "argv",
    [
        ["predict", "{model}", "{tmp}/missing.png"],
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
