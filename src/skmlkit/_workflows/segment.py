"""``skmlkit segment``: segment a customer table or a transaction log, write a report.

The report folder holds ``report.html`` (K choice, criteria agreement,
stability, profiles, names, plots), ``customers.csv`` (one row per customer
with its segment and segment name) and the tables and figures the page shows.
"""

import contextlib
import html
import time
import warnings
from datetime import datetime
from pathlib import Path

import pandas as pd

from .._version import __version__
from ._files import render_template, save_figure

# Bootstrap refits behind the stability section of the report.
N_BOOTSTRAP = 10
# Features the RFM mode clusters on; tenure is profiled but not clustered
# (in a log of customers who all started in one quarter it is mostly noise).
RFM_CLUSTERED = ["recency", "frequency", "monetary"]
RFM_SKEWED = ["frequency", "monetary"]
# Mean Jaccard thresholds of a cluster's bootstrap stability (Hennig, 2007).
STABLE_JACCARD, DISSOLVED_JACCARD = 0.75, 0.5


def segment_table(
    csv=None,
    *,
    customers=None,
    source=None,
    columns=None,
    categorical=None,
    index_col=None,
    log_transform=False,
    scale="standard",
    k_range=range(2, 11),
    method="auto",
    missing="impute",
    encoding=None,
    sep=None,
    decimal=None,
    n_bootstrap=N_BOOTSTRAP,
    out_dir="segments",
    random_state=0,
    log=print,
):
    """Segment a CSV customer table (or synthetic customers) and write the report.

    Parameters
    ----------
    csv : str or path-like, default=None
        Customer table with a header row; None segments ``customers``, else
        1,000 synthetic customers (:func:`~skmlkit.datasets.make_customers`).
    customers : pandas.DataFrame, default=None
        A table already in memory, used when ``csv`` is None.
    source : str, default=None
        How the report names ``customers``.
    columns : list of str, default=None
        Numeric columns to use; all numeric columns by default.
    categorical : list of str, default=None
        Categorical columns to use as well.
    index_col : str, default=None
        Customer identifier column.
    log_transform, scale, k_range, method, missing, random_state
        As for :func:`skmlkit.cluster.segment_customers` (``log``).
    encoding, sep, decimal : str, default=None
        How the CSV was written; None works it out.
    n_bootstrap : int, default=10
        Bootstrap refits for the stability section.
    out_dir : str or path-like, default="segments"
        Report folder.
    log : callable, default=print
        Receives each output line.

    Returns
    -------
    result : Bunch
        :func:`~skmlkit.cluster.segment_customers`' result, plus ``stability``,
        ``files`` and ``seconds``.
    """
    from ..cluster import segment_customers
    from ..datasets import make_customers
    from ..datasets._customers import select_customer_columns

    start = time.perf_counter()
    notes = []
    if csv:
        table = _read_csv(csv, encoding, sep, decimal, notes, index_col=index_col)
        frame = select_customer_columns(table, columns, categorical, csv)
        source = str(csv)
    else:
        if customers is None:
            customers = make_customers(n_samples=1000, random_state=random_state).data
            source = "synthetic customers (make_customers, 1000 rows)"
        frame = customers
        if columns:
            missing_columns = sorted(set(columns) - set(frame.columns))
            if missing_columns:
                raise ValueError(
                    f"Columns {missing_columns} not in the synthetic table; "
                    f"available: {list(frame.columns)}."
                )
            frame = frame[columns]
        source = source or "a customer table"
    log(f"Segmenting {source}: {len(frame)} rows, columns {list(frame.columns)}")
    with _warnings_as_notes(notes, log):
        result = segment_customers(
            frame,
            log=log_transform,
            scale=scale,
            k_range=k_range,
            method=method,
            random_state=random_state,
            categorical=categorical,
            missing=missing,
        )
    notes += _missing_notes(result.missing)
    customers = result.frame.assign(
        segment=result.labels, segment_name=result.labels.map(result.names)
    )
    return _finish(result, customers, source, notes, n_bootstrap, out_dir, start, log)


def segment_transactions(
    csv=None,
    *,
    customer_id="customer_id",
    date="date",
    amount="amount",
    quantity=None,
    date_format=None,
    reference_date=None,
    returns="net",
    missing="impute",
    encoding=None,
    sep=None,
    decimal=None,
    k_range=range(2, 11),
    method="auto",
    n_bootstrap=N_BOOTSTRAP,
    out_dir="segments",
    data_home=None,
    download=True,
    random_state=0,
    log=print,
):
    """RFM segmentation of a transaction log (a CSV file, or the CDNOW log).

    Per customer: recency, frequency, monetary value and tenure
    (:class:`~skmlkit.RFMFeatures`); segments from recency and the log of
    frequency and spend; names from the customary RFM labels.

    Parameters
    ----------
    csv : str or path-like, default=None
        Transaction log with a header row; None reads the CDNOW log from
        the data home (:func:`~skmlkit.datasets.fetch_cdnow`).
    customer_id, date, amount, quantity, date_format, reference_date, returns
        As for :class:`~skmlkit.RFMFeatures`.
    missing : {"impute", "drop", "error"}, default="impute"
        Rows without customer, date or amount cannot be used and are
        dropped (and counted) unless this is ``"error"``, which refuses them.
    encoding, sep, decimal : str, default=None
        How the CSV was written; None works it out.
    k_range, method, n_bootstrap, out_dir, random_state, log
        As for :func:`segment_table`.
    data_home, download
        Where the CDNOW log is, and whether it may be downloaded.

    Returns
    -------
    result : Bunch
        As for :func:`segment_table`, plus ``rfm`` (the fitted
        :class:`~skmlkit.RFMFeatures`).
    """
    from ..cluster import segment_customers
    from ..datasets import fetch_cdnow
    from ..preprocessing import RFMFeatures

    start = time.perf_counter()
    notes = []
    if csv:
        transactions = _read_csv(csv, encoding, sep, decimal, notes)
        source = str(csv)
    else:
        transactions = fetch_cdnow(
            data_home=data_home, download_if_missing=download
        ).frame
        source = "the CDNOW transaction log (data home)"
        customer_id, date, amount = "customer_id", "date", "amount"
        quantity = quantity or "quantity"
    log(f"Reading {source}: {len(transactions):,} transactions")
    rfm = RFMFeatures(
        customer_id=customer_id,
        date=date,
        amount=amount,
        quantity=quantity,
        reference_date=reference_date,
        returns=returns,
        date_format=date_format,
    )
    features = rfm.fit_transform(transactions)
    summary = rfm.input_summary_
    if missing == "error" and summary["dropped_missing"]:
        raise ValueError(
            f"{summary['dropped_missing']} transactions lack a customer, date or "
            "amount; drop them (missing='drop') or fix the file."
        )
    notes += _rfm_notes(rfm, returns)
    log(
        f"RFM features of {len(features):,} customers as of "
        f"{rfm.reference_date_:%Y-%m-%d}"
    )
    with _warnings_as_notes(notes, log):
        result = segment_customers(
            features[RFM_CLUSTERED],
            skewed=RFM_SKEWED,
            k_range=k_range,
            method=method,
            random_state=random_state,
            names="rfm",
        )
    result.rfm = rfm
    result.frame = features
    result.profile = _profile(features, result.labels)
    customers = features.assign(
        segment=result.labels, segment_name=result.labels.map(result.names)
    )
    return _finish(result, customers, source, notes, n_bootstrap, out_dir, start, log)


@contextlib.contextmanager
def _warnings_as_notes(notes, log):
    """Turn the K-range and knee warnings into report notes and plain lines."""
    from ..exceptions import KRangeEdgeWarning, NoClearKneeWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KRangeEdgeWarning)
        warnings.simplefilter("always", NoClearKneeWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, (KRangeEdgeWarning, NoClearKneeWarning)):
            notes.append(str(warning.message))
            log(f"Note: {warning.message}")
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def _profile(frame, labels):
    from ..cluster import segment_profile

    return segment_profile(frame, labels.to_numpy())


def _read_csv(csv, encoding, sep, decimal, notes, index_col=None):
    """Read a user's CSV file; note how it was read."""
    from ..datasets._csv import read_csv_table

    table = read_csv_table(
        csv, encoding=encoding, sep=sep, decimal=decimal, index_col=index_col
    )
    notes.append(
        f"Read {Path(csv).name} as {table.encoding} text, separator {table.sep!r}, "
        f"decimal mark {table.decimal!r}: {len(table.frame):,} rows."
    )
    return table.frame


def _missing_notes(missing):
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


def _rfm_notes(rfm, returns):
    summary = rfm.input_summary_
    notes = [
        f"{summary['rows']:,} transactions of {summary['customers']:,} customers; "
        f"reference date {rfm.reference_date_:%Y-%m-%d} (recency and tenure are "
        "days before it)."
    ]
    if summary["dropped_missing"]:
        notes.append(
            f"{summary['dropped_missing']:,} transactions without customer, date "
            "or amount were dropped."
        )
    if summary["after_reference"]:
        notes.append(
            f"{summary['after_reference']:,} transactions after the reference "
            "date were left out."
        )
    if summary["zero_amount"]:
        notes.append(
            f"{summary['zero_amount']:,} transactions of amount 0 count as "
            "purchases with no spend."
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


def _finish(result, customers, source, notes, n_bootstrap, out_dir, start, log):
    from ..cluster import cluster_stability

    result.stability = cluster_stability(
        result.model, result.Xt, n_bootstrap=n_bootstrap, random_state=0
    )
    result.source, result.notes = source, notes
    result.customers = customers
    result.seconds = time.perf_counter() - start
    result.files = write_segmentation_report(result, out_dir)
    result.seconds = time.perf_counter() - start
    log(summarize_segments(result))
    log(
        f"Wrote {', '.join(p.name for p in result.files.values())} to {out_dir}/ "
        f"in {result.seconds:.1f} s; open {result.files['report']}"
    )
    return result


def write_segmentation_report(result, out_dir):
    """Write the customers table, profile, scores, plots and ``report.html``.

    Parameters
    ----------
    result : Bunch
        Output of :func:`skmlkit.cluster.segment_customers`; with
        ``customers``, ``stability``, ``source``, ``notes`` and ``seconds``
        when it comes from :func:`segment_table` (the HTML page is written
        only then).
    out_dir : str or path-like
        Folder to create or fill.

    Returns
    -------
    files : dict of str to pathlib.Path
        Every written file by role.
    """
    from ..plotting import (
        plot_k_selection,
        plot_segment_profile,
        plot_segment_radar,
        plot_segment_sizes,
        plot_silhouette,
        plot_snake,
    )

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = result.get("names")
    files = {
        "labels": out / "labels.csv",
        "profile": out / "profile.csv",
        "scores": out / "k_scores.csv",
        "k_selection": out / "k_selection.png",
        "silhouette": out / "silhouette.png",
        "profile_plot": out / "profile.png",
        "snake": out / "snake.png",
        "sizes": out / "sizes.png",
    }
    result.labels.to_csv(files["labels"])
    profile = result.profile.copy()
    if names is not None:
        profile.insert(0, "name", names)
    profile.to_csv(files["profile"])
    result.model.scores_table().to_csv(files["scores"])
    save_figure(plot_k_selection(result.model), files["k_selection"])
    save_figure(
        plot_silhouette(result.Xt, result.model.labels_).figure, files["silhouette"]
    )
    save_figure(
        plot_segment_profile(result.profile, names=names).figure,
        files["profile_plot"],
    )
    frame = result.get("frame")
    if frame is None:
        frame = pd.DataFrame(result.Xt)
    save_figure(
        plot_snake(frame, result.labels.to_numpy(), names=names).figure,
        files["snake"],
    )
    save_figure(plot_segment_sizes(result.profile, names=names).figure, files["sizes"])
    n_numeric = sum(c.endswith(" mean") for c in result.profile.columns)
    if n_numeric >= 3:
        files["radar"] = out / "radar.png"
        save_figure(
            plot_segment_radar(result.profile, names=names).figure, files["radar"]
        )
    if "customers" in result:
        files["customers"] = out / "customers.csv"
        result.customers.to_csv(files["customers"])
        files["report"] = out / "report.html"
        files["report"].write_text(_report_page(result, files, out), encoding="utf-8")
    return files


def summarize_segments(result, max_features=3):
    """Short text summary: K, agreement, stability, then each segment."""
    model, profile = result.model, result.profile
    names = result.get("names")
    structure = (
        "clusters found"
        if model.structure_["has_structure"]
        else "no clear cluster structure: read the segments with care"
    )
    lines = [
        f"{model.n_clusters_} segments (method={model.method!r}, K tried "
        f"{model.k_values_[0]}..{model.k_values_[-1]}; {model.agreement_:.0%} of "
        f"the criteria agree; {structure}):"
    ]
    if "stability" in result:
        ari = result.stability.ari
        lines[0] = lines[0][:-2] + f"; bootstrap stability ARI {ari.mean():.2f}):"
    relative = profile[[c for c in profile.columns if c.endswith(" vs avg")]]
    for segment, row in profile.iterrows():
        standout = relative.loc[segment].dropna()
        standout = standout.reindex(standout.abs().sort_values(ascending=False).index)
        traits = ", ".join(
            f"{name[:-7]} {value:+.0%}"
            for name, value in standout.head(max_features).items()
        )
        title = f"segment {segment}"
        if names is not None:
            title += f' "{names[segment]}"'
        lines.append(
            f"  {title}: {int(row['size'])} customers ({row['share']:.0%}); {traits}"
        )
    return "\n".join(lines)


def _report_page(result, files, out):
    """Render the HTML page of a segmentation report."""
    model, stability = result.model, result.stability
    links = {
        role: html.escape(p.relative_to(out).as_posix()) for role, p in files.items()
    }
    ari = stability.ari
    jaccard = stability.summary.assign(
        verdict=stability.summary["jaccard_mean"].map(_verdict)
    )
    choices = pd.DataFrame({"K chosen": pd.Series(model.choices_)}).rename_axis(
        "criterion"
    )
    structure = model.structure_
    segments = result.profile[["size", "share"]].copy()
    segments.insert(0, "name", result.names)
    means = [c for c in result.profile.columns if c.endswith((" mean", " share"))]
    segments = segments.join(result.profile[means])
    radar = (
        f'<h3>Radar chart</h3><img src="{links["radar"]}" alt="radar chart">'
        if "radar" in links
        else ""
    )
    return render_template(
        "segment_report.html",
        css=render_template("report.css"),
        date=f"{datetime.now():%Y-%m-%d %H:%M}",
        version=html.escape(__version__),
        seconds=f"{result.seconds:.1f}",
        source=html.escape(result.source),
        n_customers=f"{len(result.labels):,}",
        notes="".join(f"<li>{html.escape(note)}</li>" for note in result.notes),
        k=model.n_clusters_,
        method=html.escape(model.method),
        k_min=model.k_values_[0],
        k_max=model.k_values_[-1],
        agreement=f"{model.agreement_:.0%}",
        structure="yes" if structure["has_structure"] else "no",
        evidence=f"{structure['evidence']:.0%}",
        choices_table=choices.to_html(border=0),
        ari_mean=f"{ari.mean():.2f}",
        ari_min=f"{ari.min():.2f}",
        ari_max=f"{ari.max():.2f}",
        n_bootstrap=len(ari),
        jaccard_table=jaccard.round(3).to_html(border=0),
        segments_table=segments.round(2).to_html(border=0),
        radar_section=radar,
        **links,
    )


def _verdict(jaccard):
    if jaccard >= STABLE_JACCARD:
        return "stable"
    if jaccard <= DISSOLVED_JACCARD:
        return "dissolves"
    return "doubtful"
