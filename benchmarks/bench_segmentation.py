"""Benchmark RFM segmentation: ``skmlkit segment --rfm`` on the CDNOW log as a CSV.

1. Speed. The CDNOW log (69,659 purchases, 23,570 customers) is written as a
   plain CSV file, then ``skmlkit segment FILE --rfm ...`` runs end to end in
   a fresh process (reading, RFM features, K sweep 2..10, bootstrap
   stability, plots, report.html, customers.csv), ``--repeats`` times,
   interleaved with "the usual recipe" of tutorials: pandas groupby RFM,
   log1p, StandardScaler, KMeans(n_init=10) for K = 2..10 scored by the
   silhouette on all customers, pick the best. Median wall times and their
   ratio. Target: our run <= 60 s.
2. What it finds on CDNOW: K, each criterion's choice, bootstrap stability
   (mean ARI of 10 refits; aim >= 0.8), segment names and sizes.
3. Harder cases: a synthetic log of 5,000 customers with five known buying
   behaviours (ARI of the segments against them, K found), a log of one
   behaviour only (K range 1..10: is K = 1 found?), and the CDNOW log as a
   European spreadsheet export (cp1252, ``;``, decimal commas, dd/mm/yyyy
   dates: same segments as the plain file?).

    python benchmarks/bench_segmentation.py
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler

from skmlkit.cluster import segment_customers
from skmlkit.datasets import fetch_cdnow, make_transactions
from skmlkit.preprocessing import RFMFeatures

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import append_results

HELD_OUT_SEED = 20261128


def run_cli(csv, out, *options):
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "skmlkit", "segment", str(csv), "--rfm", *options,
         "--out", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


def usual_recipe(csv):
    """The tutorial recipe: groupby RFM, log1p, scale, KMeans + silhouette."""
    start = time.perf_counter()
    log = pd.read_csv(csv)
    log["date"] = pd.to_datetime(log["date"].astype(str), format="%Y%m%d")
    reference = log["date"].max() + pd.Timedelta(days=1)
    rfm = log.groupby("customer_id").agg(
        recency=("date", lambda d: (reference - d.max()).days),
        frequency=("date", "count"),
        monetary=("amount", "sum"),
    )
    X = StandardScaler().fit_transform(np.log1p(rfm))
    scores = {}
    for k in range(2, 11):
        labels = KMeans(k, n_init=10, random_state=0).fit_predict(X)
        scores[k] = silhouette_score(X, labels)
    return time.perf_counter() - start, max(scores, key=scores.get)


def speed(csv, folder, repeats):
    ours, theirs, k_theirs = [], [], None
    for r in range(repeats):
        ours.append(run_cli(csv, folder / f"run{r}"))
        seconds, k_theirs = usual_recipe(csv)
        theirs.append(seconds)
        print(f"  run {r + 1}: skmlkit {ours[-1]:.1f} s, usual recipe {seconds:.1f} s")
    return {
        "skmlkit_s": statistics.median(ours),
        "usual_recipe_s": statistics.median(theirs),
        "ratio": statistics.median(ours) / statistics.median(theirs),
        "usual_recipe_k": k_theirs,
        "repeats": repeats,
    }


def findings(out):
    customers = pd.read_csv(out / "customers.csv")
    sizes = customers.groupby(["segment", "segment_name"]).size()
    return {
        "k": int(customers["segment"].nunique()),
        "segments": {f"{s}: {n}": int(c) for (s, n), c in sizes.items()},
    }


def stability_and_choices(log):
    features = RFMFeatures().fit_transform(log)
    result = segment_customers(
        features[["recency", "frequency", "monetary"]],
        skewed=["frequency", "monetary"],
        names="rfm",
    )
    from skmlkit.cluster import cluster_stability

    stability = cluster_stability(
        result.model, result.Xt, n_bootstrap=10, random_state=0
    )
    return {
        "choices": result.model.choices_,
        "agreement": result.model.agreement_,
        "ari_mean": float(stability.ari.mean()),
        "ari_min": float(stability.ari.min()),
        "jaccard_min": float(stability.summary["jaccard_mean"].min()),
    }


def known_behaviours():
    data = make_transactions(n_samples=5000, random_state=HELD_OUT_SEED)
    features = RFMFeatures().fit_transform(data.frame)
    result = segment_customers(
        features[["recency", "frequency", "monetary"]], skewed=["frequency", "monetary"]
    )
    truth = data.behaviour.loc[features.index]
    return {
        "k": result.model.n_clusters_,
        "true_k": int(truth.nunique()),
        "ari_vs_behaviours": adjusted_rand_score(truth, result.labels),
    }


def one_behaviour():
    data = make_transactions(n_samples=8000, random_state=HELD_OUT_SEED + 1)
    regular = data.behaviour[data.behaviour == "regular"].index
    log = data.frame[data.frame["customer_id"].isin(regular)]
    features = RFMFeatures().fit_transform(log)
    result = segment_customers(
        features[["recency", "frequency", "monetary"]],
        skewed=["frequency", "monetary"],
        k_range=range(1, 11),
    )
    return {
        "customers": len(features),
        "k": result.model.n_clusters_,
        "has_structure": bool(result.model.structure_["has_structure"]),
        "evidence": result.model.structure_["evidence"],
    }


def european(log, folder, plain_out):
    frame = log.assign(date=log["date"].dt.strftime("%d/%m/%Y"))
    path = folder / "cdnow_excel.csv"
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="cp1252")
    out = folder / "european"
    seconds = run_cli(path, out, "--date-format", "%d/%m/%Y")
    a = pd.read_csv(plain_out / "customers.csv", index_col=0)["segment"]
    b = pd.read_csv(out / "customers.csv", index_col=0)["segment"]
    return {
        "seconds": seconds,
        "ari_vs_plain_csv": adjusted_rand_score(a, b.loc[a.index]),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-home", default=None)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    log = fetch_cdnow(data_home=args.data_home).frame
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv = folder / "cdnow.csv"
        log.assign(date=log["date"].dt.strftime("%Y%m%d").astype(int)).to_csv(
            csv, index=False
        )
        print(f"1. Speed ({args.repeats} runs each, interleaved)")
        row = {"case": "cdnow csv", **speed(csv, folder, args.repeats)}
        row.update(findings(folder / "run0"))
        print(f"   median: skmlkit {row['skmlkit_s']:.1f} s, usual recipe "
              f"{row['usual_recipe_s']:.1f} s (ratio {row['ratio']:.2f}); "
              f"K {row['k']}, usual recipe K {row['usual_recipe_k']}")  # fmt: skip
        print("2. Findings:", row["segments"])
        row.update(stability_and_choices(log))
        print(f"   choices {row['choices']}, agreement {row['agreement']:.0%}, "
              f"ARI mean {row['ari_mean']:.3f} (min {row['ari_min']:.3f}), "
              f"worst segment Jaccard {row['jaccard_min']:.3f}")  # fmt: skip
        rows = [row]
        print("3. Harder cases")
        for name, case in [
            ("five known behaviours", known_behaviours),
            ("one behaviour only", one_behaviour),
            ("european export", lambda: european(log, folder, folder / "run0")),
        ]:
            result = {"case": name, **case()}
            print(f"   {name}: {result}")
            rows.append(result)
    append_results("segmentation.jsonl", rows, args)


if __name__ == "__main__":
    main()
