#!/usr/bin/env python3
"""Compare `waypoint evaluate --format csv` output with the pandas peer's output.

    compare_results.py WAYPOINT.csv PEER.csv [--rel 1e-9] [--workload DIR]

A series is compared when both sides report it (key: indicator, entity). For each:
- the category (waypoint `category`, peer `status`) must be equal;
- progress_value, score and slope (waypoint `slope_per_year`) must agree to --rel relative;
- where the peer leaves a field empty, waypoint must leave it empty too (and vice versa);
- base_year/current_year/n must match where the peer has them.
Prints a summary; exits 1 on any disagreement (listing the first 20), 0 otherwise.
Standard library only.

Slopes: the peer computes OLS from uncentred sums (Sxx = Σx² - (Σx)²/n with x ~ 2000), which
loses up to ~7 significant digits for nearly flat series (a constant series gets a slope of 1e-12
instead of 0). With --workload DIR (the gen_series.py directory), a slope that differs from the
peer's by more than --rel is recomputed exactly in rational arithmetic from the observations, and
waypoint's slope is accepted only if it is within --rel of the exact value (or within 1e-15 of
the data's magnitude when the exact slope is 0). Every such arbitration is counted and printed.
"""
import csv, math, sys


def num(s):
    return None if s == "" else float(s)


def close(a, b, rel):
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    return abs(a - b) <= rel * max(abs(a), abs(b))


def load_workload(d):
    from fractions import Fraction
    base = {}
    with open(f"{d}/indicators.csv", newline="") as f:
        for r in csv.DictReader(f):
            base[r["indicator"]] = int(float(r["base_year"] or 2015))
    pts = {}
    with open(f"{d}/observations.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["value"] == "":
                continue
            pts.setdefault((r["indicator"], r["entity"]), []).append((int(r["year"]), r["value"]))

    def exact_slope(key):
        by = base[key[0]]
        p = [(Fraction(y), Fraction(v)) for y, v in pts.get(key, []) if y >= by]
        n = len(p)
        if n < 2:
            return None, 0.0
        mx = sum(x for x, _ in p) / n
        my = sum(y for _, y in p) / n
        sxx = sum((x - mx) ** 2 for x, _ in p)
        if sxx == 0:
            return None, 0.0
        sxy = sum((x - mx) * (y - my) for x, y in p)
        return float(sxy / sxx), float(max(abs(y) for _, y in p))
    return exact_slope


def main():
    import argparse
    ap = argparse.ArgumentParser(description="compare waypoint and peer CSVs")
    ap.add_argument("ours")
    ap.add_argument("peer")
    ap.add_argument("--rel", type=float, default=1e-9)
    ap.add_argument("--workload")
    a = ap.parse_args()
    ours, peer, rel = a.ours, a.peer, a.rel
    exact_slope = load_workload(a.workload) if a.workload else None
    arbitrated = 0
    mine = {}
    with open(ours, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("disaggregation"):  # absent when run with --columns
                continue
            mine[(r["indicator"], r["entity"])] = r
    problems, compared, only_peer = [], 0, 0
    with open(peer, newline="") as f:
        for p in csv.DictReader(f):
            key = (p["indicator"], p["entity"])
            m = mine.get(key)
            if m is None:
                only_peer += 1
                continue
            compared += 1
            where = f"{key[0]}/{key[1]}"
            if m["category"] != p["status"]:
                problems.append(f"{where}: category {m['category']} vs peer {p['status']}")
            for ours_col, peer_col in (("progress_value", "progress_value"), ("score", "score"), ("slope_per_year", "slope")):
                a, b = num(m[ours_col]), num(p[peer_col])
                if b is not None and math.isnan(b):
                    b = None
                if not close(a, b, rel) and ours_col == "slope_per_year" and exact_slope and a is not None and b is not None:
                    e, scale = exact_slope(key)
                    if e is not None and (close(a, e, rel) or (e == 0 and abs(a) <= 1e-15 * scale)):
                        arbitrated += 1
                        continue
                if not close(a, b, rel):
                    problems.append(f"{where}: {ours_col} {m[ours_col]!r} vs peer {p[peer_col]!r}")
            for ours_col, peer_col in (("base_period", "base_year"), ("current_period", "current_year"), ("n_points", "n")):
                if p[peer_col] != "" and num(m[ours_col] or "nan") != num(p[peer_col]):
                    problems.append(f"{where}: {ours_col} {m[ours_col]!r} vs peer {p[peer_col]!r}")
    print(f"compared {compared} series ({only_peer} only in the peer, {len(mine) - compared} only in waypoint): "
          f"{len(problems)} disagreement(s)"
          + (f"; {arbitrated} slope(s) differ from the peer's but match the exact rational slope" if arbitrated else ""))
    for line in problems[:20]:
        print("  " + line)
    if compared == 0:
        print("nothing compared")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
