"""MNIST benchmark: skmlkit presets against the usual recipes, side by side.

Full 60,000 / 10,000 split, torch limited to 2 threads, median over seeds.
Baselines, run in the same process:

- sklearn ``MLPClassifier((100,), max_iter=20)`` on pixels scaled to [0, 1];
- the skorch tutorial CNN: conv 32 and 64 (3x3), dense 100, Adam 1e-3,
  batch 128, 5 epochs.

Run ``python benchmarks/bench_mnist.py --help`` for the options; with no
options it runs every model except the long ``accurate`` preset, one seed.
Results are printed as a Markdown table and appended to
``benchmarks/results/mnist.jsonl``.
"""

import argparse
import json
import platform
import statistics
import time
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import torch

from skmlkit import MNISTClassifier
from skmlkit.datasets import fetch_mnist

RESULTS = Path(__file__).parent / "results"


def sklearn_mlp(seed):
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(
        FunctionTransformer(lambda X: X / 255.0),
        MLPClassifier((100,), max_iter=20, random_state=seed),
    )


def skorch_tutorial_cnn(seed):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer
    from skorch import NeuralNetClassifier
    from torch import nn

    class Cnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
            self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
            self.conv2_drop = nn.Dropout2d(p=0.5)
            self.fc1 = nn.Linear(1600, 100)
            self.fc2 = nn.Linear(100, 10)
            self.fc1_drop = nn.Dropout(p=0.5)

        def forward(self, x):
            x = torch.relu(torch.max_pool2d(self.conv1(x), 2))
            x = torch.relu(torch.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
            x = x.view(-1, x.size(1) * x.size(2) * x.size(3))
            x = torch.relu(self.fc1_drop(self.fc1(x)))
            return torch.softmax(self.fc2(x), dim=-1)

    torch.manual_seed(seed)
    net = NeuralNetClassifier(
        Cnn,
        max_epochs=5,
        lr=1e-3,
        batch_size=128,
        optimizer=torch.optim.Adam,
        train_split=None,
        verbose=0,
    )
    return make_pipeline(
        FunctionTransformer(
            lambda X: (X / 255.0).astype(np.float32).reshape(-1, 1, 28, 28)
        ),
        net,
    )


MODELS = {
    "sklearn MLPClassifier(100), 20 it": sklearn_mlp,
    "skorch tutorial CNN, 5 epochs": skorch_tutorial_cnn,
    "skmlkit preset mlp": lambda s: MNISTClassifier.preset("mlp", random_state=s),
    "skmlkit preset fast": lambda s: MNISTClassifier.preset("fast", random_state=s),
    "skmlkit preset fast, bfloat16": lambda s: MNISTClassifier.preset(
        "fast", precision="bfloat16", random_state=s
    ),
    "skmlkit default CNN": lambda s: MNISTClassifier(random_state=s),
    "skmlkit preset accurate": lambda s: MNISTClassifier.preset(
        "accurate", random_state=s
    ),
}
SHORT = {
    "mlp": "skmlkit preset mlp",
    "fast": "skmlkit preset fast",
    "fast_bf16": "skmlkit preset fast, bfloat16",
    "default": "skmlkit default CNN",
    "accurate": "skmlkit preset accurate",
    "sklearn": "sklearn MLPClassifier(100), 20 it",
    "skorch": "skorch tutorial CNN, 5 epochs",
}


def run_one(name, seed, data):
    X_train, y_train, X_test, y_test = data
    model = MODELS[name](seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X_train, y_train)
    train_s = time.perf_counter() - start
    accuracy = float(np.mean(model.predict(X_test) == y_test))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        model.predict(X_test)
        times.append(time.perf_counter() - start)
    return {
        "model": name,
        "seed": seed,
        "train_s": train_s,
        "test_accuracy": accuracy,
        "predict_images_per_s": len(X_test) / statistics.median(times),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models",
        nargs="+",
        choices=sorted(SHORT),
        default=["sklearn", "skorch", "mlp", "fast", "default"],
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    add_machine_options(parser)
    args = parser.parse_args(argv)

    train, test = load_mnist(args)
    data = (train.data, train.target, test.data, test.target)
    rows = []
    for key in args.models:
        for seed in args.seeds:
            row = run_one(SHORT[key], seed, data)
            print(
                f"  {row['model']:<36} seed {seed}: {row['train_s']:7.1f} s, "
                f"{100 * row['test_accuracy']:.2f}%",
                flush=True,
            )
            rows.append(row)
    print_table(rows)
    append_results("mnist.jsonl", rows, args)


def add_machine_options(parser):
    """Add ``--threads`` and ``--data-home``, shared by the MNIST benchmarks."""
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-home", default=None)


def load_mnist(args):
    """Limit torch to ``args.threads``; return MNIST's train and test bunches."""
    torch.set_num_threads(args.threads)
    train = fetch_mnist(subset="train", data_home=args.data_home)
    test = fetch_mnist(subset="test", data_home=args.data_home)
    return train, test


def append_results(filename, rows, args, **extra):
    """Append rows to ``results/<filename>``, each with the machine and date."""
    RESULTS.mkdir(exist_ok=True)
    machine = {
        "date": date.today().isoformat(),
        "machine": platform.processor() or platform.machine(),
        "threads": args.threads,
        "torch": torch.__version__,
        **extra,
    }
    with open(RESULTS / filename, "a") as f:
        for row in rows:
            f.write(json.dumps({**machine, **row}) + "\n")


def print_table(rows):
    reference = next((r for r in rows if r["model"].startswith("sklearn")), None)
    print(
        "\n| model | seeds | train time (s, median) | test accuracy (median, "
        "min-max) | predict (images/s) | time vs MLPClassifier |"
    )
    print("|---|---|---|---|---|---|")
    base = None
    if reference:
        base = statistics.median(
            r["train_s"] for r in rows if r["model"] == reference["model"]
        )
    for name in dict.fromkeys(r["model"] for r in rows):
        group = [r for r in rows if r["model"] == name]
        train_s = statistics.median(r["train_s"] for r in group)
        accs = [100 * r["test_accuracy"] for r in group]
        speed = statistics.median(r["predict_images_per_s"] for r in group)
        ratio = f"{train_s / base:.2f}x" if base else "-"
        print(
            f"| {name} | {len(group)} | {train_s:.1f} | "
            f"{statistics.median(accs):.2f}% ({min(accs):.2f}-{max(accs):.2f}) "
            f"| {speed:,.0f} | {ratio} |"
        )


if __name__ == "__main__":
    main()
