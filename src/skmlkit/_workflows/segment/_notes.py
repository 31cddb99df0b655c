"""What a segmentation report says about its input and its run."""

import contextlib
import warnings

import pandas as pd

from ...cluster._tails import GAUSSIAN_EXCESS_KURTOSIS, POINT_MASS_SHARE


@contextlib.contextmanager
def warnings_as_notes(notes, log):
    """Turn the K-range and knee warnings into report notes and plain lines."""
    from ...exceptions import KRangeEdgeWarning, NoClearKneeWarning

    noted = (KRangeEdgeWarning, NoClearKneeWarning)
    with warnings.catch_warnings(record=True) as caught:
        for category in noted:
            warnings.simplefilter("always", category)
        yield
    for warning in caught:
        if issubclass(warning.category, noted):
            notes.append(str(warning.message))
            log(f"Note: {warning.message}")
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def missing_notes(missing):
    """Return notes on the rows dropped and the values imputed."""
    notes = []
    if missing["rows_dropped"]:
        notes.append(
            f"{missing['rows_dropped']} rows with missing values were dropped "
            "(--missing drop)."
        )
    if missing["imputed"]:
        listed = ", ".join(f"{c}: {n}" for c, n in missing["imputed"].items())
        notes.append(
            f"{sum(missing['imputed'].values())} missing values were imputed "
            f"(median of numbers, most frequent category): {listed}."
        )
    return notes or ["No missing values."]


def rfm_notes(rfm, returns):
    """Return notes on how a transaction log became RFM features."""
    from ...preprocessing._dates import describe_date_format

    summary = rfm.input_summary_
    notes = [
        f"{summary['rows']:,} transactions of {summary['customers']:,} customers; "
        f"reference date {rfm.reference_date_:%Y-%m-%d} (recency and tenure are "
        "days before it)."
    ]
    needed = (
        "customer, date, amount or invoice"
        if rfm.invoice
        else ("customer, date or amount")
    )
    counted = {
        "dropped_missing": f"transactions without {needed} were dropped.",
        "after_reference": "transactions after the reference date were left out.",
        "zero_amount": "transactions of amount 0 count as purchases with no spend.",
    }
    notes += [
        f"{summary[key]:,} {text}" for key, text in counted.items() if summary[key]
    ]
    notes.append(f"Dates read as {describe_date_format(rfm.date_format_)}.")
    counts = {
        "days": "distinct purchase days",
        "invoices": f"distinct invoices ({rfm.invoice!r})",
        "transactions": "transaction rows",
    }
    notes.append(f"Frequency counts {counts[rfm.frequency]} per customer.")
    if rfm.cancel_prefix is not None:
        notes.append(
            f"{summary['cancellations']:,} lines of invoices starting with "
            f"{rfm.cancel_prefix!r} are cancellations, counted as returns."
        )
    if summary["returns"]:
        policy = {
            "net": "subtracted from the customers' spend (not counted as purchases)",
            "drop": "ignored",
        }[returns]
        notes.append(
            f"{summary['returns']:,} negative amounts (returns or cancellations) "
            f"were {policy}; {summary['clipped']:,} customers with a net spend "
            "below 0 have monetary 0."
        )
    return notes


# A line total grows with the quantity bought; a unit price does not. Below
# this rank correlation between the amount and the quantity, the amount
# column is likely a unit price (a line total of independent prices and
# quantities correlates clearly above it).
UNIT_PRICE_CORRELATION = 0.1


def amount_notes(transactions, amount, quantity, price):
    """Say how the amount was formed; warn when it looks like a unit price."""
    if price is not None:
        return [f"Amounts are {quantity} x {price} (quantity times unit price)."]
    if quantity is None or amount not in transactions or quantity not in transactions:
        return []
    pair = transactions[[amount, quantity]].apply(pd.to_numeric, errors="coerce")
    pair = pair[(pair[quantity] > 0) & pair.notna().all(axis=1)]
    if len(pair) < 50 or pair[quantity].nunique() < 2:
        return []
    correlation = pair[amount].corr(pair[quantity], method="spearman")
    if not correlation > UNIT_PRICE_CORRELATION:
        return [
            f"Column {amount!r} does not grow with {quantity!r} (rank correlation "
            f"{correlation:.2f}), as a line total would: if it is a unit price, "
            "give it as the price (--price) so that the amount is quantity x price."
        ]
    return []


def k_alternative(model):
    """Say which other K the criteria support ("2 is also supported: ...")."""
    k = model.runner_up_
    if k is None:
        return ""
    entry = model.support_[k]
    names = {"stability": "stability criterion"}
    evidence = ", ".join(
        names.get(name, name.replace("_", "-")) for name in entry["chosen_by"]
    )
    if entry["stability"] == entry["stability"]:  # not NaN (K = 1)
        evidence += f" (bootstrap ARI {entry['stability']:.2f})"
    return f"{k} is also supported: {evidence}"


def k_choice_notes(model):
    """Return notes on how K was chosen: a fixed K, and the mixtures' vote."""
    notes = []
    if model.n_clusters is not None and model.n_clusters_ != model.choices_["auto"]:
        notes.append(
            f"K = {model.n_clusters_} was fixed by the user; method='auto' would "
            f"choose K = {model.choices_['auto']}."
        )
    mixture = [k for k, e in model.support_.items() if "mixtures" in e["chosen_by"]]
    if not mixture:
        notes.append(
            "The Gaussian mixtures (BIC, ICL) did not vote: the data have "
            "indicator columns or too few rows for them."
        )
        return notes
    k, entry = mixture[0], model.support_[mixture[0]]
    shape = (
        f"excess kurtosis {entry['kurtosis']:.2f}, limit "
        f"{GAUSSIAN_EXCESS_KURTOSIS:g}; up to {entry['point_mass']:.0%} of a "
        f"cluster on one value, limit {POINT_MASS_SHARE:.0%}"
    )
    if "mixtures" in entry["voters"]:
        notes.append(
            f"The Gaussian mixtures voted for K = {k}: their clusters look "
            f"Gaussian enough ({shape})."
        )
    else:
        notes.append(
            f"The Gaussian mixtures chose K = {k} but did not vote: their "
            f"clusters are not Gaussian ({shape}); on heavy tails and point "
            "masses BIC and ICL over-split."
        )
    return notes
