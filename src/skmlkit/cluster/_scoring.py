"""Every criterion of AutoKMeans for every candidate K, on one sample.

:func:`score_candidates` takes the evaluation sample and the K-Means model
of each K and returns the per-K scores and the evidence for any cluster
structure; choosing K from them is :mod:`._choice`'s job.
"""

import numpy as np

from ._criteria import gap_statistic, partition_scores, within_dispersion
from ._lloyd import lloyd_centers
from ._mixtures import mixture_scores
from ._stability import resampling_stability
from ._structure import structure_evidence
from ._tails import point_mass_share, within_cluster_kurtosis

# Uniform reference data sets of the gap statistic (Tibshirani et al. ask
# for B >= 10 before its standard error can be trusted).
GAP_REFERENCES = 10
# The gap statistic is computed on at most this many principal components.
GAP_MAX_DIMENSIONS = 10
# K-Means restarts of each gap fit, on the sample and on the references alike.
GAP_N_INIT = 2
PARTITION_CRITERIA = ("silhouette", "calinski_harabasz", "davies_bouldin")


def score_candidates(sample, k_values, models, rng):
    """Every criterion per K, and the evidence for any structure at all.

    Parameters
    ----------
    sample : ndarray of shape (n_samples, n_features)
        The evaluation sample.
    k_values : list of int
        The candidate K values.
    models : list of fitted KMeans
        The model of each K (fitted on all the data).
    rng : numpy.random.RandomState
        Seeds the stability resamples, gap references and structure probes.

    Returns
    -------
    scores : dict of str to ndarray of shape (n_k,)
        ``inertia``, the partition criteria, ``stability``, ``gap``,
        ``gap_sd``, ``bic``, ``icl``, ``icl_diag``, ``kurtosis`` and
        ``point_mass`` (the clusters' tails and ties, :mod:`._tails`).
    structure : dict
        See :func:`~._structure.structure_evidence`.
    """
    scores = _partition_table(sample, models)
    scores["stability"] = np.array(
        [resampling_stability(sample, m, rng, reference_centers) for m in models]
    )
    # The K = 1 terms of the gap and of the mixtures feed the structure
    # tests whether or not K = 1 is a candidate.
    sweep = sorted({1, *k_values})
    centers = {k: m.cluster_centers_ for k, m in zip(k_values, models, strict=True)}
    centers.setdefault(1, sample.mean(axis=0, keepdims=True))
    if 2 not in centers:
        centers[2] = reference_centers(sample, 2, rng.randint(2**31), n_init=4)
    gap, gap_sd = _gap(sample, sweep, rng)
    mixtures = mixture_scores(sample, sweep, [centers[k] for k in sweep])
    structure = structure_evidence(
        sample, sweep, gap, gap_sd, mixtures["bic"], centers[2], rng
    )
    keep = np.isin(sweep, k_values)
    for name, values in {"gap": gap, "gap_sd": gap_sd, **mixtures}.items():
        scores[name] = values[keep]
    return scores, structure


def reference_centers(X, k, seed, n_init=GAP_N_INIT):
    """Centres of a light K-Means (the gap's and the stability's refits)."""
    return lloyd_centers(X, min(k, len(X)), np.random.RandomState(seed), n_init)


def principal_projection(X, n_components):
    """X on its top principal components (X itself when it has few features)."""
    if X.shape[1] <= n_components:
        return X
    centred = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:n_components].T


def _partition_table(sample, models):
    """Inertia and the partition criteria of each model on the sample."""
    names = ("inertia", *PARTITION_CRITERIA, "kurtosis", "point_mass")
    scores = {name: np.full(len(models), np.nan) for name in names}
    for j, model in enumerate(models):
        labels = model.predict(sample)
        scores["inertia"][j] = model.inertia_
        for name, value in partition_scores(sample, labels).items():
            scores[name][j] = value
        scores["kurtosis"][j] = within_cluster_kurtosis(sample, labels)
        scores["point_mass"][j] = point_mass_share(sample, labels)
    return scores


def _gap(sample, sweep, rng):
    """Gap statistic and its standard error at every K of ``sweep``.

    The gap compares like with like: the sample is clustered exactly as the
    reference sets are (GAP_N_INIT restarts), since better-optimised data
    fits than reference fits would fake structure at large K. It works in
    the top principal components, where the noise dimensions of wide data
    (digits: 64) do not drown the clusters.
    """
    space = principal_projection(sample, GAP_MAX_DIMENSIONS)
    dispersions = np.array(
        [
            within_dispersion(space, reference_centers(space, k, rng.randint(2**31)))
            for k in sweep
        ]
    )
    if not (np.all(dispersions > 0) and len(sample) > 2):
        return np.full(len(sweep), np.nan), np.full(len(sweep), np.nan)
    return gap_statistic(
        space,
        sweep,
        dispersions,
        reference_centers,
        n_references=GAP_REFERENCES,
        random_state=rng,
    )
