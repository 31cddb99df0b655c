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
import time

import joblib
import pandas as pd
from dask.distributed import Client, LocalCluster
from sklearn.model_selection import GridSearchCV, train_test_split

from skmlkit import AutoKMeans, MNISTClassifier
from skmlkit.datasets import fetch_mnist

X, y = fetch_mnist(subset="train", return_X_y=True)
X, _, y, _ = train_test_split(X, y, train_size=2_000, stratify=y, random_state=0)

search = GridSearchCV(
    MNISTClassifier(architecture="mlp", max_epochs=3, batch_size=64,
                    augment=None, random_state=0),
    {"lr": [1e-3, 3e-3], "module__hidden_units": [(64,), (256,)]},
    cv=3, n_jobs=-1)

# %%
# Start a local cluster and run the search on it
# ----------------------------------------------
cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
client = Client(cluster)
print(client)

start = time.perf_counter()
with joblib.parallel_backend("dask"):
    search.fit(X, y)
print(f"12 fits on the cluster in {time.perf_counter() - start:.1f} s")
pd.DataFrame(search.cv_results_)[
    ["params", "mean_test_score", "mean_fit_time", "rank_test_score"]]

# %%
# The AutoKMeans K sweep on the same cluster
# ------------------------------------------
# ``n_jobs`` spreads the K values over the workers; the result is identical
# to a local run with the same ``random_state``.
from sklearn.decomposition import PCA

X_pca = PCA(n_components=10, random_state=0).fit_transform(X / 255.0)
with joblib.parallel_backend("dask"):
    on_cluster = AutoKMeans(k_range=(2, 15), n_jobs=-1, random_state=0).fit(X_pca)
local = AutoKMeans(k_range=(2, 15), random_state=0).fit(X_pca)
print("K on the cluster:", on_cluster.n_clusters_, "| K locally:", local.n_clusters_)
print("same labels:", (on_cluster.labels_ == local.labels_).all())

# %%
client.close()
cluster.close()
