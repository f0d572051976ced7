#!/usr/bin/env python3
"""Validates waypoint evaluation JSON against docs/schema/evaluation.schema.json (python3-jsonschema).

  check_schema.py --schema S --run CMD ARGS...     validate what CMD writes: "valid: N series"
  check_schema.py --schema S FILE                  validate FILE
  check_schema.py --schema S --expect-invalid FILE FILE must fail: "invalid as expected"
  check_schema.py --schema S --mutations --run ... each mutation of a valid output must fail
"""
import argparse
import copy
import json
import subprocess
import sys

import jsonschema


def load(args):
    if args.run:
        out = subprocess.run(args.run, check=True, stdout=subprocess.PIPE).stdout
        return json.loads(out)
    with open(args.file, encoding="utf-8") as f:
        return json.load(f)


def first(items, pred):
    return next(x for x in items if pred(x))


def mutations(doc):
    """(name, function that breaks a copy of doc) pairs; each must make the document invalid."""
    s = lambda d: d["series"][0]
    with_base = lambda d: first(d["series"], lambda x: x["base_period"] is not None)
    with_target = lambda d: first(d["series"], lambda x: x["target_period"] is not None)
    with_trace = lambda d: first(d["series"], lambda x: x["trace"] is not None and x["trace"]["inputs"])
    def setter(get, key, value):
        def f(d):
            get(d)[key] = value
        return f
    def deleter(get, key):
        def f(d):
            del get(d)[key]
        return f
    out = [
        ("unknown status", setter(s, "status", "great")),
        ("as_of missing", deleter(lambda d: d, "as_of")),
        ("older version", setter(lambda d: d, "version", 2)),
        ("other format", setter(lambda d: d, "format", "waypoint-plan")),
        ("unknown series key", setter(s, "colour", "red")),
        ("unknown top-level key", setter(lambda d: d, "extra", [])),
        ("negative n_points", setter(s, "n_points", -1)),
        ("slope as text", setter(s, "slope_per_year", "1.5")),
        ("base without value", lambda d: with_base(d).pop("base_value")),
        ("target period malformed", setter(with_target, "target_period", "20-31")),
        ("base_declared as text", setter(with_base, "base_declared", "yes")),
        ("summary count as text", setter(lambda d: d["summary"], "achieved", "47")),
        ("summary status missing", deleter(lambda d: d["summary"], "regressing")),
        ("unknown measure", setter(lambda d: d["plan"]["sections"][0]["indicators"][0], "measure", "weight")),
        ("plan without sections", deleter(lambda d: d["plan"], "sections")),
        ("trace input as number", setter(lambda d: with_trace(d)["trace"]["inputs"], "x", 1)),
        ("gap missing", deleter(s, "gap_to_target")),
        ("as_of not a date", setter(lambda d: d, "as_of", "30 June 2029")),
    ]
    if doc["indicators"]:
        out.append(("indicator result status unknown", setter(lambda d: d["indicators"][0], "status", "ok")))
    if doc.get("challenges"):
        out.append(("challenge on track", setter(lambda d: d["challenges"][0], "status", "on_track")))
    if doc.get("milestones"):
        out.append(("milestone state unknown", setter(lambda d: d["milestones"][0], "state", "late")))
        out.append(("milestone unknown key", setter(lambda d: d["milestones"][0], "note", "")))
    collective = [x for x in doc["series"] if x["collective"] is not None and x["collective"]["periods"]]
    def with_rule(rules):
        return lambda d: first(d["series"], lambda x: x["collective"] is not None and x["collective"]["periods"] and x["collective"]["rule"] in rules)
    value_rules = ("sum", "mean", "min", "max", "ratio_of_sums")
    if any(x["collective"]["rule"] in value_rules for x in collective):
        out.append(("value rule with a meeting group", setter(lambda d: with_rule(value_rules)(d)["collective"]["periods"][0], "meeting", [])))
        out.append(("value rule without reported", deleter(lambda d: with_rule(value_rules)(d)["collective"]["periods"][0], "reported")))
    if any(x["collective"]["rule"] in ("share_meeting", "count_meeting") for x in collective):
        counted = with_rule(("share_meeting", "count_meeting"))
        out.append(("share rule without not_meeting", deleter(lambda d: counted(d)["collective"]["periods"][0], "not_meeting")))
        out.append(("share rule with a reported group", setter(lambda d: counted(d)["collective"]["periods"][0], "reported", [])))
    if any(x["collective"]["rule"].startswith("reports_") or x["collective"]["rule"] == "days_late" for x in collective):
        reports = with_rule(("reports_on_time", "reports_overdue", "days_late"))
        out.append(("report rule with a not_reported group", setter(lambda d: reports(d)["collective"]["periods"][0], "not_reported", [])))
        out.append(("report rule without undated", deleter(lambda d: reports(d)["collective"]["periods"][0], "undated")))
    if "rollup" in doc:
        out.append(("plan score above 1", setter(lambda d: d["rollup"]["plan"], "score", 1.5)))
        out.append(("section roll-up unknown key", setter(lambda d: d["rollup"]["sections"][0], "colour", "red")))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", required=True)
    ap.add_argument("--expect-invalid", action="store_true")
    ap.add_argument("--mutations", action="store_true")
    ap.add_argument("--run", nargs=argparse.REMAINDER)
    ap.add_argument("file", nargs="?")
    args = ap.parse_args()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    doc = load(args)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if args.expect_invalid:
        if not errors:
            print("FAIL: the document is valid, but it must not be")
            return 1
        for e in errors:
            print("rejected at /%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:200]))
        print("invalid as expected")
        return 0
    if errors:
        for e in errors[:20]:
            print("error at /%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300]))
        print("INVALID: %d error(s)" % len(errors))
        return 1
    if args.mutations:
        failed = 0
        for name, mutate in mutations(doc):
            broken = copy.deepcopy(doc)
            mutate(broken)
            if validator.is_valid(broken):
                print("FAIL: mutation accepted: " + name)
                failed += 1
            else:
                print("rejected: " + name)
        if failed:
            return 1
        print("every mutation rejected")
        return 0
    print("valid: %d series, %d indicator results" % (len(doc["series"]), len(doc["indicators"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
