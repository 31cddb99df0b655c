"""Benchmark AutoKMeans on Dask collections larger than a worker's memory.

1. Scale. A ``LocalCluster`` of 2 worker processes (1 thread each) whose
   memory limit per worker (default 600 MB) is below the size of the data:
   20,000,000 x 10 float32 Gaussian blobs (800 MB = 763 MiB), generated block by block
   on the workers by ``skmlkit.datasets.make_dask_blobs`` and never
   materialised on the client (they are made again on every pass, as files
   would be read again). ``AutoKMeans(random_state=0).fit(X)`` with the
   default K range 1..10: wall time (aim <= 15 min on 2 cores), peak
   resident memory of each worker and of the client, worker restarts, K
   found and its agreement with the true blobs (ARI on 200,000 rows);
   median of --repeats fits (default 3).
2. Against the in-memory path. The same generator at 1,000,000 rows:
   AutoKMeans on the Dask array (same cluster) and on the NumPy array
   (``X.compute()``; default ``algorithm="auto"``, a mini-batch sweep and
   Lloyd refinement at this size, and ``algorithm="lloyd"``), side by side:
   K of each,
   centre difference after matching (largest coordinate difference over the
   largest centre coordinate; aim <= 1e-2), times.

The blobs overlap a little (6 centres in [-10, 10]^10, standard deviation
2.5) and one of them holds 4% of the rows.

    python benchmarks/bench_autokmeans_dask.py            # both parts
    python benchmarks/bench_autokmeans_dask.py --rows 2000000   # a quick try
"""

import argparse
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

from skmlkit import AutoKMeans
from skmlkit.cluster import match_clusters
from skmlkit.datasets import make_dask_blobs

sys.path.insert(0, str(Path(__file__).parent))
from bench_mnist import append_results

N_FEATURES = 10
SEED = 20261128


def blob_centers():
    """Six centres, fixed by the seed; the last is the small one."""
    rng = np.random.RandomState(SEED)
    return rng.uniform(-10, 10, size=(6, N_FEATURES))


def data(n_rows, chunk_size):
    """Blobs with one small cluster: 5 blobs of 19.2% and one of 4%."""
    import dask.array as da

    centers = blob_centers()
    # Five equal blobs, then the small one: draw centres with repetition so
    # that the sixth is picked 1 time in 25.
    weights = [24] * 5 + [5]
    repeated = np.repeat(centers, weights, axis=0)
    X, y, _ = make_dask_blobs(
        n_rows,
        N_FEATURES,
        centers=repeated,
        cluster_std=2.5,
        chunk_size=chunk_size,
        random_state=SEED,
    )
    owner = np.repeat(np.arange(len(centers)), weights)
    return X, da.map_blocks(owner.__getitem__, y, dtype=owner.dtype), centers


def worker_peaks(client):
    """Peak resident memory (MB) of every worker process so far."""

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return sorted(client.run(peak).values())


class ClientMemory(threading.Thread):
    """Samples the client's resident memory every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb, self.running = 0.0, True

    def run(self):
        import psutil

        process = psutil.Process()
        while self.running:
            self.peak_mb = max(self.peak_mb, process.memory_info().rss / 2**20)
            time.sleep(0.2)


def scale(client, n_rows, chunk_size, repeats):
    X, y, centers = data(n_rows, chunk_size)
    workers = set(client.scheduler_info()["workers"])
    watcher = ClientMemory()
    watcher.start()
    before = watcher_rss()
    seconds, ks = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        model = AutoKMeans(random_state=0).fit(X)
        seconds.append(time.perf_counter() - start)
        ks.append(model.n_clusters_)
    watcher.running = False
    watcher.join()
    # Agreement with the true blobs on 200,000 rows (computed here, after
    # the timing).
    rows = slice(0, min(n_rows, 200_000))
    ari = adjusted_rand_score(y[rows].compute(), model.labels_[rows].compute())
    # A worker killed for memory comes back under a new address.
    restarts = len(set(client.scheduler_info()["workers"]) - workers)
    return {
        "case": f"{n_rows:,} x {N_FEATURES} float32 on the cluster",
        "rows": n_rows,
        "data_mb": X.nbytes / 2**20,
        "seconds": statistics.median(seconds),
        "seconds_all": seconds,
        "k": model.n_clusters_,
        "k_all": ks,
        "true_k": len(centers),
        "agreement": model.agreement_,
        "choices": model.choices_,
        "lloyd_iterations": model.n_iter_,
        "ari_vs_blobs": ari,
        "worker_peak_mb": worker_peaks(client),
        "client_rss_before_mb": before,
        "client_peak_mb": watcher.peak_mb,
        "worker_restarts": restarts,
    }


def watcher_rss():
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def against_numpy(n_rows, chunk_size):
    """The Dask path and the in-memory path (default and Lloyd) on one data set."""
    X, _, _ = data(n_rows, chunk_size)
    start = time.perf_counter()
    on_dask = AutoKMeans(random_state=0).fit(X)
    rows = [{"path": "dask", "seconds": time.perf_counter() - start}]
    X_np = X.compute()
    fits = {"dask": on_dask}
    for algorithm in ("auto", "lloyd"):
        start = time.perf_counter()
        fits[algorithm] = AutoKMeans(algorithm=algorithm, random_state=0).fit(X_np)
        rows.append(
            {"path": f"numpy {algorithm}", "seconds": time.perf_counter() - start}
        )
    for row, model in zip(rows, fits.values(), strict=True):
        row.update(
            case=f"{n_rows:,} rows: {row['path']}",
            rows=n_rows,
            k=model.n_clusters_,
            backend=type(model.estimator_).__name__,
            choices=model.choices_,
        )
        if model is not on_dask and model.n_clusters_ == on_dask.n_clusters_:
            mapping = match_clusters(model, on_dask)
            matched = np.empty_like(on_dask.cluster_centers_)
            matched[mapping] = on_dask.cluster_centers_
            scale_ = np.abs(model.cluster_centers_).max()
            row["centre_rel_diff_vs_dask"] = float(
                np.abs(matched - model.cluster_centers_).max() / scale_
            )
            row["same_numbering"] = bool((mapping == np.arange(len(mapping))).all())
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--compare-rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=125_000)
    parser.add_argument("--memory-limit", default="600MB")
    parser.add_argument("--threads", type=int, default=2, help="worker processes")
    parser.add_argument("--repeats", type=int, default=3, help="fits at --rows")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=args.threads,
            threads_per_worker=1,
            memory_limit=args.memory_limit,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        rows = []
        print(f"Cluster: {args.threads} workers, {args.memory_limit} each")
        if not args.skip_scale:
            row = scale(client, args.rows, args.chunk_size, args.repeats)
            print(
                f"1. {row['case']} ({row['data_mb']:.0f} MiB): median "
                f"{row['seconds']:.0f} s of {[round(t) for t in row['seconds_all']]}, "
                f"K {row['k']} (true {row['true_k']}), ARI {row['ari_vs_blobs']:.3f}, "
                f"workers peak {row['worker_peak_mb']} MB, client peak "
                f"{row['client_peak_mb']:.0f} MB (before fit "
                f"{row['client_rss_before_mb']:.0f} MB), restarts "
                f"{row['worker_restarts']}"
            )
            print(f"   choices {row['choices']}, agreement {row['agreement']:.0%}")
            rows.append({**row, "memory_limit": args.memory_limit})
        print(f"2. {args.compare_rows:,} rows, Dask vs in-memory")
        for row in against_numpy(args.compare_rows, args.chunk_size):
            print(f"   {row}")
            rows.append(row)
    append_results("autokmeans_dask.jsonl", rows, args)


if __name__ == "__main__":
    main()
