"""Customer segmentation end to end: preprocess, choose K, profile, report."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, StandardScaler
from sklearn.utils import Bunch

from ._auto_kmeans import AutoKMeans
from ._profile import segment_profile

SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}


def segment_customers(
    frame,
    *,
    log=False,
    scale="standard",
    k_range=(2, 10),
    method="auto",
    random_state=0,
):
    """Segment a customer table with AutoKMeans and profile the segments.

    Parameters
    ----------
    frame : pandas.DataFrame
        Numeric customer features, one row per customer.
    log : bool, default=False
        Apply ``log1p`` to every feature first (for skewed amounts such as
        spending); features must then be non-negative.
    scale : {"standard", "minmax", "none"}, default="standard"
        Feature scaling before clustering.
    k_range : tuple of (int, int), default=(2, 10)
        Candidate numbers of segments.
    method : str, default="auto"
        K-selection method of :class:`AutoKMeans`.
    random_state : int, default=0
        Seed.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``pipeline`` (fitted), ``model`` (the AutoKMeans step), ``labels``
        (Series indexed like ``frame``), ``profile`` (DataFrame in the
        original units) and ``Xt`` (the data as the model saw it).

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.cluster import segment_customers
    >>> customers = make_customers(n_samples=500, random_state=0).data
    >>> result = segment_customers(customers, random_state=0)
    >>> result.model.n_clusters_, int(result.profile["size"].sum())
    (5, 500)
    """
    if frame.shape[1] == 0 or len(frame) < 3:
        raise ValueError(
            f"Need at least 3 rows and 1 column to segment, got shape {frame.shape}."
        )
    if frame.isna().any().any():
        missing = frame.columns[frame.isna().any()].tolist()
        raise ValueError(f"Columns {missing} have missing values; fill or drop them.")
    steps = []
    if log:
        negative = frame.columns[(frame < 0).any()].tolist()
        if negative:
            raise ValueError(
                f"--log needs non-negative values; {negative} have negative ones."
            )
        steps.append(FunctionTransformer(np.log1p, feature_names_out="one-to-one"))
    if scale != "none":
        if scale not in SCALERS:
            raise ValueError(
                f"scale must be one of {[*SCALERS, 'none']}, got {scale!r}."
            )
        steps.append(SCALERS[scale]())
    model = AutoKMeans(k_range=k_range, method=method, random_state=random_state)
    pipeline = make_pipeline(*steps, model).fit(frame)
    Xt = pipeline[:-1].transform(frame) if steps else frame.to_numpy(dtype=float)
    labels = pd.Series(model.labels_, index=frame.index, name="segment")
    return Bunch(
        pipeline=pipeline,
        model=model,
        labels=labels,
        profile=segment_profile(frame, model.labels_),
        Xt=np.asarray(Xt),
    )


def write_segmentation_report(result, out_dir):
    """Write labels, profile and plots of a segmentation into a folder.

    Parameters
    ----------
    result : Bunch
        Output of :func:`segment_customers`.
    out_dir : str or path-like
        Folder to create or fill.

    Returns
    -------
    files : dict of str to pathlib.Path
        ``labels``, ``profile``, ``scores``, ``k_selection``,
        ``silhouette`` and ``profile_plot``.
    """
    from ..plotting import plot_k_selection, plot_segment_profile, plot_silhouette
    from ..plotting._figures import save_figure

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
    lines = [
        f"{model.n_clusters_} segments (method={model.method!r}, K tried "
        f"{model.k_values_[0]}..{model.k_values_[-1]}):"
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
