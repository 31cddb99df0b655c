"""Every ``make_*`` generator takes ``n_samples``; the old size names still work.

The old names (``n_per_class``, ``n_per_kind``, ``n_numbers``,
``n_customers``) and sizes passed by position mean what they meant for one
release, with a FutureWarning that gives the equivalent ``n_samples``, and
make the same samples as the new call (benchmarks' held-out sets depend on it).
"""

import inspect

import numpy as np
import pandas as pd
import pytest

from skmlkit.datasets import (
    make_customers,
    make_digit_images,
    make_non_digit_images,
    make_number_images,
    make_transactions,
)
from skmlkit.datasets._sizes import cell_sizes

DIGITS = np.zeros((3, 28, 28), dtype=np.uint8)
DIGITS[:, 4:24, 10:18] = 255


def _same_pictures(a, b):
    assert len(a) == len(b)
    for first, second in zip(a, b, strict=True):
        assert np.array_equal(np.asarray(first), np.asarray(second))


def test_cell_sizes_share_evenly_first_cells_first():
    assert cell_sizes(7, 3) == [3, 2, 2]
    assert cell_sizes(6, 3) == [2, 2, 2]
    assert cell_sizes(2, 3) == [1, 1, 0]
    with pytest.raises(ValueError, match="n_samples must be at least 1"):
        cell_sizes(0, 3)
    with pytest.raises(TypeError, match="n_samples must be an int"):
        cell_sizes(2.5, 3)


@pytest.mark.parametrize(
    ("old_call", "new_kwargs", "message"),
    [
        ({"n_per_class": 1}, {"n_samples": 20}, "n_samples=20"),
        ({"args": (1,)}, {"n_samples": 20}, "by position"),
    ],
)
def test_digit_images_old_size_makes_the_same_images(old_call, new_kwargs, message):
    common = {"degradations": ["clean", "thick"], "random_state": 0}
    args = old_call.pop("args", ())
    with pytest.warns(FutureWarning, match=message):
        old = make_digit_images(*args, **old_call, **common)
    new = make_digit_images(**new_kwargs, **common)
    _same_pictures(old.images, new.data)
    assert np.array_equal(old.target, new.target)
    assert np.array_equal(old.degradation, new.degradation)


def test_digit_images_uneven_n_samples_and_return_X_y():
    X, y = make_digit_images(
        n_samples=13, degradations=["clean"], random_state=0, return_X_y=True
    )
    assert len(X) == 13 and y.tolist() == sorted(y.tolist())
    assert np.bincount(y).tolist() == [2, 2, 2, 1, 1, 1, 1, 1, 1, 1]


def test_non_digit_images_old_size_makes_the_same_images():
    with pytest.warns(FutureWarning, match=r"n_samples=4 \(the total"):
        old = make_non_digit_images(
            n_per_kind=2, kinds=["noise", "letters"], random_state=1
        )
    with pytest.warns(FutureWarning, match="by position"):
        positional = make_non_digit_images(
            2, kinds=["noise", "letters"], random_state=1
        )
    new = make_non_digit_images(n_samples=4, kinds=["noise", "letters"], random_state=1)
    _same_pictures(old.images, new.data)
    _same_pictures(positional.images, new.data)
    assert new.kind.tolist() == ["noise", "noise", "letters", "letters"]


def test_number_images_old_keyword_and_return_X_y():
    with pytest.warns(FutureWarning, match="n_samples=3"):
        old = make_number_images(DIGITS, [3, 5, 8], n_numbers=3, random_state=0)
    X, y = make_number_images(
        DIGITS, [3, 5, 8], n_samples=3, random_state=0, return_X_y=True
    )
    _same_pictures(old.images, X)
    assert old.numbers == y == old.target


def test_transactions_old_keyword_and_data_target():
    with pytest.warns(FutureWarning, match="n_samples=50"):
        old = make_transactions(n_customers=50, random_state=0)
    new = make_transactions(n_samples=50, random_state=0)
    pd.testing.assert_frame_equal(old.frame, new.data)
    pd.testing.assert_series_equal(old.behaviour, new.target)
    assert new.target.index.name == "customer_id" and len(new.target) == 50


@pytest.mark.parametrize(
    "call",
    [
        lambda: make_transactions(n_samples=5, n_customers=5),
        lambda: make_non_digit_images(2, n_samples=12),
        lambda: make_non_digit_images(2, n_per_kind=2),
    ],
)
def test_two_sizes_are_refused(call):
    with pytest.raises(TypeError, match=r"n_samples|two sizes"):
        call()


def test_every_generator_sizes_with_n_samples():
    generators = [
        make_customers,
        make_digit_images,
        make_non_digit_images,
        make_number_images,
        make_transactions,
    ]
    for generator in generators:
        assert "n_samples" in inspect.signature(generator).parameters, generator
