"""Displays for reading segments: profile heatmap, snake plot, radar, sizes.

``from_estimator(estimator, X)`` labels X with a fitted clusterer or
Pipeline; ``from_predictions(X, labels)`` takes the labels.
"""

import numpy as np
import pandas as pd

from ..cluster._profile import profile_column, profile_features, segment_profile
from ._display import Display


def segment_labels(segments, names):
    """Row labels ``"segment: name"`` (the segment alone without a name)."""
    if names is None:
        return [str(s) for s in segments]
    names = pd.Series(names)
    return [f"{s}: {names[s]}" if s in names.index else str(s) for s in segments]


class _ProfileDisplay(Display):
    """A Display drawn from a segment profile."""

    def __init__(self, *, profile, names=None):
        self.profile = profile
        self.names = names

    @classmethod
    def from_estimator(cls, estimator, X, *, names=None, **plot_kw):
        """Profile X by the segments a fitted clusterer or Pipeline predicts.

        Parameters
        ----------
        estimator : fitted clusterer or segmentation Pipeline
            Labels X (see :func:`~skmlkit.cluster.segment_profile`).
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data in the units people read.
        names : dict or Series, default=None
            Segment names for the labels.
        **plot_kw
            Passed to :meth:`plot` (e.g. ``ax``).

        Returns
        -------
        display : Display
        """
        return cls(profile=segment_profile(X, estimator), names=names).plot(**plot_kw)

    @classmethod
    def from_predictions(cls, X, labels, *, names=None, **plot_kw):
        """Profile X by given segment labels.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data in the units people read.
        labels : array-like of shape (n_samples,)
            Segment of each row.
        names : dict or Series, default=None
            Segment names for the labels.
        **plot_kw
            Passed to :meth:`plot` (e.g. ``ax``).

        Returns
        -------
        display : Display
        """
        return cls(profile=segment_profile(X, labels), names=names).plot(**plot_kw)

    def _means(self, features):
        columns = [profile_column(f, "mean") for f in features]
        return self.profile[columns].to_numpy(dtype=float)


class SegmentProfileDisplay(_ProfileDisplay):
    """Relative-importance heatmap: segment means against the overall average.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile`.
    names : dict or Series, default=None
        Segment names for the row labels.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Rows are segments (with size and share), columns features; colour is
        the mean relative to average (``vs avg``), text the mean.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import SegmentProfileDisplay
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> display = SegmentProfileDisplay.from_predictions(
    ...     customers.data, customers.target)
    >>> len(display.ax_.get_yticklabels())
    3
    """

    def plot(self, *, ax=None):
        """Draw the heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SegmentProfileDisplay
        """
        profile = self.profile
        features = profile_features(profile, "mean")
        relative = profile[[profile_column(f, "vs avg") for f in features]]
        relative = relative.to_numpy(dtype=float)
        ax = self._axes(ax, (1.4 * len(features) + 3, 0.6 * len(profile) + 2))
        limit = np.nanmax(np.abs(relative)) if np.isfinite(relative).any() else 1.0
        image = ax.imshow(
            np.nan_to_num(relative),
            cmap="RdBu_r",
            vmin=-limit,
            vmax=limit,
            aspect="auto",
        )
        for (i, j), value in np.ndenumerate(self._means(features)):
            ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(features)), features, rotation=30, ha="right")
        rows = zip(
            segment_labels(profile.index, self.names),
            profile["size"],
            profile["share"],
            strict=True,
        )
        ax.set_yticks(
            range(len(profile)),
            [f"{label} (n={size}, {share:.0%})" for label, size, share in rows],
        )
        ax.figure.colorbar(image, ax=ax, label="segment mean / overall mean - 1")
        ax.set_title("Relative importance (text: segment mean)")
        ax.figure.tight_layout()
        return self._drawn(ax)


class SegmentRadarDisplay(_ProfileDisplay):
    """Radar chart of segment means, each feature scaled 0..1 across segments.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile`.
    names : dict or Series, default=None
        Segment names for the legend.

    Attributes
    ----------
    ax_ : matplotlib PolarAxes
        One closed polygon per segment; the outer ring is the largest segment
        mean of each feature, the centre the smallest.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import SegmentRadarDisplay
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> SegmentRadarDisplay.from_predictions(
    ...     customers.data, customers.target).ax_.name
    'polar'
    """

    def plot(self, *, features=None, ax=None):
        """Draw the radar chart.

        Parameters
        ----------
        features : list of str, default=None
            Features to draw (all numeric features of the profile by default).
        ax : matplotlib PolarAxes, default=None
            Polar axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SegmentRadarDisplay
        """
        features = features or profile_features(self.profile, "mean")
        if len(features) < 3:
            raise ValueError(
                f"A radar chart needs at least 3 features, got {len(features)}; "
                "use SnakeDisplay instead."
            )
        if ax is not None and ax.name != "polar":
            raise ValueError(
                "ax must be polar axes, e.g. figure.add_subplot(projection='polar')."
            )
        means = self._means(features)
        low, high = np.nanmin(means, axis=0), np.nanmax(means, axis=0)
        scaled = (means - low) / np.where(high > low, high - low, 1.0)
        angles = np.linspace(0, 2 * np.pi, len(features), endpoint=False)
        ax = self._axes(ax, (6, 6.5), projection="polar")
        closed = np.append(angles, angles[0])
        labels = segment_labels(self.profile.index, self.names)
        for label, row in zip(labels, scaled, strict=True):
            values = np.append(row, row[0])
            ax.plot(closed, values, label=label)
            ax.fill(closed, values, alpha=0.1)
        ax.set_xticks(angles, features, fontsize=8)
        ax.set_yticks([0, 0.5, 1], ["min", "", "max"], fontsize=7)
        ax.set_ylim(0, 1.05)
        ax.set_title("Segment means (each axis: smallest to largest segment)")
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)
        ax.figure.tight_layout()
        return self._drawn(ax)


class SegmentSizesDisplay(_ProfileDisplay):
    """Horizontal bars of segment sizes, with counts and shares.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile` (``size`` and
        ``share`` columns).
    names : dict or Series, default=None
        Segment names for the bar labels.

    Attributes
    ----------
    ax_ : matplotlib Axes
        One bar per segment.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import SegmentSizesDisplay
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> len(SegmentSizesDisplay.from_predictions(
    ...     customers.data, customers.target).ax_.patches)
    3
    """

    def plot(self, *, ax=None):
        """Draw the bars.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SegmentSizesDisplay
        """
        profile = self.profile
        ax = self._axes(ax, (7, 0.45 * len(profile) + 1.5))
        positions = np.arange(len(profile))[::-1]
        ax.barh(positions, profile["size"].to_numpy(), color="#4477aa")
        for y, size, share in zip(
            positions, profile["size"], profile["share"], strict=True
        ):
            ax.text(size, y, f" {int(size):,} ({share:.0%})", va="center", fontsize=8)
        labels = segment_labels(profile.index, self.names)
        ax.set_yticks(positions, labels, fontsize=8)
        ax.set_xlabel("customers")
        ax.set_xlim(0, profile["size"].max() * 1.3)
        ax.set_title("Segment sizes")
        ax.figure.tight_layout()
        return self._drawn(ax)


class SnakeDisplay(Display):
    """Snake plot: each segment's mean of every standardised feature.

    Features are standardised over all rows (z-scores), so a line above 0 is
    above the average customer, in standard deviations.

    Parameters
    ----------
    means : DataFrame of shape (n_segments, n_features)
        Each segment's mean z-score per feature (index: segments).
    names : dict or Series, default=None
        Segment names for the legend.

    Attributes
    ----------
    ax_ : matplotlib Axes
        One line per segment.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import SnakeDisplay
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> display = SnakeDisplay.from_predictions(customers.data, customers.target)
    >>> len(display.ax_.get_lines()) >= 3
    True
    """

    def __init__(self, *, means, names=None):
        self.means = means
        self.names = names

    @classmethod
    def from_estimator(cls, estimator, X, *, names=None, ax=None):
        """Snake plot of X by the segments a fitted clusterer predicts.

        Parameters
        ----------
        estimator : fitted clusterer or Pipeline
            Its ``predict`` labels X.
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data (numeric columns are plotted).
        names : dict or Series, default=None
            Segment names for the legend.
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SnakeDisplay
        """
        return cls.from_predictions(X, estimator.predict(X), names=names, ax=ax)

    @classmethod
    def from_predictions(cls, X, labels, *, feature_names=None, names=None, ax=None):
        """Snake plot of X by given segment labels.

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
        display : SnakeDisplay
        """
        frame = _numeric_frame(X, feature_names)
        labels = np.asarray(labels)
        if len(labels) != len(frame):
            raise ValueError(
                f"labels has {len(labels)} entries, X has {len(frame)} rows."
            )
        std = frame.std(ddof=0).replace(0, 1.0)
        means = ((frame - frame.mean()) / std).groupby(labels).mean()
        return cls(means=means, names=names).plot(ax=ax)

    def plot(self, *, ax=None):
        """Draw one line per segment.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SnakeDisplay
        """
        n_features = self.means.shape[1]
        ax = self._axes(ax, (max(5.0, 1.1 * n_features + 3), 4))
        positions = np.arange(n_features)
        labels = segment_labels(self.means.index, self.names)
        for label, (_, row) in zip(labels, self.means.iterrows(), strict=True):
            ax.plot(positions, row.to_numpy(), marker="o", label=label)
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.set_xticks(positions, list(self.means.columns), rotation=20, ha="right")
        ax.set_ylabel("segment mean (standard deviations from average)")
        ax.set_title("Snake plot")
        ax.legend(fontsize=8, loc="best")
        ax.figure.tight_layout()
        return self._drawn(ax)


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
