#!/usr/bin/env bash
# End-to-end comparison with the pandas peer on the issue's workload.
#
#   benchmarks/compare_pandas.sh [ENTITIES]      (default 1000 = the standard workload; 5000 = large)
#
# 1. generates the workload with ../shared/bench/gen_series.py (or reuses it under $WORKDIR);
# 2. runs the peer (../shared/bench/peer_pandas.py) and
#    `waypoint evaluate --indicators ... --observations ... --method sdg-canada --format csv`;
# 3. checks that both agree on every series (benchmarks/compare_results.py);
# 4. prints wall time and peak memory of both (/usr/bin/time -v) and the ratios;
# 5. exits non-zero on any disagreement.
# Environment: WAYPOINT (the binary; default build-release/bin/waypoint, built if missing),
# SHARED (default ../shared), WORKDIR (default /tmp/waypoint-bench), RUNS (timed runs, default 3;
# the best run is reported).
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-1000}
shared=${SHARED:-../shared}
workdir=${WORKDIR:-/tmp/waypoint-bench}/e$entities
runs=${RUNS:-3}
waypoint=${WAYPOINT:-build-release/bin/waypoint}
if [ ! -x "$waypoint" ]; then
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DWAYPOINT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-release --target waypoint_cli >/dev/null
fi
mkdir -p "$workdir"
if [ ! -s "$workdir/observations.csv" ]; then
  /usr/bin/python3 "$shared/bench/gen_series.py" "$workdir" --indicators 200 --entities "$entities" --seed 7
fi
csv_mb=$(du -m "$workdir/observations.csv" | cut -f1)

# Runs a command $runs times under /usr/bin/time -v; prints "best_wall_seconds peak_kb" of the fastest run.
measure() {
  local best="" best_kb="" log
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" 2>"$log" >/dev/null
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$wall; best_kb=$kb; fi
  done
  grep -E '^peer:' "$log" >&2 || true
  rm -f "$log"
  echo "$best $best_kb"
}

echo "workload: $workdir (200 indicators x $entities entities, observations.csv ${csv_mb} MB), best of $runs runs"
read -r peer_s peer_kb < <(measure /usr/bin/python3 "$shared/bench/peer_pandas.py" "$workdir" "$workdir/peer.csv")
# waypoint twice: all 31 columns, and the peer's nine fields only (--columns), like for like.
peer_columns=indicator,entity,base_period,current_period,n_points,progress_value,score,category,slope_per_year
read -r wp_s wp_kb < <(measure "$waypoint" evaluate --indicators "$workdir/indicators.csv" --observations "$workdir/observations.csv" \
                          --method sdg-canada --format csv --output "$workdir/waypoint.csv")
read -r wc_s wc_kb < <(measure "$waypoint" evaluate --indicators "$workdir/indicators.csv" --observations "$workdir/observations.csv" \
                          --method sdg-canada --format csv --columns "$peer_columns" --output "$workdir/waypoint-9.csv")
status=0
/usr/bin/python3 benchmarks/compare_results.py "$workdir/waypoint.csv" "$workdir/peer.csv" --workload "$workdir" || status=1
/usr/bin/python3 benchmarks/compare_results.py "$workdir/waypoint-9.csv" "$workdir/peer.csv" --workload "$workdir" || status=1
awk -v ps="$peer_s" -v pk="$peer_kb" -v ws="$wp_s" -v wk="$wp_kb" -v cs="$wc_s" -v ck="$wc_kb" -v mb="$csv_mb" 'BEGIN {
  printf "%-22s %10s %14s %12s %10s\n", "", "wall (s)", "peak RSS (MB)", "RSS / CSV", "speed-up";
  printf "%-22s %10.2f %14.1f %12.2f\n", "pandas", ps, pk/1024, pk/1024/mb;
  printf "%-22s %10.2f %14.1f %12.2f %9.1fx\n", "waypoint, 31 columns", ws, wk/1024, wk/1024/mb, ps/ws;
  printf "%-22s %10.2f %14.1f %12.2f %9.1fx\n", "waypoint, peer columns", cs, ck/1024, ck/1024/mb, ps/cs }'
exit $status
