"""The segmentation report's jobs: the run object and the seed."""

import pandas as pd
import pytest

import skmlkit.cluster
from skmlkit._workflows.segment import (
    SegmentationRun,
    segment_table,
    segment_transactions,
)
from skmlkit.datasets import make_customers


@pytest.fixture
def seeds_seen(monkeypatch):
    """Record the random_state of every stability check the jobs run."""
    seen, check = [], skmlkit.cluster.cluster_stability

    def recorded(*args, random_state=None, **kwargs):
        seen.append(random_state)
        return check(*args, random_state=random_state, **kwargs)

    monkeypatch.setattr(skmlkit.cluster, "cluster_stability", recorded)
    return seen


@pytest.mark.parametrize("seed", [7, None])
def test_the_stability_check_uses_the_run_seed(tmp_path, seeds_seen, seed):
    customers = make_customers(n_samples=200, random_state=0).data
    run = segment_table(
        customers=customers,
        k_range=range(2, 4),
        n_bootstrap=2,
        out_dir=tmp_path,
        random_state=seed,
        log=lambda line: None,
    )
    assert seeds_seen == [seed]
    assert run.model.random_state == seed
    assert isinstance(run, SegmentationRun)


def test_the_library_result_is_not_written_into(tmp_path):
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    log = pd.DataFrame(
        {
            "customer_id": [i % 30 for i in range(120)],
            "date": list(days) * 2,
            "amount": [float(1 + (i * 7) % 50) for i in range(120)],
        }
    )
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    run = segment_transactions(
        path,
        k_range=range(2, 4),
        n_bootstrap=2,
        out_dir=tmp_path / "out",
        random_state=0,
        log=lambda line: None,
    )
    # The library segmented recency, frequency and monetary; the report
    # profiles every RFM feature, tenure included, in its own fields.
    assert list(run.segmentation.frame.columns) == ["recency", "frequency", "monetary"]
    assert "tenure" in run.frame.columns
    assert "tenure mean" in run.profile.columns
    assert "tenure mean" not in run.segmentation.profile.columns
    assert not hasattr(run.segmentation, "rfm")
    assert run.rfm.input_summary_["customers"] == 30
