"""Scale-out on Dask: the same results under joblib's dask backend.

GridSearchCV over MNISTClassifier and the AutoKMeans K sweep run on a
``dask.distributed.LocalCluster`` with two worker processes, so every
estimator and its arguments travel by pickle to other interpreters.
"""

import os

import joblib
import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.model_selection import GridSearchCV

from skmlkit import AutoKMeans, MNISTClassifier

# Trains, fuzzes or starts processes: outside the quick run (-m "not slow").
pytestmark = pytest.mark.slow

if os.environ.get("CI"):  # the dev extra installs dask; CI must not skip
    import distributed
else:
    distributed = pytest.importorskip("distributed")

GRID = {"lr": [1e-3, 3e-3], "module__hidden_units": [(32,), (64,)]}


def _search(n_jobs):
    classifier = MNISTClassifier(
        architecture="mlp", max_epochs=2, batch_size=64, augment=None, random_state=0
    )
    return GridSearchCV(classifier, GRID, cv=2, n_jobs=n_jobs)


def test_grid_search_on_dask_matches_local(dask_client, mnist_small):
    X, y = mnist_small[0][:600], mnist_small[1][:600]
    # Locally in this process (no worker start-up): seeded fits give the
    # same scores wherever they run.
    local = _search(n_jobs=1).fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = _search(n_jobs=-1).fit(X, y)
    workers = dask_client.run(os.getpid)
    assert len(workers) == 2 and os.getpid() not in workers.values()
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(remote.predict_proba(X), local.predict_proba(X))


def test_autokmeans_sweep_on_dask_matches_local(dask_client):
    X, _ = make_blobs(n_samples=2000, centers=4, random_state=0)
    local = AutoKMeans(random_state=0, n_jobs=1).fit(X)
    with joblib.parallel_backend("dask"):
        remote = AutoKMeans(random_state=0, n_jobs=2).fit(X)
    assert remote.n_clusters_ == local.n_clusters_ == 4
    for name, values in local.scores_.items():
        np.testing.assert_allclose(
            remote.scores_[name], values, rtol=1e-12, err_msg=name
        )
    np.testing.assert_array_equal(remote.labels_, local.labels_)
