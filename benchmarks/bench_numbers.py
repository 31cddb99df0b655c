"""Benchmark whole numbers: skmlkit.images.read_number on composed numbers.

Numbers are composed by :func:`skmlkit.datasets.make_number_images` from
MNIST test digits (never trained on) and, in the "other hands" sets, from
the digits of ``bench_unseen_digits.py`` that are not MNIST's (scikit-learn's
8x8 scans, rendered handwriting, binarised thick-pen scans, each read from
its image file first): digits 80-120% of a 40-pixel height, shifted up or
down a little, dark on light paper; with gaps of 10-30% of the height
between them, or touching (overlapping by 0-10%). Abstention is on, as in
``skmlkit predict --number``.
Reported: exact numbers, digits right (a number read with the wrong number of
digits counts all its digits wrong), numbers with an abstained digit (``?``),
and seconds per number. Trains the ``robust`` preset (or loads ``--model``).
The draw uses seed 20261128; the splitting rules were tuned on seed 1.

    python benchmarks/bench_numbers.py
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from skmlkit import MNISTClassifier
from skmlkit.datasets import make_number_images
from skmlkit.images import read_digit_images, read_number

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import add_machine_options, append_results, load_mnist
from bench_unseen_digits import write_sources

HELD_OUT_SEED = 20261128
# (name, digit pool, digits per number, spacing, numbers)
SETS = [
    ("4 digits, gaps", "MNIST", 4, "gaps", 500),
    ("2-8 digits, gaps", "MNIST", (2, 8), "gaps", 500),
    ("4 digits, touching", "MNIST", 4, "touching", 300),
    ("other hands, 3-6 digits, gaps", "other", (3, 6), "gaps", 500),
    ("other hands, 4 digits, touching", "other", 4, "touching", 300),
]


def other_hands():
    """Digits that are not MNIST's, as read from their files (28 x 28 rows)."""
    rows, labels = [], []
    with tempfile.TemporaryDirectory() as tmp:
        sources, _ = write_sources(Path(tmp), HELD_OUT_SEED)
        for paths, target, _ in sources.values():
            rows.append(read_digit_images(paths).reshape(len(paths), -1))
            labels.append(np.asarray(target))
    return np.concatenate(rows), np.concatenate(labels)


def score(classifier, data):
    exact, right, total, abstained, question_marks = 0, 0, 0, 0, 0
    exact_without = 0
    start = time.perf_counter()
    for image, number in zip(data.images, data.numbers, strict=True):
        reading = read_number(image, classifier)
        text = reading.text
        exact += text == number
        exact_without += "".join(str(label) for label in reading.labels) == number
        abstained += "?" in text
        question_marks += text.count("?")
        total += len(number)
        if len(text) == len(number):
            right += sum(a == b for a, b in zip(text, number, strict=True))
    n = len(data.numbers)
    return {
        "exact": exact / n,
        "exact_without_abstention": exact_without / n,
        "per_digit": right / total,
        "with_abstention": abstained / n,
        "digits_abstained": question_marks / total,
        "seconds_per_number": (time.perf_counter() - start) / n,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a saved model; default: train robust")
    parser.add_argument("--seed", type=int, default=0)
    add_machine_options(parser)
    args = parser.parse_args(argv)
    train, test = load_mnist(args)
    if args.model:
        classifier = MNISTClassifier.load(args.model)
    else:
        classifier = MNISTClassifier.preset("robust", random_state=args.seed)
        classifier.fit(train.data, train.target)
    pools = {"MNIST": (test.data, test.target), "other": other_hands()}
    rows = []
    for name, pool, n_digits, spacing, n_numbers in SETS:
        data = make_number_images(
            *pools[pool],
            n_samples=n_numbers,
            n_digits=n_digits,
            spacing=spacing,
            random_state=HELD_OUT_SEED,
        )
        rows.append({"set": name, "numbers": n_numbers, **score(classifier, data)})
        print(rows[-1], flush=True)
    print(
        "\n| numbers | exact | exact, abstention off | digits right "
        "| digits abstained ('?') | numbers with a '?' | s per number |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['set']} ({row['numbers']}) | {row['exact']:.1%} "
            f"| {row['exact_without_abstention']:.1%} "
            f"| {row['per_digit']:.1%} | {row['digits_abstained']:.1%} "
            f"| {row['with_abstention']:.1%} "
            f"| {row['seconds_per_number']:.2f} |"
        )
    append_results(
        "numbers.jsonl", rows, args, seed=args.seed, model=args.model or "robust"
    )


if __name__ == "__main__":
    main()
