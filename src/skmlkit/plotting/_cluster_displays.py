"""Displays for choosing K and checking clusters: K selection, silhouettes."""

import numpy as np
from sklearn.utils import check_random_state

from ._display import Display
from ._figures import pyplot

CRITERION_LABELS = {
    "inertia": "Inertia (elbow)",
    "silhouette": "Silhouette (max)",
    "calinski_harabasz": "Calinski-Harabasz (max)",
    "davies_bouldin": "Davies-Bouldin (min)",
    "gap": "Gap statistic",
    "stability": "Bootstrap stability (ARI)",
    "bic": "Mixture BIC (min)",
}
CHOICE_OF = {
    "inertia": "elbow",
    "silhouette": "silhouette",
    "calinski_harabasz": "calinski_harabasz",
    "davies_bouldin": "davies_bouldin",
    "gap": "gap",
    "stability": "stability",
}


class KSelectionDisplay(Display):
    """Every criterion against K, each one's pick, and the chosen K.

    Parameters
    ----------
    k_values : ndarray of shape (n_k,)
        The K values evaluated.
    scores : dict of str to ndarray of shape (n_k,)
        Each criterion's value per K (AutoKMeans' ``scores_``).
    choices : dict of str to int
        The K each method chooses (``choices_``).
    n_clusters : int
        The chosen K.
    method : str
        The method that chose it.

    Attributes
    ----------
    axes_ : ndarray of matplotlib Axes
        One panel per criterion (unused panels hidden).
    ax_ : matplotlib Axes
        The first panel.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.plotting import KSelectionDisplay
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> display = KSelectionDisplay.from_estimator(AutoKMeans(random_state=0).fit(X))
    >>> sum(ax.get_visible() for ax in display.figure_.axes)
    7
    """

    def __init__(self, *, k_values, scores, choices, n_clusters, method):
        self.k_values = k_values
        self.scores = scores
        self.choices = choices
        self.n_clusters = n_clusters
        self.method = method

    @classmethod
    def from_estimator(cls, estimator, *, criteria=None, figsize=None, axes=None):
        """Plot a fitted AutoKMeans' per-K scores.

        Parameters
        ----------
        estimator : fitted AutoKMeans
            The model whose ``scores_`` to plot.
        criteria : list of str, default=None
            Criteria to show; by default all those with values.
        figsize : tuple of float, default=None
            Figure size in inches (new figure only).
        axes : sequence of matplotlib Axes, default=None
            Panels to draw on, one per criterion; a new figure otherwise.

        Returns
        -------
        display : KSelectionDisplay
        """
        display = cls(
            k_values=estimator.k_values_,
            scores=estimator.scores_,
            choices=estimator.choices_,
            n_clusters=estimator.n_clusters_,
            method=estimator.method,
        )
        return display.plot(criteria=criteria, figsize=figsize, axes=axes)

    def plot(self, *, criteria=None, figsize=None, axes=None):
        """Draw one panel per criterion.

        Parameters
        ----------
        criteria : list of str, default=None
            Criteria to show; by default all those with values.
        figsize : tuple of float, default=None
            Figure size in inches (new figure only).
        axes : sequence of matplotlib Axes, default=None
            Panels to draw on; a new figure otherwise.

        Returns
        -------
        display : KSelectionDisplay
        """
        criteria = criteria or [
            c for c in CRITERION_LABELS if not np.all(np.isnan(self.scores[c]))
        ]
        if axes is None:
            ncols = min(3, len(criteria))
            nrows = int(np.ceil(len(criteria) / ncols))
            size = figsize or (4.2 * ncols, 3.2 * nrows)
            _, axes = pyplot().subplots(nrows, ncols, figsize=size, squeeze=False)
        axes = np.asarray(axes, dtype=object).ravel()
        if len(axes) < len(criteria):
            raise ValueError(
                f"axes has {len(axes)} panels for {len(criteria)} criteria."
            )
        for ax, name in zip(axes, criteria, strict=False):
            self._panel(ax, name)
        for ax in axes[len(criteria) :]:
            ax.set_visible(False)
        figure = axes[0].figure
        figure.suptitle(f"Choosing K: {self.method} picks K={self.n_clusters}")
        figure.tight_layout()
        self.axes_ = axes
        return self._drawn(axes[0])

    def _panel(self, ax, name):
        k, values = self.k_values, self.scores[name]
        if name == "gap":
            ax.errorbar(k, values, yerr=self.scores["gap_sd"], marker="o", capsize=3)
        else:
            ax.plot(k, values, marker="o")
        if name in CHOICE_OF:
            pick = self.choices[CHOICE_OF[name]]
        else:  # the mixtures' own minimum (they vote as a family in auto)
            pick = k[int(np.nanargmin(values))]
        ax.plot(
            [pick],
            [values[list(k).index(pick)]],
            "o",
            color="tab:red",
            markersize=10,
            label=f"picks K={pick}",
        )
        ax.axvline(self.n_clusters, color="0.3", linestyle="--", linewidth=1)
        ax.set_title(CRITERION_LABELS[name], fontsize=10)
        ax.set_xlabel("K")
        ax.set_xticks(k)
        ax.legend(fontsize=8, loc="best")


class SilhouetteDisplay(Display):
    """Each cluster's sorted per-sample silhouette values.

    Parameters
    ----------
    values : ndarray of shape (n_samples,)
        Silhouette coefficient of each (sampled) row.
    labels : ndarray of shape (n_samples,)
        Cluster of each row.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The plot, with the mean silhouette as a dashed line.
    figure_ : matplotlib Figure
        The figure.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> from skmlkit import AutoKMeans
    >>> from skmlkit.plotting import SilhouetteDisplay
    >>> X, _ = make_blobs(n_samples=300, centers=3, random_state=0)
    >>> model = AutoKMeans(random_state=0).fit(X)
    >>> SilhouetteDisplay.from_estimator(model, X).ax_.get_xlabel()
    'Silhouette coefficient'
    """

    def __init__(self, *, values, labels):
        self.values = values
        self.labels = labels

    @classmethod
    def from_estimator(
        cls, estimator, X, *, sample_size=5000, random_state=None, ax=None
    ):
        """Silhouettes of a fitted clusterer's labels on X.

        Parameters
        ----------
        estimator : fitted clusterer or Pipeline ending in one
            Its ``predict`` labels X; a Pipeline's steps before the last
            give the space the silhouettes are measured in.
        X : array-like of shape (n_samples, n_features)
            Data.
        sample_size : int, default=5000
            At most this many random rows (silhouette is quadratic).
        random_state : int, RandomState instance or None, default=None
            Seed of the sample.
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SilhouetteDisplay
        """
        from sklearn.pipeline import Pipeline

        labels = estimator.predict(X)
        if isinstance(estimator, Pipeline):
            X = estimator[:-1].transform(X)
        return cls.from_predictions(
            X, labels, sample_size=sample_size, random_state=random_state, ax=ax
        )

    @classmethod
    def from_predictions(
        cls, X, labels, *, sample_size=5000, random_state=None, ax=None
    ):
        """Silhouettes of given labels on X (the space the clustering saw).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data, scaled as the model saw it.
        labels : array-like of shape (n_samples,)
            Cluster labels.
        sample_size, random_state, ax
            As for :meth:`from_estimator`.

        Returns
        -------
        display : SilhouetteDisplay
        """
        from sklearn.metrics import silhouette_samples

        X, labels = np.asarray(X), np.asarray(labels)
        if len(X) > sample_size:
            rows = check_random_state(random_state).choice(
                len(X), sample_size, replace=False
            )
            X, labels = X[rows], labels[rows]
        values = silhouette_samples(X, labels)
        return cls(values=values, labels=labels).plot(ax=ax)

    def plot(self, *, ax=None):
        """Draw the silhouettes, cluster by cluster.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure otherwise.

        Returns
        -------
        display : SilhouetteDisplay
        """
        ax = self._axes(ax, (6, 4.5))
        colors = pyplot().get_cmap("tab10")
        clusters, bottom = np.unique(self.labels), 0
        for i, cluster in enumerate(clusters):
            own = np.sort(self.values[self.labels == cluster])
            rows = np.arange(bottom, bottom + len(own))
            ax.fill_betweenx(rows, 0, own, color=colors(i % 10), alpha=0.8)
            ax.text(
                -0.05,
                bottom + len(own) / 2,
                str(cluster),
                ha="right",
                va="center",
                fontsize=9,
            )
            bottom += len(own) + 10
        mean = self.values.mean()
        ax.axvline(mean, color="0.2", linestyle="--", label=f"mean {mean:.2f}")
        ax.set_xlabel("Silhouette coefficient")
        ax.set_ylabel("Samples by cluster")
        ax.set_yticks([])
        ax.set_title(f"Silhouette plot, {len(clusters)} clusters")
        ax.legend(loc="lower right")
        return self._drawn(ax)
