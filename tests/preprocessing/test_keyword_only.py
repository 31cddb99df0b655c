"""Estimators take keyword arguments; positional ones still work for one release."""

import pytest

from skmlkit.preprocessing import BalancedOneHotEncoder, RFMFeatures


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: RFMFeatures("cid", "day"), {"customer_id": "cid", "date": "day"}),
        (lambda: BalancedOneHotEncoder("none"), {"weight": "none"}),
    ],
)
def test_positional_arguments_warn_and_still_work(make, expected):
    with pytest.warns(FutureWarning, match=r"by position is deprecated.*0\.3"):
        estimator = make()
    params = estimator.get_params()
    assert {name: params[name] for name in expected} == expected


def test_keyword_arguments_do_not_warn():
    RFMFeatures(customer_id="cid", date="day")  # FutureWarning is an error here
    assert BalancedOneHotEncoder(weight="none").weight == "none"


def test_too_many_positional_arguments_is_a_type_error():
    with pytest.raises(TypeError, match="at most 1 arguments, got 2"):
        BalancedOneHotEncoder("none", "extra")
