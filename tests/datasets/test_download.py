"""The download path, for real, against a local HTTP server on 127.0.0.1."""

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from skmlkit.datasets import _mnist, fetch_mnist

TEST_FILES = ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SlowCountingHandler(QuietHandler):
    """Count requests per path; answer slowly, to widen any race window."""

    requests = None  # a list shared with the test

    def do_GET(self):
        self.requests.append(self.path)
        time.sleep(0.5)
        super().do_GET()


@pytest.fixture
def serve(tmp_path, monkeypatch):
    """Start HTTP servers on 127.0.0.1; return a function folder -> base URL."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    servers = []

    def start(folder):
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def mirror_folder(path, data_home):
    path.mkdir(parents=True)
    for name in TEST_FILES:
        shutil.copy(data_home / "mnist" / name, path / name)
    return path


def corrupt(path):
    """Flip bytes inside the (valid) gzip stream: well-formed, wrong content."""
    content = bytearray(gzip.decompress(path.read_bytes()))
    content[5000:5100] = bytes(100)
    content[6000] ^= 0xFF
    path.write_bytes(gzip.compress(bytes(content)))


def truncate(path):
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 3])


def test_download_lands_verified(tmp_path, data_home, serve, monkeypatch):
    url = serve(mirror_folder(tmp_path / "mirror", data_home))
    monkeypatch.setattr(_mnist, "MNIST_MIRRORS", (url,))
    home = tmp_path / "home"
    mnist = fetch_mnist(subset="test", data_home=home)
    assert mnist.data.shape == (10000, 784)
    reference = fetch_mnist(subset="test", data_home=data_home)
    np.testing.assert_array_equal(mnist.data, reference.data)
    landed = [p.name for p in (home / "mnist").iterdir() if p.suffix != ".lock"]
    assert sorted(landed) == sorted(TEST_FILES)  # no partial files left
    # A second call reads the cache: with the server gone it still works.
    monkeypatch.setattr(_mnist, "MNIST_MIRRORS", ("http://127.0.0.1:9/",))
    fetch_mnist(subset="test", data_home=home, download_if_missing=False)


def test_falls_back_to_next_mirror(tmp_path, data_home, serve, monkeypatch):
    (tmp_path / "empty").mkdir()
    empty = serve(tmp_path / "empty")  # answers 404 for every file
    good = serve(mirror_folder(tmp_path / "mirror", data_home))
    monkeypatch.setattr(_mnist, "MNIST_MIRRORS", (empty, good))
    X, y = fetch_mnist(subset="test", data_home=tmp_path / "home", return_X_y=True)
    assert X.shape == (10000, 784) and y.shape == (10000,)


@pytest.mark.parametrize("damage", [corrupt, truncate], ids=["corrupt", "truncated"])
def test_bad_download_rejected_and_not_cached(
    tmp_path, data_home, serve, monkeypatch, damage
):
    folder = mirror_folder(tmp_path / "mirror", data_home)
    damage(folder / "t10k-images-idx3-ubyte.gz")
    monkeypatch.setattr(_mnist, "MNIST_MIRRORS", (serve(folder),))
    home = tmp_path / "home"
    with pytest.raises(OSError, match="Could not fetch a valid t10k-images") as info:
        fetch_mnist(subset="test", data_home=home)
    assert "127.0.0.1" in str(info.value)
    assert "corrupt or truncated" in str(info.value)
    # Nothing invalid is left behind: no image file, no partial download.
    assert [p.name for p in (home / "mnist").iterdir() if p.suffix != ".lock"] == []


def test_bad_mirror_then_good_mirror(tmp_path, data_home, serve, monkeypatch):
    bad = mirror_folder(tmp_path / "bad", data_home)
    truncate(bad / "t10k-images-idx3-ubyte.gz")
    good = mirror_folder(tmp_path / "good", data_home)
    monkeypatch.setattr(_mnist, "MNIST_MIRRORS", (serve(bad), serve(good)))
    X, _ = fetch_mnist(subset="test", data_home=tmp_path / "home", return_X_y=True)
    assert X.shape == (10000, 784)


def test_corrupt_cache_is_refetched(tmp_path, data_home, serve, monkeypatch):
    monkeypatch.setattr(
        _mnist, "MNIST_MIRRORS", (serve(mirror_folder(tmp_path / "mirror", data_home)),)
    )
    home = tmp_path / "home"
    mirror_folder(home / "mnist", data_home)
    corrupt(home / "mnist" / TEST_FILES[0])
    with pytest.raises(ValueError, match=r"fails its checksum.*Delete"):
        fetch_mnist(subset="test", data_home=home, download_if_missing=False)
    X, _ = fetch_mnist(subset="test", data_home=home, return_X_y=True)
    assert X.shape == (10000, 784)
    _mnist.mnist_verifier("t10k-images-idx3-ubyte")(home / "mnist" / TEST_FILES[0])


FETCH_IN_A_PROCESS = """
import sys
from skmlkit.datasets import _mnist, fetch_mnist
_mnist.MNIST_MIRRORS = (sys.argv[1],)
X, y = fetch_mnist(subset="test", data_home=sys.argv[2], return_X_y=True)
print(X.shape[0], int(X.sum() % 1000003))
"""


@pytest.mark.slow
def test_concurrent_processes_download_once(tmp_path, data_home, monkeypatch):
    """Two processes fetching at once: one downloads, the other waits and reads."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    requests = []
    handler = functools.partial(
        type("Handler", (SlowCountingHandler,), {"requests": requests}),
        directory=str(mirror_folder(tmp_path / "mirror", data_home)),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    home = tmp_path / "home"
    try:
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", FETCH_IN_A_PROCESS, url, str(home)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        server.shutdown()
        server.server_close()
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][0].split()[0] == "10000"
    assert sorted(requests) == sorted(f"/{name}" for name in TEST_FILES)
    landed = [p.name for p in (home / "mnist").iterdir() if p.suffix != ".lock"]
    assert sorted(landed) == sorted(TEST_FILES)
