"""Benchmark the packaged model: a fresh install reading digits with no model file.

Builds the wheel, installs it (not editable) into an empty folder, writes 20
MNIST test digits as PNG files (dark ink on white, 84 x 84 px), and times
``skmlkit predict`` on them with no model argument, end to end in a new
Python process (start-up, imports, loading and checking the packaged model,
reading the files), median of 3 runs. Also: how many are read right, the
wheel's size and the model file's share of it, and the time of
``import skmlkit`` (median of 5), which must not load the model.

    python benchmarks/bench_pretrained.py
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import add_machine_options, append_results, load_mnist

ROOT = Path(__file__).resolve().parents[1]
N_FILES = 20


def timed(command, env, cwd):
    start = time.perf_counter()
    out = subprocess.run(
        command, check=True, capture_output=True, text=True, env=env, cwd=cwd
    ).stdout
    return time.perf_counter() - start, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_machine_options(parser)
    args = parser.parse_args(argv)
    _, test = load_mnist(args)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "-q",
                "-w",
                str(tmp / "dist"),
                str(ROOT),
            ],
            check=True,
        )
        (wheel,) = (tmp / "dist").glob("skmlkit-*.whl")
        wheel_bytes = wheel.stat().st_size
        with zipfile.ZipFile(wheel) as archive:
            model = next(
                info
                for info in archive.infolist()
                if info.filename.endswith(".skmlkit")
            )
        site = tmp / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "-q",
                "--target",
                str(site),
                str(wheel),
            ],
            check=True,
        )
        paths = []
        for i in range(N_FILES):
            path = tmp / f"digit_{i:02d}.png"
            pixels = 255 - test.data[i].reshape(28, 28).astype(np.uint8)
            Image.fromarray(pixels).resize((84, 84)).save(path)
            paths.append(str(path))
        env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp)}
        predict = [sys.executable, "-m", "skmlkit", "predict", *paths]
        runs = [timed(predict, env, tmp) for _ in range(3)]
        lines = runs[0][1].splitlines()
        answers = [line.split()[1] for line in lines[1:]]
        labels = test.target[:N_FILES]
        right = sum(a == str(y) for a, y in zip(answers, labels, strict=True))
        imports = [
            timed([sys.executable, "-c", "import skmlkit"], env, tmp)[0]
            for _ in range(5)
        ]
    row = {
        "wheel_bytes": wheel_bytes,
        "model_bytes_compressed": model.compress_size,
        "model_bytes": model.file_size,
        "predict_20_s": statistics.median(t for t, _ in runs),
        "right_of_20": right,
        "import_s": statistics.median(imports),
        "first_line": lines[0],
    }
    print(lines[0])
    print(
        f"wheel: {wheel_bytes:,} bytes, of which the model file "
        f"{model.compress_size:,} ({model.file_size:,} uncompressed)\n"
        f"skmlkit predict {N_FILES} PNG files, no model: "
        f"{row['predict_20_s']:.1f} s (median of 3), {right}/{N_FILES} right\n"
        f"import skmlkit: {row['import_s']:.2f} s (median of 5)"
    )
    append_results("pretrained.jsonl", [row], args)


if __name__ == "__main__":
    main()
