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
# 6. when the benchmarks are built (build-release/benchmarks/waypoint_bench), times the evaluation
#    phase alone (BM_evaluation_phase on the same files) against the peer's "evaluate" figure.
# Environment: WAYPOINT (the binary; default build-release/bin/waypoint, built if missing),
# SHARED (default ../shared), WORKDIR (default /tmp/waypoint-bench), RUNS (timed runs, default 3;
# the best run is reported), BENCH (default build-release/benchmarks/waypoint_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-1000}
shared=${SHARED:-../shared}
workdir=${WORKDIR:-/tmp/waypoint-bench}/e$entities
runs=${RUNS:-3}
waypoint=${WAYPOINT:-build-release/bin/waypoint}
bench=${BENCH:-build-release/benchmarks/waypoint_bench}
peer_lines=$(mktemp)
trap 'rm -f "$peer_lines"' EXIT
if [ ! -x "$waypoint" ]; then
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DWAYPOINT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-release --target waypoint_cli >/dev/null
fi
mkdir -p "$workdir"
if [ ! -s "$workdir/observations.csv" ]; then
  /usr/bin/python3 "$shared/bench/gen_series.py" "$workdir" --indicators 200 --entities "$entities" --seed 7
fi
csv_mb=$(du -m "$workdir/observations.csv" | cut -f1)

# measure OUTPUT COMMAND...: runs COMMAND $runs times under /usr/bin/time -v, each time into a
# fresh OUTPUT (removed first, untimed: overwriting the previous run's 50 MB file makes ext4
# free its pages and flush on close, which is the previous run's cost, not this one's; the same
# for both tools); prints "best_wall_seconds peak_kb" of the fastest run.
measure() {
  local best="" best_kb="" log output=$1
  shift
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    rm -f "$output"
    /usr/bin/time -v "$@" 2>"$log" >/dev/null
    grep -E '^peer:' "$log" >>"$peer_lines" || true  # the peer's phase times, every run
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
read -r peer_s peer_kb < <(measure "$workdir/peer.csv" /usr/bin/python3 "$shared/bench/peer_pandas.py" "$workdir" "$workdir/peer.csv")
# waypoint twice: all columns (31 until commit 37f0997, 34 since), and the peer's nine fields only (--columns), like for like.
peer_columns=indicator,entity,base_period,current_period,n_points,progress_value,score,category,slope_per_year
read -r wp_s wp_kb < <(measure "$workdir/waypoint.csv" "$waypoint" evaluate --indicators "$workdir/indicators.csv" --observations "$workdir/observations.csv" \
                          --method sdg-canada --format csv --output "$workdir/waypoint.csv")
read -r wc_s wc_kb < <(measure "$workdir/waypoint-9.csv" "$waypoint" evaluate --indicators "$workdir/indicators.csv" --observations "$workdir/observations.csv" \
                          --method sdg-canada --format csv --columns "$peer_columns" --output "$workdir/waypoint-9.csv")
status=0
/usr/bin/python3 benchmarks/compare_results.py "$workdir/waypoint.csv" "$workdir/peer.csv" --workload "$workdir" || status=1
/usr/bin/python3 benchmarks/compare_results.py "$workdir/waypoint-9.csv" "$workdir/peer.csv" --workload "$workdir" || status=1
awk -v ps="$peer_s" -v pk="$peer_kb" -v ws="$wp_s" -v wk="$wp_kb" -v cs="$wc_s" -v ck="$wc_kb" -v mb="$csv_mb" 'BEGIN {
  printf "%-22s %10s %14s %12s %10s\n", "", "wall (s)", "peak RSS (MB)", "RSS / CSV", "speed-up";
  printf "%-22s %10.2f %14.1f %12.2f\n", "pandas", ps, pk/1024, pk/1024/mb;
  printf "%-22s %10.2f %14.1f %12.2f %9.1fx\n", "waypoint, all columns", ws, wk/1024, wk/1024/mb, ps/ws;
  printf "%-22s %10.2f %14.1f %12.2f %9.1fx\n", "waypoint, peer columns", cs, ck/1024, ck/1024/mb, ps/cs }'
# The evaluation phase alone: the peer's best "evaluate" figure against BM_evaluation_phase on the
# same files (data in memory, nothing written), best of $runs repetitions, 1 thread and all cores.
if [ -x "$bench" ]; then
  peer_eval=$(awk '{for (i = 1; i < NF; i++) if ($i == "evaluate") {v = $(i + 1); sub(/s$/, "", v); print v}}' "$peer_lines" | sort -g | head -1)
  WAYPOINT_BENCH_WORKLOAD="$workdir" "$bench" --benchmark_filter='BM_evaluation_phase' --benchmark_min_time=0.3 \
    --benchmark_repetitions="$runs" --benchmark_format=csv 2>/dev/null |
    awk -F, -v pe="$peer_eval" '
      $1 ~ /^"BM_evaluation_phase\/[01]\/real_time"$/ {
        t = $3 / ($5 == "ms" ? 1e3 : $5 == "us" ? 1e6 : 1);  # seconds
        k = ($1 ~ /\/1\//) ? "1 thread" : "all cores";
        if (!(k in best) || t < best[k]) best[k] = t }
      END {
        printf "evaluation phase: peer %.3f s", pe;
        n = split("1 thread,all cores", order, ",");
        for (i = 1; i <= n; i++) if (order[i] in best) printf "; waypoint %s %.1f ms (%.1fx)", order[i], best[order[i]] * 1e3, pe / best[order[i]];
        printf "\n" }'
fi
exit $status
