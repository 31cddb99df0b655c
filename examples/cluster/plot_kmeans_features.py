"""
=================================================================
AutoKMeans as a feature transformer in a supervised pipeline
=================================================================

``AutoKMeans.transform`` maps each sample to its distances from the cluster
centres. Inside a :class:`~sklearn.pipeline.Pipeline` these distances become
features for a supervised model: a cheap way to give a linear model
non-linear, local structure. Here we predict the sales channel (hotel /
restaurant / cafe versus retail) of the 440 wholesale customers from their
annual spending, and compare with cross-validation.
"""

# %%
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skmlkit import AutoKMeans
from skmlkit.datasets import fetch_wholesale_customers

wholesale = fetch_wholesale_customers()
X, y = wholesale.data, wholesale.target
print(X.shape, y.value_counts().to_dict())

log_scale = [
    FunctionTransformer(np.log1p, feature_names_out="one-to-one"),
    StandardScaler(),
]
clusters = AutoKMeans(k_range=range(2, 9), random_state=0)
models = {
    "logistic on spending": make_pipeline(*log_scale, LogisticRegression()),
    "logistic on cluster distances": make_pipeline(
        *log_scale, clusters, StandardScaler(), LogisticRegression()
    ),
    "logistic on both": make_pipeline(
        *log_scale,
        FeatureUnion([("spending", "passthrough"), ("clusters", clusters)]),
        StandardScaler(),
        LogisticRegression(),
    ),
}

# %%
# Cross-validated accuracy
# ------------------------
# AutoKMeans is refitted (and K chosen again) inside every training fold, so
# no information leaks from the test folds.
cv = StratifiedKFold(5, shuffle=True, random_state=0)
scores = {name: cross_val_score(model, X, y, cv=cv) for name, model in models.items()}
pd.DataFrame(scores).describe().loc[["mean", "std", "min", "max"]].round(3)

# %%
# What the clusters add
# ---------------------
# The fitted pipeline names its features; the cluster distances come out as
# ``autokmeans0``, ``autokmeans1``, ... next to the spending columns.
import matplotlib.pyplot as plt

both = models["logistic on both"].fit(X, y)
names = both[:-2].get_feature_names_out()
coefficients = pd.Series(both[-1].coef_[0], index=names).sort_values()
coefficients.plot.barh(figsize=(6, 4), title="Logistic coefficients (retail > 0)")
plt.tight_layout()
plt.show()
