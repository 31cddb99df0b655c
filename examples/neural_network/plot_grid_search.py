"""
=======================================================
Tune the classifier in a Pipeline with GridSearchCV
=======================================================

:class:`~skmlkit.MNISTClassifier` is a plain scikit-learn estimator, so it
goes into a :class:`~sklearn.pipeline.Pipeline` and its parameters, including
the network's own ``module__*`` parameters, are searched like any other. Here
a small MLP is tuned over the learning rate and the hidden layer sizes on a
2,000-image subset with 3-fold cross-validation.
"""

# %%
import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler

from skmlkit import MNISTClassifier
from skmlkit.datasets import fetch_mnist_or_digits

digits = fetch_mnist_or_digits(n_train=2_000, random_state=0)
print(digits.description)
X, y = digits.X_train, digits.y_train

pipeline = make_pipeline(
    MinMaxScaler(),
    MNISTClassifier(
        architecture="mlp", max_epochs=4, batch_size=64, augment=None, random_state=0
    ),
)
grid = {
    "mnistclassifier__lr": [1e-3, 3e-3],
    "mnistclassifier__module__hidden_units": [(64,), (256,), (256, 128)],
}
search = GridSearchCV(pipeline, grid, cv=3, n_jobs=1).fit(X, y)

# %%
# The results table
# -----------------
results = pd.DataFrame(search.cv_results_)
table = results[
    [
        "param_mnistclassifier__lr",
        "param_mnistclassifier__module__hidden_units",
        "mean_test_score",
        "std_test_score",
        "mean_fit_time",
        "rank_test_score",
    ]
].sort_values("rank_test_score")
table.columns = ["lr", "hidden units", "mean accuracy", "std", "fit time (s)", "rank"]
table

# %%
# The best pipeline is refitted on all 3,000 images and scores new data.
X_test, y_test = digits.X_test, digits.y_test
print("best:", search.best_params_)
print(f"test accuracy of the best pipeline: {search.score(X_test, y_test):.2%}")
