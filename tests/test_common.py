"""scikit-learn's estimator checks on every public estimator: no expected failures."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from skmlkit.utils.discovery import all_estimators


def _instances():
    for name, Estimator in all_estimators():
        if name == "MNISTClassifier":
            for architecture in ("cnn", "deep_cnn", "mlp"):
                yield Estimator(architecture=architecture)
            # Not "fast": its 2 epochs of 256-image batches are tuned for
            # 60,000 images and make only 4 updates on the checks' 300 rows.
            yield Estimator.preset("accurate")
            yield Estimator(precision="bfloat16")  # mixed-precision training
        else:
            yield Estimator()
            for method in getattr(Estimator, "_check_methods", ()):
                yield Estimator(method=method)


@parametrize_with_checks(list(_instances()))
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def test_every_public_estimator_is_checked():
    names = {name for name, _ in all_estimators()}
    assert "MNISTClassifier" in names
    assert len(list(_instances())) >= len(names)


@pytest.mark.parametrize(("name", "Estimator"), all_estimators())
def test_estimator_exported_at_top_level(name, Estimator):
    import skmlkit

    assert getattr(skmlkit, name) is Estimator
    assert name in skmlkit.__all__
