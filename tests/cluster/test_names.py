"""Segment names: RFM labels that cannot overlap, distinct profile names."""

import itertools

import numpy as np
import pandas as pd
import pytest

from skmlkit.cluster import (
    name_rfm_segments,
    name_segments,
    rfm_scores,
    segment_profile,
)
from skmlkit.cluster._names import RFM_LABEL_ORDER, rfm_label, score_levels

# A literal copy of the R x F grid in docs/user_guide/segmentation.rst (rows
# R = 5 down to 1, columns F = 1 to 5): the code must give exactly these.
DOCUMENTED_GRID = """
5  new             potential loyalists  potential loyalists  champions  champions
4  promising       potential loyalists  potential loyalists  loyal      loyal
3  about to sleep  about to sleep       need attention       loyal      loyal
2  hibernating     hibernating          at risk              at risk    can't lose them
1  lost            lost                 at risk              at risk    can't lose them
"""


def _documented_cells():
    cells = {}
    for line in DOCUMENTED_GRID.strip().splitlines():
        r, *labels = [part.strip() for part in line.split("  ") if part.strip()]
        assert len(labels) == 5, line
        for f, label in enumerate(labels, start=1):
            cells[int(r), f] = label
    return cells


def test_every_rfm_cell_has_the_documented_label():
    cells = _documented_cells()
    assert len(cells) == 25
    r, f = zip(*cells, strict=True)
    assert rfm_label(r, f).tolist() == list(cells.values())
    # M never changes the label: every triple gets its (R, F) cell's label.
    triples = list(itertools.product(range(1, 6), repeat=3))
    r, f, _ = zip(*triples, strict=True)
    assert rfm_label(r, f).tolist() == [cells[ri, fi] for ri, fi, _ in triples]
    assert set(cells.values()) == set(RFM_LABEL_ORDER)  # every label is reachable
    # Other numbers of levels are rescaled to the 5 x 5 grid.
    assert rfm_label([1, 3], [3, 1], n_levels=3).tolist() == [
        cells[2, 5],
        cells[5, 2],
    ]


def test_the_documented_grid_is_in_the_user_guide():
    from pathlib import Path

    guide = Path(__file__).parents[2] / "docs" / "user_guide" / "segmentation.rst"
    if not guide.is_file():
        pytest.skip("needs the source tree's docs/")
    rows = [" ".join(line.split()) for line in guide.read_text().splitlines()]
    for line in DOCUMENTED_GRID.strip().splitlines():
        assert " ".join(line.split()) in rows, line


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
