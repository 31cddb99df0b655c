"""Architecture names, defaults and ``module__*`` parameter constraints.

Torch-free, so that the command line and the docs can list the choices
without importing torch; ``_modules.py`` maps each name to its torch module.
"""

from numbers import Integral, Real

from sklearn.utils._param_validation import (
    Interval,
    StrOptions,
    validate_parameter_constraints,
)

MODULE_PREFIX = "module__"

ACTIVATION_NAMES = ("relu", "gelu", "silu", "elu", "leaky_relu", "tanh")


class _OddPositiveIntegers(Interval):
    """Odd integers >= 1 (convolution kernels with "same" padding)."""

    def __init__(self):
        super().__init__(Integral, 1, None, closed="left")

    def is_satisfied_by(self, val):
        return super().is_satisfied_by(val) and val % 2 == 1

    def __str__(self):
        return "an odd int >= 1"


_POSITIVE_INT = Interval(Integral, 1, None, closed="left")
_ACTIVATION = StrOptions(set(ACTIVATION_NAMES))
_DROPOUT = Interval(Real, 0, 1, closed="left")

# Per architecture: constraints of each module parameter (scikit-learn's
# ``_parameter_constraints`` format) and, for sequence parameters, the
# constraints of every element.
_MLP_CONSTRAINTS = {
    "hidden_units": [tuple, list],
    "activation": [_ACTIVATION],
    "dropout": [_DROPOUT],
    "batch_norm": ["boolean"],
}
_CNN_CONSTRAINTS = {
    "channels": [tuple, list],
    "kernel_size": [_OddPositiveIntegers()],
    "convs_per_block": [_POSITIVE_INT],
    "hidden_units": [_POSITIVE_INT],
    "activation": [_ACTIVATION],
    "dropout": [_DROPOUT],
    "batch_norm": ["boolean"],
}
MODULE_PARAMETER_CONSTRAINTS = {
    "mlp": _MLP_CONSTRAINTS,
    "cnn": _CNN_CONSTRAINTS,
    "deep_cnn": _CNN_CONSTRAINTS,
}
ELEMENT_CONSTRAINTS = {
    "mlp": {"hidden_units": [_POSITIVE_INT]},
    "cnn": {"channels": [_POSITIVE_INT]},
    "deep_cnn": {"channels": [_POSITIVE_INT]},
}
# Sequence parameters that need at least one element.
NON_EMPTY = {"channels"}

# Architecture name -> default module parameters (besides the module's own).
ARCHITECTURE_DEFAULTS = {
    "mlp": {},
    "cnn": {},
    # Deeper: two 3x3 convolutions per block, three blocks, wider head.
    "deep_cnn": {
        "channels": (32, 64, 128),
        "kernel_size": 3,
        "convs_per_block": 2,
        "hidden_units": 256,
        "dropout": 0.3,
    },
}
ARCHITECTURE_NAMES = tuple(ARCHITECTURE_DEFAULTS)


def module_parameters(architecture):
    """Return the names of the ``module__*`` parameters an architecture takes.

    Parameters
    ----------
    architecture : str
        One of ``ARCHITECTURE_NAMES``.

    Returns
    -------
    names : list of str
        Parameter names without the prefix, sorted.

    Examples
    --------
    >>> from skmlkit.neural_network._architectures import module_parameters
    >>> module_parameters("mlp")
    ['activation', 'batch_norm', 'dropout', 'hidden_units']
    """
    return sorted(MODULE_PARAMETER_CONSTRAINTS[architecture])


def validate_module_params(architecture, params, caller_name="MNISTClassifier"):
    """Check ``module__*`` values against the architecture's constraints.

    Parameters
    ----------
    architecture : str
        One of ``ARCHITECTURE_NAMES``.
    params : dict
        Parameter names without the ``module__`` prefix, and their values.
    caller_name : str, default="MNISTClassifier"
        Name quoted in the error messages.

    Raises
    ------
    InvalidParameterError
        Naming the first invalid parameter (``module__<name>``, or
        ``module__<name>[i]`` for an element of a sequence); a ``ValueError``
        and a ``TypeError``.
    ValueError
        For a parameter the architecture does not take.

    Examples
    --------
    >>> from skmlkit.neural_network._architectures import validate_module_params
    >>> validate_module_params("cnn", {"channels": (16, 32), "kernel_size": 3})
    >>> try:
    ...     validate_module_params("cnn", {"channels": (16, 0)})
    ... except ValueError as exc:
    ...     print(exc)
    The 'module__channels[1]' parameter of MNISTClassifier must be an int in the range [1, inf). Got 0 instead.
    """  # noqa: E501
    allowed = module_parameters(architecture)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValueError(
            f"Unknown module parameters {[MODULE_PREFIX + k for k in unknown]} for "
            f"architecture {architecture!r}; valid ones are "
            f"{[MODULE_PREFIX + k for k in allowed]}."
        )
    constraints = MODULE_PARAMETER_CONSTRAINTS[architecture]
    validate_parameter_constraints(
        {MODULE_PREFIX + name: value for name, value in constraints.items()},
        {MODULE_PREFIX + name: value for name, value in params.items()},
        caller_name=caller_name,
    )
    for name, element_constraints in ELEMENT_CONSTRAINTS[architecture].items():
        if name in params:
            _validate_elements(name, params[name], element_constraints, caller_name)


def _validate_elements(name, values, constraints, caller_name):
    from sklearn.utils._param_validation import InvalidParameterError

    if name in NON_EMPTY and len(values) == 0:
        raise InvalidParameterError(
            f"The '{MODULE_PREFIX}{name}' parameter of {caller_name} must hold at "
            f"least one value. Got {values!r} instead."
        )
    validate_parameter_constraints(
        {f"{MODULE_PREFIX}{name}[{i}]": constraints for i in range(len(values))},
        {f"{MODULE_PREFIX}{name}[{i}]": value for i, value in enumerate(values)},
        caller_name=caller_name,
    )
