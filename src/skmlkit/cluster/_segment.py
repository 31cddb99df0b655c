"""Customer segmentation in one call: preprocess, choose K, profile."""

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, MinMaxScaler, StandardScaler
from sklearn.utils import Bunch
from sklearn.utils._param_validation import StrOptions, validate_params

from ._auto_kmeans import METHODS, AutoKMeans
from ._profile import segment_profile

SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler}


@validate_params(
    {
        "frame": [pd.DataFrame],
        "log": ["boolean"],
        "scale": [StrOptions({*SCALERS, "none"})],
        "k_range": [None, "array-like"],
        "method": [StrOptions(set(METHODS))],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def segment_customers(
    frame,
    *,
    log=False,
    scale="standard",
    k_range=range(2, 11),
    method="auto",
    random_state=0,
):
    """Segment a customer table with AutoKMeans and profile the segments.

    Parameters
    ----------
    frame : pandas.DataFrame
        Numeric customer features, one row per customer.
    log : bool, default=False
        Apply ``log1p`` to every feature first (for skewed amounts such as
        spending); features must then be non-negative.
    scale : {"standard", "minmax", "none"}, default="standard"
        Feature scaling before clustering.
    k_range : range or sequence of int, default=range(2, 11)
        Candidate numbers of segments (``None``: AutoKMeans' default, which
        includes K = 1). ``model.structure_`` says whether the data have
        any cluster structure at all.
    method : str, default="auto"
        K-selection method of :class:`AutoKMeans`.
    random_state : int, default=0
        Seed.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``pipeline`` (fitted), ``model`` (the AutoKMeans step), ``labels``
        (Series indexed like ``frame``), ``profile`` (DataFrame in the
        original units) and ``Xt`` (the data as the model saw it).

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.cluster import segment_customers
    >>> customers = make_customers(n_samples=500, random_state=0).data
    >>> result = segment_customers(customers, random_state=0)
    >>> result.model.n_clusters_, int(result.profile["size"].sum())
    (5, 500)
    """
    if frame.shape[1] == 0 or len(frame) < 3:
        raise ValueError(
            f"Need at least 3 rows and 1 column to segment, got shape {frame.shape}."
        )
    if frame.isna().any().any():
        missing = frame.columns[frame.isna().any()].tolist()
        raise ValueError(f"Columns {missing} have missing values; fill or drop them.")
    steps = []
    if log:
        negative = frame.columns[(frame < 0).any()].tolist()
        if negative:
            raise ValueError(
                f"log=True needs non-negative values; {negative} have negative ones."
            )
        steps.append(FunctionTransformer(np.log1p, feature_names_out="one-to-one"))
    if scale != "none":
        steps.append(SCALERS[scale]())
    model = AutoKMeans(k_range=k_range, method=method, random_state=random_state)
    pipeline = make_pipeline(*steps, model).fit(frame)
    Xt = pipeline[:-1].transform(frame) if steps else frame.to_numpy(dtype=float)
    labels = pd.Series(model.labels_, index=frame.index, name="segment")
    return Bunch(
        pipeline=pipeline,
        model=model,
        labels=labels,
        profile=segment_profile(frame, model.labels_),
        Xt=np.asarray(Xt),
    )
