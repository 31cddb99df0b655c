"""Benchmark "not a digit": how often MNISTClassifier.predict_reject abstains.

Trains the default (``robust``) preset on MNIST (or loads ``--model``), then
measures the share rejected of

* MNIST test digits (the target: at most 2%),
* non-digits made offline by :func:`skmlkit.datasets.make_non_digit_images`
  (letters and symbols from fonts, scribbles, blank pages, noise, textures;
  the target: at least 90%), read through :func:`skmlkit.images.read_digit_image`
  as a user's files would be (a file the reader refuses, e.g. a blank page,
  counts as rejected, as ``skmlkit predict`` reports it),
* digits that are not MNIST's (rendered handwriting with scan and photo
  degradations, :func:`skmlkit.datasets.make_digit_images`): a price to know.

It reports the curve (``reject_rate`` from 0.25% to 10%) of the fitted
score and, at the same MNIST rejection, of the usual baselines: maximum
softmax probability (Hendrycks & Gimpel 2017) and energy (Liu et al. 2020).

The non-digit and rendered draws use seed 20261128; the score was designed
on a draw with seed 1. Run from the repository root::

    python benchmarks/bench_abstention.py            # train robust, seed 0
    python benchmarks/bench_abstention.py --model mnist.skmlkit
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.special import logsumexp

from skmlkit import MNISTClassifier
from skmlkit.datasets import make_digit_images, make_non_digit_images
from skmlkit.images import read_digit_image

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import add_machine_options, append_results, load_mnist

HELD_OUT_SEED = 20261128
RATES = (0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1)
N_NON_DIGIT_KINDS = 6  # letters, symbols, scribbles, blank, noise, textures


def read_all(images):
    """Rows of the images the reader accepts, and a mask of those it refused."""
    rows, refused = [], []
    for image in images:
        try:
            rows.append(read_digit_image(image).ravel())
            refused.append(False)
        except ValueError:
            refused.append(True)
    return np.array(rows, dtype=np.float64).reshape(-1, 784), np.array(refused)


def baseline_scores(classifier, X):
    """Scores of the usual baselines (higher: reject), from the network outputs."""
    proba = classifier.predict_proba(X)
    logits = classifier.set_params(tta=False)._logits(X)
    classifier.set_params(tta=True)
    return {"max softmax": 1 - proba.max(axis=1), "energy": -logsumexp(logits, axis=1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a saved model; default: train robust")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-per-kind", type=int, default=200)
    add_machine_options(parser)
    args = parser.parse_args(argv)
    train, test = load_mnist(args)
    train_s = None
    if args.model:
        classifier = MNISTClassifier.load(args.model)
    else:
        start = time.perf_counter()
        classifier = MNISTClassifier.preset("robust", random_state=args.seed)
        classifier.fit(train.data, train.target)
        train_s = time.perf_counter() - start
    print(f"calibrated on {classifier.abstention_.calibrated_on} rows")
    X_test = test.data.astype(np.float64)
    others = make_non_digit_images(
        n_samples=args.n_per_kind * N_NON_DIGIT_KINDS, random_state=HELD_OUT_SEED
    )
    X_other, refused = read_all(others.images)
    kinds = others.kind
    rendered = make_digit_images(n_samples=6 * 170, random_state=HELD_OUT_SEED)
    X_rendered, rendered_refused = read_all(rendered.images)

    scores = {"skmlkit": None, **baseline_scores(classifier, X_test)}
    other_scores = baseline_scores(classifier, X_other)
    rows = []
    for rate in RATES:
        classifier.set_params(reject_rate=rate)
        mnist = classifier.predict_reject(X_test)
        other = np.ones(len(kinds), dtype=bool)
        other[~refused] = classifier.predict_reject(X_other)
        unseen = np.ones(len(rendered.target), dtype=bool)
        unseen[~rendered_refused] = classifier.predict_reject(X_rendered)
        row = {
            "score": "skmlkit",
            "reject_rate": rate,
            "mnist_rejected": float(mnist.mean()),
            "non_digits_rejected": float(other.mean()),
            "rendered_digits_rejected": float(unseen.mean()),
            **{
                f"{kind}_rejected": float(other[kinds == kind].mean())
                for kind in np.unique(kinds)
            },
        }
        rows.append(row)
        for name, in_scores in scores.items():
            if in_scores is None:
                continue
            threshold = np.quantile(in_scores, 1 - row["mnist_rejected"])
            base = np.ones(len(kinds), dtype=bool)
            base[~refused] = other_scores[name] > threshold
            rows.append(
                {
                    "score": name,
                    "reject_rate": rate,
                    "mnist_rejected": float((in_scores > threshold).mean()),
                    "non_digits_rejected": float(base.mean()),
                    **{
                        f"{kind}_rejected": float(base[kinds == kind].mean())
                        for kind in np.unique(kinds)
                    },
                }
            )
    classifier.set_params(reject_rate=0.01)
    letters = kinds == "letters"
    passed = np.zeros(len(kinds), dtype=bool)
    passed[~refused] = ~classifier.predict_reject(X_other)
    accepted = sorted(set(others.detail[letters & passed]))
    report(rows, train_s, accepted)
    append_results(
        "abstention.jsonl",
        rows,
        args,
        seed=args.seed,
        train_s=train_s,
        n_per_kind=args.n_per_kind,
        model=args.model or "robust",
    )


def report(rows, train_s, accepted):
    if train_s is not None:
        print(f"trained robust in {train_s:.1f} s")
    kinds = [key[: -len("_rejected")] for key in rows[0] if key.endswith("_rejected")]
    kinds = [k for k in kinds if k not in ("mnist", "non_digits", "rendered_digits")]
    print(
        "\n| score | reject_rate | MNIST test rejected | non-digits rejected | "
        + " | ".join(kinds)
        + " | rendered digits rejected |"
    )
    print("|---|---|---|---|" + "---|" * len(kinds) + "---|")
    for row in rows:
        cells = " | ".join(f"{row[f'{k}_rejected']:.0%}" for k in kinds)
        rendered = row.get("rendered_digits_rejected")
        rendered = "" if rendered is None else f"{rendered:.1%}"
        print(
            f"| {row['score']} | {row['reject_rate']:.2%} "
            f"| {row['mnist_rejected']:.2%} | {row['non_digits_rejected']:.1%} "
            f"| {cells} | {rendered} |"
        )
    print(f"\nletters accepted as digits at reject_rate 1%: {' '.join(accepted)}")


if __name__ == "__main__":
    main()
