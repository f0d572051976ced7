#!/usr/bin/env python3
"""Evaluate a large indicator set on a Dask cluster; no worker reads the whole file.

    dask_evaluate.py INDICATORS.csv OBSERVATIONS.csv OUT.csv [--partitions N] [--workers W]
                     [--blocksize BYTES] [--method sdg-canada] [--scheduler tcp://host:8786]

1. `dask.dataframe.read_csv` reads the observations in blocks of --blocksize bytes, one task per
   block, on the workers.
2. Each block gets a column `_part`: the partition of each row's series, `waypoint.partitions_of`
   (the stable hash of (indicator, entity) that `--partition K/N` uses, the same on every
   machine).
3. A shuffle (`set_index("_part")` with the divisions 0, 1, ..., N-1) brings every row of a series
   into the partition of its hash: partition K holds exactly the series of waypoint partition K.
4. Each partition is evaluated on its worker: `Observations.from_pandas` (columns through the C
   API, no per-row Python loop), then `plan.evaluate_csv(obs, partition=(K, N))`, which also
   writes K's rows of the indicators that have no observations at all.
5. The driver merges the rows in (indicator, entity, disaggregation) order, which gives exactly the
   single-process output of `waypoint evaluate ... --format csv` (tests/python/test_dask.py).

Without --scheduler it starts a LocalCluster with W worker processes (one thread each). With
--scheduler it connects to an existing cluster (see docs/scaling.md): every worker then needs the
waypoint package and library, and the input files at the same paths (or on shared storage).
Prints the rows per second and each worker's peak memory. Needs Debian's python3-dask and
python3-distributed.
"""
import argparse
import csv
import io
import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))


def with_partition(block, n):
    """Runs on a worker, per block read: the block with its rows' waypoint partitions."""
    import waypoint
    return block.assign(_part=waypoint.partitions_of(block["indicator"], block["entity"], n).astype("int64"))


def evaluate_partition(frame, indicators, method, k, n):
    """Runs on a worker: evaluates the observations of partition k of n; returns the CSV header,
    the rows, and this worker process's peak memory (bytes)."""
    import waypoint
    plan = waypoint.Plan.load(indicators, format="indicator_table")
    obs = waypoint.Observations.from_pandas(frame.reset_index(drop=True).drop(columns=["_part"], errors="ignore"))
    text = plan.evaluate_csv(obs, method=method, partition=(k, n))
    header, _, body = text.partition("\n")
    return header, body, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, os.getpid()


def sort_key(line):
    # The first three fields are indicator, entity, disaggregation (possibly quoted).
    return tuple(next(csv.reader(io.StringIO(line)))[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("indicators")
    ap.add_argument("observations")
    ap.add_argument("out")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocksize", default="16MB", help="bytes per block read (dask.dataframe.read_csv)")
    ap.add_argument("--method", default="sdg-canada")
    ap.add_argument("--scheduler")
    a = ap.parse_args()

    import dask
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    t0 = time.perf_counter()
    n = a.partitions
    blocksize = int(a.blocksize) if a.blocksize.isdigit() else a.blocksize
    # Ids as text, whatever they look like; the rest as pandas reads it.
    frame = dd.read_csv(os.path.abspath(a.observations), blocksize=blocksize, dtype={"indicator": str, "entity": str}, keep_default_na=False,
                        na_values={"value": [""], "reported_on": [""]})
    meta = frame._meta.assign(_part=pd.Series(dtype="int64"))
    frame = frame.map_partitions(with_partition, n, meta=meta)
    # Partition K of the shuffled frame holds the rows whose _part is K (divisions 0, 1, ..., N-1).
    shuffled = frame.set_index("_part", divisions=list(range(n)) + [n - 1], drop=False)
    tasks = [dask.delayed(evaluate_partition)(part, os.path.abspath(a.indicators), a.method, k, n)
             for k, part in enumerate(shuffled.to_delayed())]
    parts = list(client.compute(tasks, sync=True))
    header = parts[0][0]
    rows = [line for _, body, _, _ in parts for line in body.split("\n") if line]
    # Python compares str by code point, which is the byte order of UTF-8: the order waypoint uses.
    rows.sort(key=sort_key)
    with open(a.out, "w", newline="") as f:
        f.write(header + "\n")
        for line in rows:
            f.write(line + "\n")
    seconds = time.perf_counter() - t0
    peaks = {}
    for _, _, rss, pid in parts:
        peaks[pid] = max(peaks.get(pid, 0), rss)
    workers = len(client.scheduler_info()["workers"])
    size = os.path.getsize(a.observations)
    print(f"{len(rows)} series from {n} partitions on {workers} workers in {seconds:.2f} s -> {a.out}")
    print(f"observations: {size / 1e6:.1f} MB; peak memory per worker process: "
          + ", ".join(f"{p / 1e6:.0f} MB ({p / (size / workers):.1f}x its share of the file)" for p in sorted(peaks.values())))
    client.close()
    if cluster:
        cluster.close()


if __name__ == "__main__":
    main()
