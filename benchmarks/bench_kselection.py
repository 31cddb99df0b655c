"""Exact-K rate of every AutoKMeans method on data sets with known K.

Runs AutoKMeans once per data set (all criteria are computed in every fit)
and reports, side by side, how often each method's choice equals the true
number of clusters: on two independent suites of 120 synthetic Gaussian
mixtures (``kselection_suite.synthetic_suite``; K 2-10, 2-20 dimensions,
imbalanced, anisotropic, standardised) and on labelled scikit-learn data
sets (iris, wine, breast cancer, digits; standardised).

Suite 0 is the one the ``auto`` rule was designed on; suite 1 (another
seed) was held out to check it, so read its column as the honest estimate.
``python benchmarks/bench_kselection.py --help`` lists the options.
"""

import argparse
import json
import time
import warnings
from datetime import date
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from kselection_suite import real_suite, synthetic_suite

from skmlkit import AutoKMeans

METHODS = ["auto", "calinski_harabasz", "silhouette", "davies_bouldin", "gap", "elbow"]
RESULTS = Path(__file__).parent / "results"


def choices_for(name, X, true_k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = AutoKMeans(k_range=(2, 10), random_state=0).fit(X)
    return {"data": name, "true_k": int(true_k), **model.choices_}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-datasets", type=int, default=120)
    parser.add_argument("--suites", nargs="+", type=int, default=[0, 1])
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    tables = {}
    for seed in args.suites:
        tables[f"synthetic suite {seed}"] = Parallel(n_jobs=args.n_jobs)(
            delayed(choices_for)(*case)
            for case in synthetic_suite(args.n_datasets, random_state=seed)
        )
    real = [choices_for(*case) for case in real_suite()]
    print(f"({time.perf_counter() - start:.0f} s)\n")
    header = " | ".join(f"{name} (n={len(rows)})" for name, rows in tables.items())
    print(
        f"| method | {header} | iris (3) | wine (3) | breast cancer (2) | digits (10) |"
    )
    print("|---|" + "---|" * (len(tables) + 4))
    for method in METHODS:
        rates = " | ".join(
            f"{100 * np.mean([r[method] == r['true_k'] for r in rows]):.1f}%"
            for rows in tables.values()
        )
        picks = " | ".join(str(r[method]) for r in real)
        print(f"| {method} | {rates} | {picks} |")
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "kselection.jsonl", "a") as f:
        for name, rows in {**tables, "real": real}.items():
            for row in rows:
                f.write(
                    json.dumps({"date": date.today().isoformat(), "suite": name, **row})
                    + "\n"
                )


if __name__ == "__main__":
    main()
