"""scikit-learn's estimator checks on every public estimator: no expected failures."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from skmlkit.utils.discovery import all_estimators

# Trains: outside the quick run (-m "not slow"); depends on the library
# versions, so tox's oldest env runs it (-m estimator_checks).
pytestmark = [pytest.mark.slow, pytest.mark.estimator_checks]


def _mnist_classifier_variants(Estimator):
    for architecture in ("cnn", "deep_cnn", "mlp"):
        yield Estimator(architecture=architecture)
    # Not "fast": its 3 epochs of 256-image batches are tuned for 60,000
    # images and make only a few updates on the checks' 300 rows.
    yield Estimator.preset("accurate")
    yield Estimator(precision="bfloat16")  # mixed-precision training


def _auto_kmeans_variants(Estimator):
    # One instance per code path: the K-selection method only changes which
    # precomputed score picks K, except "elbow", which may warn and fall back;
    # the mini-batch backend fits differently.
    yield Estimator()
    yield Estimator(method="elbow")
    yield Estimator(algorithm="minibatch")


def _balanced_one_hot_variants(Estimator):
    yield Estimator()
    yield Estimator(weight="none")


def _log_scaler_variants(Estimator):
    yield Estimator()
    yield Estimator(skewed=[0], scale="minmax")  # the checks' X has >= 1 column
    yield Estimator(scale="none")


# Estimator name -> the instances its common checks run on. A new public
# estimator fails test_every_public_estimator_has_instances until added here.
VARIANTS = {
    "AutoKMeans": _auto_kmeans_variants,
    "BalancedOneHotEncoder": _balanced_one_hot_variants,
    "LogScaler": _log_scaler_variants,
    "MNISTClassifier": _mnist_classifier_variants,
}
# The one documented exception to "no expected failures": RFMFeatures turns
# a transaction log into one row per customer, so checks that feed it a
# matrix of random numbers do not apply. It runs the checks that do apply,
# and lists the others with their reasons, in its own test module.
CHECKED_ELSEWHERE = {"RFMFeatures": "tests/preprocessing/test_rfm.py"}


def _instances():
    for name, Estimator in all_estimators():
        if name not in CHECKED_ELSEWHERE:
            yield from VARIANTS[name](Estimator)


def _parametrize_with_checks(estimators):
    """``parametrize_with_checks``, its cases as a list.

    scikit-learn 1.6 passes pytest a generator, which pytest 9 refuses.
    """
    mark = parametrize_with_checks(estimators)
    names, cases = mark.args[:2]
    return pytest.mark.parametrize(names, list(cases), *mark.args[2:], **mark.kwargs)


@_parametrize_with_checks(list(_instances()))
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def test_every_public_estimator_has_instances():
    names = {name for name, _ in all_estimators()} - set(CHECKED_ELSEWHERE)
    assert names == set(VARIANTS)
    checked = {type(instance).__name__ for instance in _instances()}
    assert checked == names


@pytest.mark.parametrize(("name", "Estimator"), all_estimators())
def test_estimator_exported_at_top_level(name, Estimator):
    import skmlkit

    assert getattr(skmlkit, name) is Estimator
    assert name in skmlkit.__all__
