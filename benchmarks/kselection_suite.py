"""Data sets with a known number of clusters, to score K-selection rules.

``synthetic_suite`` draws Gaussian mixtures in the spirit of the AutoKMeans
issue: K from 2 to 10, 2 to 20 dimensions, imbalanced cluster sizes,
anisotropic (randomly rotated, stretched) covariances, standardised features.
Cluster centres are drawn with a minimum separation, relative to the
clusters' spread, in a box that crowds them, so that the "true" K is
identifiable but not trivially so. The defaults were set so that the best
single criterion (Calinski-Harabasz) finds the exact K on about 77% of the
data sets, the rate measured on the issue's own suite.
``real_suite`` adds labelled sets shipped with scikit-learn.
"""

import numpy as np
from scipy.stats import special_ortho_group
from sklearn.preprocessing import StandardScaler


def make_mixture(
    n_clusters,
    n_features,
    *,
    random_state,
    min_separation=3.0,
    max_anisotropy=4.0,
    dirichlet_alpha=1.0,
    box_factor=2.5,
    n_samples_range=(400, 2000),
):
    """One standardised Gaussian mixture with known K.

    Centres are drawn uniformly, rejecting any closer than ``min_separation``
    (in units of the largest cluster standard deviation) to another; each
    cluster's covariance is a random rotation of axis scales in
    [1/sqrt(max_anisotropy), sqrt(max_anisotropy)]; sizes follow a
    Dirichlet(``dirichlet_alpha``) draw with at least 3% of the points per cluster.
    """
    rng = np.random.RandomState(random_state)
    n = rng.randint(*n_samples_range)
    weights = rng.dirichlet(np.full(n_clusters, dirichlet_alpha))
    weights = np.maximum(weights, 0.03)
    counts = np.maximum((weights / weights.sum() * n).astype(int), 10)
    box = box_factor * n_clusters ** (1 / n_features) * min_separation
    centres = []
    while len(centres) < n_clusters:
        candidate = rng.uniform(0, box, n_features)
        if all(np.linalg.norm(candidate - c) >= min_separation for c in centres):
            centres.append(candidate)
        elif rng.rand() < 0.001:  # crowded: widen the box a little
            box *= 1.05
    X, y = [], []
    for label, (centre, count) in enumerate(zip(centres, counts, strict=True)):
        scales = np.exp(rng.uniform(-0.5, 0.5, n_features) * np.log(max_anisotropy))
        scales /= scales.max()  # largest axis has standard deviation 1
        rotation = (
            special_ortho_group.rvs(n_features, random_state=rng)
            if n_features > 1
            else np.ones((1, 1))
        )
        points = rng.normal(size=(count, n_features)) * scales @ rotation.T
        X.append(points + centre)
        y.append(np.full(count, label))
    X = StandardScaler().fit_transform(np.vstack(X))
    return X, np.concatenate(y)


def synthetic_suite(n_datasets=120, random_state=0):
    """Yield (name, X, true_k) for ``n_datasets`` mixtures."""
    rng = np.random.RandomState(random_state)
    for index in range(n_datasets):
        k = rng.randint(2, 11)
        d = rng.randint(2, 21)
        X, _ = make_mixture(k, d, random_state=rng.randint(2**31))
        yield f"mixture{index:03d}_k{k}_d{d}", X, k


def real_suite():
    """Yield (name, X, true_k) for labelled scikit-learn data sets."""
    from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

    for name, loader in [
        ("iris", load_iris),
        ("wine", load_wine),
        ("breast_cancer", load_breast_cancer),
        ("digits", load_digits),
    ]:
        X, y = loader(return_X_y=True)
        yield name, StandardScaler().fit_transform(X), len(np.unique(y))
