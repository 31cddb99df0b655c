import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils import check_random_state

from skmlkit import MNISTClassifier
from skmlkit.exceptions import TrainingDivergedError
from skmlkit.neural_network._engine import split_validation, to_tensors
from skmlkit.neural_network._training import derive_seed

from ..conftest import DIVERGING

FAST = {"max_epochs": 2, "random_state": 0}


@pytest.fixture(scope="module")
def fitted_fast(mnist_small):
    X, y, _, _ = mnist_small
    return MNISTClassifier.preset("fast", random_state=0).fit(X, y)


def test_fast_preset_learns_mnist(fitted_fast, mnist_small):
    _, _, X_test, y_test = mnist_small
    assert fitted_fast.image_shape_ == (28, 28)
    assert fitted_fast.n_features_in_ == 784
    assert fitted_fast.score(X_test, y_test) > 0.9
    proba = fitted_fast.predict_proba(X_test)
    assert proba.shape == (1000, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_allclose(np.exp(fitted_fast.predict_log_proba(X_test)), proba)


def test_history_and_fitted_attributes(fitted_fast):
    history = fitted_fast.history_
    assert list(history["epoch"]) == [1, 2, 3]
    assert {"train_loss", "dur", "lr"} <= set(history.columns)
    assert history["train_loss"].iloc[-1] < history["train_loss"].iloc[0]
    assert fitted_fast.n_iter_ == 3
    assert isinstance(fitted_fast.module_, torch.nn.Module)
    assert not fitted_fast.module_.training
    assert fitted_fast.device_ == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.parametrize("shape", [(-1, 28, 28), (-1, 1, 28, 28), (-1, 28, 28, 1)])
def test_image_stacks_equal_flat_rows(fitted_fast, mnist_small, shape):
    _, _, X_test, _ = mnist_small
    np.testing.assert_array_equal(
        fitted_fast.predict_proba(X_test.reshape(shape)),
        fitted_fast.predict_proba(X_test),
    )


def test_any_numeric_range_trains_the_same(mnist_small):
    X, y, X_test, _ = mnist_small
    as_bytes = MNISTClassifier(**FAST, architecture="mlp").fit(X[:600], y[:600])
    as_unit = MNISTClassifier(**FAST, architecture="mlp").fit(X[:600] / 255.0, y[:600])
    agreement = np.mean(as_bytes.predict(X_test) == as_unit.predict(X_test / 255.0))
    assert agreement > 0.99


def test_same_random_state_same_model_and_global_rng_untouched(digits):
    X, y, X_test, _ = digits
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    a = MNISTClassifier(**FAST).fit(X, y).predict_proba(X_test)
    np.testing.assert_array_equal(torch.rand(3), expected_next)
    b = MNISTClassifier(**FAST).fit(X, y).predict_proba(X_test)
    np.testing.assert_array_equal(a, b)
    c = MNISTClassifier(max_epochs=2, random_state=1).fit(X, y).predict_proba(X_test)
    assert not np.array_equal(a, c)


def test_string_labels_and_dataframe(digits):
    X, y, X_test, _ = digits
    names = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    frame = pd.DataFrame(X, columns=[f"px{i}" for i in range(64)])
    clf = MNISTClassifier(**FAST).fit(frame, names[y])
    assert list(clf.classes_) == sorted(names)
    assert list(clf.feature_names_in_) == list(frame.columns)
    predicted = clf.predict(pd.DataFrame(X_test, columns=frame.columns))
    assert set(predicted) <= set(names)
    with pytest.warns(UserWarning, match="feature names"):
        clf.predict(X_test)


def test_binary_labels(digits):
    X, y, X_test, y_test = digits
    clf = MNISTClassifier(**FAST).fit(X, y > 4)
    assert list(clf.classes_) == [False, True]
    assert clf.predict_proba(X_test).shape == (300, 2)
    assert clf.score(X_test, y_test > 4) > 0.8


def test_pipeline_grid_search_and_cross_validation(mnist_small):
    X, y, _, _ = mnist_small
    X, y = X[:800], y[:800]
    pipe = make_pipeline(
        MinMaxScaler(),
        MNISTClassifier(
            architecture="mlp", max_epochs=5, batch_size=64, random_state=0
        ),
    )
    grid = GridSearchCV(
        pipe,
        {
            "mnistclassifier__lr": [1e-3, 3e-3],
            "mnistclassifier__module__hidden_units": [(32,), (128,)],
        },
        cv=2,
    )
    grid.fit(X, y)
    assert grid.best_score_ > 0.75
    assert len(grid.cv_results_["params"]) == 4
    best = grid.best_estimator_[-1]
    assert best.module__hidden_units in [(32,), (128,)]
    assert best.module_.layers[1].out_features == best.module__hidden_units[0]
    scores = cross_val_score(
        MNISTClassifier(
            architecture="cnn", module__channels=(8, 16), max_epochs=2, random_state=0
        ),
        X,
        y,
        cv=3,
    )
    assert scores.shape == (3,) and scores.min() > 0.7


def test_module_params_round_trip():
    clf = MNISTClassifier(module__dropout=0.5)
    assert clf.get_params()["module__dropout"] == 0.5
    clf.set_params(module__dropout=0.1, module__activation="gelu", lr=0.01)
    assert clf.module__dropout == 0.1 and clf.module__activation == "gelu"
    from sklearn.base import clone

    assert clone(clf).get_params() == clf.get_params()


def test_unknown_module_parameter(digits):
    X, y, _, _ = digits
    with pytest.raises(
        ValueError, match=r"Unknown module parameters \['module__units'\]"
    ):
        MNISTClassifier(module__units=3).fit(X, y)
    with pytest.raises(TypeError, match="unexpected keyword argument 'units'"):
        MNISTClassifier(units=3)
    with pytest.raises(ValueError, match="'module__activation' parameter"):
        MNISTClassifier(module__activation="sigmoidal").fit(X, y)


def test_warm_start_continues_training(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(max_epochs=2, warm_start=True, random_state=0).fit(X, y)
    first = [p.detach().clone() for p in clf.module_.parameters()]
    module = clf.module_
    clf.fit(X, y)
    assert clf.module_ is module
    assert clf.n_iter_ == 4 and len(clf.history_) == 4
    after = list(clf.module_.parameters())
    assert any(not torch.equal(a, b) for a, b in zip(first, after, strict=True))
    with pytest.raises(ValueError, match="not seen in the first fit"):
        clf.fit(X, np.where(y == 0, 10, y))


def test_early_stopping_records_validation(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(
        architecture="mlp",  # no batch norm: the restored weights are final
        max_epochs=30,
        early_stopping=True,
        patience=2,
        lr_schedule="constant",
        lr=0.05,
        random_state=0,
    )
    clf.fit(X, y)
    history = clf.history_
    assert {"valid_loss", "valid_acc"} <= set(history.columns)
    assert clf.n_iter_ < 30
    best = history["valid_loss"].min()
    assert history["valid_loss"].iloc[-1] > best  # stopped after worse epochs
    # The model kept is the best epoch's: its loss on the same held-out rows.
    seed = derive_seed(check_random_state(clf.random_state))
    _, _, valid = split_validation(
        clf, X.astype(np.float64), np.searchsorted(clf.classes_, y), seed
    )
    X_valid, y_valid = to_tensors(clf, *valid)
    with torch.no_grad():
        logits = clf.module_.eval()(X_valid)
    loss = torch.nn.functional.cross_entropy(logits, y_valid).item()
    assert loss == pytest.approx(best, rel=1e-4)


def test_validation_fraction_without_early_stopping(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(max_epochs=2, validation_fraction=0.2, random_state=0)
    clf.fit(X, y)
    assert clf.history_["valid_acc"].notna().all()


def test_diverging_training_raises_clear_error(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(**DIVERGING)
    with pytest.raises(TrainingDivergedError, match="Lower the learning rate"):
        clf.fit(X, y)


def test_pickle_and_joblib_round_trip(fitted_fast, mnist_small, tmp_path):
    _, _, X_test, _ = mnist_small
    expected = fitted_fast.predict_proba(X_test)
    restored = pickle.loads(pickle.dumps(fitted_fast))
    np.testing.assert_array_equal(restored.predict_proba(X_test), expected)
    joblib.dump(fitted_fast, tmp_path / "model.joblib")
    np.testing.assert_array_equal(
        joblib.load(tmp_path / "model.joblib").predict_proba(X_test), expected
    )


def test_input_errors(fitted_fast, mnist_small):
    _, _, X_test, _ = mnist_small
    with pytest.raises(ValueError, match="X has 100 features"):
        fitted_fast.predict(X_test[:, :100])
    with pytest.raises(ValueError, match="fitted on images of shape"):
        fitted_fast.predict(np.zeros((2, 14, 56)))
    with pytest.raises(ValueError, match="grayscale"):
        fitted_fast.predict(np.zeros((2, 28, 28, 3)))
    with pytest.raises(ValueError, match="image_shape=\\(10, 10\\) holds 100"):
        MNISTClassifier(image_shape=(10, 10)).fit(X_test[:20], np.arange(20) % 2)


def test_explicit_image_shape_and_non_image_features():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 12))
    y = (X[:, 0] > 0).astype(int)
    clf = MNISTClassifier(image_shape=(3, 4), **FAST).fit(X, y)
    assert clf.image_shape_ == (3, 4)
    assert MNISTClassifier(**FAST).fit(X, y).image_shape_ == (1, 12)
    with pytest.warns(UserWarning, match="augment='shift' ignored"):
        MNISTClassifier(augment="shift", **FAST).fit(X, y)


@pytest.mark.parametrize("augment", ["shift", "affine", "elastic", "robust"])
def test_augmentations_train(digits, augment):
    X, y, X_test, y_test = digits
    clf = MNISTClassifier(augment=augment, max_epochs=3, random_state=0)
    assert clf.fit(X, y).score(X_test, y_test) > 0.6


def test_presets():
    default = MNISTClassifier.preset("default")
    assert default.get_params() == MNISTClassifier().get_params()
    assert MNISTClassifier.preset("accurate").architecture == "deep_cnn"
    assert MNISTClassifier.preset("robust").augment == "robust"
    assert MNISTClassifier.preset("mlp", max_epochs=1).max_epochs == 1
    with pytest.raises(ValueError, match="Unknown preset 'huge'"):
        MNISTClassifier.preset("huge")


def test_lazy_import_of_torch():
    import subprocess
    import sys

    code = (
        "import sys, skmlkit, skmlkit.datasets, skmlkit.neural_network, "
        "skmlkit.neural_network._presets, skmlkit.neural_network._architectures, "
        "skmlkit.cli; print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize("schedule", ["onecycle", "cosine", "constant"])
@pytest.mark.parametrize("n_samples", [2, 5, 130, 300])
def test_schedules_on_few_steps(schedule, n_samples):
    X, y = load_digits(return_X_y=True)
    X, y = X[:n_samples], np.arange(n_samples) % 2
    clf = MNISTClassifier(
        max_epochs=1, lr_schedule=schedule, module__channels=(4,), random_state=0
    ).fit(X, y)
    assert clf.n_iter_ == 1
    assert np.isfinite(clf.history_["train_loss"]).all()


def test_partial_fit_trains_one_epoch_per_call(digits):
    X, y, X_test, y_test = digits
    clf = MNISTClassifier(random_state=0, lr=3e-3)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    for _ in range(4):
        clf.partial_fit(X, y, classes=np.arange(10))
    assert clf.n_iter_ == 4
    assert clf.history_["lr"].eq(3e-3).all()  # constant learning rate
    assert clf.score(X_test, y_test) > 0.8
    with pytest.raises(ValueError, match="not in classes"):
        clf.partial_fit(X[:10], np.full(10, 11))
    with pytest.raises(ValueError, match="differs from the classes"):
        clf.partial_fit(X, y, classes=np.arange(11))
    with pytest.raises(ValueError, match="X has 10 features"):
        clf.partial_fit(X[:, :10], y)


def test_partial_fit_after_fit_continues(digits):
    X, y, _, _ = digits
    clf = MNISTClassifier(max_epochs=2, random_state=0).fit(X, y)
    module = clf.module_
    clf.partial_fit(X[:100], y[:100])
    assert clf.module_ is module and clf.n_iter_ == 3


@pytest.mark.parametrize("verbose", [0, 1, 2])
def test_verbose_epoch_table_and_progress_bar(digits, capsys, verbose):
    X, y, _, _ = digits
    MNISTClassifier(
        architecture="mlp", max_epochs=2, batch_size=64, verbose=verbose, random_state=0
    ).fit(X, y)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert ("train_loss" in output) == (verbose >= 1)  # the epoch table
    # tqdm's bar (cleared when the epoch ends): "n/10 [", 600 rows / 64 = 10.
    assert ("/10 [" in output) == (verbose >= 2)


def test_tta_averages_views_and_leaves_plain_predictions_unchanged(
    fitted_fast, mnist_small
):
    _, _, X_test, y_test = mnist_small
    plain = fitted_fast.predict_proba(X_test)
    tta = clone_fitted(fitted_fast, tta=True)
    averaged = tta.predict_proba(X_test)
    np.testing.assert_allclose(averaged.sum(axis=1), 1)
    assert not np.allclose(averaged, plain)
    np.testing.assert_array_equal(averaged, tta.predict_proba(X_test))
    # A row's prediction does not depend on the rows predicted with it.
    np.testing.assert_allclose(tta.predict_proba(X_test[3:4]), averaged[3:4], atol=1e-6)
    assert tta.score(X_test, y_test) > 0.9
    tta.set_params(tta=False)
    np.testing.assert_array_equal(tta.predict_proba(X_test), plain)
    # The documented views, made here independently: the image, rotations of
    # 8 degrees either way, a 1-pixel diagonal shift, a squeeze to 85% width.
    images = X_test[:40].reshape(-1, 28, 28).astype(np.float64)
    views = [_view(images, *view) for view in DOCUMENTED_VIEWS]
    one_view = clone_fitted(tta, tta=False)
    mean = np.mean([one_view.predict_proba(v.reshape(40, -1)) for v in views], axis=0)
    np.testing.assert_allclose(averaged[:40], mean, atol=2e-3)


# (degrees, width, dx, dy) of each test-time view, as the docstring of tta says.
DOCUMENTED_VIEWS = [(0, 1.0, 0, 0), (8, 1.0, 0, 0), (-8, 1.0, 0, 0), (0, 1.0, 1, 1),
                    (0, 0.85, 0, 0)]  # fmt: skip


def _view(images, degrees, width, dx, dy):
    """Rotate/squeeze about the centre, shift down-right; background kept."""
    from scipy.ndimage import affine_transform

    angle = np.radians(degrees)
    # Output (row, col) -> input (row, col), about the image centre.
    cos, sin = np.cos(angle), np.sin(angle)
    matrix = np.array([[cos, sin / width], [-sin, cos / width]])
    centre = np.array([13.5, 13.5])
    offset = centre - matrix @ centre - np.array([dy, dx])
    out = []
    for image in images:
        background = image.min()
        moved = affine_transform(
            image - background, matrix, offset=offset, order=1, cval=0.0
        )
        out.append(moved + background)
    return np.array(out)


def clone_fitted(model, **params):
    copy = pickle.loads(pickle.dumps(model))
    return copy.set_params(**params)
