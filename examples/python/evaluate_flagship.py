"""Evaluates a plan from Python and prints, as `waypoint evaluate` does, the series off track or
regressing and the status summary. Usage: evaluate_flagship.py [PLAN OBSERVATIONS [AS_OF]]"""
import pathlib
import sys

import waypoint

flagship = pathlib.Path(__file__).resolve().parents[1] / "ccm_action_plan"
args = sys.argv[1:] if len(sys.argv) > 2 else [flagship / "plan.yaml", flagship / "observations.csv"]

plan = waypoint.Plan.load(args[0])
evaluation = plan.evaluate(waypoint.Observations.from_csv(args[1]), as_of=args[2] if len(args) > 2 else "2029-06-30")
for s in evaluation.series:
    if s.status in ("off_track", "regressing"):
        print(s.indicator, s.entity, s.status)
counts = evaluation.status_counts()
print(f"{len(evaluation.series)} series:" + "".join(f" {status} {n};" for status, n in counts.items() if n))
