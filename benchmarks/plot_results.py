"""Plots of the recorded benchmark results (``results/*.jsonl``).

Used by the documentation's benchmarks page (``.. plot::``) and runnable as a
script: ``python benchmarks/plot_results.py OUT_DIR`` writes the PNGs.
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from kselection_suite import HELD_OUT_SEED

RESULTS = Path(__file__).resolve().parent / "results"
# Rows per model kept for the MNIST plot: the latest run of each model (older
# rows measured earlier versions of the presets).
LATEST_RUNS = 3


def _rows(name):
    with open(RESULTS / f"{name}.jsonl") as f:
        return [json.loads(line) for line in f if line.strip()]


def latest_mnist_rows():
    """The latest run (up to 3 seeds) of every MNIST model, by model."""
    by_model = defaultdict(list)
    for row in _rows("mnist"):
        by_model[row["model"]].append(row)
    return {model: rows[-LATEST_RUNS:] for model, rows in by_model.items()}


def plot_mnist():
    """Test accuracy against training time, one point per seed."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for model, rows in sorted(latest_mnist_rows().items()):
        seconds = [r["train_s"] for r in rows]
        accuracy = [100 * r["test_accuracy"] for r in rows]
        ax.scatter(seconds, accuracy, label=model, s=40)
    ax.set_xscale("log")
    ax.set(
        xlabel="training time on 2 CPU cores (s, log scale)",
        ylabel="MNIST test accuracy (%)",
        title="MNIST, 60,000 training images, 10,000 test images",
    )
    ax.axhline(99.0, color="grey", linestyle=":", linewidth=0.8)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_kselection():
    """Exact-K rate of every method per family of the latest held-out run."""
    rows = [r for r in _rows("kselection") if "family" in r]
    latest = max(r["date"] for r in rows)
    rows = [r for r in rows if r["date"] == latest and r.get("suite") == HELD_OUT_SEED]
    families = list(dict.fromkeys(r["family"] for r in rows))
    methods = list(rows[0]["choices"])
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(methods)
    for i, method in enumerate(methods):
        rates = [
            100
            * np.mean(
                [r["choices"][method] == r["true_k"] for r in rows if r["family"] == f]
            )
            for f in families
        ]
        ax.bar(np.arange(len(families)) + i * width, rates, width, label=method)
    ax.set_xticks(np.arange(len(families)) + 0.4 - width / 2, families, rotation=15)
    ax.set(
        ylabel="exact K found (%)",
        ylim=(0, 105),
        title="K selection by family (k_range = 1..10, held-out suite)",
    )
    ax.legend(fontsize=7, ncol=4)
    fig.tight_layout()
    return fig


def plot_autokmeans_scale():
    """Median time of the K sweep against the plain loop, by data size."""
    rows = _rows("autokmeans")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    labels, medians, colours = [], [], []
    for row in rows:
        times = [run["seconds"] for run in row.get("runs", [])]
        if not times:
            continue
        labels.append(f"{row['contender']}\n{row['n_samples']:,} points")
        medians.append(float(np.median(times)))
        colours.append("C0" if row["contender"] == "autokmeans" else "C1")
    ax.barh(labels, medians, color=colours)
    for y, value in enumerate(medians):
        ax.text(value, y, f" {value:.1f} s", va="center", fontsize=8)
    ax.set(
        xlabel="median time of the K = 2..10 sweep (s)",
        title="AutoKMeans K sweep vs KMeans + silhouette_score loop",
    )
    fig.tight_layout()
    return fig


def plot_risk_coverage():
    """Risk-coverage curves per digit source, skmlkit against the baselines.

    From the latest ``bench_abstention.py`` run of the trained robust preset:
    the error rate of the digits kept, as the share kept shrinks from all of
    them (coverage 1) to 80%, each score rejecting its least trusted first.
    """
    rows = [
        r
        for r in _rows("abstention")
        if r.get("model") == "robust" and "risks" in r and r["reject_rate"] == 0.01
    ]
    latest = max(r["date"] for r in rows)
    rows = [r for r in rows if r["date"] == latest]
    sources = list(dict.fromkeys(r["source"] for r in rows))
    fig, axes = plt.subplots(1, len(sources), figsize=(3 * len(sources), 3.2))
    styles = {"skmlkit": "-", "max softmax": "--", "energy": ":"}
    for ax, source in zip(axes, sources, strict=True):
        for row in (r for r in rows if r["source"] == source):
            ax.plot(
                row["coverages"],
                100 * np.asarray(row["risks"]),
                styles.get(row["score"], "-"),
                label=f"{row['score']} ({1000 * row['aurc']:.2f})",
            )
        ax.set(title=source, xlabel="coverage (share of digits kept)")
        ax.invert_xaxis()
        ax.legend(fontsize=7, title="AURC x 1000", title_fontsize=7)
    axes[0].set_ylabel("error rate of the digits kept (%)")
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for plot in (
        plot_mnist,
        plot_kselection,
        plot_autokmeans_scale,
        plot_risk_coverage,
    ):
        plot().savefig(out / f"{plot.__name__[5:]}.png", dpi=110)
        print(out / f"{plot.__name__[5:]}.png")
