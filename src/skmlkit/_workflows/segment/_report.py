"""The files and the console summary of a segmentation report."""

import html
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..._version import __version__
from ...cluster._profile import profile_column, profile_features, stability_verdict
from .._files import render_template, save_figure
from ._notes import k_alternative, k_choice_notes


def write_segmentation_report(run, out_dir):
    """Write the customers table, profile, scores, plots and ``report.html``.

    Parameters
    ----------
    run : SegmentationRun
        A finished segmentation (with ``stability``).
    out_dir : str or path-like
        Folder to create or fill.

    Returns
    -------
    files : dict of str to pathlib.Path
        Every written file by role.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {"profile": out / "profile.csv", "scores": out / "k_scores.csv"}
    if run.customers is not None:  # else written per partition by the cluster
        files["labels"] = out / "labels.csv"
        run.labels.to_csv(files["labels"])
    run.profile.assign(name=run.names)[["name", *run.profile.columns]].to_csv(
        files["profile"]
    )
    run.model.scores_table().to_csv(files["scores"])
    files.update(_write_figures(run, out))
    if run.customers is not None:
        files["customers"] = out / "customers.csv"
        run.customers.to_csv(files["customers"])
    else:  # one file per partition, written by the Dask workers
        files["customers"] = out / "customers"
    files["report"] = out / "report.html"
    files["report"].write_text(_report_page(run, files, out), encoding="utf-8")
    return files


def _write_figures(run, out):
    from ...plotting import (
        KSelectionDisplay,
        SegmentProfileDisplay,
        SegmentRadarDisplay,
        SegmentSizesDisplay,
        SilhouetteDisplay,
        SnakeDisplay,
    )

    profile, names = run.profile, run.names
    displays = {
        "k_selection": KSelectionDisplay.from_estimator(run.model),
        "silhouette": SilhouetteDisplay.from_predictions(run.Xt, run.labels.to_numpy()),
        "profile_plot": SegmentProfileDisplay(profile=profile, names=names).plot(),
        "snake": SnakeDisplay.from_predictions(
            run.frame, run.labels.to_numpy(), names=names
        ),
        "sizes": SegmentSizesDisplay(profile=profile, names=names).plot(),
    }
    if len(profile_features(profile, "mean")) >= 3:
        displays["radar"] = SegmentRadarDisplay(profile=profile, names=names).plot()
    stems = {"profile_plot": "profile"}
    return {
        role: save_figure(display.figure_, out / f"{stems.get(role, role)}.png")
        for role, display in displays.items()
    }


def summarize_segments(run, max_features=3):
    """Short text summary: K, agreement, stability, then each segment."""
    model, profile, names = run.model, run.profile, run.names
    structure = (
        "clusters found"
        if model.structure_["has_structure"]
        else "no clear cluster structure: read the segments with care"
    )
    stability = ""
    if run.stability is not None:
        stability = f"; bootstrap stability ARI {run.stability.ari.mean():.2f}"
    alternative = k_alternative(model)
    alternative = f"; {alternative}" if alternative else ""
    lines = [
        f"{model.n_clusters_} segments (method={model.method!r}, K tried "
        f"{model.k_values_[0]}..{model.k_values_[-1]}; {model.agreement_:.0%} of "
        f"the criteria agree{alternative}; {structure}{stability}):"
    ]
    features = profile_features(profile, "vs avg")
    relative = profile[[profile_column(f, "vs avg") for f in features]]
    relative.columns = features
    for segment, row in profile.iterrows():
        standout = relative.loc[segment].dropna()
        standout = standout.reindex(standout.abs().sort_values(ascending=False).index)
        traits = ", ".join(
            f"{name} {value:+.0%}" for name, value in standout[:max_features].items()
        )
        title = f'segment {segment} "{names[segment]}"'
        lines.append(
            f"  {title}: {int(row['size'])} customers ({row['share']:.0%}); {traits}"
        )
    return "\n".join(lines)


def _report_page(run, files, out):
    """Render the HTML page of a segmentation report."""
    model, stability, profile = run.model, run.stability, run.profile
    links = {
        role: html.escape(p.relative_to(out).as_posix()) for role, p in files.items()
    }
    ari = stability.ari
    jaccard = stability.summary.assign(
        verdict=stability.summary["jaccard_mean"].map(stability_verdict)
    )
    evidence = pd.DataFrame(
        {
            "chosen by": {
                k: ", ".join(e["chosen_by"]) for k, e in model.support_.items()
            },
            "votes (auto rule)": {k: e["support"] for k, e in model.support_.items()},
            "stability (ARI)": {k: e["stability"] for k, e in model.support_.items()},
            "excess kurtosis": {k: e["kurtosis"] for k, e in model.support_.items()},
            "most on one value": {
                k: "" if np.isnan(e["point_mass"]) else f"{e['point_mass']:.0%}"
                for k, e in model.support_.items()
            },
        }
    ).rename_axis("K")
    alternative = k_alternative(model)
    k_notes = [f"{alternative}." if alternative else "", *k_choice_notes(model)]
    structure = model.structure_
    segments = profile[["size", "share"]].copy()
    segments.insert(0, "name", run.names)
    shown = [profile_column(f, "mean") for f in profile_features(profile, "mean")]
    shown += [profile_column(f, "share") for f in profile_features(profile, "share")]
    segments = segments.join(profile[[c for c in profile.columns if c in shown]])
    tables = ", ".join(
        f"<code>{links[role]}</code>"
        for role in ("profile", "scores", "labels")
        if role in links
    )
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
        seconds=f"{run.seconds:.1f}",
        source=html.escape(run.source),
        n_customers=f"{int(run.profile['size'].sum()):,}",
        notes="".join(f"<li>{html.escape(note)}</li>" for note in run.notes),
        k=model.n_clusters_,
        method=html.escape(model.method),
        k_min=model.k_values_[0],
        k_max=model.k_values_[-1],
        agreement=f"{model.agreement_:.0%}",
        structure="yes" if structure["has_structure"] else "no",
        evidence=f"{structure['evidence']:.0%}",
        evidence_table=evidence.round(2).to_html(border=0, na_rep=""),
        k_notes="".join(f"<li>{html.escape(n)}</li>" for n in k_notes if n),
        ari_mean=f"{ari.mean():.2f}",
        ari_min=f"{ari.min():.2f}",
        ari_max=f"{ari.max():.2f}",
        n_bootstrap=len(ari),
        jaccard_table=jaccard.round(3).to_html(border=0),
        segments_table=segments.round(2).to_html(border=0),
        radar_section=radar,
        tables=tables,
        **links,
    )
