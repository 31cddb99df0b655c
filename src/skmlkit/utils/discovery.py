"""Discovery of the public estimators of skmlkit."""

import importlib
import inspect

from sklearn.base import BaseEstimator

__all__ = ["all_estimators"]

# Public modules that define estimators; torch-backed ones included.
ESTIMATOR_MODULES = [
    "skmlkit.neural_network",
    "skmlkit.cluster",
    "skmlkit.preprocessing",
]


def all_estimators():
    """Return the public estimators of skmlkit.

    Returns
    -------
    estimators : list of (str, type)
        Name and class of each public estimator, sorted by name.

    Examples
    --------
    >>> from skmlkit.utils.discovery import all_estimators
    >>> "MNISTClassifier" in dict(all_estimators())
    True
    """
    found = {}
    for module_name in ESTIMATOR_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
                found[name] = obj
    return sorted(found.items())
