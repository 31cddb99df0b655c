"""K-Means at every candidate K: the sweep behind AutoKMeans.

Functions take arrays and options and return fitted scikit-learn models;
none reads or writes an estimator's state.
"""

import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.cluster import KMeans, MiniBatchKMeans

from ._matching import canonical_order

# Up to this many samples, n_init="auto" restarts K-Means 10 times per K.
AUTO_N_INIT_LIMIT = 50_000
# Past this many samples, algorithm="auto" fits with MiniBatchKMeans.
MINIBATCH_THRESHOLD = 100_000


def kmeans_backend(algorithm, n_samples):
    """Return the K-Means algorithm ``algorithm`` means for ``n_samples`` rows."""
    if algorithm == "auto":
        return "minibatch" if n_samples > MINIBATCH_THRESHOLD else "lloyd"
    return algorithm


def restarts(n_init, n_samples):
    """Return the number of K-Means initialisations ``n_init`` means."""
    if n_init == "auto":
        return 10 if n_samples <= AUTO_N_INIT_LIMIT else 4
    return n_init


def fit_candidates(X, k_values, rng, *, algorithm, n_init, n_jobs, **kmeans_params):
    """K-Means at every candidate K on X (in memory), in parallel.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data.
    k_values : list of int
        Candidate numbers of clusters.
    rng : numpy.random.RandomState
        Draws one seed per K (in the order of ``k_values``).
    algorithm : {"auto", "lloyd", "elkan", "minibatch"}
        Backend, see :func:`kmeans_backend`.
    n_init : int or "auto"
        Restarts per K, see :func:`restarts`.
    n_jobs : int or None
        K values fitted in parallel with joblib.
    **kmeans_params
        ``max_iter``, ``tol`` and ``init`` of every K-Means run.

    Returns
    -------
    models : list of KMeans or MiniBatchKMeans
        One fitted model per K.
    """
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(k_values))
    backend = kmeans_backend(algorithm, len(X))
    n_init = restarts(n_init, len(X))
    return Parallel(n_jobs=n_jobs)(
        delayed(fit_kmeans)(
            X, k, backend, {**kmeans_params, "n_init": n_init, "random_state": int(s)}
        )
        for k, s in zip(k_values, seeds, strict=True)
    )


def evaluation_sample(X, sample_size, rng):
    """At most ``sample_size`` rows of X drawn without replacement (X if fewer)."""
    if len(X) <= sample_size:
        return X
    return X[rng.choice(len(X), sample_size, replace=False)]


def final_model(model):
    """AutoKMeans' fitted attributes (without ``_``) from the chosen model."""
    return {
        "estimator": model,
        "cluster_centers": model.cluster_centers_,
        "labels": model.labels_,
        "cluster_sizes": np.bincount(
            model.labels_, minlength=len(model.cluster_centers_)
        ),
        "inertia": float(model.inertia_),
        "n_iter": int(model.n_iter_),
    }


def fit_kmeans(X, k, backend, params):
    """One K-Means (or mini-batch K-Means) model with K = ``k``."""
    if backend == "minibatch":
        model = MiniBatchKMeans(k, batch_size=4096, **params)
    else:
        model = KMeans(k, algorithm=backend, **params)
    with warnings.catch_warnings():
        # Duplicate points can leave fewer distinct clusters than K; the
        # criteria then score that partition for what it is.
        warnings.simplefilter("ignore", category=UserWarning)
        return model.fit(X)


def refine(X, model, *, max_iter, tol):
    """Lloyd iterations on all of X from a mini-batch model's centres.

    Mini-batch centres can sit well off their cluster's mean (a small
    cluster's by a fifth of the data's range on the Dask benchmark); full
    passes from them converge in a few iterations.
    """
    params = {
        "init": model.cluster_centers_,
        "n_init": 1,
        "max_iter": max_iter,
        "tol": tol,
        "random_state": 0,  # unused: the start is given
    }
    return fit_kmeans(X, len(model.cluster_centers_), "lloyd", params)


def renumber(model):
    """Renumber the model's clusters canonically: by size, then by centre."""
    order = canonical_order(model.cluster_centers_, model.labels_)
    new_label = np.empty_like(order)
    new_label[order] = np.arange(len(order))
    model.cluster_centers_ = model.cluster_centers_[order]
    model.labels_ = new_label[model.labels_].astype(model.labels_.dtype, copy=False)
    if hasattr(model, "_counts"):  # MiniBatchKMeans' running counts
        model._counts = model._counts[order]
    return model


def kmeans_at(centers, inertia, n_iter):
    """Return a fitted scikit-learn KMeans whose centres are exactly ``centers``.

    For centres found elsewhere (Lloyd's algorithm on a Dask cluster): the
    model is fitted on the centres themselves, each its own cluster, so
    that it is an ordinary KMeans (predict, transform, score, pickle); its
    attributes are then set to the real fit's. It has no ``labels_``.
    """
    model = KMeans(len(centers), init=centers, n_init=1, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate centres: fewer distinct
        model.fit(centers)
    model.cluster_centers_ = centers.copy()
    model.inertia_ = float(inertia)
    model.n_iter_ = int(n_iter)
    del model.labels_
    return model
