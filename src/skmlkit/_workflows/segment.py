"""``skmlkit segment``: segment a customer table, write and summarise the report."""

from pathlib import Path

from ._files import save_figure


def write_segmentation_report(result, out_dir):
    """Write labels, profile and plots of a segmentation into a folder.

    Parameters
    ----------
    result : Bunch
        Output of :func:`skmlkit.cluster.segment_customers`.
    out_dir : str or path-like
        Folder to create or fill.

    Returns
    -------
    files : dict of str to pathlib.Path
        ``labels``, ``profile``, ``scores``, ``k_selection``,
        ``silhouette`` and ``profile_plot``.
    """
    from ..plotting import plot_k_selection, plot_segment_profile, plot_silhouette

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "labels": out / "labels.csv",
        "profile": out / "profile.csv",
        "scores": out / "k_scores.csv",
        "k_selection": out / "k_selection.png",
        "silhouette": out / "silhouette.png",
        "profile_plot": out / "profile.png",
    }
    result.labels.to_csv(files["labels"])
    result.profile.to_csv(files["profile"])
    result.model.scores_table().to_csv(files["scores"])
    save_figure(plot_k_selection(result.model), files["k_selection"])
    save_figure(
        plot_silhouette(result.Xt, result.model.labels_).figure, files["silhouette"]
    )
    save_figure(plot_segment_profile(result.profile).figure, files["profile_plot"])
    return files


def summarize_segments(result, max_features=3):
    """Short text summary: K, then each segment's size and standout features."""
    model, profile = result.model, result.profile
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
    relative = profile[[c for c in profile.columns if c.endswith(" vs avg")]]
    for segment, row in profile.iterrows():
        standout = relative.loc[segment].dropna()
        standout = standout.reindex(standout.abs().sort_values(ascending=False).index)
        traits = ", ".join(
            f"{name[:-7]} {value:+.0%}"
            for name, value in standout.head(max_features).items()
        )
        lines.append(
            f"  segment {segment}: {int(row['size'])} customers "
            f"({row['share']:.0%}); {traits}"
        )
    return "\n".join(lines)


def segment_table(
    csv=None,
    *,
    columns=None,
    index_col=None,
    log_transform=False,
    scale="standard",
    k_range=range(2, 11),
    method="auto",
    out_dir="segments",
    random_state=0,
    log=print,
):
    """``skmlkit segment``: segment a CSV table (or synthetic customers), report.

    Parameters
    ----------
    csv : str or path-like, default=None
        Customer table with a header row; None segments 1,000 synthetic
        customers (:func:`~skmlkit.datasets.make_customers`).
    columns : list of str, default=None
        Numeric columns to use; all numeric columns by default.
    index_col : str, default=None
        Identifier column of the CSV table.
    log_transform, scale, k_range, method, random_state
        As for :func:`skmlkit.cluster.segment_customers` (``log``).
    out_dir : str or path-like, default="segments"
        Report folder.
    log : callable, default=print
        Receives each output line.

    Returns
    -------
    result : Bunch
        :func:`~skmlkit.cluster.segment_customers`' result.
    """
    from ..cluster import segment_customers
    from ..datasets import load_customers_csv, make_customers

    if csv:
        frame = load_customers_csv(csv, columns=columns, index_col=index_col)
        source = csv
    else:
        frame = make_customers(n_samples=1000, random_state=random_state).data
        if columns:
            missing = sorted(set(columns) - set(frame.columns))
            if missing:
                raise ValueError(
                    f"Columns {missing} not in the synthetic table; "
                    f"available: {list(frame.columns)}."
                )
            frame = frame[columns]
        source = "synthetic customers (make_customers, 1000 rows)"
    log(f"Segmenting {source}: {len(frame)} rows, columns {list(frame.columns)}")
    result = segment_customers(
        frame,
        log=log_transform,
        scale=scale,
        k_range=k_range,
        method=method,
        random_state=random_state,
    )
    files = write_segmentation_report(result, out_dir)
    log(summarize_segments(result))
    log(f"Wrote {', '.join(p.name for p in files.values())} to {out_dir}/")
    return result
