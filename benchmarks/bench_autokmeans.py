"""AutoKMeans at scale, side by side with the plain loop, in one run.

For each data size, two contenders run in fresh subprocesses (so that each
one's peak resident memory is its own), on the same float64 data
(``make_blobs``, 10 features, 6 centres):

- ``AutoKMeans(k_range=range(2, 11), random_state=...)`` with its defaults;
- the plain loop: ``KMeans(k, n_init=4)`` for each K in 2..10, then
  ``silhouette_score`` on all points, K = best silhouette.

Each is repeated (median reported); a contender that exceeds ``--timeout``
seconds is stopped and reported as such. Run
``python benchmarks/bench_autokmeans.py --help`` for the options. Results
are printed as a Markdown table and appended to
``benchmarks/results/autokmeans.jsonl``.
"""

import argparse
import json
import platform
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

RESULTS = Path(__file__).parent / "results"

CHILD = r"""
import json, resource, sys, time
import numpy as np
from sklearn.datasets import make_blobs
n, contender, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
X, _ = make_blobs(n_samples=n, n_features=10, centers=6, cluster_std=1.5,
                  random_state=seed)
start = time.perf_counter()
if contender == "autokmeans":
    from skmlkit import AutoKMeans
    k = AutoKMeans(k_range=range(2, 11), random_state=seed).fit(X).n_clusters_
else:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    scores = {}
    for kk in range(2, 11):
        labels = KMeans(kk, n_init=4, random_state=seed).fit_predict(X)
        scores[kk] = silhouette_score(X, labels)
    k = max(scores, key=scores.get)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_mb, "k": int(k)}))
"""


def run_child(n, contender, seed, timeout):
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(n), contender, str(seed)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", type=int, default=[20_000, 100_000, 1_000_000]
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)

    rows, given_up = [], set()
    for n in args.sizes:
        for contender in ("autokmeans", "plain loop"):
            if contender in given_up:
                continue  # it already timed out on smaller data
            runs = []
            for seed in range(args.repeats):
                result = run_child(n, contender.replace(" ", "_"), seed, args.timeout)
                if result is None:
                    break
                runs.append(result)
            row = {
                "n_samples": n,
                "contender": contender,
                "runs": runs,
                "timed_out": len(runs) < args.repeats,
            }
            label = (
                "timed out"
                if row["timed_out"]
                else (f"{statistics.median(r['seconds'] for r in runs):.1f} s")
            )
            print(f"  n={n:>9,} {contender:<11} {label}", flush=True)
            rows.append(row)
            if row["timed_out"]:
                given_up.add(contender)
    print_table(rows, args.timeout)
    RESULTS.mkdir(exist_ok=True)
    meta = {
        "date": date.today().isoformat(),
        "machine": platform.processor() or platform.machine(),
    }
    with open(RESULTS / "autokmeans.jsonl", "a") as f:
        for row in rows:
            f.write(json.dumps({**meta, **row}) + "\n")


def print_table(rows, timeout):
    print(
        "\n| n_samples | contender | time (s, median) | peak RSS (MB) | K found "
        "| time vs plain loop |"
    )
    print("|---|---|---|---|---|---|")
    by_size = {}
    for row in rows:
        by_size.setdefault(row["n_samples"], {})[row["contender"]] = row
    for n, pair in by_size.items():
        plain = pair.get("plain loop")
        plain_s = (
            statistics.median(r["seconds"] for r in plain["runs"])
            if plain and not plain["timed_out"]
            else None
        )
        for name in ("autokmeans", "plain loop"):
            row = pair.get(name)
            if row is None:
                print(f"| {n:,} | {name} | not run (timed out on less data) | | | |")
                continue
            if row["timed_out"]:
                print(f"| {n:,} | {name} | > {timeout:.0f} (stopped) | | | |")
                continue
            seconds = statistics.median(r["seconds"] for r in row["runs"])
            rss = max(r["peak_rss_mb"] for r in row["runs"])
            ks = sorted({r["k"] for r in row["runs"]})
            ratio = (
                f"{seconds / plain_s:.2f}x"
                if plain_s
                else f"< {seconds / timeout:.2f}x"
            )
            print(
                f"| {n:,} | {name} | {seconds:.1f} | {rss:,.0f} | "
                f"{', '.join(map(str, ks))} | {ratio} |"
            )


if __name__ == "__main__":
    main()
