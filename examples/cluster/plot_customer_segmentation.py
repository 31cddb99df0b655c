"""
=======================================================
Customer segmentation of the mall customers data
=======================================================

The mall customers table (200 customers: age, annual income, spending score)
is the classic segmentation exercise. :class:`~skmlkit.AutoKMeans` tries
K = 2..10, scores every partition with several criteria and picks K; we then
check the choice with a silhouette plot, describe each segment in the
original units, and measure how stable the segments are under resampling.
"""

# %%
# The data
# --------
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmlkit import AutoKMeans
from skmlkit.datasets import fetch_mall_customers, make_customers

# The mall table has no official download source: it is read from the data
# home. Without it, synthetic customers with the same columns stand in.
try:
    customers = fetch_mall_customers().data
except FileNotFoundError as exc:
    print(f"NOTICE: {exc}\nUsing 200 synthetic customers (make_customers) instead.")
    customers = make_customers(n_samples=200, random_state=0).data.rename(
        columns={
            "age": "Age",
            "annual_income": "Annual Income (k$)",
            "spending_score": "Spending Score (1-100)",
        }
    )
columns = ["Annual Income (k$)", "Spending Score (1-100)"]
X = customers[columns]
X.describe().round(1)

# %%
# Choose K
# --------
# Features are standardised first so that no unit dominates the distances.
segmenter = make_pipeline(
    StandardScaler(), AutoKMeans(k_range=range(2, 11), random_state=0)
)
labels = segmenter.fit_predict(X)
model = segmenter[-1]
print("chosen K:", model.n_clusters_)
print("what each criterion alone would choose:", model.choices_)
model.scores_table().round(3)

# %%
# Every criterion against K; the dashed line is the chosen K.
import matplotlib.pyplot as plt

from skmlkit.plotting import (
    KSelectionDisplay,
    SegmentProfileDisplay,
    SilhouetteDisplay,
)

KSelectionDisplay.from_estimator(model)
plt.show()

# %%
# Validate: silhouette and stability
# ----------------------------------
# Silhouette values near 1 mean a customer sits well inside its segment;
# negative ones, closer to another segment.
X_scaled = segmenter[0].transform(X)
SilhouetteDisplay.from_predictions(X_scaled, labels)
plt.show()

# %%
# Bootstrap stability (Hennig's Jaccard criterion): refit on resampled
# customers and see whether each segment comes back. A mean Jaccard above
# 0.75 marks a stable segment.
from skmlkit.cluster import cluster_stability, segment_profile

stability = cluster_stability(model, X_scaled, n_bootstrap=20, random_state=0)
print(f"mean adjusted Rand index over refits: {stability.ari.mean():.2f}")
stability.summary.round(2)

# %%
# Interpret the segments
# ----------------------
# Profiles are in the original units: size, share, mean of every feature and
# how far it is from the overall average.
profile = segment_profile(customers, labels)
SegmentProfileDisplay(profile=profile).plot()
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6, 5))
scatter = ax.scatter(X[columns[0]], X[columns[1]], c=labels, cmap="tab10", s=25)
ax.set(xlabel=columns[0], ylabel=columns[1], title="Mall customers by segment")
ax.legend(*scatter.legend_elements(), title="segment")
plt.show()
