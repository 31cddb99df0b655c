"""Hypothesis strategies for fuzzing the public API with hostile input.

``feature_matrices`` draws what a data frame or array may hold: 0 to many rows,
0 to a few features, bool/object/complex/string/float16/int64-extreme dtypes,
NaN and infinities, huge and tiny magnitudes, sparse matrices, lists and
pandas DataFrames with mixed column dtypes. ``label_vectors`` draws targets:
ints, strings, a single class, continuous values, 2-D columns, NaN, wrong
lengths. ``expect_clean`` is the property every fuzz test checks.
"""

import os

import numpy as np
import pandas as pd
import scipy.sparse as sp
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# CI runs a fixed, derandomized set of cases; SKMLKIT_FUZZ_SCALE=10 runs ten
# times as many fresh random cases (a deeper local hunt).
FUZZ_SCALE = int(os.environ.get("SKMLKIT_FUZZ_SCALE", "0") or 0)


def fuzz_settings(max_examples):
    """Hypothesis settings of the fuzz tests: ``max_examples`` cases each."""
    return settings(
        max_examples=max_examples * max(FUZZ_SCALE, 1),
        deadline=None,
        derandomize=not FUZZ_SCALE,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


MAX_ROWS = 14
MAX_FEATURES = 9

FLOAT_KINDS = ["float64", "float32", "float16"]
NUMERIC_KINDS = [*FLOAT_KINDS, "uint8", "bool", "object"]
KINDS = [*NUMERIC_KINDS, "int64", "complex", "str"]
LABEL_KINDS = [
    "ints",
    "strings",
    "single",
    "continuous",
    "column",
    "multi_column",
    "nan",
    "bool",
    "wrong_length",
    "mixed_types",
]


def _elements(kind, special, clean=False):
    """Values of a dtype; ``special`` adds NaN, infinities and extremes.

    ``clean`` values are the ones users' data hold: finite, within +-1e4.
    """
    if kind in FLOAT_KINDS:
        width = int(kind[5:])
        if clean:
            return st.floats(-1e4, 1e4, width=width)
        return st.floats(allow_nan=special, allow_infinity=special, width=width)
    if kind == "int64":
        return st.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max)
    if kind == "uint8":
        return st.integers(0, 255)
    if kind == "bool":
        return st.booleans()
    if kind == "complex":
        return st.complex_numbers(allow_nan=special, allow_infinity=special)
    return st.floats(-1e3, 1e3)  # object and str: drawn as numbers


@st.composite
def feature_matrices(draw, min_rows=0, features=(0, 1, 2, 3, 5, 8, 9), clean=False):
    """Draw X: (kind, container, X, shape) with a hostile mix of content.

    ``clean=True`` draws numeric values without NaN, infinities or extremes
    in dense containers (only the container varies): input the estimators
    promise to accept, so that valid paths are exercised and must succeed.
    """
    n_rows = draw(st.integers(min_rows, MAX_ROWS))
    n_features = draw(st.sampled_from(features))
    kind = draw(st.sampled_from(NUMERIC_KINDS if clean else KINDS))
    special = False if clean else draw(st.booleans())
    dtype = {"object": float, "str": float}.get(kind, kind)
    values = draw(
        hnp.arrays(
            dtype, (n_rows, n_features), elements=_elements(kind, special, clean)
        )
    )
    if special and kind in FLOAT_KINDS and values.size:
        magnitude = draw(st.sampled_from([1e-300, 1e-30, 1e30, 1e300, 1.0]))
        with np.errstate(over="ignore", invalid="ignore"):  # inf is fine here
            values = values * np.asarray(magnitude).astype(values.dtype)
    if kind == "object":
        values = values.astype(object)
    elif kind == "str":
        values = values.astype(str)
    containers = ["array", "list", "frame"]
    container = draw(
        st.sampled_from(containers if clean else [*containers, "sparse", "mixed_frame"])
    )
    X = _contain(draw, values, container)
    return kind, container, X, (n_rows, n_features)


def _contain(draw, values, container):
    if container == "list":
        return values.tolist()
    if container == "frame":
        return pd.DataFrame(values, columns=[f"f{i}" for i in range(values.shape[1])])
    if container == "mixed_frame":
        frame = pd.DataFrame(values, columns=[f"f{i}" for i in range(values.shape[1])])
        if values.shape[1]:
            column = draw(st.integers(0, values.shape[1] - 1))
            frame[f"f{column}"] = draw(
                st.sampled_from(
                    [
                        frame[f"f{column}"].astype(str),
                        pd.Categorical(["a"] * len(frame)),
                        np.arange(len(frame), dtype=np.int32),
                    ]
                )
            )
        return frame
    if container == "sparse" and values.dtype.kind in "fiub" and values.itemsize > 2:
        return sp.csr_matrix(values)
    return values


@st.composite
def label_vectors(draw, n_rows, kinds=LABEL_KINDS):
    """Draw y for ``n_rows`` rows: valid labels or one of the classic mistakes."""
    kind = draw(st.sampled_from(kinds))
    classes = draw(st.integers(2, 4))
    ints = draw(hnp.arrays(np.int64, n_rows, elements=st.integers(0, classes - 1)))
    ints[:2] = [0, 1][:n_rows]  # two or more classes from 2 rows on
    if kind == "ints":
        return kind, ints
    if kind == "strings":
        return kind, np.array([f"class {i}" for i in ints], dtype=object)
    if kind == "single":
        return kind, np.zeros(n_rows, dtype=int)
    if kind == "continuous":
        return kind, draw(hnp.arrays(np.float64, n_rows, elements=st.floats(-1e3, 1e3)))
    if kind == "column":
        return kind, ints.reshape(-1, 1)
    if kind == "multi_column":
        return kind, np.column_stack([ints, ints])
    if kind == "nan":
        y = ints.astype(float)
        if n_rows:
            y[draw(st.integers(0, n_rows - 1))] = np.nan
        return kind, y
    if kind == "bool":
        return kind, ints.astype(bool)
    if kind == "wrong_length":
        return kind, np.append(ints, 0)
    return kind, np.array([1 if i % 2 else "one" for i in ints], dtype=object)


def expect_clean(call, label="call", *, valid=False):
    """Run ``call``; return its result or the clean error it raised.

    A clean error is a ``ValueError`` or ``TypeError`` (``NotFittedError`` is a
    ``ValueError``) with a message. Anything else (torch's ``RuntimeError``,
    ``IndexError``, ``ZeroDivisionError``, ...) propagates and fails the test.
    With ``valid=True`` the input is one the API promises to accept, so any
    error fails the test: rejecting valid lists, float16 or bool data is a bug.
    Outcomes are counted as hypothesis events (``--hypothesis-show-statistics``).
    """
    try:
        result = call()
    except (ValueError, TypeError) as exc:
        if valid:
            raise AssertionError(f"{label} rejected a valid input: {exc}") from exc
        event(f"{label}: {type(exc).__name__}")
        message = str(exc).strip()
        assert message, f"{type(exc).__name__} without a message"
        assert "Traceback" not in message
        return exc
    event(f"{label}: valid output")
    return result
