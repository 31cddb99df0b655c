"""Unseen handwriting: digits that are not MNIST, handed over as image files.

Every model is trained on MNIST's 60,000 training digits and then reads
image files written to disk and read back exactly as a user's files are
(``skmlkit.images.read_digit_images``). Three sources, fixed counts:

- ``sklearn_digits``: scikit-learn's 1,797 bundled 8x8 digits (other
  writers, 1990s scans), up-sampled to 24-64 px, half of them dark on light;
- ``rendered``: 2,040 digits drawn by :func:`skmlkit.datasets.make_digit_images`
  (12 per digit for each of its 17 degradations: sizes 24-300 px,
  off-centre, tinted paper, coloured ink, pencil, JPEG, blur, noise,
  shadows, thick and thin strokes, slant, stretched to fill a box, ruled
  lines, specks; open and closed 4s, crossed 7s, 1s with flag and base...);
- ``binarised``: 1,000 digits of :func:`~skmlkit.datasets.make_digit_images`'
  ``"binarised"`` degradation: one thick pen width for the whole digit,
  scanned at 10-16 px, thresholded to black and white and enlarged by
  repeating pixels (as form scans of the 1990s were stored).

Baseline, side by side: the skorch tutorial CNN (as in ``bench_mnist.py``)
reading the files by a naive resize to 28x28 (grayscale, inverted when the
paper is light), and the same CNN through ``read_digit_images``.

The drawing seed of the reported suite (``--suite-seed``, default
20261128) differs from the one used while choosing augmentation ranges and
normalisation steps (2026). Results go to ``results/unseen_digits.jsonl``.
"""

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np

from skmlkit import MNISTClassifier
from skmlkit.datasets import make_digit_images
from skmlkit.images import NORMALIZATION_DEFAULTS, read_digit_images

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import (
    add_machine_options,
    append_results,
    load_mnist,
    skorch_tutorial_cnn,
)

HELD_OUT_SEED = 20261128
TUNING_SEED = 2026
RENDERED_PER_CLASS = 12
N_BINARISED = 1000

MODELS = {
    "tutorial": ("skorch tutorial CNN", skorch_tutorial_cnn),
    "fast": ("preset fast", lambda s: MNISTClassifier.preset("fast", random_state=s)),
    "robust": (
        "preset robust",
        lambda s: MNISTClassifier.preset("robust", random_state=s),
    ),
    "default": ("preset default", lambda s: MNISTClassifier(random_state=s)),
}


def write_sources(folder, seed):
    """Write both sources as image files; return {source: (paths, labels, tags)}."""
    from PIL import Image
    from sklearn.datasets import load_digits

    rng = np.random.RandomState(seed)
    digits = load_digits()
    paths = []
    for i, pixels in enumerate(digits.images):
        pixels = pixels * (255 / 16)
        if rng.rand() < 0.5:
            pixels = 255 - pixels
        side = int(rng.randint(24, 65))
        image = Image.fromarray(pixels.astype(np.uint8)).resize(
            (side, side), Image.Resampling.BICUBIC
        )
        path = folder / f"sk_{i:04d}.png"
        image.save(path)
        paths.append(path)
    sources = {"sklearn_digits": (paths, digits.target, np.full(len(paths), "8x8"))}
    rendered = make_digit_images(n_samples=RENDERED_PER_CLASS * 170, random_state=seed)
    paths = []
    for i, (image, kind) in enumerate(
        zip(rendered.images, rendered.degradation, strict=True)
    ):
        path = folder / f"r_{i:04d}.{'jpg' if kind == 'jpeg' else 'png'}"
        image.save(path, quality=90)  # PNG ignores the JPEG quality
        paths.append(path)
    sources["rendered"] = (paths, rendered.target, rendered.degradation)
    scans = make_digit_images(
        n_samples=N_BINARISED, degradations=["binarised"], random_state=seed
    )
    paths = []
    for i, image in enumerate(scans.images):
        path = folder / f"b_{i:04d}.png"
        image.save(path)
        paths.append(path)
    sources["binarised"] = (paths, scans.target, scans.degradation)
    return sources, rendered.variant


def naive_read(paths):
    """What a tutorial does: grayscale, resize to 28x28, invert light paper."""
    from PIL import Image

    rows = []
    for path in paths:
        with Image.open(path) as image:
            pixels = np.asarray(
                image.convert("L").resize((28, 28), Image.Resampling.BILINEAR),
                dtype=np.float64,
            )
        border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
        if np.median(border) > 127:
            pixels = 255 - pixels
        rows.append(pixels.ravel())
    return np.array(rows)


def accuracy_by(groups, correct):
    out = defaultdict(list)
    for group, ok in zip(groups, correct, strict=True):
        out[group].append(ok)
    return {group: float(np.mean(values)) for group, values in sorted(out.items())}


def evaluate(model, sources, read, variants):
    row = {}
    for name, (paths, labels, tags) in sources.items():
        X = read(paths)
        correct = model.predict(X) == labels
        row[name] = float(np.mean(correct))
        if name == "rendered":
            row["by_degradation"] = accuracy_by(tags, correct)
            row["by_variant"] = accuracy_by(variants, correct)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models", nargs="+", choices=list(MODELS), default=list(MODELS)
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--suite-seed", type=int, default=HELD_OUT_SEED)
    parser.add_argument(
        "--tta", action="store_true", help="also score each preset with TTA switched"
    )
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="also score the first robust model with each normalisation step switched",
    )
    add_machine_options(parser)
    args = parser.parse_args(argv)

    train, test = load_mnist(args)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sources, variants = write_sources(Path(tmp), args.suite_seed)
        for key in args.models:
            label, make = MODELS[key]
            for seed in args.seeds:
                rows.extend(
                    run_model(
                        key, label, make, seed, train, test, sources, variants, args
                    )
                )
    report(rows)
    append_results("unseen_digits.jsonl", rows, args, suite_seed=args.suite_seed)


def run_model(key, label, make, seed, train, test, sources, variants, args):
    model = make(seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(train.data, train.target)
    base = {"seed": seed, "train_s": time.perf_counter() - start}
    readers = {"read_digit_images": read_digit_images}
    if key == "tutorial":
        readers = {"naive resize": naive_read, **readers}
    if args.ablation and key == "robust" and seed == args.seeds[0]:
        for step, default in NORMALIZATION_DEFAULTS.items():
            readers[f"{step}={not default}"] = _switched(step, not default)
    settings = [None]
    if key != "tutorial":
        settings = [model.tta, not model.tta] if args.tta else [model.tta]
    rows = []
    for tta in settings:
        if tta is not None:
            model.set_params(tta=tta)
        name = label + (", TTA" if tta else "")
        for reader, read in readers.items():
            if reader != "read_digit_images" and tta != settings[0]:
                continue  # ablations with the model's own TTA setting only
            row = {**base, "model": name, "reader": reader}
            start = time.perf_counter()
            row["mnist"] = float(np.mean(model.predict(test.data) == test.target))
            row["mnist_predict_s"] = time.perf_counter() - start
            row.update(evaluate(model, sources, read, variants))
            rows.append(row)
            _print(row)
    return rows


def _switched(step, value):
    return lambda paths: read_digit_images(paths, **{step: value})


def _print(row):
    print(
        f"  {row['model']:<24} {row['reader']:<22} seed {row['seed']}: "
        f"{row['train_s']:6.1f} s  MNIST {100 * row['mnist']:.2f}%  "
        f"sklearn_digits {100 * row['sklearn_digits']:.1f}%  "
        f"rendered {100 * row['rendered']:.1f}%  "
        f"binarised {100 * row['binarised']:.1f}%",
        flush=True,
    )


def _median(group, key):
    return statistics.median(r[key] for r in group)


def report(rows):
    keys = list(dict.fromkeys((r["model"], r["reader"]) for r in rows))
    print(
        "\n| model | reader | seeds | train (s, median) | MNIST test | "
        "sklearn digits | rendered | binarised | worst degradation |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for model, reader in keys:
        group = [r for r in rows if (r["model"], r["reader"]) == (model, reader)]
        worst = min(
            group[0]["by_degradation"],
            key=lambda k: _median([r["by_degradation"] for r in group], k),
        )
        worst_acc = _median([r["by_degradation"] for r in group], worst)
        print(
            f"| {model} | {reader} | {len(group)} | {_median(group, 'train_s'):.1f} | "
            f"{100 * _median(group, 'mnist'):.2f}% | "
            f"{100 * _median(group, 'sklearn_digits'):.1f}% | "
            f"{100 * _median(group, 'rendered'):.1f}% | "
            f"{100 * _median(group, 'binarised'):.1f}% | "
            f"{worst} {100 * worst_acc:.0f}% |"
        )
    kinds = list(rows[0]["by_degradation"])
    print("\nRendered, accuracy per degradation (median over seeds):\n")
    print("| model | reader | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for model, reader in keys:
        group = [
            r["by_degradation"]
            for r in rows
            if (r["model"], r["reader"]) == (model, reader)
        ]
        cells = " | ".join(f"{100 * _median(group, k):.0f}" for k in kinds)
        print(f"| {model} | {reader} | {cells} |")
    weak = defaultdict(list)
    for r in rows:
        for variant, acc in r["by_variant"].items():
            weak[variant].append(acc)
    print(
        "\nHardest writing variants (all rows): "
        + ", ".join(
            f"{v} {100 * np.mean(a):.0f}%"
            for v, a in sorted(weak.items(), key=lambda kv: np.mean(kv[1]))[:6]
        )
    )


if __name__ == "__main__":
    main()
