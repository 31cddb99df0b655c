"""Reading dates: the day/month order decided by the data, or a clear refusal."""

import pandas as pd
import pytest

from skmlkit import RFMFeatures
from skmlkit.preprocessing._dates import (
    describe_date_format,
    infer_date_format,
    parse_dates,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["12/1/2010 8:26", "12/13/2010 18:05"], "%m/%d/%Y %H:%M"),
        (["1/12/2010 8:26", "13/12/2010 18:05"], "%d/%m/%Y %H:%M"),
        (["31.01.24", "01.02.24"], "%d.%m.%y"),
        (["01-31-2024", "02-01-2024"], "%m-%d-%Y"),
        (["1/2/2010 8:26:01 PM", "13/2/2010 8:26:01 AM"], "%d/%m/%Y %I:%M:%S %p"),
        (["12/31/2024 23:59:59.250", "1/1/2025 0:00:00.5"], "%m/%d/%Y %H:%M:%S.%f"),
        (["2024-01-03", "2024-01-05 10:00"], "ISO8601"),
        (["20240103", "20241231"], "%Y%m%d"),
    ],
)
def test_the_data_decide_the_format(values, expected):
    assert infer_date_format(pd.Series([*values, None])) == expected
    assert parse_dates(pd.Series(values)).notna().all()


def test_one_day_above_12_decides_every_row():
    us = parse_dates(pd.Series(["02/03/2024", "03/13/2024"]))
    european = parse_dates(pd.Series(["02/03/2024", "13/03/2024"]))
    assert us[0] == pd.Timestamp("2024-02-03")
    assert european[0] == pd.Timestamp("2024-03-02")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["1/2/2024", "3/4/2024"], r"no day in them is above 12.*date_format="),
        (["13/1/2024", "1/13/2024"], r"mixes day/month .*'13/1/2024'.*'1/13/2024'"),
        (["1/2/2024", "13/2/2024 8:00"], r"\['1/2/2024', '13/2/2024 8:00'\]"),
    ],
)
def test_undecidable_dates_name_date_format(values, message):
    with pytest.raises(ValueError, match=message):
        parse_dates(pd.Series(values), name="when")


def test_a_given_format_is_used_as_given():
    parsed = parse_dates(pd.Series(["1/2/2024"]), date_format="%m/%d/%Y")
    assert parsed[0] == pd.Timestamp("2024-01-02")


def test_rfm_keeps_the_order_found_in_fit():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 2],
            "date": ["12/1/2010 8:26", "12/13/2010 9:00", "12/2/2010 10:00"],
            "amount": [1.0, 2.0, 3.0],
        }
    )
    rfm = RFMFeatures().fit(log)
    assert rfm.date_format_ == "%m/%d/%Y %H:%M"
    # A slice with no day above 12 cannot decide alone: fit's order is kept.
    features = rfm.transform(log.iloc[[0, 2]])
    assert features.loc[2, "recency"] == 12  # 12/14 - 12/2, month first


@pytest.mark.parametrize(
    ("date_format", "words"),
    [
        ("ISO8601", "ISO 8601"),
        ("%m/%d/%Y %H:%M", "month/day/year (US)"),
        ("%d.%m.%y", "day/month/year"),
        ("%Y%m%d", "YYYYMMDD"),
        (None, "as stored"),
    ],
)
def test_the_report_says_which_order(date_format, words):
    assert words in describe_date_format(date_format)
