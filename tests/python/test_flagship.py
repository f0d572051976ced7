# SPDX-License-Identifier: Apache-2.0
"""The flagship plan from Python gives what `waypoint evaluate` gives, byte for byte."""
import concurrent.futures
import csv
import dataclasses
import datetime
import io
import json
import math
import subprocess

import pytest

import waypoint
from conftest import AS_OF, FLAGSHIP


def run_cli(cli, *args):
    return subprocess.run([cli, "evaluate", str(FLAGSHIP / "plan.yaml"), "--observations", str(FLAGSHIP / "observations.csv"),
                           "--as-of", AS_OF, *args], check=True, capture_output=True).stdout


def test_csv_is_byte_identical_to_the_cli(cli, flagship_eval):
    assert flagship_eval.to_csv().encode() == run_cli(cli, "--format", "csv")


def test_same_statuses_as_the_cli(cli, flagship_eval):
    rows = list(csv.DictReader(io.StringIO(run_cli(cli, "--format", "csv").decode())))
    assert len(rows) == len(flagship_eval.series) == 154
    for row, s in zip(rows, flagship_eval.series):
        assert (row["indicator"], row["entity"], row["disaggregation"], row["status"], row["category"]) == \
               (s.indicator, s.entity, s.disaggregation, s.status, s.category)


def test_table_and_json_are_identical_to_the_cli(cli, flagship_eval):
    assert flagship_eval.to_table().encode() == run_cli(cli)
    assert flagship_eval.to_json().encode() == run_cli(cli, "--format", "json")
    data = json.loads(flagship_eval.to_json())
    assert data["summary"] == flagship_eval.status_counts()


def test_evaluation(flagship_plan, flagship_obs, flagship_eval):
    assert flagship_plan.id == "ccm-2027-2031"
    assert flagship_plan.title == "Vientiane Capital Action Plan 2027–2031 (illustrative)"
    assert len(flagship_plan.indicators) == 48
    assert flagship_obs.check(flagship_plan) == 1006
    assert flagship_eval.as_of == datetime.date(2029, 6, 30)
    assert len(flagship_eval) == 154
    assert flagship_eval.status_counts() == {"achieved": 51, "on_track": 66, "needs_acceleration": 18, "off_track": 7,
                                             "regressing": 4, "not_due": 2, "insufficient_data": 3, "not_applicable": 3}


def test_series_fields(flagship_eval):
    v1 = next(s for s in flagship_eval if (s.indicator, s.entity) == ("V1", "*"))
    assert isinstance(v1, waypoint.SeriesResult)
    assert (v1.status, v1.category, v1.method) == ("regressing", "moving_away", "linear-trajectory")
    assert (v1.base_period, v1.base_value, v1.current_period, v1.current_value) == ("2025", 268.0, "2028", 431.0)
    assert (v1.target_period, v1.target_value, v1.gap_to_target, v1.plan_total) == ("2031", 150.0, 281.0, 787.0)
    assert v1.score == pytest.approx(-1.711713970514494, rel=1e-12)
    assert v1.expected_value == pytest.approx(229.01775147928973, rel=1e-12)
    assert (v1.n_points, v1.estimated_points, v1.provisional_points) == (4, 0, 1)
    assert v1.gap_to_milestone is None and v1.next_milestone_period is None
    assert v1.trace["rule"].startswith("p = (y_t-y_b)/(x*-y_b)")
    assert v1.collective is None and v1.base_declared is True
    # The attributes are the vocabulary, in order.
    assert list(v1.as_dict()) == [name for name, _, _ in waypoint.fields()]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v1.status = "on_track"


def test_to_pandas(flagship_eval):
    pandas = pytest.importorskip("pandas")
    frame = flagship_eval.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    csv_fields = [name for name, kind, _ in waypoint.fields() if kind != "object"]  # the CSV's columns
    assert frame.shape == (154, len(csv_fields))
    assert list(frame.columns) == csv_fields
    assert {k: v for k, v in frame["status"].value_counts().to_dict().items() if v} == {k: v for k, v in flagship_eval.status_counts().items() if v}
    assert frame["gap_to_milestone"].dtype == "float64"
    assert math.isnan(frame.loc[(frame.indicator == "V1") & (frame.entity == "*"), "gap_to_milestone"].iloc[0])


def test_rows_give_the_same_result_as_the_csv(flagship_plan, flagship_eval):
    with open(FLAGSHIP / "observations.csv", newline="") as f:
        rows = [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(f)]
    ev = flagship_plan.evaluate(waypoint.Observations.from_rows(rows), as_of=datetime.date(2029, 6, 30))
    assert ev.to_csv() == flagship_eval.to_csv()


def test_one_plan_evaluated_from_many_threads(flagship_plan):
    obs = waypoint.Observations.from_csv(FLAGSHIP / "observations.csv")
    expected = flagship_plan.evaluate(obs, as_of=AS_OF).to_csv()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(lambda _: flagship_plan.evaluate(obs, as_of=AS_OF).to_csv(), range(8)))
    assert outputs == [expected] * 8


def test_methods_and_params(flagship_plan, flagship_obs):
    ev = flagship_plan.evaluate(flagship_obs, as_of=AS_OF, method="linear-trajectory", params={"tolerance": 0.5}, traces=False)
    assert all(s.method == "linear-trajectory" and s.trace is None for s in ev)
    strict = flagship_plan.evaluate(flagship_obs, as_of=AS_OF, method="linear-trajectory", params="tolerance=0")
    assert ev.status_counts()["on_track"] >= strict.status_counts()["on_track"]
    assert flagship_plan.evaluate(flagship_obs).as_of is None
