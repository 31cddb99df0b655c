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


def _quiet_run(tmp_path, **options):
    # Five segments: every criterion but the gap (4) chooses 5.
    customers = make_customers(n_samples=300, n_segments=5, random_state=0).data
    lines = []
    run = segment_table(
        customers=customers,
        k_range=range(2, 7),
        n_bootstrap=2,
        out_dir=tmp_path,
        random_state=0,
        log=lines.append,
        **options,
    )
    return run, "\n".join(lines), (tmp_path / "report.html").read_text()


def test_the_report_names_the_alternative_k_and_the_mixture_vote(tmp_path):
    run, text, page = _quiet_run(tmp_path)
    assert run.model.n_clusters_ == 5 and run.model.runner_up_ == 4
    summary = next(line for line in text.splitlines() if "segments (method" in line)
    assert "; 4 is also supported: gap (bootstrap ARI " in summary
    assert "4 is also supported: gap" in page
    assert "The Gaussian mixtures voted for K = 5" in page
    assert "votes (auto rule)" in page


def test_a_fixed_k_gives_the_report_at_that_k(tmp_path):
    auto, _, _ = _quiet_run(tmp_path / "auto")
    fixed_k = auto.model.n_clusters_ + 1
    run, text, page = _quiet_run(tmp_path / "fixed", n_clusters=fixed_k)
    assert run.model.n_clusters_ == fixed_k == len(run.profile)
    assert run.model.choices_ == auto.model.choices_  # every K still compared
    assert f"\n{fixed_k} segments (method='auto'" in text
    assert f"K = {fixed_k} was fixed by the user" in page
    assert f"would choose K = {auto.model.n_clusters_}" in page
