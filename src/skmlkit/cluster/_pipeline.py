"""A segmentation Pipeline for mixed numeric and categorical customer tables."""

import warnings
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.metrics import silhouette_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, StandardScaler
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.validation import check_random_state

from ..preprocessing import BalancedOneHotEncoder
from ..preprocessing._log_scaler import signed_expm1, signed_log1p
from ..utils._deprecation import REMOVAL_VERSION
from ._auto_kmeans import AutoKMeans
from ._choice import METHODS

SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}
# Rows on which segmentation_silhouette evaluates (silhouette is quadratic).
SILHOUETTE_SAMPLE = 5000
SCORER_SEED = 0


class _NumericColumns:
    """Column selector: numeric columns not named elsewhere (picklable)."""

    def __init__(self, exclude):
        self.exclude = list(exclude)

    def __call__(self, X):
        return [
            col for col in X.select_dtypes("number").columns if col not in self.exclude
        ]


class _CategoricalColumns(_NumericColumns):
    """Column selector: non-numeric columns not named elsewhere (picklable)."""

    def __call__(self, X):
        return [
            col
            for col in X.select_dtypes(exclude="number").columns
            if col not in self.exclude
        ]


def _refuse_missing(X):
    frame = pd.DataFrame(X)
    if frame.isna().to_numpy().any():
        columns = [str(c) for c in frame.columns[frame.isna().any()]]
        raise ValueError(
            f"Columns {columns} have missing values and missing='error' refuses "
            "them; impute them (missing='impute') or drop the rows."
        )
    return X


@validate_params(
    {
        "numeric": [None, list, tuple],
        "categorical": [None, list, tuple],
        "skewed": [None, list, tuple],
        "features": [None, HasMethods(["fit", "transform"])],
        "missing": [StrOptions({"impute", "error"})],
        "impute": [None, StrOptions({"median", "mean"})],
        "impute_categorical": [StrOptions({"most_frequent", "constant"})],
        "scale": [StrOptions({*SCALERS, "none"})],
        "categorical_weight": [StrOptions({"balanced", "none"})],
        "k_range": [None, "array-like"],
        "method": [StrOptions(set(METHODS))],
        "n_clusters": [None, Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_segmentation_pipeline(
    numeric=None,
    categorical=None,
    skewed=(),
    *,
    features=None,
    missing="impute",
    impute="median",
    impute_categorical="most_frequent",
    scale="standard",
    categorical_weight="balanced",
    k_range=None,
    method="auto",
    n_clusters=None,
    random_state=None,
):
    """Build a Pipeline that prepares a mixed-type customer table and segments it.

    Steps: an optional feature step (e.g. :class:`~skmlkit.RFMFeatures`),
    then a :class:`~sklearn.compose.ColumnTransformer` named
    ``"preprocess"`` with three branches, then :class:`AutoKMeans`
    (``"cluster"``):

    - ``"skewed"``: impute, ``sign(x) * log1p(|x|)``, scale (for spend and
      counts with a long right tail);
    - ``"numeric"``: impute, scale;
    - ``"categorical"``: impute, :class:`~skmlkit.BalancedOneHotEncoder`
      (each column's indicators scaled so that it weighs like one
      standardised numeric column).

    Parameters
    ----------
    numeric : list of str, default=None
        Numeric columns used as they are. None: every numeric column not
        listed in ``skewed`` or ``categorical`` (chosen at fit).
    categorical : list of str, default=None
        Categorical columns. None: every non-numeric column (chosen at fit).
    skewed : list of str, default=()
        Numeric columns to log-transform before scaling.
    features : transformer, default=None
        Step put first, e.g. ``RFMFeatures()`` to start from a transaction
        log; its output (a DataFrame) is what the column names refer to.
    missing : {"impute", "error"}, default="impute"
        Missing values: filled (by ``impute`` and ``impute_categorical``)
        or refused with a ValueError naming the columns. The same parameter
        of :func:`segment_customers` can also drop the rows, which a
        Pipeline cannot.
    impute : {"median", "mean"}, default="median"
        How missing numbers are filled, with the statistic seen in ``fit``.
        ``impute=None`` (refuse) is deprecated: write ``missing="error"``.
    impute_categorical : {"most_frequent", "constant"}, default="most_frequent"
        How missing categories are filled (``"constant"``: a level
        ``"missing"``).
    scale : {"standard", "minmax", "none"}, default="standard"
        Scaling of the numeric branches.
    categorical_weight : {"balanced", "none"}, default="balanced"
        Weighting of the one-hot blocks (see
        :class:`~skmlkit.BalancedOneHotEncoder`).
    k_range, method, n_clusters, random_state
        Passed to :class:`AutoKMeans`.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Unfitted; parameters are tunable with ``GridSearchCV`` (e.g.
        ``cluster__method``, ``preprocess__categorical__encode__weight``)
        scored by :func:`segmentation_silhouette`.

    Raises
    ------
    ValueError
        When a column is listed in two roles.

    Examples
    --------
    >>> from skmlkit.datasets import load_wholesale_customers
    >>> from skmlkit.cluster import make_segmentation_pipeline
    >>> table = load_wholesale_customers().frame
    >>> pipeline = make_segmentation_pipeline(
    ...     categorical=["Channel", "Region"],
    ...     skewed=["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper",
    ...             "Delicassen"],
    ...     random_state=0,
    ... ).fit(table)
    >>> pipeline["cluster"].n_clusters_ > 1
    True
    """
    if impute is None:
        warnings.warn(
            "impute=None is deprecated and is an error from skmlkit "
            f"{REMOVAL_VERSION}: write missing='error' to refuse missing values.",
            FutureWarning,
            stacklevel=2,
        )
        missing, impute = "error", "median"
    if missing == "error":
        impute = impute_categorical = None
    skewed = list(skewed or ())
    named = {"numeric": numeric, "categorical": categorical, "skewed": skewed}
    seen = {}
    for role, columns in named.items():
        for column in columns or ():
            if column in seen:
                raise ValueError(
                    f"Column {column!r} is listed as {seen[column]} and as {role}."
                )
            seen[column] = role
    if categorical is None:
        categorical = _CategoricalColumns([*skewed, *(numeric or ())])
    if numeric is None:
        listed = categorical if isinstance(categorical, (list, tuple)) else ()
        numeric = _NumericColumns([*skewed, *listed])
    scaler = [] if scale == "none" else [("scale", SCALERS[scale]())]
    log = FunctionTransformer(
        signed_log1p, inverse_func=signed_expm1, feature_names_out="one-to-one"
    )
    branches = [
        ("skewed", Pipeline([_imputer(impute), ("log", log), *scaler]), skewed),
        ("numeric", Pipeline([_imputer(impute), *scaler]), numeric),
        (
            "categorical",
            Pipeline(
                [
                    _imputer(impute_categorical),
                    ("encode", BalancedOneHotEncoder(weight=categorical_weight)),
                ]
            ),
            categorical,
        ),
    ]
    preprocess = ColumnTransformer(
        branches, remainder="drop", sparse_threshold=0, verbose_feature_names_out=False
    )
    steps = [] if features is None else [("features", features)]
    steps += [
        ("preprocess", preprocess),
        (
            "cluster",
            AutoKMeans(
                k_range=k_range,
                method=method,
                n_clusters=n_clusters,
                random_state=random_state,
            ),
        ),
    ]
    return Pipeline(steps)


def _imputer(strategy):
    if strategy is None:
        return (
            "impute",
            FunctionTransformer(_refuse_missing, feature_names_out="one-to-one"),
        )
    if strategy == "constant":
        return ("impute", SimpleImputer(strategy="constant", fill_value="missing"))
    return ("impute", SimpleImputer(strategy=strategy))


def segmentation_silhouette(estimator, X, y=None):
    """Score a fitted segmentation Pipeline by the silhouette of its clusters.

    A scorer for :class:`~sklearn.model_selection.GridSearchCV`
    (``scoring=segmentation_silhouette``): the silhouette coefficient of the
    labels ``estimator.predict(X)`` in the space the clusterer sees (the
    Pipeline's output before its last step), on at most 5,000 rows drawn
    with a fixed seed. Higher is better; 0 when there is one cluster.
    Scores compare parameters that keep that space (e.g. the clusterer's);
    comparing different preprocessings compares different spaces, where a
    silhouette is only a rough guide.

    Parameters
    ----------
    estimator : fitted Pipeline or clusterer
        Anything with ``predict``; a Pipeline's leading steps transform X.
    X : array-like or DataFrame
        Data to score (a validation fold).
    y : None
        Ignored.

    Returns
    -------
    score : float
        Silhouette in [-1, 1].

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV
    >>> from skmlkit.cluster import make_segmentation_pipeline, segmentation_silhouette
    >>> from skmlkit.datasets import load_wholesale_customers
    >>> table = load_wholesale_customers().frame
    >>> pipeline = make_segmentation_pipeline(
    ...     categorical=["Channel", "Region"], skewed=["Fresh", "Milk", "Grocery"],
    ...     numeric=[], k_range=range(2, 6), random_state=0)
    >>> search = GridSearchCV(
    ...     pipeline, {"cluster__method": ["silhouette", "auto"]},
    ...     scoring=segmentation_silhouette, cv=3).fit(table)
    >>> sorted(search.best_params_)
    ['cluster__method']
    """
    if isinstance(estimator, Pipeline):
        Xt = estimator[:-1].transform(X)
        labels = estimator[-1].predict(Xt)
    else:
        Xt, labels = X, estimator.predict(X)
    Xt = np.asarray(Xt, dtype=np.float64)
    if len(np.unique(labels)) < 2 or len(np.unique(labels)) >= len(labels):
        return 0.0
    # A scorer takes no seed: the same fixed sample for every candidate and
    # fold keeps their scores comparable.
    rng = check_random_state(SCORER_SEED)
    if len(Xt) > SILHOUETTE_SAMPLE:
        rows = rng.choice(len(Xt), SILHOUETTE_SAMPLE, replace=False)
        Xt, labels = Xt[rows], labels[rows]
        if len(np.unique(labels)) < 2:
            return 0.0
    return float(silhouette_score(Xt, labels))
