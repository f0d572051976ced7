#!/usr/bin/env python3
"""Writes the generated seeds of scripts/fuzz: SEEDS/<harness>/<name> for each harness.

Usage: tests/fuzz/seeds.py SEEDS (run from the repository's root). The files it copies as they
are (examples, tests, past findings) are scripts/fuzz's; this script makes the others:

- the hostile inputs docs/robustness.md sets limits for: a YAML alias bomb, plans nested past
  the 256 levels of a plan document (YAML and JSON, just past the limit and 100,000 levels deep),
  IATI files nested past its 64 levels (100 levels, and 200,000 levels: 1.4 MB);
- fuzz_plan_json's JSON plans: the YAML plans of the examples and tests, converted;
- fuzz_report's inputs: a plan, the line `# observations as of DATE`, then observations (the
  example plan, and a small plan whose texts hold markup, quotes, pipes, line breaks and
  multi-byte characters at the points where the reports cut texts).

Needs python3-yaml for the JSON conversion (scripts/deps.sh installs it with the fuzz packages).
"""
import glob
import json
import math
import os
import re
import sys

import yaml

NULLS = {"", "~", "null", "Null", "NULL"}
TRUES = {"true", "True", "TRUE"}
FALSES = {"false", "False", "FALSE"}
INTEGER = re.compile(r"[+-]?[0-9]+\Z")
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def json_scalar(node):
    """A YAML scalar as src/io/plan_io.cpp's `yaml_scalar` reads it (not as YAML 1.1 does: `yes`
    and `2030-12-31` stay strings); a quoted or block scalar is a string."""
    s = node.value
    if node.style is not None:
        return s
    if s in NULLS:
        return None
    if s in TRUES:
        return True
    if s in FALSES:
        return False
    if INTEGER.match(s) and -(2**63) <= int(s) < 2**63:
        return int(s)
    if NUMBER.match(s) and math.isfinite(float(s)):
        return float(s)
    return s


def yaml_to_json(node):
    if isinstance(node, yaml.ScalarNode):
        return json_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [yaml_to_json(c) for c in node.value]
    return {k.value: yaml_to_json(v) for k, v in node.value}


HOSTILE_PLAN = r"""waypoint: 1
plan: {id: "p<1>&'", title: "<script>alert(1)</script> & \"quotes\" | pipe `tick` &amp;", period: 2027-01-01/2031-12-31}
entities:
  - {id: "L<A>O", name: "Lao <b>PDR</b>"}
  - {id: IRQ, name: Iraq}
sections:
  - id: "s<1>"
    title: "Section\n# a heading?\r<img src=x onerror=alert(1)>"
    chapeau: {narrative: "a | b\n> c <!-- d --> \\| e"}
    actions:
      - id: "A&1"
        text: "Do <it>."
        indicators:
          - {id: "P<1>", title: "t\" onmouseover=\"x", measure: count, unit: "<u>", scope: collective,
             baseline: {value: 100, period: 2026}, target: &t {value: 120, at: 2031}}
          - {id: P2, measure: count, target: *t}
          - {id: O1, measure: ordinal, levels: ["<none>", "dr&aft", "\"adopted\""], target: {value: "\"adopted\"", at: 2031}}
          - {id: "Q|1", title: "é|\\|", measure: qualitative}
  - id: s2
    title: "xééééééééééééééééééééééééééééééé"
    actions: [{id: A2, indicators: [{id: C2, measure: count}]}]
"""
# A two-byte character across the 57th and 58th bytes, and one across the 117th and 118th, where the
# reports cut a narrative (current_text: 60 and 120 bytes less "..."); s2's title has one across
# the 48th and 49th, where the status bars cut a section's title.
HOSTILE_OBS = """# observations as of 2030-06-30
indicator,entity,period,value
P<1>,*,2027,105
P<1>,*,2028,104
P<1>,*,2029,103
P2,L<A>O,2027,1
P2,L<A>O,2029,3
P2,IRQ,2028,7
O1,L<A>O,2028,dr&aft
O1,IRQ,2029,"""
HOSTILE_OBS += '"""adopted"""\n'
HOSTILE_OBS += 'Q|1,IRQ,2029,"<b>' + "a" * 53 + "é" + "b" * 58 + 'é <script>x</script>"\n'


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def main():
    out = sys.argv[1]
    # A "billion laughs": ten levels of ten aliases each, 10^10 nodes once expanded.
    laughs = "waypoint: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]\n" for k in range(1, 10))
    write(f"{out}/plan/gen-alias-bomb.yaml", laughs)
    for depth in (300, 100_000):
        yaml_deep = "waypoint: 1\nsections: " + "[" * depth + "]" * depth + "\n"
        json_deep = '{"waypoint": 1, "sections": ' + "[" * depth + "]" * depth + "}\n"
        for h in ("plan", "plan_json"):
            write(f"{out}/{h}/gen-deep-{depth}.json", json_deep)
        write(f"{out}/plan/gen-deep-{depth}.yaml", yaml_deep)
    for h in ("plan", "plan_json"):
        write(f"{out}/{h}/gen-deep-objects-300.json", '{"waypoint": 1, "plan": ' + '{"a": ' * 300 + "1" + "}" * 300 + "}\n")
    write(f"{out}/plan/gen-deep-block-300.yaml", "waypoint: 1\nsections:\n" + "- " * 300 + "x\n")
    for depth, element in ((100, "result"), (200_000, "a")):  # 200,000 levels in 1.4 MB
        write(f"{out}/iati/gen-deep-{depth}.xml",
              '<?xml version="1.0"?>\n<iati-activities version="2.03"><iati-activity><iati-identifier>X</iati-identifier>'
              + f"<{element}>" * depth + f"</{element}>" * depth + "</iati-activity></iati-activities>\n")

    yaml_plans = ["examples/ccm_action_plan/plan.yaml", "tests/capi/mini.yaml"] + sorted(glob.glob("tests/cli/*.yaml"))
    for path in yaml_plans + sorted(glob.glob("tests/data/fuzz/plan-*.yaml")):
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml_to_json(yaml.compose(f))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # a past finding that is not YAML for Python: fuzz_plan has it as it is
        write(f"{out}/plan_json/{path.replace('/', '_')}.json", json.dumps(doc, indent=1, ensure_ascii=False) + "\n")

    with open("examples/ccm_action_plan/plan.yaml", encoding="utf-8") as p, open("examples/ccm_action_plan/observations.csv", encoding="utf-8") as o:
        write(f"{out}/report/example.txt", p.read() + "# observations as of 2029-06-30\n" + o.read())
    with open("tests/capi/mini.yaml", encoding="utf-8") as p:
        write(f"{out}/report/mini.txt", p.read() + "# observations\nindicator,entity,period,value,reported_on\n"
              "P1,*,2027,104,\nP1,*,2028,109,2029-01-10\nP2,LAO,2027,12,\nP2,LAO,2029,30,\nP2,IRQ,2028,9,\n"
              "B1,LAO,2029,yes,\nO1,IRQ,2028,draft,\nQ1,LAO,2029,\"a narrative, quoted\",\n")
    write(f"{out}/report/hostile-texts.txt", HOSTILE_PLAN + HOSTILE_OBS)


if __name__ == "__main__":
    main()
