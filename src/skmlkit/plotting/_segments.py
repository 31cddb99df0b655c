"""Segment plots people expect: snake plot, radar chart, segment sizes."""

import numpy as np
import pandas as pd

from ..cluster._profile import profile_column, profile_features
from ._figures import pyplot


def _segment_labels(segments, names):
    if names is None:
        return [str(s) for s in segments]
    names = pd.Series(names)
    return [f"{s}: {names[s]}" if s in names.index else str(s) for s in segments]


def _numeric_frame(X, feature_names):
    if isinstance(X, pd.DataFrame):
        frame = X.select_dtypes("number").reset_index(drop=True)
    else:
        X = np.asarray(X, dtype=np.float64)
        names = feature_names or [f"x{i}" for i in range(X.shape[1])]
        frame = pd.DataFrame(X, columns=list(names))
    if frame.shape[1] == 0:
        raise ValueError("X has no numeric column to plot.")
    return frame


def plot_snake(X, labels, *, feature_names=None, names=None, ax=None):
    """Snake plot: each segment's mean of every standardised feature.

    Features are standardised over all rows (z-scores), so a line above 0
    is above the average customer, in standard deviations.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data (numeric columns are plotted).
    labels : array-like of shape (n_samples,)
        Segment of each row.
    feature_names : list of str, default=None
        Names for array input.
    names : dict or Series, default=None
        Segment names for the legend.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    ax : matplotlib.axes.Axes
        One line per segment.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import plot_snake
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> ax = plot_snake(customers.data, customers.target)
    >>> len(ax.get_lines()) >= 3
    True
    """
    plt = pyplot()
    frame = _numeric_frame(X, feature_names)
    labels = np.asarray(labels)
    if len(labels) != len(frame):
        raise ValueError(f"labels has {len(labels)} entries, X has {len(frame)} rows.")
    std = frame.std(ddof=0).replace(0, 1.0)
    means = ((frame - frame.mean()) / std).groupby(labels).mean()
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.0, 1.1 * frame.shape[1] + 3), 4))
    positions = np.arange(frame.shape[1])
    for label, (_, row) in zip(
        _segment_labels(means.index, names), means.iterrows(), strict=True
    ):
        ax.plot(positions, row.to_numpy(), marker="o", label=label)
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.set_xticks(positions, list(frame.columns), rotation=20, ha="right")
    ax.set_ylabel("segment mean (standard deviations from average)")
    ax.set_title("Snake plot")
    ax.legend(fontsize=8, loc="best")
    ax.figure.tight_layout()
    return ax


def plot_segment_radar(profile, *, names=None, features=None):
    """Radar chart of segment means, each feature scaled 0..1 across segments.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile`.
    names : dict or Series, default=None
        Segment names for the legend.
    features : list of str, default=None
        Features to draw (all numeric features of the profile by default).

    Returns
    -------
    ax : matplotlib.projections.polar.PolarAxes
        One closed polygon per segment; the outer ring is the largest
        segment mean of each feature, the centre the smallest.

    Examples
    --------
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import plot_segment_radar
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> ax = plot_segment_radar(segment_profile(customers.data, customers.target))
    >>> ax.name
    'polar'
    """
    plt = pyplot()
    if features is None:
        features = profile_features(profile, "mean")
    if len(features) < 3:
        raise ValueError(
            f"A radar chart needs at least 3 features, got {len(features)}; "
            "use plot_snake instead."
        )
    means = profile[[profile_column(f, "mean") for f in features]].to_numpy(dtype=float)
    low, high = np.nanmin(means, axis=0), np.nanmax(means, axis=0)
    scaled = (means - low) / np.where(high > low, high - low, 1.0)
    angles = np.linspace(0, 2 * np.pi, len(features), endpoint=False)
    figure = plt.figure(figsize=(6, 6.5))
    ax = figure.add_subplot(projection="polar")
    closed = np.append(angles, angles[0])
    for label, row in zip(_segment_labels(profile.index, names), scaled, strict=True):
        values = np.append(row, row[0])
        ax.plot(closed, values, label=label)
        ax.fill(closed, values, alpha=0.1)
    ax.set_xticks(angles, features, fontsize=8)
    ax.set_yticks([0, 0.5, 1], ["min", "", "max"], fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.set_title("Segment means (each axis: smallest to largest segment)")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)
    figure.tight_layout()
    return ax


def plot_segment_sizes(profile, *, names=None, ax=None):
    """Horizontal bars of segment sizes, with counts and shares.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile` (``size`` and
        ``share`` columns).
    names : dict or Series, default=None
        Segment names for the bar labels.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    ax : matplotlib.axes.Axes
        One bar per segment.

    Examples
    --------
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import plot_segment_sizes
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> ax = plot_segment_sizes(segment_profile(customers.data, customers.target))
    >>> len(ax.patches)
    3
    """
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * len(profile) + 1.5))
    labels = _segment_labels(profile.index, names)
    positions = np.arange(len(profile))[::-1]
    ax.barh(positions, profile["size"].to_numpy(), color="#4477aa")
    for y, size, share in zip(
        positions, profile["size"], profile["share"], strict=True
    ):
        ax.text(size, y, f" {int(size):,} ({share:.0%})", va="center", fontsize=8)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_xlabel("customers")
    ax.set_xlim(0, profile["size"].max() * 1.3)
    ax.set_title("Segment sizes")
    ax.figure.tight_layout()
    return ax
