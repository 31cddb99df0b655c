"""Customer segmentation in one call: prepare, choose K, profile, name."""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)

from ..utils._collections import is_dask_frame
from ._choice import METHODS
from ._names import name_rfm_segments, name_segments
from ._pipeline import SCALERS, make_segmentation_pipeline
from ._profile import segment_profile

# Fewer rows than this cannot be segmented (K = 2 needs 3 rows to compare).
MIN_ROWS = 3
RFM_COLUMNS = ("recency", "frequency", "monetary")


@validate_params(
    {
        "frame": [pd.DataFrame, HasMethods(["map_partitions", "persist"])],
        "log": ["boolean"],
        "scale": [StrOptions({*SCALERS, "none"})],
        "k_range": [None, "array-like"],
        "method": [StrOptions(set(METHODS))],
        "n_clusters": [None, Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "numeric": [None, list, tuple],
        "categorical": [None, list, tuple],
        "skewed": [None, list, tuple],
        "missing": [StrOptions({"error", "drop", "impute"})],
        "impute": [StrOptions({"median", "mean"})],
        "impute_categorical": [StrOptions({"most_frequent", "constant"})],
        "names": [StrOptions({"profile", "rfm"})],
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
    n_clusters=None,
    random_state=None,
    numeric=None,
    categorical=None,
    skewed=None,
    missing="impute",
    impute="median",
    impute_categorical="most_frequent",
    names="profile",
):
    """Segment a customer table with AutoKMeans, then profile and name the segments.

    Builds :func:`make_segmentation_pipeline` for the table's columns, fits
    it, and describes the segments in the table's own units.

    Parameters
    ----------
    frame : pandas.DataFrame or dask.dataframe.DataFrame
        One row per customer: numeric columns, plus the ``categorical`` ones.
        A Dask DataFrame stays on the workers (see Returns); it takes
        numeric columns only, ``missing="drop"`` or none missing, and
        ``scale`` as for pandas (:class:`~skmlkit.preprocessing.LogScaler`).
    log : bool, default=False
        Log-transform every numeric column (``sign(x) * log1p(|x|)``), for
        skewed amounts such as spending. ``skewed`` picks columns instead.
    scale : {"standard", "minmax", "none"}, default="standard"
        Scaling of the numeric columns.
    k_range : range or sequence of int, default=range(2, 11)
        Candidate numbers of segments (``None``: AutoKMeans' default, which
        includes K = 1). ``model.structure_`` says whether the data have
        any cluster structure at all.
    method : str, default="auto"
        K-selection method of :class:`AutoKMeans`.
    n_clusters : int, default=None
        Keep this number of segments whatever ``method`` chooses (every
        criterion is still computed; see :class:`AutoKMeans`).
    random_state : int, RandomState instance or None, default=None
        Seeds AutoKMeans (see :func:`make_segmentation_pipeline`).
    numeric : list of str, default=None
        Numeric columns to use; None: every column not named in
        ``categorical`` (the other columns of ``frame`` are left out).
    categorical : list of str, default=None
        Categorical columns, one-hot encoded with balanced weights. Other
        non-numeric columns are an error.
    skewed : list of str, default=None
        Numeric columns to log-transform (overrides ``log``).
    missing : {"impute", "drop", "error"}, default="impute"
        Missing values: filled (by ``impute`` and ``impute_categorical``),
        rows dropped, or refused; as in :func:`make_segmentation_pipeline`,
        which cannot drop rows.
    impute : {"median", "mean"}, default="median"
        How missing numbers are filled.
    impute_categorical : {"most_frequent", "constant"}, default="most_frequent"
        How missing categories are filled (``"constant"``: a level
        ``"missing"``).
    names : {"profile", "rfm"}, default="profile"
        How segments are named: by their standout traits
        (:func:`name_segments`), or with the customary RFM labels
        (:func:`name_rfm_segments`; needs recency, frequency, monetary).

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``pipeline`` (fitted), ``model`` (the AutoKMeans step), ``frame``
        (the rows segmented, after ``missing="drop"``), ``labels`` (Series
        indexed like them), ``profile`` (DataFrame in the original units),
        ``names`` (Series of segment names), ``Xt`` (the data as the model
        saw it) and ``missing`` (a dict: ``policy``, ``rows_dropped`` and
        ``imputed``, values filled per column). For a Dask DataFrame,
        ``labels`` is a lazy Dask Series, ``customers`` the lazy frame with
        ``segment`` and ``segment_name`` columns; the profile's sizes,
        shares and means are exact, its medians (and the names) come from
        ``sample``, a random sample of about 20,000 customers (pandas, with
        ``segment``), on which ``Xt`` is computed.

    Raises
    ------
    ValueError
        Too few rows, rows that do not differ, missing values with
        ``missing="error"``, or an unknown or non-numeric column.

    Examples
    --------
    >>> from skmlkit.datasets import make_customers
    >>> from skmlkit.cluster import segment_customers
    >>> customers = make_customers(n_samples=500, random_state=0).data
    >>> result = segment_customers(customers, random_state=0)
    >>> result.model.n_clusters_, int(result.profile["size"].sum())
    (5, 500)
    """
    if is_dask_frame(frame):
        from ._segment_dask import segment_dask_frame

        numbers = list(numeric or frame.columns)
        return segment_dask_frame(
            frame,
            numeric=numbers,
            skewed=list(skewed) if skewed is not None else (numbers if log else []),
            categorical=categorical,
            missing=missing,
            scale=scale,
            k_range=k_range,
            method=method,
            n_clusters=n_clusters,
            random_state=random_state,
            names=names,
        )
    categorical = list(categorical or ())
    listed = [*(numeric or ()), *categorical, *(skewed or ())]
    unknown = [c for c in listed if c not in frame.columns]
    if unknown:
        raise ValueError(
            f"Columns {unknown} not found; available columns: "
            f"{[str(c) for c in frame.columns]}."
        )
    if numeric is not None:
        frame = frame[[*dict.fromkeys([*numeric, *(skewed or ()), *categorical])]]
    numeric = [c for c in frame.columns if c not in categorical]
    not_numeric = [
        str(c) for c in numeric if not pd.api.types.is_numeric_dtype(frame[c])
    ]
    if not_numeric:
        raise ValueError(
            f"Columns {not_numeric} are not numeric; name categorical columns "
            "with categorical=."
        )
    if frame.shape[1] == 0:
        raise ValueError("The table has no column to segment.")
    frame, report = _handle_missing(frame, missing)
    _check_rows(frame)
    skewed = list(skewed) if skewed is not None else (numeric if log else [])
    pipeline = make_segmentation_pipeline(
        numeric=[c for c in numeric if c not in skewed],
        categorical=categorical,
        skewed=skewed,
        missing="error" if missing == "error" else "impute",
        impute=impute,
        impute_categorical=impute_categorical,
        scale=scale,
        k_range=k_range,
        method=method,
        n_clusters=n_clusters,
        random_state=random_state,
    ).fit(frame)
    model = pipeline["cluster"]
    labels = pd.Series(model.labels_, index=frame.index, name="segment")
    profile = segment_profile(frame, model.labels_)
    if names == "rfm":
        segment_names = name_rfm_segments(frame, model.labels_)
    else:
        segment_names = name_segments(profile)
    return Bunch(
        pipeline=pipeline,
        model=model,
        frame=frame,
        labels=labels,
        profile=profile,
        names=segment_names,
        Xt=np.asarray(pipeline[:-1].transform(frame), dtype=np.float64),
        missing=report,
    )


def _handle_missing(frame, policy):
    """Apply the missing-value policy; return the frame and what was done."""
    counts = frame.isna().sum()
    counts = {str(c): int(n) for c, n in counts.items() if n}
    report = {"policy": policy, "rows_dropped": 0, "imputed": {}}
    if not counts:
        return frame, report
    if policy == "error":
        listed = ", ".join(f"{c} ({n})" for c, n in counts.items())
        raise ValueError(
            f"Missing values in {listed}; impute them (missing='impute') or "
            "drop the rows (missing='drop')."
        )
    if policy == "drop":
        kept = frame.dropna()
        report["rows_dropped"] = len(frame) - len(kept)
        return kept, report
    report["imputed"] = counts
    return frame, report


def _check_rows(frame):
    if len(frame) < MIN_ROWS:
        raise ValueError(
            f"Need at least {MIN_ROWS} customers to segment, got {len(frame)}."
        )
    if len(frame.drop_duplicates()) == 1:
        raise ValueError(
            f"All {len(frame)} rows have the same values: the customers do not "
            "differ, so there is nothing to segment."
        )
