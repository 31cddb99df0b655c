"""Segment names: RFM labels that cannot overlap, distinct profile names."""

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from skmlkit.cluster import (
    name_rfm_segments,
    name_segments,
    rfm_scores,
    segment_profile,
)
from skmlkit.cluster._names import RFM_LABEL_ORDER, RFM_LABELS, rfm_label, score_levels


def test_every_rfm_triple_gets_exactly_one_label():
    triples = list(itertools.product(range(1, 6), repeat=3))
    assert len(triples) == 125
    r, f, _ = zip(*triples, strict=True)
    labels = rfm_label(r, f)
    assert len(labels) == 125 and set(labels) <= set(RFM_LABEL_ORDER)
    assert set(labels) == set(RFM_LABEL_ORDER)  # every label is reachable
    # one cell, one label: the grid is a mapping, so rule order cannot matter
    cells = [(ri, fi) for ri in RFM_LABELS for fi in RFM_LABELS[ri]]
    assert len(cells) == len(set(cells)) == 25
    shuffled = list(RFM_LABELS.items())
    random.Random(0).shuffle(shuffled)
    assert [dict(shuffled)[ri][fi] for ri, fi in zip(r, f, strict=True)] == list(labels)


def test_tied_quantiles_give_equal_scores():
    frequency = np.array([1] * 51 + [2] * 20 + [3] * 10 + [5] * 10 + [9] * 9)
    scores = score_levels(frequency)
    for value in np.unique(frequency):
        assert len(set(scores[frequency == value])) == 1  # ties: one score
    assert scores[frequency == 1][0] == 1
    assert sorted(set(scores)) == [1, 3, 4, 5]  # levels produced, no error
    recency = score_levels([1, 1, 400, 400], higher_is_better=False)
    assert recency.tolist() == [3, 3, 1, 1]


def test_rfm_scores_labels_and_missing_columns():
    rfm = pd.DataFrame(
        {"recency": [5, 300], "frequency": [9, 1], "monetary": [1.0, 2.0]}
    )
    scores = rfm_scores(rfm)
    assert scores.columns.tolist() == ["R", "F", "M", "label"]
    with pytest.raises(ValueError, match=r"\['monetary'\]"):
        rfm_scores(rfm.drop(columns="monetary"))


def test_profile_names_are_distinct_and_overridable():
    X = np.array(
        [
            [5, 9, 500.0],
            [8, 7, 450.0],
            [300, 1, 20.0],
            [280, 1, 25.0],
            [150, 3, 100],
            [140, 3, 110],
        ]
    )
    profile = segment_profile(
        X, [0, 0, 1, 1, 2, 2], feature_names=["recency", "frequency", "monetary"]
    )
    names = name_segments(profile)
    assert names.is_unique
    assert "high spend" in names[0] and "low spend" in names[1]
    assert name_segments(profile, overrides={1: "gone"})[1] == "gone"
    with pytest.raises(ValueError, match="distinct"):
        name_segments(profile, overrides={1: names[0]})


def test_identical_profiles_still_get_distinct_names():
    X = np.array([[1.0], [1.0], [1.0], [1.0]])
    profile = segment_profile(X, [0, 0, 1, 1])
    names = name_segments(profile)
    assert names.tolist() == ["average", "average #2"]


def test_categorical_traits_and_one_customer_segment():
    frame = pd.DataFrame(
        {"spend": [10.0, 12, 11, 90], "channel": ["web", "web", "shop", "shop"]}
    )
    profile = segment_profile(frame, [0, 0, 1, 2])
    names = name_segments(profile)
    assert "mostly web" in names[0] and names[2].startswith("high spend")
    assert names.is_unique


def test_rfm_names_of_clear_segments():
    # scores are quantiles of all customers: a clear "champions" segment is a
    # small top group, a clear "lost" one a tail, as in real logs
    rng = np.random.default_rng(0)

    def group(n, recency, frequency, spend):
        return pd.DataFrame(
            {
                "recency": rng.integers(*recency, n),
                "frequency": rng.integers(*frequency, n),
                "monetary": rng.uniform(*spend, n),
            }
        )

    features = pd.concat(
        [
            group(10, (1, 20), (8, 20), (500, 900)),
            group(20, (300, 400), (1, 2), (10, 30)),
            group(70, (60, 200), (2, 5), (50, 200)),
        ],
        ignore_index=True,
    )
    labels = [0] * 10 + [1] * 20 + [2] * 70
    names = name_rfm_segments(features, labels)
    assert names.tolist() == ["champions", "lost", "need attention"]
    # two segments in one grid cell are told apart
    names = name_rfm_segments(features, [0] * 5 + [3] * 5 + labels[10:])
    assert names.is_unique
    assert names[0].startswith("champions") and names[3].startswith("champions")
