"""The plot functions for clusters and segments, deprecated for the Displays.

They keep working, and return what they returned before (a Figure or an
Axes), with a ``FutureWarning`` naming the Display to use; removed in 0.3.
"""

from ._cluster_displays import KSelectionDisplay, SilhouetteDisplay
from ._display import plot_function_deprecated
from ._segment_displays import (
    SegmentProfileDisplay,
    SegmentRadarDisplay,
    SegmentSizesDisplay,
    SnakeDisplay,
)


def plot_k_selection(model, *, criteria=None, figsize=None):
    """Plot every criterion against K (deprecated: use KSelectionDisplay).

    .. deprecated:: 0.2
        Use ``KSelectionDisplay.from_estimator(model).figure_``.

    Parameters
    ----------
    model : fitted AutoKMeans
        The model whose ``scores_`` to plot.
    criteria : list of str, default=None
        Criteria to show; by default all those with values.
    figsize : tuple of float, default=None
        Figure size in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One panel per criterion.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.plotting import plot_k_selection
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     fig = plot_k_selection(AutoKMeans(random_state=0).fit(X))
    >>> sum(ax.get_visible() for ax in fig.axes)
    7
    """
    plot_function_deprecated("plot_k_selection", "KSelectionDisplay.from_estimator")
    display = KSelectionDisplay.from_estimator(
        model, criteria=criteria, figsize=figsize
    )
    return display.figure_


def plot_silhouette(X, labels, *, sample_size=5000, random_state=None, ax=None):
    """Silhouette plot (deprecated: use SilhouetteDisplay).

    .. deprecated:: 0.2
        Use ``SilhouetteDisplay.from_predictions(X, labels).ax_``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Data the clustering was computed on (scaled as the model saw it).
    labels : array-like of shape (n_samples,)
        Cluster labels.
    sample_size : int, default=5000
        At most this many random samples are plotted.
    random_state : int, RandomState instance or None, default=None
        Seed of the sample.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The silhouette plot.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit.plotting import plot_silhouette
    >>> X, labels = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     ax = plot_silhouette(X, labels)
    >>> ax.get_xlabel()
    'Silhouette coefficient'
    """
    plot_function_deprecated("plot_silhouette", "SilhouetteDisplay.from_predictions")
    return SilhouetteDisplay.from_predictions(
        X, labels, sample_size=sample_size, random_state=random_state, ax=ax
    ).ax_


def plot_segment_profile(profile, *, names=None, ax=None):
    """Relative-importance heatmap (deprecated: use SegmentProfileDisplay).

    .. deprecated:: 0.2
        Use ``SegmentProfileDisplay(profile=profile, names=names).plot().ax_``.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile`.
    names : dict or Series, default=None
        Segment names for the row labels.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The heatmap.

    Examples
    --------
    >>> import warnings
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> profile = segment_profile(customers.data, customers.target)
    >>> warnings.simplefilter("ignore", FutureWarning)
    >>> from skmlkit.plotting import plot_segment_profile
    >>> len(plot_segment_profile(profile).get_yticklabels())
    3
    """
    plot_function_deprecated("plot_segment_profile", "SegmentProfileDisplay")
    return SegmentProfileDisplay(profile=profile, names=names).plot(ax=ax).ax_


def plot_snake(X, labels, *, feature_names=None, names=None, ax=None):
    """Snake plot (deprecated: use SnakeDisplay).

    .. deprecated:: 0.2
        Use ``SnakeDisplay.from_predictions(X, labels).ax_``.

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
    >>> import warnings
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> profile = segment_profile(customers.data, customers.target)
    >>> warnings.simplefilter("ignore", FutureWarning)
    >>> from skmlkit.plotting import plot_snake
    >>> len(plot_snake(customers.data, customers.target).get_lines()) >= 3
    True
    """
    plot_function_deprecated("plot_snake", "SnakeDisplay.from_predictions")
    return SnakeDisplay.from_predictions(
        X, labels, feature_names=feature_names, names=names, ax=ax
    ).ax_


def plot_segment_radar(profile, *, names=None, features=None):
    """Radar chart of segment means (deprecated: use SegmentRadarDisplay).

    .. deprecated:: 0.2
        Use ``SegmentRadarDisplay(profile=profile, names=names).plot().ax_``.

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
        One closed polygon per segment.

    Examples
    --------
    >>> import warnings
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> profile = segment_profile(customers.data, customers.target)
    >>> warnings.simplefilter("ignore", FutureWarning)
    >>> from skmlkit.plotting import plot_segment_radar
    >>> plot_segment_radar(profile).name
    'polar'
    """
    plot_function_deprecated("plot_segment_radar", "SegmentRadarDisplay")
    display = SegmentRadarDisplay(profile=profile, names=names)
    return display.plot(features=features).ax_


def plot_segment_sizes(profile, *, names=None, ax=None):
    """Bars of segment sizes (deprecated: use SegmentSizesDisplay).

    .. deprecated:: 0.2
        Use ``SegmentSizesDisplay(profile=profile, names=names).plot().ax_``.

    Parameters
    ----------
    profile : DataFrame
        Output of :func:`skmlkit.cluster.segment_profile`.
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
    >>> import warnings
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> profile = segment_profile(customers.data, customers.target)
    >>> warnings.simplefilter("ignore", FutureWarning)
    >>> from skmlkit.plotting import plot_segment_sizes
    >>> len(plot_segment_sizes(profile).patches)
    3
    """
    plot_function_deprecated("plot_segment_sizes", "SegmentSizesDisplay")
    return SegmentSizesDisplay(profile=profile, names=names).plot(ax=ax).ax_
