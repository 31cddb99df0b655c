"""
=====================================================
No clusters, uncertain K, stable K: honest answers
=====================================================

K-Means always returns K clusters, even on data that have none. Before
reading segments, ask three questions that :class:`~skmlkit.AutoKMeans`
answers in its fitted attributes:

* **Is there any cluster structure?** ``structure_`` holds the evidence; with
  the default ``k_range`` (which includes K = 1) structureless data get one
  cluster.
* **How sure is the choice?** ``choices_`` gives every criterion's K and
  ``agreement_`` the share that agree with the answer.
* **Is the partition reproducible?** ``scores_["stability"]`` is the mean
  adjusted Rand index between the model at each K and its refits on
  bootstrap resamples.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs

from skmlkit import AutoKMeans

rng = np.random.RandomState(0)
datasets = {
    "uniform square": rng.uniform(size=(800, 2)),
    "one Gaussian": rng.normal(size=(800, 2)) @ [[1.0, 0.6], [0.0, 0.8]],
    "four blobs": make_blobs(800, centers=4, cluster_std=1.0, random_state=3)[0],
    "two touching boxes": np.r_[
        rng.uniform([0, 0], [1, 1], (400, 2)),
        rng.uniform([1.15, 0], [2.15, 1], (400, 2)),
    ],
}
models = {name: AutoKMeans(random_state=0).fit(X) for name, X in datasets.items()}

fig, axes = plt.subplots(1, 4, figsize=(15, 3.6))
for ax, (name, X) in zip(axes, datasets.items(), strict=True):
    model = models[name]
    ax.scatter(*X.T, c=model.labels_, s=6, cmap="tab10")
    ax.set_title(f"{name}: K={model.n_clusters_}")
fig.tight_layout()

# %%
# The structure tests
# -------------------
# ``gap_excess`` is how far the best gap statistic rises above the
# one-cluster gap (above 0.1: clusters); ``split_ratio`` the variance left by
# the best split of the data projected on the 2-means axis (1/4 for uniform,
# 0.36 for Gaussian data, below 0.2: two groups). Hopkins and the mixture BIC
# are reported beside them: both call a single Gaussian or a uniform square
# "clustered" in some settings, so they do not decide.
pd.DataFrame({name: model.structure_ for name, model in models.items()}).T

# %%
# Why the gap statistic can say "one cluster"
# -------------------------------------------
# Uniform reference data give the dispersion expected without clusters; the
# gap is how much tighter the real clusters are. Without structure no K
# rises clearly above K = 1.
fig, ax = plt.subplots(figsize=(6, 3.6))
for name, model in models.items():
    ax.errorbar(
        model.k_values_,
        model.scores_["gap"],
        yerr=model.scores_["gap_sd"],
        marker="o",
        capsize=2,
        label=name,
    )
ax.set_xlabel("K")
ax.set_ylabel("gap statistic")
ax.legend()
fig.tight_layout()

# %%
# Agreement and stability
# -----------------------
# On the four blobs every criterion agrees and the partition at K = 4 is
# reproduced by every bootstrap refit; beyond it, splitting a blob is
# arbitrary and stability drops.
pd.DataFrame(
    {
        name: {**model.choices_, "agreement": round(model.agreement_, 2)}
        for name, model in models.items()
    }
).T

# %%
fig, ax = plt.subplots(figsize=(6, 3.6))
for name, model in models.items():
    ax.plot(model.k_values_, model.scores_["stability"], marker="o", label=name)
ax.set_xlabel("K")
ax.set_ylabel("bootstrap stability (ARI)")
ax.legend()
fig.tight_layout()
plt.show()
