"""How well every AutoKMeans method finds K, on data sets with known K.

The suite (``kselection_suite.family_suite``) has fixed family counts: 30
Gaussian mixtures, 30 sets of uniform-density convex shapes (touching and
separated boxes, diamonds, ellipsoids), 20 with elongated clusters, 20 with
strongly imbalanced sizes, 20 structureless sets (uniform boxes, single and
correlated Gaussians, Student-t; true K = 1), 20 of Student-t clusters
(nu = 2..5), 20 of log-normal spend-like clusters and 20 mixing the two,
plus scikit-learn's iris, wine, breast cancer and digits (standardised).
With a data home that has ``clustering/`` (``--data-home``, default
``$SKMLKIT_DATA``), it also reports the development set of 21 labelled
benchmark sets (Gagolewski's clustering-data-v1,
doi:10.5281/zenodo.7088171), seed 0, ``k_range`` 1..10 up to K = 7, else
2..K+10, per battery. The headline suite is drawn
from a held-out seed; ``--suite-seed 2026`` draws the suite the rules were
tuned on. Every fit computes every criterion, so one fit gives every
method's choice.

For each data set: ``AutoKMeans(k_range=range(1, 11))`` with ``--seeds``
seeds (seed 0 is the headline), and with seed 0 over ``range(2, 11)`` and
``range(1, 21)``. Reported per method: exact-K rate, mean |K - K_true|, the
K = 1 rate on structureless and on clustered sets, seed agreement (the same
K for every seed), range agreement (the same K for 2..10 and 1..20, on the
clustered sets), and the median fit time.
``python benchmarks/bench_kselection.py --help`` lists the options; raw
rows are appended to ``benchmarks/results/kselection.jsonl``.
"""

import argparse
import json
import os
import time
import warnings
from datetime import date
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from kselection_suite import (
    FAMILIES,
    HELD_OUT_SEED,
    development_k_range,
    development_suite,
    family_suite,
    real_suite,
)

from skmlkit import AutoKMeans
from skmlkit.cluster._choice import METHODS

RESULTS = Path(__file__).parent / "results"
RANGES = {"1..10": range(1, 11), "2..10": range(2, 11), "1..20": range(1, 21)}


def fit_choices(k_range, seed, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model = AutoKMeans(k_range=k_range, random_state=seed).fit(X)
    return model.choices_, time.perf_counter() - start


def evaluate(family, name, X, true_k, seeds):
    runs = [fit_choices(RANGES["1..10"], seed, X) for seed in seeds]
    narrow, _ = fit_choices(RANGES["2..10"], seeds[0], X)
    wide, _ = fit_choices(RANGES["1..20"], seeds[0], X)
    return {
        "family": family,
        "data": name,
        "true_k": int(true_k),
        "choices": runs[0][0],
        "seed_choices": {m: [run[0][m] for run in runs] for m in METHODS},
        "narrow": narrow,
        "wide": wide,
        "seconds": float(np.median([run[1] for run in runs])),
    }


def evaluate_development(battery, name, X, true_k):
    choices, seconds = fit_choices(development_k_range(true_k), 0, X)
    return {"battery": battery, "data": name, "true_k": int(true_k),
            "choices": choices, "seconds": seconds}  # fmt: skip


def report_development(rows):
    batteries = list(dict.fromkeys(r["battery"] for r in rows))
    print(
        f"\nDevelopment set ({len(rows)} labelled sets, seed 0): exact K per battery\n"
    )
    heads = " | ".join(
        f"{b} ({sum(r['battery'] == b for r in rows)})" for b in batteries
    )
    print(f"| method | {heads} | all ({len(rows)}) | mean abs(K - K_true) |")
    print("|---|" + "---|" * (len(batteries) + 2))
    for method in METHODS:
        hits = [
            sum(r["choices"][method] == r["true_k"] for r in rows if r["battery"] == b)
            for b in batteries
        ]
        error = np.mean([abs(r["choices"][method] - r["true_k"]) for r in rows])
        total = sum(hits)
        print(f"| {method} | {' | '.join(map(str, hits))} | {total} | {error:.2f} |")
    agree = [
        r for r in rows
        if r["choices"]["silhouette"] == r["choices"]["calinski_harabasz"]
        == r["choices"]["davies_bouldin"]
    ]  # fmt: skip
    followed = sum(r["choices"]["auto"] == r["choices"]["silhouette"] for r in agree)
    print(
        f"\nSilhouette, Calinski-Harabasz and Davies-Bouldin agree on {len(agree)} "
        f"sets; auto agrees with them on {followed}."
    )
    print("\n| set | K | " + " | ".join(METHODS) + " |")
    print("|---|---|" + "---|" * len(METHODS))
    for r in rows:
        ks = " | ".join(str(r["choices"][m]) for m in METHODS)
        print(f"| {r['battery']}/{r['data']} | {r['true_k']} | {ks} |")


def summarise(rows, method):
    clustered = [r for r in rows if r["true_k"] > 1]
    structureless = [r for r in rows if r["true_k"] == 1]

    def rate(subset, hit):
        return 100 * np.mean([hit(r) for r in subset]) if subset else np.nan

    return {
        "exact": rate(rows, lambda r: r["choices"][method] == r["true_k"]),
        "exact_clustered": rate(
            clustered, lambda r: r["choices"][method] == r["true_k"]
        ),
        "mean_abs_error": float(
            np.mean([abs(r["choices"][method] - r["true_k"]) for r in rows])
        ),
        "k1_structureless": rate(structureless, lambda r: r["choices"][method] == 1),
        "k1_clustered": rate(clustered, lambda r: r["choices"][method] == 1),
        "seed_agreement": rate(
            rows, lambda r: len(set(r["seed_choices"][method])) == 1
        ),
        "range_agreement": rate(
            clustered, lambda r: r["narrow"][method] == r["wide"][method]
        ),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per data set")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument(
        "--suite-seed", type=int, default=HELD_OUT_SEED, help="seed of the data sets"
    )
    parser.add_argument(
        "--families", nargs="+", default=[*FAMILIES, "real"], help="subset to run"
    )
    parser.add_argument(
        "--data-home",
        default=os.environ.get("SKMLKIT_DATA"),
        help="data home with clustering/ (the development set); skipped if absent",
    )
    args = parser.parse_args(argv)
    development = []
    if args.data_home and os.path.isdir(os.path.join(args.data_home, "clustering")):
        development = Parallel(n_jobs=args.n_jobs)(
            delayed(evaluate_development)(*case)
            for case in development_suite(args.data_home)
        )

    cases = [c for c in family_suite(args.suite_seed) if c[0] in args.families]
    if "real" in args.families:
        cases += [("real", *case) for case in real_suite()]
    start = time.perf_counter()
    rows = Parallel(n_jobs=args.n_jobs)(
        delayed(evaluate)(*case, list(range(args.seeds))) for case in cases
    )
    elapsed = time.perf_counter() - start
    families = sorted({r["family"] for r in rows}, key=[*FAMILIES, "real"].index)
    print(
        f"{len(rows)} data sets (suite seed {args.suite_seed}), {args.seeds} seeds, "
        f"{elapsed:.0f} s\n"
    )
    print("Exact-K rate per family (k_range=range(1, 11), seed 0):\n")
    counts = " | ".join(
        f"{f} ({sum(r['family'] == f for r in rows)})" for f in families
    )
    print(f"| method | {counts} | all ({len(rows)}) |")
    print("|---|" + "---|" * (len(families) + 1))
    for method in METHODS:
        rates = " | ".join(
            f"{summarise([r for r in rows if r['family'] == f], method)['exact']:.0f}%"
            for f in families
        )
        print(f"| {method} | {rates} | {summarise(rows, method)['exact']:.1f}% |")
    print(
        "\n| method | exact K | exact K, clustered | mean abs(K - K_true) | "
        "K=1 structureless | K=1 clustered | same K for all seeds | "
        "same K for 2..10 and 1..20 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for method in METHODS:
        s = summarise(rows, method)
        print(
            f"| {method} | {s['exact']:.1f}% | {s['exact_clustered']:.1f}% | "
            f"{s['mean_abs_error']:.2f} | {s['k1_structureless']:.0f}% | "
            f"{s['k1_clustered']:.1f}% | {s['seed_agreement']:.1f}% | "
            f"{s['range_agreement']:.1f}% |"
        )
    real = [r for r in rows if r["family"] == "real"]
    if real:
        print("\nK chosen on the real sets (seed 0, range 1..10):\n")
        print(
            "| method | "
            + " | ".join(f"{r['data']} ({r['true_k']})" for r in real)
            + " |"
        )
        print("|---|" + "---|" * len(real))
        for method in METHODS:
            print(
                f"| {method} | "
                + " | ".join(str(r["choices"][method]) for r in real)
                + " |"
            )
    seconds = np.median([r["seconds"] for r in rows])
    print(f"\nMedian fit time (range 1..10): {seconds:.2f} s")
    if development:
        report_development(development)
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "kselection.jsonl", "a") as f:
        for row in rows:
            record = {"date": date.today().isoformat(), "suite": args.suite_seed}
            f.write(json.dumps({**record, **row}) + "\n")
        for row in development:
            record = {"date": date.today().isoformat(), "suite": "development"}
            f.write(json.dumps({**record, **row}) + "\n")


if __name__ == "__main__":
    main()
