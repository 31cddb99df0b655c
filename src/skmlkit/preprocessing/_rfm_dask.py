"""RFMFeatures on Dask DataFrames: the same features, computed on the workers.

A transaction log too large for one machine stays partitioned on the
workers; what reaches the client are a few counts and dates per partition:

1. *scan* (only for dates written as text without ``date_format``, or
   customer ids stored as floats): per partition, what its dates say about
   day/month order (:func:`~._dates.date_evidence`) and whether its ids are
   whole numbers;
2. *lines to partials*: each partition is cleaned by the pandas code of
   :class:`RFMFeatures` (``_clean``) and summed per (customer, day[, invoice])
   (purchase rows, net amount, purchase quantity), with its counts for
   ``input_summary_`` and its last day;
3. *partials to customers*: the partials are shuffled by customer id (every
   customer's partials meet in one partition) and reduced to one row per
   customer: purchase days (distinct), invoices (distinct), first and last
   purchase day, purchase rows, quantity and net spend.

Steps 2 and 3 are one pass over the log; ``fit_transform`` keeps the
per-customer table on the workers (persisted) and derives the features
from it lazily, so the log is read once (twice with the scan).
"""

import numpy as np
import pandas as pd

from ..utils._collections import quiet_dask_shuffles
from ._dates import date_evidence, format_from_evidence
from ._log_columns import all_whole, dates_are_text

PARTIAL_COLUMNS = ["rows", "amount", "quantity"]
# Customer partitions after the shuffle: one per this many input partitions
# (partials are much smaller than the lines they sum).
PARTITIONS_PER_CUSTOMER_PARTITION = 4
SUMMARY_COUNTS = (
    "rows",
    "dropped_missing",
    "zero_amount",
    "cancellations",
    "returns",
    "after_reference",
)


def check_dask_log(rfm, X):
    """Check a Dask log's columns against ``rfm``'s (no data read)."""
    rfm._check_log(X._meta)


def fit_transform_dask(rfm, X, progress=None):
    """Fit ``rfm`` on a Dask log and return its features, reading the log once.

    Parameters
    ----------
    rfm : RFMFeatures
        The (unfitted) transformer.
    X : dask.dataframe.DataFrame
        The transaction log.
    progress : callable, default=None
        Called with the persisted collections of the pass over the log
        (e.g. ``distributed.progress``, which shows a bar until they are
        computed).

    Returns
    -------
    features : dask.dataframe.DataFrame
        Lazy features derived from the persisted per-customer table.
    """
    rfm._validate_params()
    rfm._check_extras()
    with quiet_dask_shuffles():
        return features_of(rfm, fit_dask(rfm, X, progress))


def fit_dask(rfm, X, progress=None):
    """Fit ``rfm`` on a Dask log; return the per-customer table, persisted.

    Sets ``date_format_``, ``reference_date_``, ``input_summary_``,
    ``feature_names_in_`` and ``n_features_in_`` as the pandas ``fit`` does.
    """
    import dask

    check_dask_log(rfm, X)
    rfm.feature_names_in_ = np.asarray([str(c) for c in X.columns], dtype=object)
    rfm.n_features_in_ = len(X.columns)
    id_dtype, rfm.date_format_ = _scan(rfm, X)
    reference = None
    if rfm.reference_date is not None:
        reference = pd.Timestamp(rfm.reference_date).normalize()
    partials, summaries = _partials(rfm, X, id_dtype, reference)
    customers = _customers(rfm, partials, X.npartitions)
    # One graph: each partition is read and cleaned once for both results.
    customers, summaries = dask.persist(customers, summaries)
    if progress is not None:
        progress(customers, summaries)
    summary = _add(summaries.compute())
    last_day = summary.pop("last_day")
    if summary["rows"] - summary["dropped_missing"] == 0 or pd.isna(last_day):
        raise ValueError(
            "The transaction log has no usable row (each needs a customer, "
            "a date and an amount)."
        )
    if rfm.returns == "error" and summary["returns"]:
        rfm._refuse_returns(summary["returns"])
    if reference is None:
        reference = last_day + pd.Timedelta(days=1)
    n_customers, clipped, buyers = dask.compute(
        customers.index.size,
        (customers["net"] < 0).sum(),
        (customers["transactions"] > 0).sum(),
    )
    if not buyers:
        raise ValueError(
            f"No purchase on or before the reference date {reference:%Y-%m-%d}: "
            "nothing to describe."
        )
    rfm.reference_date_ = reference
    rfm.input_summary_ = {
        **{key: int(summary[key]) for key in SUMMARY_COUNTS},
        "customers": int(n_customers),
        "clipped": int(clipped),
    }
    return customers


def transform_dask(rfm, X):
    """Lazy per-customer features of a Dask log for a fitted ``rfm``."""
    check_dask_log(rfm, X)
    id_dtype = _scan(rfm, X, dates=False)[0]  # float ids: are these whole?
    partials, _ = _partials(rfm, X, id_dtype, rfm.reference_date_)
    return features_of(rfm, _customers(rfm, partials, X.npartitions))


def features_of(rfm, customers):
    """Return the features of the customers with a purchase (lazy Dask DataFrame)."""
    meta = _features(customers._meta, rfm, rfm.reference_date_)
    return customers.map_partitions(_features, rfm, rfm.reference_date_, meta=meta)


# -- the passes ----------------------------------------------------------------


def _scan(rfm, X, dates=True):
    """Id dtype and date format, reading the data only where dtypes do not tell."""
    import dask

    ids = X[rfm.customer_id]
    if dates:
        date_format = rfm.date_format
        text_dates = date_format is None and dates_are_text(X[rfm.date].dtype)
    else:  # transform: the format fit decided
        date_format, text_dates = rfm.date_format_, False
    if not (text_dates or pd.api.types.is_float_dtype(ids.dtype)):
        return _id_dtype(ids, whole=True), date_format
    columns = [rfm.customer_id, *([rfm.date] if text_dates else [])]
    evidence = dask.compute(
        *[
            dask.delayed(_scan_partition)(part, rfm.customer_id, rfm.date, text_dates)
            for part in X[columns].to_delayed()
        ]
    )
    if text_dates:
        date_format = format_from_evidence(
            [e["dates"] for e in evidence], name=rfm.date
        )
    whole = all(e["ids_whole"] for e in evidence)
    return _id_dtype(ids, whole=whole), date_format


def _scan_partition(frame, customer_id, date, text_dates):
    ids = frame[customer_id]
    result = {"ids_whole": True, "dates": None}
    if pd.api.types.is_float_dtype(ids.dtype):
        result["ids_whole"] = all_whole(ids.dropna().to_numpy())
    if text_dates:
        result["dates"] = date_evidence(frame[date].astype("string").str.strip())
    return result


def _id_dtype(ids, whole):
    if pd.api.types.is_float_dtype(ids.dtype):
        return "Int64" if whole else "float64"
    if pd.api.types.is_integer_dtype(ids.dtype):
        return ids.dtype
    return ids.dtype if pd.api.types.is_string_dtype(ids.dtype) else object


def _partials(rfm, X, id_dtype, reference):
    """Per partition: sums per (customer, day[, invoice]) and counts (lazy)."""
    import dask
    import dask.dataframe as dd

    columns = list(dict.fromkeys(rfm._columns().values()))
    dtypes = {"customer_id": id_dtype, "invoice": "string"}
    if rfm.invoice is not None:
        invoice = X[rfm.invoice].dtype
        if pd.api.types.is_integer_dtype(invoice):
            dtypes["invoice"] = "int64"  # rows without one are dropped
        elif pd.api.types.is_float_dtype(invoice):
            dtypes["invoice"] = "float64"
    staged = [
        dask.delayed(_partial_sums, nout=2)(part, rfm, dtypes, reference)
        for part in X[columns].to_delayed()
    ]
    meta = _partial_meta(rfm, dtypes)
    partials = dd.from_delayed([p for p, _ in staged], meta=meta, verify_meta=False)
    summaries = dd.from_delayed(
        [s for _, s in staged], meta=_summary_meta(), verify_meta=False
    )
    return partials, summaries


def _keys(rfm):
    return ["customer_id", "day", *(["invoice"] if _by_invoice(rfm) else [])]


def _by_invoice(rfm):
    return rfm.frequency == "invoices"


def _partial_meta(rfm, dtypes):
    meta = {
        "customer_id": pd.Series([], dtype=dtypes["customer_id"]),
        "day": pd.Series([], dtype="datetime64[ns]"),
    }
    if _by_invoice(rfm):
        meta["invoice"] = pd.Series([], dtype=dtypes["invoice"])
    for name in PARTIAL_COLUMNS:
        meta[name] = pd.Series([], dtype="int64" if name == "rows" else "float64")
    return pd.DataFrame(meta)


def _partial_sums(frame, rfm, dtypes, reference):
    """One partition of the log: its partial sums and its counts."""
    log, summary = rfm._clean(frame, reset=False, refuse_returns=False)
    summary["after_reference"] = 0
    if reference is not None:
        after = log["date"] > reference
        summary["after_reference"] = int(after.sum())
        log = log[~after]
    summary["last_day"] = log["day"].max() if len(log) else pd.NaT
    summary = pd.DataFrame({key: [summary[key]] for key in _summary_meta().columns})
    purchase = log["amount"].to_numpy() >= 0
    quantity = log["quantity"] if "quantity" in log else 0.0
    parts = {
        "customer_id": log["customer_id"].astype(dtypes["customer_id"]),
        "day": log["day"].astype("datetime64[ns]"),
        "rows": purchase.astype(np.int64),
        "amount": log["amount"],
        "quantity": np.where(purchase, quantity, 0.0),
    }
    if _by_invoice(rfm):
        invoice = log["invoice"]
        if dtypes["invoice"] == "string":
            invoice = invoice.astype("string").str.strip()
        parts["invoice"] = invoice.astype(dtypes["invoice"])
    partial = pd.DataFrame(parts)
    partial["quantity"] = partial["quantity"].fillna(0.0)
    sums = partial.groupby(_keys(rfm), sort=False, observed=True)[PARTIAL_COLUMNS]
    sums = sums.sum().reset_index()
    return sums[list(_partial_meta(rfm, dtypes).columns)], summary


def _summary_meta():
    meta = {key: pd.Series([], dtype="int64") for key in SUMMARY_COUNTS}
    return pd.DataFrame({**meta, "last_day": pd.Series([], dtype="datetime64[ns]")})


def _add(summaries):
    """Totals of the per-partition counts (one row per partition)."""
    total = {key: int(summaries[key].sum()) for key in SUMMARY_COUNTS}
    return {**total, "last_day": summaries["last_day"].max()}


def _customers(rfm, partials, n_input):
    """Shuffle the partials by customer; reduce them to a row per customer (lazy)."""
    npartitions = max(1, n_input // PARTITIONS_PER_CUSTOMER_PARTITION)
    shuffled = partials.shuffle(on="customer_id", npartitions=npartitions)
    meta = _customer_rows(partials._meta, rfm)
    return shuffled.map_partitions(_customer_rows, rfm, meta=meta)


def _customer_rows(partials, rfm):
    """One row per customer from the partial sums of all its lines."""
    keys = _keys(rfm)
    sums = partials.groupby(keys, sort=False, observed=True)[PARTIAL_COLUMNS].sum()
    sums = sums.reset_index()
    per = sums.groupby("customer_id", sort=True, observed=True)
    rows = pd.DataFrame(
        {
            "transactions": per["rows"].sum().astype("int64"),
            "net": per["amount"].sum(),
            "quantity": per["quantity"].sum(),
        }
    )
    bought = sums[sums["rows"] > 0]
    days = bought[["customer_id", "day"]].drop_duplicates()
    days = days.groupby("customer_id", observed=True)["day"]
    rows["occasions"] = days.size().reindex(rows.index, fill_value=0).astype("int64")
    rows["first_day"] = days.min().reindex(rows.index).astype("datetime64[ns]")
    rows["last_day"] = days.max().reindex(rows.index).astype("datetime64[ns]")
    if _by_invoice(rfm):
        invoices = bought[["customer_id", "invoice"]].drop_duplicates()
        invoices = invoices.groupby("customer_id", observed=True).size()
        rows["invoices"] = invoices.reindex(rows.index, fill_value=0).astype("int64")
    rows.index.name = "customer_id"
    return rows


def _features(customers, rfm, reference):
    """RFMFeatures' output for one partition of the per-customer table."""
    rows = customers[customers["transactions"] > 0]
    occasions = rows["occasions"]
    total = rows["net"].clip(lower=0)
    per_occasion = total / occasions
    frequency = {
        "days": occasions,
        "invoices": rows.get("invoices"),
        "transactions": rows["transactions"],
    }[rfm.frequency]
    features = pd.DataFrame(
        {
            "recency": (reference - rows["last_day"]).dt.days,
            "frequency": frequency,
            "monetary": total if rfm.monetary == "total" else per_occasion,
            "tenure": (reference - rows["first_day"]).dt.days,
        },
        index=rows.index,
    )
    for extra in rfm.extras or ():
        if extra == "transactions":
            features[extra] = rows["transactions"]
        elif extra == "quantity":
            features[extra] = rows["quantity"]
        else:
            features[extra] = per_occasion
    features.index.name = rfm.customer_id
    return features.astype(
        {"recency": "int64", "frequency": "int64", "tenure": "int64"}
    )
