"""What a segmentation report says about its input and its run."""

import contextlib
import warnings


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
    summary = rfm.input_summary_
    notes = [
        f"{summary['rows']:,} transactions of {summary['customers']:,} customers; "
        f"reference date {rfm.reference_date_:%Y-%m-%d} (recency and tenure are "
        "days before it)."
    ]
    counted = {
        "dropped_missing": "transactions without customer, date or amount were "
        "dropped.",
        "after_reference": "transactions after the reference date were left out.",
        "zero_amount": "transactions of amount 0 count as purchases with no spend.",
    }
    notes += [
        f"{summary[key]:,} {text}" for key, text in counted.items() if summary[key]
    ]
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
