"""
==================================================
Comparing K-selection criteria on data of known K
==================================================

Which rule finds the right number of clusters? We generate 12 data sets with
a known number of Gaussian clusters (2 to 9, in 2 to 10 dimensions, of
unequal sizes and spreads), fit :class:`~skmlkit.AutoKMeans` once on each,
and read the K that every criterion would have chosen from ``choices_``.

The criteria (the user guide states them in full):

* **elbow**: the knee of log-inertia against K (Kneedle), or the silhouette
  choice when the curve has no clear knee;
* **silhouette**: maximum mean silhouette;
* **calinski_harabasz**: maximum ratio of between- to within-cluster
  dispersion, each divided by its degrees of freedom;
* **davies_bouldin**: minimum average similarity of each cluster with its
  closest one;
* **gap**: the smallest K whose gap statistic is within one standard error
  of the next one's;
* **stability**: the K whose partition bootstrap refits reproduce best;
* **auto**: the K with the most votes when each family of criteria votes
  once: silhouette, Calinski-Harabasz and Davies-Bouldin a third of a vote
  each, the Gaussian mixtures (BIC, ICL) one vote when their clusters look
  Gaussian; ties go to the K more criteria choose, then the more stable.

The benchmark ``benchmarks/bench_kselection.py`` runs the same comparison on
188 harder data sets and on 21 labelled benchmark sets; this example is a
quick, visual version.
"""

# %%
import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs
from sklearn.preprocessing import StandardScaler

from skmlkit import AutoKMeans

rng = np.random.default_rng(0)
rows = []
for i in range(12):
    k = int(rng.integers(2, 10))
    sizes = rng.integers(50, 160, size=k)
    X, _ = make_blobs(
        n_samples=sizes,
        n_features=int(rng.integers(2, 11)),
        cluster_std=rng.uniform(0.6, 1.8, size=k),
        center_box=(-10, 10),
        random_state=i,
    )
    model = AutoKMeans(k_range=range(2, 13), random_state=0).fit(
        StandardScaler().fit_transform(X)
    )
    rows.append({"true K": k, **model.choices_})
picks = pd.DataFrame(rows)
picks

# %%
# Exact-K rate of each criterion
# ------------------------------
criteria = [c for c in picks.columns if c != "true K"]
exact = {c: np.mean(picks[c] == picks["true K"]) for c in criteria}
pd.Series(exact, name="exact-K rate").sort_values(ascending=False)

# %%
# Where each criterion lands
# --------------------------
# Each dot is one data set; on the diagonal, the criterion found the true K.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 4, figsize=(14, 7), sharex=True, sharey=True)
for ax, criterion in zip(axes.ravel(), criteria, strict=False):
    jitter = rng.uniform(-0.15, 0.15, size=len(picks))
    ax.scatter(picks["true K"] + jitter, picks[criterion] + jitter, alpha=0.7)
    ax.plot([2, 12], [2, 12], "k--", linewidth=0.8)
    ax.set_title(f"{criterion}: {exact[criterion]:.0%} exact")
for ax in axes[-1]:
    ax.set_xlabel("true K")
for ax in axes[:, 0]:
    ax.set_ylabel("chosen K")
axes.ravel()[-1].set_visible(False)
fig.tight_layout()
plt.show()
