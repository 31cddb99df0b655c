from sklearn.base import BaseEstimator

from skmlkit.utils.discovery import all_estimators


def test_all_estimators_are_estimator_classes():
    estimators = all_estimators()
    assert estimators == sorted(estimators)
    assert all(issubclass(cls, BaseEstimator) for _, cls in estimators)


def test_discovery_finds_every_estimator():
    from skmlkit import (
        AutoKMeans,
        BalancedOneHotEncoder,
        LogScaler,
        MNISTClassifier,
        RFMFeatures,
    )

    assert all_estimators() == [
        ("AutoKMeans", AutoKMeans),
        ("BalancedOneHotEncoder", BalancedOneHotEncoder),
        ("LogScaler", LogScaler),
        ("MNISTClassifier", MNISTClassifier),
        ("RFMFeatures", RFMFeatures),
    ]
