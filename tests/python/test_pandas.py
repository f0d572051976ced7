# SPDX-License-Identifier: Apache-2.0
"""pandas in and out: Observations.from_pandas (columns through the C API), Evaluation.to_pandas
for every result kind and Plan.evaluate_pandas, compared field by field with the CLI's JSON."""
import datetime
import json
import math
import subprocess

import pytest

import waypoint
from conftest import AS_OF, FLAGSHIP, MINI_STATUSES

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")


def cli_json(cli):
    out = subprocess.run([cli, "evaluate", str(FLAGSHIP / "plan.yaml"), "--observations", str(FLAGSHIP / "observations.csv"),
                          "--as-of", AS_OF, "--format", "json"], check=True, capture_output=True).stdout
    return json.loads(out)


def same(a, b):
    """A frame cell equals a JSON value: NaN/NA/None alike, periods by their text."""
    if b is None:
        return a is None or a is pd.NA or a is pd.NaT or (isinstance(a, float) and math.isnan(a)) or a == ""
    if isinstance(a, pd.Period):
        return a.strftime("%Y") == b if a.freqstr[0] in "AY" else str(a) == b.replace("-Q", "Q")
    if isinstance(b, float) or isinstance(a, float):
        return float(a) == float(b)  # the same double: the JSON keeps 17 digits
    return a == b


def test_series_frame_equals_the_cli_json_field_by_field(cli, flagship_eval):
    frame = flagship_eval.to_pandas()
    series = cli_json(cli)["series"]
    csv_fields = [name for name, kind, _ in waypoint.fields() if kind != "object"]
    assert list(frame.columns) == csv_fields
    assert len(frame) == len(series) == 154
    for k, row in enumerate(series):
        for name in csv_fields:
            assert same(frame[name].iloc[k], row[name]), (k, name, frame[name].iloc[k], row[name])


def test_every_kind_equals_the_cli_json(cli, flagship_eval):
    j = cli_json(cli)
    plan = flagship_eval.to_pandas("plan")
    assert plan["series"].iloc[0] == j["rollup"]["plan"]["series"] == 126
    for status, n in j["rollup"]["plan"]["counts"].items():
        assert plan[status].iloc[0] == n
    assert plan["score"].iloc[0] == j["rollup"]["plan"]["score"]
    sections = flagship_eval.to_pandas("sections")
    assert list(sections["id"]) == [s["section"] for s in j["rollup"]["sections"]]
    assert list(sections["series"]) == [s["series"] for s in j["rollup"]["sections"]]
    actions = flagship_eval.to_pandas("actions")
    assert list(actions["id"]) == [a["action"] for a in j["rollup"]["actions"]]
    challenges = flagship_eval.to_pandas("challenges")
    assert len(challenges) == len(j["challenges"])
    for k, c in enumerate(j["challenges"]):
        for name in ("rank", "indicator", "entity", "disaggregation", "level", "status", "gap_to_target", "normalised_gap", "section",
                     "action", "title"):
            assert same(challenges[name].iloc[k], c[name]), (k, name)
    milestones = flagship_eval.to_pandas("milestones")
    assert list(milestones["milestone"]) == [m["milestone"] for m in j["milestones"]]
    assert list(milestones["state"].astype(str)) == [m["state"] for m in j["milestones"]]
    assert [None if pd.isna(d) else d.date().isoformat() for d in milestones["due"]] == [m["due"] for m in j["milestones"]]
    indicators = flagship_eval.to_pandas("indicators")
    assert len(indicators) == len(j["indicators"])
    for k, r in enumerate(j["indicators"]):
        for name in ("indicator", "entity", "method", "n_series", "n_scored", "status", "category", "score", "reason"):
            assert same(indicators[name].iloc[k], r[name]), (k, name)


def test_collective_detail_equals_the_cli_json(cli, flagship_eval):
    """One row per period of each collective series: the population, the rule, the members, the
    value, and per group of the rule its entity ids and their count, as the CLI's JSON has them."""
    frame = flagship_eval.to_pandas("collective")
    expected = []
    for s in cli_json(cli)["series"]:
        if s["collective"] is not None:
            expected += [(s, c, p) for c, p in [(s["collective"], p) for p in s["collective"]["periods"]]]
    assert len(frame) == len(expected) > 0
    groups = ["meeting", "not_meeting", "reported", "not_reported", "on_time", "late", "overdue", "undated"]
    for k, (s, c, p) in enumerate(expected):
        row = frame.iloc[k]
        for name in ("indicator", "entity", "disaggregation"):
            assert row[name] == s[name], (k, name)
        assert (row["population"], row["rule"], row["not_reported_policy"]) == (c["population"], c["rule"], c["not_reported_policy"])
        assert row["reference"].date().isoformat() == c["reference"] and row["members_now"] == c["members"]
        assert same(row["period"], p["period"]) and row["on"].date().isoformat() == p["on"], k
        assert row["members"] == p["members"] and same(row["value"], p["value"]) and row["why"] == p["why"], k
        for g in groups:
            if g in p:
                assert row[g] == ";".join(p[g]) and row[g + "_count"] == len(p[g]), (k, g)
            else:
                assert row[g] == "" and math.isnan(row[g + "_count"]), (k, g)


def test_dtypes_and_picked_columns(flagship_eval):
    frame = flagship_eval.to_pandas(columns=["status", "indicator", "trace", "score", "n_points", "base_declared"])
    assert list(frame.columns) == ["status", "indicator", "trace", "score", "n_points", "base_declared"]
    assert list(frame["status"].cat.categories) == list(waypoint._capi.STATUSES)
    assert frame["score"].dtype == "float64" and frame["n_points"].dtype == "int64"
    assert str(frame["base_declared"].dtype) == "boolean"
    assert isinstance(frame["trace"].iloc[0], dict) and "rule" in frame["trace"].iloc[0]
    with pytest.raises(waypoint.Error) as e:
        flagship_eval.to_pandas(columns=["nope"])
    assert e.value.code == "capi.bad_field"
    with pytest.raises(ValueError):
        flagship_eval.to_pandas(kind="nope")


def test_periods_become_pandas_periods_when_they_have_one_form(mini_plan):
    obs = waypoint.Observations.from_pandas(pd.DataFrame({"indicator": ["P2"] * 3, "entity": ["LAO"] * 3, "year": [2026, 2027, 2028],
                                                          "value": [10.0, 20.0, 30.0]}))
    frame = mini_plan.evaluate(obs, as_of=AS_OF).to_pandas()
    row = frame[frame.indicator == "P2"].iloc[0]
    assert row["current_period"] == pd.Period("2028", freq="A")
    assert row["base_period"] == pd.Period("2026", freq="A")


MINI_ROWS = [("P1", "*", 2026, 100.0, None), ("P1", "*", 2027, 104.0, "2028-03-01"), ("P1", "*", 2028, 109.0, None),
             ("P2", "LAO", 2026, 10.0, None), ("P2", "LAO", 2028, 30.0, None), ("P2", "IRQ", 2027, 12.0, "2028-01-15"),
             ("B1", "LAO", 2028, 1.0, None), ("O1", "IRQ", 2028, 1.0, None)]


def mini_frame():
    return pd.DataFrame(MINI_ROWS, columns=["indicator", "entity", "year", "value", "reported_on"])


def test_from_pandas_equals_from_rows_for_every_period_type(mini_plan):
    want = mini_plan.evaluate(waypoint.Observations.from_rows([r[:4] + (r[4],) for r in MINI_ROWS]), as_of=AS_OF).to_csv()
    base = mini_frame()
    variants = {
        "int years": base,
        "text years": base.assign(year=base["year"].astype(str)),
        "categoricals": base.assign(indicator=base["indicator"].astype("category"), entity=base["entity"].astype("category")),
        "annual periods": base.assign(year=pd.PeriodIndex(base["year"].astype(str), freq="A")),
        "float years with a NaN value": pd.concat([base, pd.DataFrame([("P2", "LAO", 2029, np.nan, None)], columns=base.columns)]),
        "reported_on as datetime64": base.assign(reported_on=pd.to_datetime(base["reported_on"])),
        "None values": pd.concat([base, pd.DataFrame([("P2", "LAO", 2029, None, None)], columns=base.columns)]),
    }
    for name, df in variants.items():
        got = mini_plan.evaluate(waypoint.Observations.from_pandas(df), as_of=AS_OF).to_csv()
        assert got == want, name
    statuses = {(r.indicator, r.entity): r.status for r in mini_plan.evaluate(waypoint.Observations.from_pandas(base), as_of=AS_OF)}
    assert {k: v for k, v in statuses.items() if k in MINI_STATUSES and k != ("Q1", "LAO")} == \
        {k: v for k, v in MINI_STATUSES.items() if k != ("Q1", "LAO")}


def test_from_pandas_reads_timestamps_and_quarters_as_their_periods(mini_plan):
    df = pd.DataFrame({"indicator": ["P2", "P2", "P2"], "entity": ["LAO"] * 3,
                       "period": [pd.Timestamp("2026-01-31"), pd.Timestamp("2027-01-31"), pd.Timestamp("2028-01-31")],
                       "value": [10, 20, 30]})
    frame = mini_plan.evaluate(waypoint.Observations.from_pandas(df), as_of=AS_OF).to_pandas()
    assert frame.loc[frame.indicator == "P2", "current_period"].iloc[0] == pd.Period("2028-01-31", freq="D")
    q = df.assign(period=pd.PeriodIndex(["2026Q1", "2027Q1", "2028Q1"], freq="Q"))
    frame = mini_plan.evaluate(waypoint.Observations.from_pandas(q), as_of=AS_OF).to_pandas()
    assert frame.loc[frame.indicator == "P2", "current_period"].iloc[0] == pd.Period("2028Q1", freq="Q")
    # A Timestamp in a record is its date, not 2025-01-31T00:00:00.
    rows = [{"indicator": "P2", "entity": "LAO", "period": pd.Timestamp("2026-01-31"), "value": 10.0, "reported_on": float("nan")}]
    assert waypoint.Observations.from_rows(rows).check(mini_plan) == 1


def test_default_read_csv_records_work(mini_plan, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("indicator,entity,period,value,reported_on\nP2,LAO,2026,10,\nP2,LAO,2027,,\nP2,LAO,2028,30,2029-01-01\n")
    df = pd.read_csv(path)
    assert waypoint.Observations.from_rows(df.to_dict("records")).check(mini_plan) == 2
    assert waypoint.Observations.from_pandas(df).check(mini_plan) == 2


def test_from_pandas_text_values_go_through_the_csv_reader(mini_plan):
    df = pd.DataFrame({"indicator": ["B1", "O1", "Q1"], "entity": ["LAO", "IRQ", "LAO"], "year": [2028, 2028, 2028],
                       "value": ["yes", "draft", "Progress reported, with a comma"]})
    ev = mini_plan.evaluate(waypoint.Observations.from_pandas(df), as_of=AS_OF)
    got = {(r.indicator, r.entity): r.status for r in ev}
    assert got[("B1", "LAO")] == "achieved" and got[("O1", "IRQ")] == "on_track"


def test_from_pandas_problems_are_located_at_their_rows(mini_plan):
    df = mini_frame()
    df.loc[2, "indicator"] = "NOPE"
    df.loc[4, "entity"] = None
    with pytest.raises(waypoint.Error) as e:
        waypoint.Observations.from_pandas(df).check(mini_plan)
    assert e.value.code == "obs.unknown_indicator"
    assert "<columns>:3: obs.unknown_indicator: unknown indicator \"NOPE\"" in str(e.value)
    assert "<columns>:5: obs.missing_value" in str(e.value)
    with pytest.raises(ValueError, match="row 2"):
        waypoint.Observations.from_pandas(mini_frame().assign(reported_on=[None, "yesterday"] + [None] * 6)).check(mini_plan)
    with pytest.raises(KeyError, match="no column 'when'"):
        waypoint.Observations.from_pandas(mini_frame(), period="when").check(mini_plan)


def test_dimensions_flags_and_sources(mini_plan):
    df = pd.DataFrame({"indicator": ["P2"] * 4, "entity": ["LAO"] * 4, "year": [2026, 2027, 2026, 2027], "value": [10, 20, 5, 9],
                       "flag": [None, "estimated", None, "provisional"], "source": ["Survey"] * 4,
                       "dim:sex": ["female", "female", None, None], "dim:age": [None, None, "0-17", "0-17"]})
    frame = mini_plan.evaluate(waypoint.Observations.from_pandas(df)).to_pandas()
    groups = frame[frame.indicator == "P2"].set_index("disaggregation")
    assert groups.loc["sex=female", "estimated_points"] == 1
    assert groups.loc["age=0-17", "provisional_points"] == 1
    with pytest.raises(ValueError, match="a flag is estimated, provisional or empty"):
        waypoint.Observations.from_pandas(df.assign(flag=["guess"] * 4)).check(mini_plan)


def test_evaluate_pandas_equals_evaluate_to_pandas(flagship_plan, flagship_obs, flagship_eval):
    fast = flagship_plan.evaluate_pandas(flagship_obs, as_of=AS_OF)
    pd.testing.assert_frame_equal(fast, flagship_eval.to_pandas())
    picked = flagship_plan.evaluate_pandas(flagship_obs, as_of=AS_OF, columns=["indicator", "status"])
    assert list(picked.columns) == ["indicator", "status"]
    with pytest.raises(waypoint.Error) as e:
        flagship_plan.evaluate_pandas(flagship_obs, columns=["trace"])
    assert e.value.code == "capi.bad_field"


def test_observations_from_the_frame_of_a_csv_give_the_csv_result(flagship_plan, flagship_eval):
    frame = pd.read_csv(FLAGSHIP / "observations.csv")
    ev = flagship_plan.evaluate(waypoint.Observations.from_pandas(frame), as_of=datetime.date(2029, 6, 30))
    assert ev.to_csv() == flagship_eval.to_csv()


def test_reports_validate_and_iati(cli, flagship_plan, flagship_eval, tmp_path):
    import subprocess as sp
    for fmt, method in (("html", flagship_eval.to_html), ("markdown", flagship_eval.to_markdown), ("table", flagship_eval.to_table)):
        for lang in ("en", "fr", "es"):
            want = sp.run([cli, "evaluate", str(FLAGSHIP / "plan.yaml"), "--observations", str(FLAGSHIP / "observations.csv"), "--as-of",
                           AS_OF, "--format", fmt, "--lang", lang], check=True, capture_output=True).stdout.decode()
            assert method(lang) == want, (fmt, lang)
    assert flagship_eval.to_html("fr") != flagship_eval.to_html() and '<html lang="fr">' in flagship_eval.to_html("fr")
    with pytest.raises(ValueError, match="unknown language"):
        flagship_eval.to_html("de")
    assert waypoint.validate(FLAGSHIP / "plan.yaml", FLAGSHIP / "observations.csv") == []
    bad = tmp_path / "bad.yaml"
    bad.write_text((FLAGSHIP / "plan.yaml").read_text().replace("id: U2", "id: U1", 1))
    problems = waypoint.validate(bad)
    assert problems and problems[0].severity == "error" and problems[0].code == "plan.duplicate_id" and problems[0].line > 0
    assert str(problems[0]).startswith(f"error: {bad}:")
    plan, obs, findings = waypoint.import_iati(FLAGSHIP.parent.parent / "tests" / "data" / "iati" / "full.xml")
    assert all(isinstance(f, waypoint.Problem) for f in findings)
    xml = plan.export_iati(obs)
    plan2, obs2, _ = waypoint.import_iati(xml.encode())
    assert plan2.export_iati(obs2) == xml
    assert len(plan.evaluate(obs)) > 0
    with pytest.raises(ValueError, match="imported from IATI"):
        flagship_plan.evaluate(obs)
    with pytest.raises(waypoint.Error) as e:
        waypoint.import_iati(b"<nope/>")
    assert e.value.code == "iati.not_iati"


def test_deadlines_equal_the_cli(cli, flagship_plan, flagship_obs):
    import csv as csv_module
    import io as io_module
    import subprocess as sp
    out = sp.run([cli, "deadlines", str(FLAGSHIP / "plan.yaml"), "-O", str(FLAGSHIP / "observations.csv"), "--as-of", AS_OF, "--format", "csv"],
                 check=True, capture_output=True).stdout.decode()
    want = list(csv_module.DictReader(io_module.StringIO(out)))
    got = flagship_plan.deadlines(AS_OF, flagship_obs)
    assert list(got.columns) == ["entity", "obligation", "state", "deadline", "original_deadline", "extensions", "completed", "days"]
    assert len(got) == len(want) > 0
    for k, row in enumerate(want):
        assert got["entity"].iloc[k] == row["entity"] and got["obligation"].iloc[k] == row["obligation"]
        assert str(got["state"].iloc[k]) == row["state"]
        for name, key in (("deadline", "deadline"), ("original_deadline", "original_deadline"), ("completed", "completed")):
            cell = got[name].iloc[k]
            assert ("" if pd.isna(cell) else cell.date().isoformat()) == row[key], (k, name)
        assert int(got["extensions"].iloc[k]) == int(row["extensions"])
        assert ("" if math.isnan(got["days"].iloc[k]) else str(int(got["days"].iloc[k]))) == row["days"]
