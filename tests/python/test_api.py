# SPDX-License-Identifier: Apache-2.0
"""Plans from text, observations from rows, errors, and the binding's agreement with waypoint.h."""
import csv
import datetime
import os
import re
import subprocess
import sys

import pytest

import waypoint
from waypoint import _capi
from conftest import MINI_STATUSES, MINI_YAML, SOURCE_DIR

HEADER = (SOURCE_DIR / "include" / "waypoint" / "waypoint.h").read_text()


def statuses(ev):
    return {(s.indicator, s.entity): s.status for s in ev}


def test_constants_match_the_header():
    enum = {m[0]: int(m[1]) for m in re.findall(r"\b(WAYPOINT_[A-Z_]+) = (\d+)", HEADER)}
    codes = {k[len("WAYPOINT_"):]: v for k, v in enum.items() if k == "WAYPOINT_OK" or k.startswith("WAYPOINT_E_")}
    assert codes == {v: k for k, v in _capi.STATUS_NAMES.items()}
    # The header's field ids are the vocabulary's (read from the library), and the legacy trace rule.
    assert {k: v for k, v in enum.items() if k.startswith("WAYPOINT_FIELD_") and not k.startswith("WAYPOINT_FIELD_TYPE_")} == \
           {**{"WAYPOINT_FIELD_" + name.upper(): value for name, value, _, _ in _capi.fields()}, "WAYPOINT_FIELD_TRACE_RULE": _capi.FIELD_TRACE_RULE}
    assert {v: k[len("WAYPOINT_FIELD_TYPE_"):].lower() for k, v in enum.items() if k.startswith("WAYPOINT_FIELD_TYPE_")} == _capi.FIELD_TYPES
    assert [k for k, _ in sorted(((k, v) for k, v in enum.items() if k.startswith("WAYPOINT_STATUS_")), key=lambda kv: kv[1])] == \
           ["WAYPOINT_STATUS_" + s.upper() for s in _capi.STATUSES]
    assert {k: v for k, v in enum.items() if k.startswith("WAYPOINT_FORMAT_")} == \
           {"WAYPOINT_FORMAT_" + k.upper(): v for k, v in _capi.FORMATS.items()}
    assert {k: v for k, v in enum.items() if k.startswith("WAYPOINT_PLAN_")} == \
           {"WAYPOINT_PLAN_AUTO": 0, "WAYPOINT_PLAN_YAML": 1, "WAYPOINT_PLAN_JSON": 2, "WAYPOINT_PLAN_INDICATOR_TABLE": 3}
    assert [_capi.PLAN_FORMATS[f] for f in ("auto", "yaml", "json", "indicator_table")] == [0, 1, 2, 3]
    assert (enum["WAYPOINT_RESULTS_SERIES"], enum["WAYPOINT_RESULTS_COLLECTIVE"]) == (_capi.RESULTS_SERIES, _capi.RESULTS_COLLECTIVE)
    assert f"#define WAYPOINT_EVALUATION_OPTIONS_VERSION {_capi.EVALUATION_OPTIONS_VERSION}" in HEADER
    assert sorted(re.findall(r"WAYPOINT_API [^;(]*?[ *](waypoint_[a-z_0-9]+)\(", HEADER)) == sorted(_capi._SIGNATURES)


def test_version():
    number = int(re.search(r"#define WAYPOINT_VERSION (\d+)", HEADER).group(1))
    assert waypoint.version() == f"{number // 1000000}.{number // 1000 % 1000}.{number % 1000}"


def test_plans_from_text(mini_plan):
    assert (mini_plan.id, mini_plan.title, mini_plan.indicators) == ("mini", "Mini plan", ["P1", "P2", "B1", "O1", "Q1"])
    j = waypoint.Plan.from_string('{"waypoint": 1, "plan": {"id": "j", "title": "J", "period": "2027-01-01/2031-12-31"}, "sections": []}', "json")
    assert j.id == "j"
    table = waypoint.Plan.from_string(b"indicator,direction,target,target_year,limit,base_year\nI1,1,50,2030,,2015\n", "indicator_table")
    assert table.indicators == ["I1"]
    with pytest.raises(ValueError):
        waypoint.Plan.from_string(MINI_YAML, "auto")


def test_rows_numeric_text_and_mappings(mini_plan):
    obs = waypoint.Observations.from_rows([("P1", "*", 2026, 100), ("P1", "*", "2027", 104.0, datetime.date(2028, 3, 1)),
                                           ("P1", "*", 2028, 109), ("P2", "LAO", 2026, 10), ("P2", "LAO", 2028, 30),
                                           ("P2", "IRQ", 2027, 12), ("P2", "IRQ", 2029, None)])
    obs.extend([("B1", "LAO", 2028, "yes"), ("O1", "IRQ", 2028, "draft")])
    obs.extend([{"indicator": "Q1", "entity": "LAO", "year": 2028, "value": "Progress, reported", "source": "report"}])
    assert obs.check(mini_plan) == 9
    ev = mini_plan.evaluate(obs, as_of=datetime.datetime(2029, 6, 30, 12, 0))
    assert statuses(ev) == MINI_STATUSES
    assert next(s for s in ev if s.indicator == "Q1").narrative == "Progress, reported"
    # Appending after an evaluation: the next evaluation sees the new row.
    obs.append("B1", "IRQ", "2028", True)
    assert statuses(mini_plan.evaluate(obs, as_of="2029-06-30"))[("B1", "IRQ")] == "achieved"
    # The same observations evaluated with another plan.
    other = waypoint.Plan.from_string(MINI_YAML, "yaml")
    assert len(other.evaluate(obs, as_of="2029-06-30")) == 7


def test_rows_with_flags_and_dimensions(mini_plan):
    rows = [{"indicator": "P2", "entity": "LAO", "period": "2026", "value": 10, "dim:sex": "f", "flag": "estimated"},
            {"indicator": "P2", "entity": "LAO", "period": "2028", "value": 30, "dim:sex": "f"}]
    ev = mini_plan.evaluate(waypoint.Observations.from_rows(rows), as_of="2029-06-30")
    p2 = [s for s in ev if s.indicator == "P2"]
    assert [(s.disaggregation, s.estimated_points) for s in p2] == [("sex=f", 1)]


def test_errors_carry_the_c_message(mini_plan, flagship_plan, flagship_obs, tmp_path):
    with pytest.raises(waypoint.Error) as e:
        waypoint.Plan.load(tmp_path / "missing.yaml")
    assert (e.value.status_name, e.value.code) == ("E_IO", "plan.io") and "missing.yaml" in str(e.value)
    bad = MINI_YAML.replace("id: P2", "id: P1").replace("measure: binary", "measure: nonsense")
    with pytest.raises(waypoint.Error) as e:
        waypoint.Plan.from_string(bad, "yaml", "bad.yaml")
    assert e.value.status_name == "E_INVALID" and e.value.code == "plan.duplicate_id"
    assert "bad.yaml:" in str(e.value) and "nonsense" in str(e.value) and len(str(e.value).splitlines()) >= 2
    with pytest.raises(waypoint.Error) as e:
        flagship_plan.evaluate(flagship_obs, method="no-such-method")
    assert (e.value.status_name, e.value.code) == ("E_METHOD", "method.unknown") and "no-such-method" in str(e.value)
    with pytest.raises(waypoint.Error) as e:
        flagship_plan.evaluate(flagship_obs, params=["tolerance"])
    assert e.value.code == "capi.bad_param"
    with pytest.raises(waypoint.Error) as e:
        flagship_plan.evaluate(flagship_obs, as_of="2029-02-30")
    assert (e.value.status_name, e.value.code) == ("E_ARGUMENT", "capi.bad_date")
    with pytest.raises(waypoint.Error) as e:
        mini_plan.evaluate(waypoint.Observations.from_rows([("P1", "*", 2026, 1), ("ZZ", "*", 2026, 1), ("P2", "XXX", "2026-13", 1)]))
    message = str(e.value)
    assert "<rows>:2: obs.unknown_indicator" in message and "<rows>:3: obs.bad_period" in message
    with pytest.raises(waypoint.Error) as e:
        mini_plan.evaluate(waypoint.Observations.from_rows([("P1", "*", 2026, 1), ("P1", "*", 2026, 2)]))
    assert e.value.code == "obs.duplicate"
    with pytest.raises(waypoint.Error) as e:
        mini_plan.evaluate(waypoint.Observations.from_csv_text("indicator,entity,period,value\nB1,LAO,2028,maybe\n", "b.csv"))
    assert e.value.code == "obs.bad_level" and "b.csv:2:" in str(e.value)
    ev = mini_plan.evaluate(waypoint.Observations.from_rows([("P1", "*", 2026, 1)]))
    with pytest.raises(ValueError):
        ev.render("pdf")
    assert isinstance(e.value, Exception)


def test_library_not_found_is_explained():
    env = dict(os.environ, WAYPOINT_LIBRARY="/nonexistent/libwaypoint-c.so.0")
    env.pop("LD_PRELOAD", None)
    r = subprocess.run([sys.executable, "-c", "import waypoint; waypoint.version()"], env=env, capture_output=True, text=True)
    assert r.returncode != 0 and "WAYPOINT_LIBRARY" in r.stderr and "/nonexistent/libwaypoint-c.so.0" in r.stderr


def test_partitions_merge_into_the_single_run(flagship_plan, flagship_obs):
    """partition=(k, n): disjoint parts that, merged in key order, are the single run's rows."""
    whole = flagship_plan.evaluate(flagship_obs, as_of="2029-06-30").to_csv().splitlines()
    rows = []
    for k in range(3):
        part = flagship_plan.evaluate(flagship_obs, as_of="2029-06-30", partition=(k, 3), threads=1).to_csv().splitlines()
        assert part[0] == whole[0]
        rows += part[1:]
    assert len(rows) == len(whole) - 1
    key = lambda line: next(csv.reader([line]))[:3]
    assert sorted(rows, key=key) == whole[1:]
    with pytest.raises(ValueError):
        flagship_plan.evaluate(flagship_obs, partition=(3, 3))


def test_evaluate_csv_streams_the_same_text(mini_plan):
    obs = waypoint.Observations.from_rows([("P1", "*", 2026, 100), ("P1", "*", 2027, 104.0), ("P1", "*", 2028, 109),
                                           ("P2", "LAO", 2026, 10), ("P2", "LAO", 2028, 30), ("P2", "IRQ", 2027, 12)])
    full = mini_plan.evaluate(obs, as_of="2028-12-31", traces=False).to_csv()
    assert mini_plan.evaluate_csv(obs, as_of="2028-12-31") == full
    some = mini_plan.evaluate_csv(obs, ["indicator", "entity", "status", "score"], as_of="2028-12-31", method="sdg-canada",
                                  params={"base_year": 2026, "target_year": 2031})
    rows = list(csv.reader(some.splitlines()))
    assert rows[0] == ["indicator", "entity", "status", "score"]
    by_method = mini_plan.evaluate(obs, as_of="2028-12-31", method="sdg-canada", params={"base_year": 2026, "target_year": 2031})
    assert [r[:3] for r in rows[1:]] == [[s.indicator, s.entity, s.status] for s in by_method]
    with pytest.raises(waypoint.Error) as e:
        mini_plan.evaluate_csv(obs, ["indicator", "colour"])
    assert e.value.code == "csv.unknown_column" and "colour" in str(e.value)


def test_careless_arguments_are_refused_in_python(flagship_plan, flagship_obs):
    with pytest.raises(TypeError):
        waypoint.Plan.load(None)
    for bad in ((0, 2 ** 32), (-1, 2), (2, 2), (0.5, 2)):
        with pytest.raises(ValueError):
            flagship_plan.evaluate(flagship_obs, partition=bad)
    for bad in (-1, 2 ** 32, 1025, 1.5):
        with pytest.raises(ValueError):
            flagship_plan.evaluate(flagship_obs, threads=bad)


def test_reprs_docstrings_and_help_show_the_public_way_in(flagship_plan, flagship_obs, flagship_eval):
    import inspect
    import pydoc
    assert repr(flagship_plan).startswith("<waypoint.Plan 'ccm-2027-2031': ") and "indicators>" in repr(flagship_plan)
    text = repr(flagship_eval)
    assert text.startswith("<waypoint.Evaluation as of 2029-06-30: ") and f"{len(flagship_eval)} series (" in text
    assert "achieved" in text
    assert repr(waypoint.Observations()) == "<waypoint.Observations: empty>"
    assert "last evaluated with plan 'ccm-2027-2031'" in repr(flagship_obs)
    # Plans and evaluations come from their factories; the internal handle constructor is not shown.
    with pytest.raises(TypeError, match="Plan.load"):
        waypoint.Plan()
    with pytest.raises(TypeError, match="evaluate"):
        waypoint.Evaluation()
    for cls in (waypoint.Plan, waypoint.Evaluation):
        page = pydoc.render_doc(cls, renderer=pydoc.plaintext)
        assert "destroy" not in page and "handle" not in str(inspect.signature(cls))
    assert "Plan.load(path)" in pydoc.render_doc(waypoint.Plan, renderer=pydoc.plaintext)
    # Every public name, and every public method of the public classes, says what it does.
    for name in waypoint.__all__:
        obj = getattr(waypoint, name)
        if callable(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), name
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and (callable(member) or isinstance(member, (property, classmethod, staticmethod))):
                    assert (getattr(member, "__doc__", None) or "").strip(), f"{name}.{attr}"
    assert waypoint.__version__ == waypoint.version()
