import numpy as np
import pytest
import torch

from skmlkit import MNISTClassifier
from skmlkit.exceptions import InvalidParameterError
from skmlkit.neural_network._architectures import (
    ACTIVATION_NAMES,
    ARCHITECTURE_NAMES,
    MODULE_PARAMETER_CONSTRAINTS,
    module_parameters,
)
from skmlkit.neural_network._modules import ACTIVATIONS, MODULE_CLASSES, module_kwargs


@pytest.mark.parametrize("architecture", ARCHITECTURE_NAMES)
@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (2, 2), (1, 20), (5, 3), (28, 28)])
def test_every_architecture_takes_any_image_size(architecture, shape):
    module_class, kwargs = module_kwargs(architecture, {})
    module = module_class(image_shape=shape, n_classes=3, **kwargs).eval()
    assert module(torch.zeros(4, 1, *shape)).shape == (4, 3)


def test_torch_free_names_match_the_torch_modules():
    assert tuple(ACTIVATIONS) == ACTIVATION_NAMES
    assert set(MODULE_CLASSES) == set(ARCHITECTURE_NAMES)
    import inspect

    for architecture, module_class in MODULE_CLASSES.items():
        names = set(inspect.signature(module_class).parameters)
        assert set(module_parameters(architecture)) == names - {
            "image_shape",
            "n_classes",
        }


def test_cnn_layers_follow_parameters():
    module_class, kwargs = module_kwargs(
        "cnn",
        {
            "channels": (4, 8, 16),
            "kernel_size": 3,
            "batch_norm": False,
            "activation": "gelu",
        },
    )
    module = module_class(image_shape=(28, 28), n_classes=10, **kwargs)
    convs = [m for m in module.modules() if isinstance(m, torch.nn.Conv2d)]
    assert [c.out_channels for c in convs] == [4, 8, 16]
    assert all(c.kernel_size == (3, 3) for c in convs)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in module.modules())
    assert any(isinstance(m, torch.nn.GELU) for m in module.modules())


def test_even_kernel_rejected_by_the_module():
    module_class, kwargs = module_kwargs("cnn", {"kernel_size": 4})
    with pytest.raises(ValueError, match="kernel_size must be odd"):
        module_class(image_shape=(28, 28), n_classes=10, **kwargs)


# One invalid value per module parameter, and the parameter name the error
# must quote (an element index for sequences).
INVALID = {
    "hidden_units": {
        "mlp": [(-3, "module__hidden_units"), ((64, 0), r"module__hidden_units\[1\]")],
        "cnn": [(-3, "module__hidden_units"), ((64,), "module__hidden_units")],
    },
    "channels": {
        "cnn": [
            ((0,), r"module__channels\[0\]"),
            ((), "module__channels"),
            (16, "module__channels"),
            ((8, 2.5), r"module__channels\[1\]"),
        ]
    },
    "kernel_size": {"cnn": [(4, "module__kernel_size"), (0, "module__kernel_size")]},
    "convs_per_block": {"cnn": [(0, "module__convs_per_block")]},
    "activation": {
        "mlp": [("sigmoidal", "module__activation")],
        "cnn": [("sigmoidal", "module__activation")],
    },
    "dropout": {
        "mlp": [(1.5, "module__dropout"), (-0.1, "module__dropout")],
        "cnn": [(1.0, "module__dropout")],
    },
    "batch_norm": {
        "mlp": [("yes", "module__batch_norm")],
        "cnn": [("yes", "module__batch_norm")],
    },
}


def _invalid_cases():
    for architecture in ARCHITECTURE_NAMES:
        family = "mlp" if architecture == "mlp" else "cnn"
        for name in MODULE_PARAMETER_CONSTRAINTS[architecture]:
            for value, quoted in INVALID[name][family]:
                yield pytest.param(
                    architecture, name, value, quoted, id=f"{architecture}-{name}"
                )


def test_every_module_parameter_has_an_invalid_case():
    covered = {(case.values[0], case.values[1]) for case in _invalid_cases()}
    expected = {
        (architecture, name)
        for architecture in ARCHITECTURE_NAMES
        for name in MODULE_PARAMETER_CONSTRAINTS[architecture]
    }
    assert covered == expected


@pytest.mark.parametrize(
    ("architecture", "name", "value", "quoted"), list(_invalid_cases())
)
def test_invalid_module_parameter_is_an_invalid_parameter_error(
    architecture, name, value, quoted
):
    X = np.random.default_rng(0).uniform(size=(20, 64))
    y = np.arange(20) % 2
    clf = MNISTClassifier(architecture=architecture, max_epochs=1)
    clf.set_params(**{f"module__{name}": value})
    with pytest.raises(InvalidParameterError, match=rf"'{quoted}' parameter"):
        clf.fit(X, y)
    assert not hasattr(clf, "classes_")
    with pytest.raises(InvalidParameterError, match=rf"'{quoted}' parameter"):
        MNISTClassifier(
            architecture=architecture, **{f"module__{name}": value}
        ).partial_fit(X, y, classes=[0, 1])


def test_unknown_module_parameter_is_named():
    X = np.zeros((4, 64))
    with pytest.raises(ValueError, match="module__channels"):
        MNISTClassifier(architecture="mlp", module__channels=(8,)).fit(X, [0, 1] * 2)
