#!/usr/bin/env python3
"""Issue 18's measurement: waypoint, the DuckDB peer and the pandas peer alternated N times on the
standard workload, each end to end into a new file (the previous output is removed before each
timed run, outside the timing), with all of waypoint's CSV columns. Prints each program's wall
times (time.perf_counter around the whole process), their median and the peers' ratio to
waypoint's median. Run from the repository root after building build-release:

    python3 benchmarks/alternate_peers.py 7 [WORKLOAD_DIR]

WORKLOAD_DIR defaults to /tmp/waypoint-bench/e1000 (made by benchmarks/compare_pandas.sh).
The pandas peer runs with /usr/bin/python3 (Debian's pandas)."""
import os, subprocess, time, statistics, sys
W = sys.argv[2] if len(sys.argv) > 2 else "/tmp/waypoint-bench/e1000"
cmds = {
  "waypoint": ["build-release/bin/waypoint", "evaluate", "--indicators", W + "/indicators.csv", "--observations", W + "/observations.csv",
               "--method", "sdg-canada", "--format", "csv", "-o", "/tmp/wp_all.csv"],
  "duckdb": ["../shared/bench/peer_duckdb.sh", W, "/tmp/duck.csv"],
  "pandas": ["/usr/bin/python3", "../shared/bench/peer_pandas.py", W, "/tmp/pd.csv"],
}
n = int(sys.argv[1])
t = {k: [] for k in cmds}
for i in range(n):
    for k, c in cmds.items():
        out = {"waypoint": "/tmp/wp_all.csv", "duckdb": "/tmp/duck.csv", "pandas": "/tmp/pd.csv"}[k]
        if os.path.exists(out): os.remove(out)  # "end to end into a new file" (issue 18): no old file to replace
        a = time.perf_counter()
        subprocess.run(c, check=True, stdout=subprocess.DEVNULL)
        t[k].append(time.perf_counter() - a)
m = {k: statistics.median(v) for k, v in t.items()}
for k, v in t.items():
    print(f"{k:9s} " + " ".join(f"{x:.3f}" for x in v) + f"  median {m[k]:.3f}" + ("" if k == "waypoint" else f"  ({m[k] / m['waypoint']:.1f}x)"))
