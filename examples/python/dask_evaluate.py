#!/usr/bin/env python3
"""Evaluate a large indicator set on a Dask cluster, one waypoint partition per task.

    dask_evaluate.py INDICATORS.csv OBSERVATIONS.csv OUT.csv [--partitions N] [--workers W]
                     [--method sdg-canada] [--scheduler tcp://host:8786]

Each task loads the plan and the observations with the waypoint Python package (ctypes over the
C API), evaluates partition K of N -- a stable hash of (indicator, entity), identical on every
machine -- and returns its CSV rows. The driver merges the rows in (indicator, entity,
disaggregation) order, which gives exactly the single-process output of
`waypoint evaluate ... --format csv`.

Without --scheduler it starts a LocalCluster with W worker processes (one thread each). With
--scheduler it connects to an existing cluster (see docs/scaling.md): every worker then needs the
waypoint package and library, and the input files at the same paths (or on shared storage).
Needs Debian's python3-dask and python3-distributed.
"""
import argparse
import csv
import io
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))


def evaluate_partition(indicators, observations, method, k, n):
    """Runs on a worker: evaluates partition k of n and returns (header, rows)."""
    import waypoint
    plan = waypoint.Plan.load(indicators, format="indicator_table")
    obs = waypoint.Observations.from_csv(observations)
    # Streamed: no evaluation object is kept on the worker (the same bytes as evaluate().to_csv()).
    text = plan.evaluate_csv(obs, method=method, partition=(k, n))
    header, _, body = text.partition("\n")
    return header, body


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
    ap.add_argument("--method", default="sdg-canada")
    ap.add_argument("--scheduler")
    a = ap.parse_args()

    from dask.distributed import Client, LocalCluster
    cluster = None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    t0 = time.perf_counter()
    futures = [client.submit(evaluate_partition, os.path.abspath(a.indicators), os.path.abspath(a.observations), a.method, k,
                             a.partitions, pure=False) for k in range(a.partitions)]
    parts = client.gather(futures)
    header = parts[0][0]
    rows = [line for _, body in parts for line in body.split("\n") if line]
    # Python compares str by code point, which is the byte order of UTF-8: the order waypoint uses.
    rows.sort(key=sort_key)
    with open(a.out, "w", newline="") as f:
        f.write(header + "\n")
        for line in rows:
            f.write(line + "\n")
    print(f"{len(rows)} series from {a.partitions} partitions on {len(client.scheduler_info()['workers'])} workers "
          f"in {time.perf_counter() - t0:.2f} s -> {a.out}")
    client.close()
    if cluster:
        cluster.close()


if __name__ == "__main__":
    main()
