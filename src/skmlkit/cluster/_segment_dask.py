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
    columns = list(dict.fromkeys([*(numeric or frame.columns), *(skewed or ())]))
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise ValueError(
            f"Columns {unknown} not found; available columns: "
            f"{[str(c) for c in frame.columns]}."
        )
    frame = frame[columns]
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
    rng = check_random_state(random_state)
    seed = int(rng.randint(np.iinfo(np.int32).max))
    pipeline = Pipeline(
        [
            ("scale", LogScaler(skewed=list(skewed or ()), scale=scale)),
            (
                "cluster",
                AutoKMeans(
                    k_range=k_range,
                    method=method,
                    n_clusters=n_clusters,
                    random_state=seed,
                ),
            ),
        ]
    )
    try:
        pipeline.fit(frame)
    except ValueError as exc:
        if "missing values" in str(exc):
            raise ValueError(
                f"{exc} For Dask input use missing='drop' (rows without a "
                "value are left out)."
            ) from exc
        raise
    labelled = frame.map_partitions(
        _with_segment, pipeline, meta=frame._meta.assign(segment=np.int32(0))
    )
    sums, sizes = _segment_totals(labelled)
    sample = _sample(labelled, int(sizes.sum()), sample_size, seed)
    features, sample_labels = sample[columns], sample["segment"].to_numpy()
    profile = _exact_profile(
        segment_profile(features, sample_labels), sums, sizes, columns
    )
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
        customers=labelled,
        profile=profile,
        names=segment_names,
        sample=sample,
        Xt=np.asarray(pipeline[:-1].transform(features), dtype=np.float64),
        missing={"policy": missing, "rows_dropped": None, "imputed": {}},
    )


def _with_segment(part, pipeline):
    if len(part) == 0:
        return part.assign(segment=np.zeros(0, dtype=np.int32))
    scaled = pd.DataFrame(
        pipeline["scale"].transform(part), index=part.index, columns=part.columns
    )
    return part.assign(segment=pipeline["cluster"].predict(scaled).astype(np.int32))


def _segment_totals(labelled):
    """Per segment: column sums and sizes (one pass; K rows reach the client)."""
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
