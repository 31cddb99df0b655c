"""
=======================================================
Heavy tails: why the Gaussian mixtures do not decide K
=======================================================

A Gaussian mixture's likelihood keeps improving when it describes one
heavy-tailed cluster by several Gaussians, so the K minimising the BIC or
the ICL grows with the tails, not with the clusters (Baudry et al., 2010).
Customer spend and the "hub" sets of the clustering benchmark suite are
like that. :class:`~skmlkit.AutoKMeans`' ``method="auto"`` counts families
of criteria, not scores: the geometric criteria (silhouette,
Calinski-Harabasz, Davies-Bouldin) share one vote, and the mixtures get one
vote only when their clusters pass a tail test (the excess kurtosis within
the clusters at most that of a Student-t with 10 degrees of freedom, and no
point masses). ``support_`` and ``scores_table()`` show the evidence for
every K that some criterion chooses.
"""

# %%
# Two heavy-tailed hubs
# ---------------------
# Drawn like the suite's h2mg sets: in 4 dimensions, a random direction
# times a normal radius, so that the density peaks at the centre and has
# long tails.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from skmlkit import AutoKMeans

rng = np.random.RandomState(0)


def hub(n, centre, n_features=4):
    direction = rng.normal(size=(n, n_features))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    return direction * rng.normal(0, 1.5, (n, 1)) + centre


X = StandardScaler().fit_transform(np.vstack([hub(500, 0.0), hub(500, 5.0)]))
model = AutoKMeans(random_state=0).fit(X)

# %%
# What each family chooses, and what the auto rule makes of it
# -------------------------------------------------------------
mixture_k = next(k for k, e in model.support_.items() if "mixtures" in e["chosen_by"])
verdict = "vote" if model.mixture_votes_ else "do not vote"
print(
    f"auto K = {model.n_clusters_}; the mixtures choose K = {mixture_k}, with an "
    f"excess kurtosis of {model.support_[mixture_k]['kurtosis']:.1f} within "
    f"their clusters, so they {verdict}."
)
columns = ["silhouette", "calinski_harabasz", "bic", "icl", "kurtosis", "support"]
model.scores_table()[[*columns, "chosen_by"]].round(2)

# %%
# The partitions
# --------------
# On the first two principal components: the auto rule's K, and K-Means at
# the mixtures' K, which cuts the cores of the hubs from their tails. The
# right panel shows the votes per K: a third per geometric criterion, none
# for the mixtures here.
over = AutoKMeans(n_clusters=mixture_k, random_state=0).fit(X)
shown = PCA(n_components=2).fit_transform(X)
fig, axes = plt.subplots(1, 3, figsize=(14, 4))
for ax, labels, title in (
    (axes[0], model.labels_, f"auto: K = {model.n_clusters_}"),
    (axes[1], over.labels_, f"the mixtures' K = {mixture_k}"),
):
    ax.scatter(*shown.T, c=labels, s=4, cmap="tab10")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
table = model.scores_table()
axes[2].bar(table.index, table["support"], color="tab:blue")
axes[2].set_xlabel("K")
axes[2].set_ylabel("votes of the auto rule")
axes[2].set_title("Support per K")
fig.tight_layout()
plt.show()
