"""
=================================================
Distribute a grid search with Dask
=================================================

scikit-learn parallelises ``GridSearchCV`` through joblib; joblib's ``dask``
backend sends the same work to a Dask cluster. Nothing in the estimator
changes: :class:`~skmlkit.MNISTClassifier` and :class:`~skmlkit.AutoKMeans`
pickle cleanly, so each fit runs in a worker process. Here the cluster is a
:class:`~distributed.LocalCluster` of 2 worker processes on this machine;
for a real cluster, connect the client to its scheduler instead::

    client = Client("tcp://scheduler-address:8786")

and keep the rest of the code as it is. (Install with
``pip install "skmlkit[dask]"``.)
"""

# %%
# The work: a grid search and a K sweep
# -------------------------------------
# This part runs again in each worker process when the script is run with
# ``python`` (workers are *spawned* and import the main script), so it only
# defines things.
import time

import joblib
import pandas as pd
from dask.distributed import Client, LocalCluster
from sklearn.decomposition import PCA
from sklearn.model_selection import GridSearchCV

from skmlkit import AutoKMeans, MNISTClassifier
from skmlkit.datasets import fetch_mnist_or_digits

digits = fetch_mnist_or_digits(n_train=1_000, random_state=0)
print(digits.description)
X, y = digits.X_train, digits.y_train
X_pca = PCA(n_components=10, random_state=0).fit_transform(X / 255.0)

search = GridSearchCV(
    MNISTClassifier(
        architecture="mlp", max_epochs=2, batch_size=64, augment=None, random_state=0
    ),
    {"lr": [1e-3, 3e-3], "module__hidden_units": [(64,), (256,)]},
    cv=3,
    n_jobs=-1,
)
sweep = AutoKMeans(k_range=range(2, 16), n_jobs=-1, random_state=0)

# %%
# Run it on a local cluster
# -------------------------
# The guard keeps the worker processes from starting clusters of their own.
# Inside ``parallel_backend("dask")`` every joblib task goes to the cluster:
# the 12 fits of the grid search and the 14 K-Means fits of the sweep.
if __name__ == "__main__":
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        print(client)
        start = time.perf_counter()
        with joblib.parallel_backend("dask"):
            search.fit(X, y)
            sweep.fit(X_pca)
        print(
            f"grid search and K sweep on the cluster: "
            f"{time.perf_counter() - start:.1f} s"
        )

    results = pd.DataFrame(search.cv_results_)
    print(
        results[
            ["params", "mean_test_score", "mean_fit_time", "rank_test_score"]
        ].to_string()
    )

    # The same K sweep locally gives the same result: the fits are seeded by
    # ``random_state``, not by where they run.
    local = AutoKMeans(k_range=range(2, 16), random_state=0).fit(X_pca)
    print("K on the cluster:", sweep.n_clusters_, "| K locally:", local.n_clusters_)
    print("same labels:", bool((sweep.labels_ == local.labels_).all()))
