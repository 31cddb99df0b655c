"""Plots for choosing K and reading segments (matplotlib, imported lazily)."""

import numpy as np
from sklearn.utils import check_random_state

from ..cluster._profile import profile_column, profile_features
from ._figures import pyplot
from ._segments import _segment_labels

CRITERION_LABELS = {
    "inertia": "Inertia (elbow)",
    "silhouette": "Silhouette (max)",
    "calinski_harabasz": "Calinski-Harabasz (max)",
    "davies_bouldin": "Davies-Bouldin (min)",
    "gap": "Gap statistic",
    "stability": "Bootstrap stability (ARI)",
    "bic": "Mixture BIC (min; used by auto)",
}
CHOICE_OF = {
    "inertia": "elbow",
    "silhouette": "silhouette",
    "calinski_harabasz": "calinski_harabasz",
    "davies_bouldin": "davies_bouldin",
    "gap": "gap",
    "stability": "stability",
    "bic": "auto",
}


def plot_k_selection(model, *, criteria=None, figsize=None):
    """Plot every criterion against K, marking each one's pick and the chosen K.

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
        One panel per criterion; a dashed line marks the model's K, a dot
        the K that criterion alone would choose.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.plotting import plot_k_selection
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> fig = plot_k_selection(AutoKMeans(random_state=0).fit(X))
    >>> sum(ax.get_visible() for ax in fig.axes)
    7
    """
    plt = pyplot()
    k = model.k_values_
    criteria = criteria or [
        c for c in CRITERION_LABELS if not np.all(np.isnan(model.scores_[c]))
    ]
    ncols = min(3, len(criteria))
    nrows = int(np.ceil(len(criteria) / ncols))
    size = figsize or (4.2 * ncols, 3.2 * nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, squeeze=False)
    for ax, name in zip(axes.ravel(), criteria, strict=False):
        values = model.scores_[name]
        if name == "gap":
            ax.errorbar(k, values, yerr=model.scores_["gap_sd"], marker="o", capsize=3)
        else:
            ax.plot(k, values, marker="o")
        pick = model.choices_[CHOICE_OF[name]]
        ax.plot(
            [pick],
            [values[list(k).index(pick)]],
            "o",
            color="tab:red",
            markersize=10,
            label=f"picks K={pick}",
        )
        ax.axvline(model.n_clusters_, color="0.3", linestyle="--", linewidth=1)
        ax.set_title(CRITERION_LABELS[name], fontsize=10)
        ax.set_xlabel("K")
        ax.set_xticks(k)
        ax.legend(fontsize=8, loc="best")
    for ax in axes.ravel()[len(criteria) :]:
        ax.set_visible(False)
    fig.suptitle(f"Choosing K: {model.method} picks K={model.n_clusters_}")
    fig.tight_layout()
    return fig


def plot_silhouette(X, labels, *, sample_size=5000, random_state=None, ax=None):
    """Silhouette plot: each cluster's sorted per-sample silhouette values.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Data the clustering was computed on (scaled as the model saw it).
    labels : array-like of shape (n_samples,)
        Cluster labels.
    sample_size : int, default=5000
        At most this many random samples are plotted (silhouette is
        quadratic in the number of samples).
    random_state : int, RandomState instance or None, default=None
        Seed of the sample.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The silhouette plot, with the mean silhouette as a dashed line.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.plotting import plot_silhouette
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> labels = AutoKMeans(random_state=0).fit_predict(X)
    >>> ax = plot_silhouette(X, labels)
    >>> ax.get_xlabel()
    'Silhouette coefficient'
    """
    from sklearn.metrics import silhouette_samples

    plt = pyplot()
    X, labels = np.asarray(X), np.asarray(labels)
    if len(X) > sample_size:
        index = check_random_state(random_state).choice(
            len(X), sample_size, replace=False
        )
        X, labels = X[index], labels[index]
    values = silhouette_samples(X, labels)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    clusters = np.unique(labels)
    colors = plt.get_cmap("tab10")
    bottom = 0
    for i, cluster in enumerate(clusters):
        own = np.sort(values[labels == cluster])
        ax.fill_betweenx(
            np.arange(bottom, bottom + len(own)),
            0,
            own,
            color=colors(i % 10),
            alpha=0.8,
        )
        ax.text(
            -0.05,
            bottom + len(own) / 2,
            str(cluster),
            ha="right",
            va="center",
            fontsize=9,
        )
        bottom += len(own) + 10
    ax.axvline(
        values.mean(), color="0.2", linestyle="--", label=f"mean {values.mean():.2f}"
    )
    ax.set_xlabel("Silhouette coefficient")
    ax.set_ylabel("Samples by cluster")
    ax.set_yticks([])
    ax.set_title(f"Silhouette plot, {len(clusters)} clusters")
    ax.legend(loc="lower right")
    return ax


def plot_segment_profile(profile, *, names=None, ax=None):
    """Relative-importance heatmap: segment means against the overall average.

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
        Rows are segments (with size and share), columns features; colour
        is the mean relative to average (``vs avg``), text the mean.

    Examples
    --------
    >>> from skmlkit.cluster import segment_profile
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.plotting import plot_segment_profile
    >>> customers = make_customers(n_samples=300, n_segments=3, random_state=0)
    >>> profile = segment_profile(customers.data, customers.target)
    >>> ax = plot_segment_profile(profile)
    >>> len(ax.get_yticklabels()) == len(profile)
    True
    """
    plt = pyplot()
    features = profile_features(profile, "mean")
    relative = profile[[profile_column(f, "vs avg") for f in features]]
    relative = relative.to_numpy(dtype=float)
    means = profile[[profile_column(f, "mean") for f in features]].to_numpy(dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.4 * len(features) + 3, 0.6 * len(profile) + 2))
    limit = np.nanmax(np.abs(relative)) if np.isfinite(relative).any() else 1.0
    image = ax.imshow(
        np.nan_to_num(relative), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto"
    )
    for (i, j), value in np.ndenumerate(means):
        ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(features)), features, rotation=30, ha="right")
    ax.set_yticks(
        range(len(profile)),
        [
            f"{label} (n={size}, {share:.0%})"
            for label, size, share in zip(
                _segment_labels(profile.index, names),
                profile["size"],
                profile["share"],
                strict=True,
            )
        ],
    )
    ax.figure.colorbar(image, ax=ax, label="segment mean / overall mean - 1")
    ax.set_title("Relative importance (text: segment mean)")
    ax.figure.tight_layout()
    return ax
