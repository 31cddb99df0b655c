"""RFMFeatures: exact values, dates, returns, reference date, API and checks."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import SkipTestWarning
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import check_estimator

from skmlkit import AutoKMeans, RFMFeatures
from skmlkit.datasets import make_transactions

from ..by_hand import invoice_rfm_by_hand

# Three customers, worked out by hand. Reference date: the day after the
# last transaction, 2024-03-11.
LOG = pd.DataFrame(
    {
        "customer": ["ann", "ann", "ann", "bob", "bob", "cy"],
        "when": [
            "2024-01-01",
            "2024-01-01 18:30",  # same day as the first row: one occasion
            "2024-03-01",
            "2024-02-10",
            "2024-03-10",
            "2024-03-05",
        ],
        "paid": [10.0, 5.0, 25.0, 100.0, 50.0, 0.0],
        "items": [1, 1, 2, 4, 1, 1],
    }
)
EXPECTED = pd.DataFrame(
    {
        "recency": [10, 1, 6],  # 03-11 - 03-01, 03-11 - 03-10, 03-11 - 03-05
        "frequency": [2, 2, 1],  # distinct purchase days
        "monetary": [40.0, 150.0, 0.0],
        "tenure": [70, 30, 6],  # 03-11 - 01-01 (leap year), 03-11 - 02-10
    },
    index=pd.Index(["ann", "bob", "cy"], name="customer"),
)


def rfm(**params):
    return RFMFeatures(customer_id="customer", date="when", amount="paid", **params)


def test_hand_computed_values():
    features = rfm().fit_transform(LOG)
    pd.testing.assert_frame_equal(features, EXPECTED)
    assert rfm().fit(LOG).reference_date_ == pd.Timestamp("2024-03-11")


def test_variants_mean_transactions_and_extras():
    features = rfm(
        monetary="mean",
        frequency="transactions",
        quantity="items",
        extras=["transactions", "quantity", "average_value"],
    ).fit_transform(LOG)
    assert features["frequency"].tolist() == [3, 2, 1]
    # Per purchase occasion (distinct day: ann bought twice on 01-01), not
    # per row, whatever frequency counts.
    assert features["monetary"].tolist() == [20.0, 75.0, 0.0]
    assert features["average_value"].tolist() == [20.0, 75.0, 0.0]
    assert features["quantity"].tolist() == [4, 5, 1]
    assert features["transactions"].tolist() == [3, 2, 1]
    default = rfm(monetary="mean", extras=["average_value"]).fit_transform(LOG)
    assert default["frequency"].tolist() == [2, 2, 1]
    assert default["monetary"].tolist() == [20.0, 75.0, 0.0]
    pd.testing.assert_series_equal(
        default["average_value"], default["monetary"], check_names=False
    )
    names = rfm(extras=["transactions"]).fit(LOG).get_feature_names_out()
    assert names.tolist() == [
        "recency",
        "frequency",
        "monetary",
        "tenure",
        "transactions",
    ]
    with pytest.raises(ValueError, match="needs the quantity column"):
        rfm(extras=["quantity"]).fit(LOG)
    with pytest.raises(ValueError, match="Unknown extras"):
        rfm(extras=["age"]).fit(LOG)


@pytest.mark.parametrize(
    ("dates", "params"),
    [
        (
            [
                "2024-01-01",
                "2024-01-01",
                "2024-03-01",
                "2024-02-10",
                "2024-03-10",
                "2024-03-05",
            ],
            {},
        ),
        ([20240101, 20240101, 20240301, 20240210, 20240310, 20240305], {}),
        (["20240101", "20240101", "20240301", "20240210", "20240310", "20240305"], {}),
        (
            [
                "01/01/2024",
                "01/01/2024",
                "01/03/2024",
                "10/02/2024",
                "10/03/2024",
                "05/03/2024",
            ],
            {"date_format": "%d/%m/%Y"},
        ),
        (
            pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-01",
                    "2024-03-01",
                    "2024-02-10",
                    "2024-03-10",
                    "2024-03-05",
                ]
            ),
            {},
        ),
        (
            pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 00:00",
                    "2024-03-01 00:00",
                    "2024-02-10 00:00",
                    "2024-03-10 00:00",
                    "2024-03-05 00:00",
                ]
            ).tz_localize("UTC"),
            {},
        ),
    ],
    ids=["iso", "yyyymmdd-int", "yyyymmdd-str", "date_format", "datetime", "tz-aware"],
)
def test_date_forms_give_the_same_features(dates, params):
    log = LOG.assign(when=dates)
    pd.testing.assert_frame_equal(rfm(**params).fit_transform(log), EXPECTED)


def test_float_yyyymmdd_from_a_column_with_gaps():
    log = LOG.assign(when=[20240101, 20240101, 20240301, 20240210, 20240310, np.nan])
    features = rfm().fit(log)
    assert features.input_summary_["dropped_missing"] == 1


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ([1704067200] * 6, "not YYYYMMDD.*epoch"),  # seconds since 1970
        ([1704067200 * 10**9] * 6, "not YYYYMMDD"),  # nanoseconds
        (["yesterday"] * 6, "Cannot read column 'when' as dates.*date_format"),
        (["1/2/2024"] * 6, "no day in them is above 12.*date_format="),
        (["13/1/2024", "1/13/2024"] * 3, "mixes day/month.*month/day"),
        ([20241340] * 6, "not calendar days"),
        ([True] * 6, "booleans"),
    ],
)
def test_dates_that_are_not_dates(dates, message):
    with pytest.raises(ValueError, match=message):
        rfm().fit(LOG.assign(when=dates))


def test_returns_policies():
    log = pd.concat(
        [
            LOG,
            pd.DataFrame(
                {
                    "customer": ["ann", "cy"],
                    "when": ["2024-03-02", "2024-03-06"],
                    "paid": [-15.0, -5.0],
                    "items": [1, 1],
                }
            ),
        ],
        ignore_index=True,
    )
    net = rfm().fit(log)
    features = net.transform(log)
    assert features.loc["ann", "monetary"] == 25.0  # 40 - 15
    assert features.loc["ann", "recency"] == 10  # a return is not a purchase
    assert features.loc["cy", "monetary"] == 0.0  # net -5 clipped to 0
    assert net.input_summary_["returns"] == 2 and net.input_summary_["clipped"] == 1
    dropped = rfm(returns="drop").fit_transform(log)
    pd.testing.assert_frame_equal(dropped, EXPECTED)
    with pytest.raises(ValueError, match="2 negative amounts"):
        rfm(returns="error").fit(log)


def test_missing_and_non_numeric_amounts():
    log = LOG.assign(paid=[10.0, 5.0, np.nan, 100.0, 50.0, 0.0])
    model = rfm().fit(log)
    assert model.input_summary_["dropped_missing"] == 1
    assert model.transform(log).loc["ann", "monetary"] == 15.0
    with pytest.raises(ValueError, match=r"'paid' must hold numbers.*'12,5'"):
        rfm().fit(LOG.assign(paid=["12,5"] * 6))


def test_reference_date_leaves_later_rows_out():
    model = rfm(reference_date="2024-03-05").fit(LOG)
    assert model.input_summary_["after_reference"] == 1  # bob's 03-10
    features = model.transform(LOG)
    assert features.loc["bob", "recency"] == 24  # 03-05 - 02-10
    assert features.loc["cy", "recency"] == 0  # on the reference day itself
    assert (features["recency"] >= 0).all()
    assert (features["tenure"] >= features["recency"]).all()


def test_later_batch_leaves_unchanged_customers_unchanged():
    model = rfm(reference_date="2024-06-30").fit(LOG)
    before = model.transform(LOG)
    later = pd.concat(
        [
            LOG,
            pd.DataFrame(
                {
                    "customer": ["bob"],
                    "when": ["2024-04-01"],
                    "paid": [9.0],
                    "items": [1],
                }
            ),
        ],
        ignore_index=True,
    )
    after = model.transform(later)
    pd.testing.assert_frame_equal(after.loc[["ann", "cy"]], before.loc[["ann", "cy"]])
    assert after.loc["bob", "frequency"] == 3


def test_bad_input():
    with pytest.raises(ValueError, match=r"\['amount'\] not found.*available"):
        RFMFeatures(customer_id="customer", date="when").fit(LOG)
    with pytest.raises(TypeError, match="needs a pandas DataFrame"):
        rfm().fit(LOG.to_numpy())
    with pytest.raises(ValueError, match="no usable row"):
        rfm().fit(LOG.assign(paid=np.nan))
    with pytest.raises(ValueError, match="No purchase on or before"):
        rfm(reference_date="2020-01-01").fit(LOG).transform(LOG)


def test_pandas_output_pipeline_clone_and_pickle():
    log = make_transactions(n_samples=300, random_state=0).data
    model = rfm_default = RFMFeatures().set_output(transform="pandas")
    features = model.fit_transform(log)
    assert isinstance(features, pd.DataFrame) and features.index.name == "customer_id"
    assert len(features) == 300
    pipeline = make_pipeline(
        clone(rfm_default), AutoKMeans(k_range=range(2, 5), random_state=0)
    )
    labels = pipeline.fit(log)[-1].labels_
    assert len(labels) == 300
    again = pickle.loads(pickle.dumps(pipeline))
    np.testing.assert_array_equal(again.predict(log), pipeline.predict(log))


def test_tied_frequencies_on_a_log_like_cdnow():
    # half of the customers buy once (51% in CDNOW): nothing breaks
    log = make_transactions(n_samples=400, random_state=1).data
    features = RFMFeatures().fit_transform(log)
    assert (features["frequency"] == 1).mean() > 0.3
    assert features.notna().all().all()


# scikit-learn's common checks feed estimators matrices of random numbers and
# compare row counts of input and output: a transaction log becomes one row
# per customer, and random floats are no log. These checks cannot apply
# (reason by check); every other check runs and must pass.
NOT_A_TRANSACTION_LOG = "feeds a numeric matrix, which is not a transaction log"
INAPPLICABLE = {
    name: NOT_A_TRANSACTION_LOG
    for name in [
        "check_fit_score_takes_y",
        "check_estimators_overwrite_params",
        "check_dont_overwrite_parameters",
        "check_estimators_fit_returns_self",
        "check_readonly_memmap_input",
        "check_n_features_in_after_fitting",
        "check_positive_only_tag_during_fit",
        "check_estimators_dtypes",
        "check_complex_data",
        "check_dtype_object",
        "check_estimators_empty_data_messages",
        "check_pipeline_consistency",
        "check_estimator_sparse_tag",
        "check_estimator_sparse_array",
        "check_estimator_sparse_matrix",
        "check_estimators_pickle",
        "check_f_contiguous_array_estimator",
        "check_transformer_data_not_an_array",
        "check_transformer_general",
        "check_transformer_preserve_dtypes",
        "check_methods_sample_order_invariance",
        "check_methods_subset_invariance",
        "check_fit2d_1sample",
        "check_fit2d_1feature",
        "check_dict_unchanged",
        "check_fit_idempotent",
        "check_fit_check_is_fitted",
        "check_n_features_in",
        "check_fit1d",
        "check_fit2d_predict1d",
    ]
}
INAPPLICABLE["check_transformer_general"] = (
    "compares input and output row counts: one row per customer, not per transaction"
)


def test_common_checks_that_apply_pass_and_the_others_are_listed():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkipTestWarning)  # array API: not installed
        results = check_estimator(
            RFMFeatures(), on_fail=None, expected_failed_checks=INAPPLICABLE
        )
    failed = sorted({r["check_name"] for r in results if r["status"] == "failed"})
    assert failed == []
    passed = {r["check_name"] for r in results if r["status"] == "passed"}
    assert {
        "check_get_params_invariance",
        "check_set_params",
        "check_estimator_repr",
        "check_no_attributes_set_in_init",
        "check_parameters_default_constructible",
        "check_estimators_unfitted",
        "check_transformers_unfitted",
    } <= passed
    # every listed check that this scikit-learn runs is still inapplicable
    xfailed = {r["check_name"] for r in results if r["status"] == "xfail"}
    assert not passed & set(INAPPLICABLE)
    assert xfailed <= set(INAPPLICABLE) and len(xfailed) >= 25


def _invoice_lines():
    return pd.DataFrame(
        {
            "customer_id": [17850.0, 17850.0, None, 12346.0, 12346.0],
            "date": [
                "2010-12-01",
                "2010-12-02",
                "2010-12-02",
                "2011-01-18",
                "2011-01-18",
            ],
            "Quantity": [6, 2, 5, 74215, -74215],
            "UnitPrice": [2.55, 3.39, 1.0, 1.04, 1.04],
        }
    )


def test_price_times_quantity_is_the_amount():
    features = RFMFeatures(quantity="Quantity", price="UnitPrice").fit_transform(
        _invoice_lines()
    )
    assert features.loc[17850, "monetary"] == pytest.approx(6 * 2.55 + 2 * 3.39)
    # the cancellation nets the big order out; no spend is left
    assert features.loc[12346, "monetary"] == 0
    with pytest.raises(ValueError, match="price='UnitPrice' needs quantity="):
        RFMFeatures(price="UnitPrice").fit(_invoice_lines())


def test_customer_ids_beside_gaps_stay_integers():
    rfm = RFMFeatures(quantity="Quantity", price="UnitPrice")
    features = rfm.fit_transform(_invoice_lines())
    assert features.index.tolist() == [12346, 17850]
    assert pd.api.types.is_integer_dtype(features.index)
    assert rfm.input_summary_["dropped_missing"] == 1
    text = pd.DataFrame({"customer_id": ["A-1", "007"], "date": ["2024-01-01"] * 2,
                         "amount": [1.0, 2.0]})  # fmt: skip
    assert RFMFeatures().fit_transform(text).index.tolist() == ["007", "A-1"]


def test_invoices_and_cancellations_equal_a_pandas_computation():
    lines = make_transactions(
        n_samples=80, invoice_lines=True, cancellations=0.1, missing_ids=0.1,
        random_state=0,
    ).data  # fmt: skip
    rfm = RFMFeatures(
        price="price", quantity="quantity", invoice="invoice",
        frequency="invoices", cancel_prefix="C",
    )  # fmt: skip
    features = rfm.fit_transform(lines)
    expected = invoice_rfm_by_hand(lines, rfm.reference_date_)
    assert pd.api.types.is_integer_dtype(features.index)  # not 12.0
    assert len(features) == 80
    np.testing.assert_array_equal(features["recency"], expected["recency"])
    np.testing.assert_array_equal(features["frequency"], expected["frequency"])
    np.testing.assert_allclose(features["monetary"], expected["monetary"], rtol=1e-12)
    summary = rfm.input_summary_
    assert summary["dropped_missing"] == lines["customer_id"].isna().sum()
    kept = lines.dropna(subset=["customer_id"])
    assert summary["cancellations"] == kept["invoice"].str.startswith("C").sum()
    assert summary["returns"] == summary["cancellations"]


def test_cancel_prefix_turns_positive_lines_into_returns():
    log = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a"],
            "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
            "invoice": ["1", "2", "C2"],
            "amount": [10.0, 5.0, 5.0],  # the cancellation written as positive
        }
    )
    rfm = RFMFeatures(invoice="invoice", frequency="invoices", cancel_prefix="C")
    features = rfm.fit_transform(log)
    assert features.loc["a", "monetary"] == 10.0
    assert features.loc["a", "frequency"] == 2
    plain = RFMFeatures(invoice="invoice", frequency="invoices").fit_transform(log)
    assert plain.loc["a", "monetary"] == 20.0 and plain.loc["a", "frequency"] == 3


def test_rows_without_an_invoice_are_counted_as_missing():
    log = pd.DataFrame(
        {
            "customer_id": [1, 1, 2],
            "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
            "invoice": ["1", None, "3"],
            "amount": [10.0, 5.0, 5.0],
        }
    )
    rfm = RFMFeatures(invoice="invoice", frequency="invoices").fit(log)
    assert rfm.input_summary_["dropped_missing"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"frequency": "invoices"}, r"frequency='invoices' needs invoice="),
        ({"cancel_prefix": "C"}, r"cancel_prefix='C' needs invoice="),
    ],
)
def test_invoice_options_need_the_invoice_column(params, message):
    log = LOG.rename(columns={"customer": "customer_id", "when": "date"})
    with pytest.raises(ValueError, match=message):
        RFMFeatures(amount="paid", **params).fit(log)
