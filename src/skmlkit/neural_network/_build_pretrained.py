"""Rebuild the packaged digit model (see ``_pretrained``).

    python -m skmlkit.neural_network._build_pretrained \
        src/skmlkit/neural_network/pretrained

trains it and prints the SHA-256 to pin in ``_pretrained.PRETRAINED_SHA256``.
"""

import hashlib
import platform
import sys
import time
from pathlib import Path

from ._pretrained import PRETRAINED_NAME, PRETRAINED_PRESET, PRETRAINED_SEED


def build_pretrained(folder, *, data_home=None):
    """Train the packaged model and write it to ``folder``; return its path.

    Reproducible: the ``robust`` preset with seed 0 on MNIST's training
    digits, on the CPU; seed, library versions, torch's thread count, the
    MNIST files' checksums, training time and test accuracy go into the
    file. Returns the path and that record.
    """
    import numpy as np
    import sklearn
    import skorch
    import torch

    from .._version import __version__
    from ..datasets import fetch_mnist
    from ..datasets._mnist import MNIST_FILES
    from ._classifier import MNISTClassifier
    from ._persistence import save_classifier

    train = fetch_mnist(subset="train", data_home=data_home)
    test = fetch_mnist(subset="test", data_home=data_home)
    start = time.perf_counter()
    classifier = MNISTClassifier.preset(
        PRETRAINED_PRESET, random_state=PRETRAINED_SEED, device="cpu"
    ).fit(train.data, train.target)
    seconds = time.perf_counter() - start
    accuracy = float(classifier.score(test.data, test.target))
    provenance = {
        "preset": PRETRAINED_PRESET,
        "random_state": PRETRAINED_SEED,
        "data": "MNIST training digits (60,000); test accuracy on its 10,000",
        "data_md5": dict(MNIST_FILES),
        "mnist_test_accuracy": accuracy,
        "train_seconds": round(seconds, 1),
        "torch_threads": torch.get_num_threads(),
        "versions": {
            "skmlkit": __version__,
            "python": platform.python_version(),
            "torch": torch.__version__,
            "skorch": skorch.__version__,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
        "built": time.strftime("%Y-%m-%d"),
    }
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return save_classifier(
        classifier, folder / PRETRAINED_NAME, provenance=provenance
    ), provenance


def main(argv=None):
    """Rebuild the packaged model (see the module docstring)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="where to write " + PRETRAINED_NAME)
    parser.add_argument("--data-home", help="skmlkit data home holding MNIST")
    args = parser.parse_args(argv)
    path, provenance = build_pretrained(args.folder, data_home=args.data_home)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(
        f"MNIST test accuracy {provenance['mnist_test_accuracy']:.2%}, "
        f"trained in {provenance['train_seconds']} s"
    )
    print(f'PRETRAINED_SHA256 = "{digest}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
