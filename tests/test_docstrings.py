"""Every public object is documented in numpydoc style, with runnable Examples.

The Examples run as doctests (``pytest --doctest-modules --pyargs skmlkit``);
here we check that they exist, that Parameters match signatures and that the
fitted attributes an estimator documents exist after ``fit``.
"""

import importlib
import inspect

import numpy as np
import pytest
from numpydoc.docscrape import ClassDoc, FunctionDoc
from sklearn.datasets import load_digits

from skmlkit.datasets import make_transactions
from skmlkit.utils.discovery import all_estimators

PUBLIC_MODULES = [
    "skmlkit",
    "skmlkit.cluster",
    "skmlkit.datasets",
    "skmlkit.exceptions",
    "skmlkit.images",
    "skmlkit.neural_network",
    "skmlkit.plotting",
    "skmlkit.utils.discovery",
]


def _public_objects():
    seen = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            # Re-exports of scikit-learn's own classes (InvalidParameterError)
            # are documented there.
            ours = getattr(obj, "__module__", "").startswith("skmlkit")
            if ours and (inspect.isclass(obj) or inspect.isfunction(obj)):
                seen.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return sorted(seen.items())


PUBLIC = _public_objects()


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_object_has_numpydoc_sections(name, obj):
    doc = ClassDoc(obj) if inspect.isclass(obj) else FunctionDoc(obj)
    assert doc["Summary"], f"{name}: no summary line"
    assert doc["Examples"], f"{name}: no Examples section"
    if inspect.isfunction(obj):
        documented = [p.name.split(":")[0] for p in doc["Parameters"]]
        # ``**steps`` documents the var-keyword parameter named ``steps``.
        expected = list(inspect.signature(obj).parameters)
        flat = [n.strip().lstrip("*") for entry in documented for n in entry.split(",")]
        assert flat == expected, f"{name}: Parameters {flat} != signature {expected}"
        assert doc["Returns"] or doc["Yields"], f"{name}: no Returns section"


@pytest.mark.parametrize(("name", "estimator"), all_estimators())
def test_documented_fitted_attributes_exist(name, estimator):
    doc = ClassDoc(estimator)
    documented = [a.name.split(":")[0].strip() for a in doc["Attributes"]]
    assert documented, f"{name} documents no Attributes"
    X, y = load_digits(return_X_y=True)
    X, y = X[:200].astype(np.float64), y[:200]
    model = estimator()
    if name == "MNISTClassifier":
        model.set_params(max_epochs=1, architecture="mlp")
    if name == "RFMFeatures":  # a transaction log, not a matrix
        X, y = make_transactions(n_samples=20, random_state=0).data, None
    model.fit(X, y)
    optional = {"feature_names_in_"}  # only after fitting on a DataFrame
    missing = [a for a in documented if a not in optional and not hasattr(model, a)]
    assert not missing, f"{name} documents {missing} but has no such attribute"
