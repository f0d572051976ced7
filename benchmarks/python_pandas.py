#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Python path against the command line, on one workload (issue 19's speed figure).

    benchmarks/python_pandas.py WORKLOAD_DIR [ROUNDS]

WORKLOAD_DIR holds indicators.csv and observations.csv (../shared/bench/gen_series.py). Each
round runs, alternately:
  cli:    waypoint evaluate --indicators ... --observations ... --method sdg-canada --format csv
  python: pd.read_csv -> Observations.from_pandas -> plan.evaluate_pandas(method="sdg-canada")
          (the whole pipeline of a pandas user, in a fresh interpreter; also timed by phase)
and prints the median wall time of each and their ratio; then, once, the peak memory that
from_pandas + evaluate_pandas hold beyond the input and output DataFrames, against the CSV's size. The CLI is build-release/bin/waypoint
and the library build-release/lib/libwaypoint-c.so.0 (cmake --build build-release --target
waypoint_cli waypoint_c). Needs python3-numpy and python3-pandas.
"""
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = ROOT / "build-release" / "bin" / "waypoint"
LIB = ROOT / "build-release" / "lib" / "libwaypoint-c.so.0"

PIPELINE = r"""
import sys, time
t0 = time.perf_counter()
import pandas as pd, waypoint
w = sys.argv[1]
plan = waypoint.Plan.load(w + "/indicators.csv")
t1 = time.perf_counter()
df = pd.read_csv(w + "/observations.csv")
t2 = time.perf_counter()
obs = waypoint.Observations.from_pandas(df)
obs.check(plan)
t3 = time.perf_counter()
out = plan.evaluate_pandas(obs, method="sdg-canada")
t4 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {t4-t3:.3f} {len(out)}")
"""

# Peak memory of from_pandas + evaluate_pandas beyond the DataFrames: the peak RSS is reset
# (/proc/self/clear_refs, 5) once the input frame is read, and the output frame's own size
# (memory_usage(deep=True)) is taken off the growth of the peak over the RSS at that point.
MEMORY = r"""
import os, sys
import pandas as pd, waypoint
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
w = sys.argv[1]
plan = waypoint.Plan.load(w + "/indicators.csv")
df = pd.read_csv(w + "/observations.csv")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
base = status("VmRSS:")
obs = waypoint.Observations.from_pandas(df)
obs.check(plan)
if sys.argv[2] == "evaluate_pandas":
    out = plan.evaluate_pandas(obs, method="sdg-canada")
else:  # the full evaluation kept, then to_pandas()
    evaluation = plan.evaluate(obs, method="sdg-canada", traces=False)
    held = status("VmRSS:")
    out = evaluation.to_pandas()
peak = status("VmHWM:")
frame = int(out.memory_usage(deep=True).sum())
print(base, peak, frame, held - base if sys.argv[2] != "evaluate_pandas" else 0)
"""


def main(wdir, rounds):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), WAYPOINT_LIBRARY=str(LIB))
    cli, py, phases = [], [], []
    for _ in range(rounds):
        t = time.perf_counter()
        subprocess.run([str(CLI), "evaluate", "--indicators", f"{wdir}/indicators.csv", "--observations", f"{wdir}/observations.csv",
                        "--method", "sdg-canada", "--format", "csv", "-o", "/tmp/waypoint_bench_cli.csv"], check=True)
        cli.append(time.perf_counter() - t)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PIPELINE, wdir], check=True, capture_output=True, text=True, env=env).stdout.split()
        py.append(time.perf_counter() - t)
        phases.append([float(x) for x in out[:4]])
    med = lambda xs: statistics.median(xs)
    names = ["import+plan", "read_csv", "from_pandas+check", "evaluate_pandas"]
    print(f"rounds {rounds}; rows {out[4]}")
    print(f"cli median {med(cli):.3f} s  (all: {' '.join(f'{x:.3f}' for x in cli)})")
    print(f"python median {med(py):.3f} s  (all: {' '.join(f'{x:.3f}' for x in py)})")
    print("python phases (median): " + ", ".join(f"{n} {med([p[k] for p in phases]):.3f}" for k, n in enumerate(names)))
    print(f"ratio python/cli {med(py) / med(cli):.2f}")
    waypoint_part = med([p[2] + p[3] for p in phases])
    print(f"without pd.read_csv and the interpreter start: {waypoint_part:.3f} s = {waypoint_part / med(cli):.2f} x the cli")
    csv = os.path.getsize(f"{wdir}/observations.csv")
    for path in ("evaluate_pandas", "evaluate+to_pandas"):
        base, peak, frame, held = (int(x) for x in subprocess.run([sys.executable, "-c", MEMORY, wdir, path], check=True, capture_output=True,
                                                            text=True, env=env).stdout.split())
        extra = peak - base - frame
        print(f"memory, from_pandas + {path}: rss {base / 1e6:.1f} MB after read_csv, peak {peak / 1e6:.1f} MB, output frame "
              f"{frame / 1e6:.1f} MB: {extra / 1e6:.1f} MB beyond the frames = {extra / csv:.2f} x the CSV ({csv / 1e6:.1f} MB)"
              + (f"; the kept evaluation (observations and results) {held / 1e6:.1f} MB of it" if held else ""))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
