from sklearn.base import BaseEstimator

from skmlkit.utils.discovery import all_estimators


def test_all_estimators_are_estimator_classes():
    estimators = all_estimators()
    assert estimators == sorted(estimators)
    assert all(issubclass(cls, BaseEstimator) for _, cls in estimators)


def test_discovery_finds_both_estimators():
    from skmlkit import AutoKMeans, MNISTClassifier

    assert all_estimators() == [
        ("AutoKMeans", AutoKMeans),
        ("MNISTClassifier", MNISTClassifier),
    ]
