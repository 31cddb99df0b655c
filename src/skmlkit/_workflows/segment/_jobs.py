"""The segmentation jobs (a customer table, a transaction log) and their shared step."""

import time

from ._inputs import customer_table, transaction_log
from ._notes import amount_notes, missing_notes, rfm_notes, warnings_as_notes
from ._report import summarize_segments, write_segmentation_report
from ._run import SegmentationRun

# Bootstrap refits behind the stability section of the report.
N_BOOTSTRAP = 10
# Features the RFM mode clusters on; tenure is profiled but not clustered
# (in a log of customers who all started in one quarter it is mostly noise).
RFM_CLUSTERED = ["recency", "frequency", "monetary"]
RFM_SKEWED = ["frequency", "monetary"]


def segment_table(
    csv=None,
    *,
    customers=None,
    source=None,
    numeric=None,
    categorical=None,
    index_col=None,
    log_transform=False,
    scale="standard",
    k_range=range(2, 11),
    method="auto",
    n_clusters=None,
    missing="impute",
    encoding=None,
    sep=None,
    decimal=None,
    sheet=None,
    n_bootstrap=N_BOOTSTRAP,
    out_dir="segments",
    random_state=None,
    log=print,
):
    """Segment a customer table (or synthetic customers) and write the report.

    Parameters
    ----------
    csv : str or path-like, default=None
        Customer table with a header row: a file, folder or glob as
        :func:`~skmlkit.datasets.read_table` reads them; None segments
        ``customers``, else
        1,000 synthetic customers (:func:`~skmlkit.datasets.make_customers`).
    customers : pandas.DataFrame, default=None
        A table already in memory, used when ``csv`` is None.
    source : str, default=None
        How the report names ``customers``.
    numeric : list of str, default=None
        Numeric columns to use; all numeric columns by default.
    categorical : list of str, default=None
        Categorical columns to use as well.
    index_col : str, default=None
        Customer identifier column.
    log_transform, scale, k_range, method, n_clusters, missing
        As for :func:`skmlkit.cluster.segment_customers` (``log``).
    encoding, sep, decimal, sheet : str, default=None
        How the file was written; None works it out (first sheet).
    n_bootstrap : int, default=10
        Bootstrap refits for the stability section.
    out_dir : str or path-like, default="segments"
        Report folder.
    random_state : int or None, default=None
        Seeds the synthetic customers, AutoKMeans and the stability refits.
    log : callable, default=print
        Receives each output line.

    Returns
    -------
    run : SegmentationRun
    """
    start = time.perf_counter()
    notes = []
    options = {
        "encoding": encoding,
        "sep": sep,
        "decimal": decimal,
        "sheet": sheet,
        "index_col": index_col,
        "random_state": random_state,
    }
    frame, source = customer_table(
        csv, customers, source, numeric, categorical, options, notes
    )
    log(f"Segmenting {source}: {len(frame)} rows, columns {list(frame.columns)}")
    segmentation = _segment(
        frame,
        notes,
        log,
        log=log_transform,
        scale=scale,
        k_range=k_range,
        method=method,
        n_clusters=n_clusters,
        random_state=random_state,
        categorical=categorical,
        missing=missing,
    )
    notes += missing_notes(segmentation.missing)
    run = SegmentationRun(
        segmentation=segmentation,
        frame=segmentation.frame,
        profile=segmentation.profile,
        customers=_with_segments(segmentation.frame, segmentation),
        source=source,
        notes=notes,
    )
    return _finish(run, n_bootstrap, random_state, out_dir, start, log)


def segment_transactions(
    csv=None,
    *,
    customer_id="customer_id",
    date="date",
    amount="amount",
    quantity=None,
    price=None,
    invoice=None,
    frequency="days",
    cancel_prefix=None,
    date_format=None,
    reference_date=None,
    returns="net",
    missing="impute",
    encoding=None,
    sep=None,
    decimal=None,
    sheet=None,
    k_range=range(2, 11),
    method="auto",
    n_clusters=None,
    n_bootstrap=N_BOOTSTRAP,
    out_dir="segments",
    data_home=None,
    download=True,
    random_state=None,
    log=print,
):
    """RFM segmentation of a transaction log (a file, or the CDNOW log).

    Per customer: recency, frequency, monetary value and tenure
    (:class:`~skmlkit.RFMFeatures`); segments from recency and the log of
    frequency and spend; names from the customary RFM labels.

    Parameters
    ----------
    csv : str or path-like, default=None
        Transaction log with a header row: a file, folder or glob as
        :func:`~skmlkit.datasets.read_table` reads them; None reads the
        CDNOW log from the data home (:func:`~skmlkit.datasets.fetch_cdnow`).
    customer_id, date, amount, quantity, price, invoice, frequency
        As for :class:`~skmlkit.RFMFeatures`.
    cancel_prefix, date_format, reference_date, returns
        As for :class:`~skmlkit.RFMFeatures`.
    missing : {"impute", "drop", "error"}, default="impute"
        Rows without customer, date or amount cannot be used and are
        dropped (and counted) unless this is ``"error"``, which refuses them.
    encoding, sep, decimal, sheet : str, default=None
        How the file was written; None works it out (first sheet).
    k_range, method, n_clusters, n_bootstrap, out_dir, random_state, log
        As for :func:`segment_table`.
    data_home, download
        Where the CDNOW log is, and whether it may be downloaded.

    Returns
    -------
    run : SegmentationRun
        With ``rfm``, the fitted :class:`~skmlkit.RFMFeatures`.
    """
    from ...preprocessing import RFMFeatures

    start = time.perf_counter()
    notes = []
    columns = {
        "customer_id": customer_id,
        "date": date,
        "amount": None if price is not None else amount,
        "quantity": quantity,
        "price": price,
        "invoice": invoice,
    }
    reading = {"encoding": encoding, "sep": sep, "decimal": decimal, "sheet": sheet}
    transactions, source, cdnow = transaction_log(
        csv, columns, reading, data_home, download, notes
    )
    if cdnow:
        customer_id, date, amount = cdnow["customer_id"], cdnow["date"], cdnow["amount"]
        quantity = quantity or cdnow["quantity"]
    log(f"Reading {source}: {len(transactions):,} transactions")
    rfm = RFMFeatures(
        customer_id=customer_id,
        date=date,
        amount=amount,
        quantity=quantity,
        price=price,
        invoice=invoice,
        frequency=frequency,
        cancel_prefix=cancel_prefix,
        reference_date=reference_date,
        returns=returns,
        date_format=date_format,
    )
    features = rfm.fit_transform(transactions)
    refuse_dropped(rfm, missing)
    notes += rfm_notes(rfm, returns)
    notes += amount_notes(transactions, amount, quantity, price)
    log(
        f"RFM features of {len(features):,} customers as of "
        f"{rfm.reference_date_:%Y-%m-%d}"
    )
    segmentation = _segment(
        features[RFM_CLUSTERED],
        notes,
        log,
        skewed=RFM_SKEWED,
        k_range=k_range,
        method=method,
        n_clusters=n_clusters,
        random_state=random_state,
        names="rfm",
    )
    run = SegmentationRun(
        segmentation=segmentation,
        frame=features,
        profile=_profile(features, segmentation.labels),
        customers=_with_segments(features, segmentation),
        source=source,
        notes=notes,
        rfm=rfm,
    )
    return _finish(run, n_bootstrap, random_state, out_dir, start, log)


def refuse_dropped(rfm, missing):
    """Stop when ``missing="error"`` and the log had unusable transactions."""
    dropped = rfm.input_summary_["dropped_missing"]
    if missing == "error" and dropped:
        raise ValueError(
            f"{dropped} transactions lack a customer, date or amount; drop them "
            "(missing='drop') or fix the file."
        )


def _segment(frame, notes, echo, **options):
    """Run segment_customers, the step both jobs share, its warnings as notes."""
    from ...cluster import segment_customers

    with warnings_as_notes(notes, echo):
        return segment_customers(frame, **options)


def _profile(frame, labels):
    from ...cluster import segment_profile

    return segment_profile(frame, labels.to_numpy())


def _with_segments(frame, segmentation):
    labels = segmentation.labels
    return frame.assign(segment=labels, segment_name=labels.map(segmentation.names))


def _finish(run, n_bootstrap, random_state, out_dir, start, log):
    """Stability, report files and the console summary."""
    from ...cluster import cluster_stability

    run.stability = cluster_stability(
        run.model, run.Xt, n_bootstrap=n_bootstrap, random_state=random_state
    )
    run.seconds = time.perf_counter() - start
    run.files = write_segmentation_report(run, out_dir)
    run.seconds = time.perf_counter() - start
    log(summarize_segments(run))
    log(
        f"Wrote {', '.join(p.name for p in run.files.values())} to {out_dir}/ "
        f"in {run.seconds:.1f} s; open {run.files['report']}"
    )
    return run
