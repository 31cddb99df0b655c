"""Segmenting customers held in a Dask DataFrame: lazy labels, exact profiles.

:func:`segment_customers` hands Dask input here. The pipeline is
:class:`~skmlkit.preprocessing.LogScaler` then :class:`AutoKMeans`, both of
which keep the rows on the workers. Afterwards, per customer, the segment is
a lazy result; what reaches the client is per segment (sizes and sums, so
the sizes, shares and means of the profile are exact) and a bounded random
sample of customers (medians, names, plots and the stability check).
"""

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from sklearn.utils import Bunch, check_random_state

from ..preprocessing import LogScaler
from ._auto_kmeans import AutoKMeans
from ._names import name_rfm_segments, name_segments
from ._profile import profile_column, segment_profile

# Customers brought to the client for medians, names, plots and stability.
SAMPLE_SIZE = 20_000


def segment_dask_frame(
    frame,
    *,
    numeric,
    skewed,
    categorical,
    missing,
    scale,
    k_range,
    method,
    n_clusters,
    random_state,
    names,
    sample_size=SAMPLE_SIZE,
):
    """:func:`segment_customers` for a Dask DataFrame (its options as checked there)."""
    if categorical:
        raise ValueError(
            "Categorical columns are not supported for Dask input; encode them "
            "as numbers first, or segment a pandas DataFrame."
        )
    if missing == "impute":
        missing = "error"  # no imputer for Dask input: say so if a value lacks
    # The in-memory pipeline's column order: skewed columns, then the others.
    columns = list(dict.fromkeys([*(skewed or ()), *(numeric or frame.columns)]))
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise ValueError(
            f"Columns {unknown} not found; available columns: "
            f"{[str(c) for c in frame.columns]}."
        )
    frame = frame[[c for c in frame.columns if c in columns]]  # the user's order
    not_numeric = [
        str(c) for c, t in frame.dtypes.items() if not pd.api.types.is_numeric_dtype(t)
    ]
    if not_numeric:
        raise ValueError(
            f"Columns {not_numeric} are not numeric; Dask input takes numeric "
            "columns only."
        )
    if missing == "drop":
        frame = frame.dropna()
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    pipeline = Pipeline(
        [
            ("scale", LogScaler(skewed=list(skewed or ()), scale=scale)),
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
    )
    try:
        pipeline.fit(frame[columns])
    except ValueError as exc:
        if "missing values" in str(exc):
            raise ValueError(
                f"{exc} For Dask input use missing='drop' (rows without a "
                "value are left out)."
            ) from exc
        raise
    labelled = with_segments(frame, pipeline)
    profile, sample = describe_segments(labelled, columns, seed, sample_size)
    features, sample_labels = sample[columns], sample["segment"].to_numpy()
    if names == "rfm":
        segment_names = name_rfm_segments(features, sample_labels)
    else:
        segment_names = name_segments(profile)
    segment_names = segment_names.reindex(profile.index)
    model = pipeline["cluster"]
    return Bunch(
        pipeline=pipeline,
        model=model,
        frame=frame,
        labels=labelled["segment"],
        customers=with_segments(frame, pipeline, segment_names),
        profile=profile,
        names=segment_names,
        sample=sample,
        Xt=np.asarray(pipeline[:-1].transform(features), dtype=np.float64),
        missing={"policy": missing, "rows_dropped": None, "imputed": {}},
    )


def with_segments(frame, pipeline, names=None):
    """Return ``frame`` with a ``segment`` column (and ``segment_name``), lazily.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        Customers with at least the columns the pipeline was fitted on.
    pipeline : Pipeline
        The fitted scaling and clustering steps.
    names : pandas.Series, default=None
        Name of each segment, for a ``segment_name`` column.
    """
    meta = frame._meta.assign(segment=np.zeros(0, dtype=np.int32))
    if names is not None:
        meta = meta.assign(segment_name=pd.Series([], dtype="string"))
        names = {int(k): str(v) for k, v in names.items()}
    columns = list(pipeline["scale"].feature_names_in_)
    return frame.map_partitions(_with_segment, pipeline, columns, names, meta=meta)


def _with_segment(part, pipeline, columns, names):
    labels = np.zeros(0, dtype=np.int32)
    if len(part):
        X = part[columns]
        scaled = pd.DataFrame(
            pipeline["scale"].transform(X), index=X.index, columns=columns
        )
        labels = pipeline["cluster"].predict(scaled).astype(np.int32)
    part = part.assign(segment=labels)
    if names is not None:
        named = pd.Series(labels, index=part.index).map(names)
        part["segment_name"] = named.astype("string")
    return part


def describe_segments(labelled, columns, seed, sample_size=SAMPLE_SIZE):
    """Exact profile of segmented customers, and a bounded sample of them.

    Two passes: per-segment sums and sizes, then the sampled rows.

    Parameters
    ----------
    labelled : dask.dataframe.DataFrame
        Customers with a ``segment`` column (:func:`with_segments`).
    columns : list of str
        Numeric columns to profile.
    seed : int
        Seeds the sample.
    sample_size : int, default=20000
        About how many customers the sample holds.

    Returns
    -------
    profile : pandas.DataFrame
        As :func:`segment_profile`: sizes, shares, means and "vs avg" over
        all customers; medians from the sample.
    sample : pandas.DataFrame
        The sampled customers, with ``segment``.
    """
    sums, sizes = _segment_totals(labelled[[*columns, "segment"]])
    sample = _sample(labelled, int(sizes.sum()), sample_size, seed)
    profile = segment_profile(sample[columns], sample["segment"].to_numpy())
    return _exact_profile(profile, sums, sizes, columns), sample


def _segment_totals(labelled):
    """Per segment: column sums and sizes (K rows reach the client)."""
    import dask

    groups = labelled.groupby("segment")
    sums, sizes = dask.compute(groups.sum(), groups.size())
    return sums.sort_index(), sizes.sort_index()


def _sample(labelled, n_rows, size, seed):
    """Draw about ``size`` customers at random (a pandas DataFrame)."""
    if n_rows <= size:
        return labelled.compute()
    return labelled.sample(frac=size / n_rows, random_state=seed).compute()


def _exact_profile(profile, sums, sizes, columns):
    """Replace a sample profile's sizes, shares and means with exact ones."""
    profile = profile.reindex(sizes.index)
    profile.index.name = "segment"
    profile["size"] = sizes.astype("int64")
    profile["share"] = sizes / sizes.sum()
    overall = sums[columns].sum() / sizes.sum()
    for column in columns:
        mean = sums[column] / sizes
        profile[profile_column(column, "mean")] = mean
        base = overall[column]
        relative = mean / base - 1 if base != 0 and np.isfinite(base) else mean * np.nan
        profile[profile_column(column, "vs avg")] = relative
    return profile
