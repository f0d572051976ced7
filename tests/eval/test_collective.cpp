// Collective indicators over dated populations: share/count/sum/ratio rules, not-reported
// policies, empty populations, and a denominator that changes as entities join and leave.
#include "support.hpp"

#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace waypoint;
using test::d;
using test::row;

namespace {

const std::string collective_plan_text = R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
obligations: [{id: stockpile, years: 8}]
entities:
  - {id: AAA, entry_into_force: 2010-08-01, withdrawn: 2025-03-06}
  - {id: BBB, entry_into_force: 2010-08-01}
  - {id: CCC, entry_into_force: 2010-08-01}
  - {id: DDD, entry_into_force: 2026-03-01}
  - {id: EEE, entry_into_force: 2010-08-01, obligations: [{kind: stockpile, completed: 2015-01-01}]}
populations:
  - {id: parties}
  - {id: holders, obligation: stockpile}
)" + test::one_action_yaml + R"(          - {id: PLAN, measure: binary, scope: national}
          - {id: AREA, measure: amount, scope: national}
          - {id: POP, measure: amount, scope: national}
          - id: SHARE
            measure: percentage
            scope: collective
            aggregate: {rule: share_meeting, population: parties, of: PLAN}
            target: {value: 100, at: 2031}
          - id: SHARE_STRICT
            measure: percentage
            scope: collective
            aggregate: {rule: share_meeting, population: parties, of: PLAN, not_reported: not_meeting}
          - id: COUNT
            measure: count
            scope: collective
            aggregate: {rule: count_meeting, population: parties, of: AREA, meeting: {at_least: 10}}
          - id: TOTAL
            measure: amount
            scope: collective
            aggregate: {rule: sum, population: parties, of: AREA}
          - id: MEAN
            measure: amount
            scope: collective
            aggregate: {rule: mean, population: parties, of: AREA}
          - id: RATIO
            measure: percentage
            scope: collective
            aggregate: {rule: ratio_of_sums, population: parties, of: AREA, denominator: POP}
          - id: HELD
            measure: count
            scope: collective
            aggregate: {rule: sum, population: holders, of: AREA}
)";

const char* obs_text = R"(indicator,entity,period,value
PLAN,AAA,2024,yes
PLAN,BBB,2024,yes
PLAN,CCC,2024,no
PLAN,BBB,2026,yes
PLAN,CCC,2026,yes
PLAN,DDD,2026,no
AREA,AAA,2024,30
AREA,BBB,2024,5
AREA,CCC,2024,20
AREA,BBB,2026,8
AREA,CCC,2026,12
AREA,DDD,2026,40
POP,AAA,2024,100
POP,BBB,2024,50
POP,CCC,2024,50
POP,BBB,2026,100
POP,CCC,2026,100
)";

const collective_period& period_of(const series_result& r, int year) {
  REQUIRE(r.collective);
  for (const auto& cp : r.collective->periods)
    if (cp.at == period::year(year)) return cp;
  FAIL("no period " << year);
  return r.collective->periods.front();
}
std::vector<std::string> names(const std::vector<entity_id>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.str());
  return out;
}
}  // namespace

TEST_CASE("share_meeting: the denominator follows the population as entities leave and join") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  const auto store = io::parse_observations(obs_text, p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  const auto& share = row(ev, "SHARE");
  CHECK(share.entity.str() == "*");
  // 2024: AAA, BBB, CCC, EEE are parties (DDD not yet); EEE did not report: excluded.
  const auto& y24 = period_of(share, 2024);
  CHECK(y24.members == 4);
  CHECK(names(y24.group(collective_group::meeting)) == std::vector<std::string>{"AAA", "BBB"});
  CHECK(names(y24.group(collective_group::not_meeting)) == std::vector<std::string>{"CCC"});
  CHECK(names(y24.group(collective_group::not_reported)) == std::vector<std::string>{"EEE"});
  CHECK(test::same(y24.value, 100.0 * 2 / 3));
  // 2026: AAA has withdrawn, DDD has joined.
  const auto& y26 = period_of(share, 2026);
  CHECK(y26.members == 4);
  CHECK(names(y26.group(collective_group::meeting)) == std::vector<std::string>{"BBB", "CCC"});
  CHECK(names(y26.group(collective_group::not_meeting)) == std::vector<std::string>{"DDD"});
  CHECK(names(y26.group(collective_group::not_reported)) == std::vector<std::string>{"EEE"});
  CHECK(test::same(y26.value, 100.0 * 2 / 3));
  CHECK(test::same(share.outcome.current->amount, 100.0 * 2 / 3));
  // The trace lists who was in each group.
  bool listed = false, rule = false;
  for (const auto& [k, v] : share.outcome.trace.inputs) {
    if (k == "not_reported (2026)") listed = v == "EEE";
    if (k == "aggregation") rule = v == "share_meeting";
  }
  CHECK(listed);
  CHECK(rule);
}

TEST_CASE("not reported: excluded from the denominator, or counted as not meeting") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  const auto store = io::parse_observations(obs_text, p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  CHECK(test::same(period_of(row(ev, "SHARE"), 2024).value, 200.0 / 3));
  CHECK(test::same(period_of(row(ev, "SHARE_STRICT"), 2024).value, 50.0));  // 2 of 4
  CHECK(test::same(period_of(row(ev, "SHARE_STRICT"), 2026).value, 50.0));
}

TEST_CASE("count, sum, mean and ratio_of_sums over the members that reported") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  const auto store = io::parse_observations(obs_text, p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  CHECK(test::same(period_of(row(ev, "COUNT"), 2024).value, 2.0));   // AAA 30, CCC 20
  CHECK(test::same(period_of(row(ev, "COUNT"), 2026).value, 2.0));   // CCC 12, DDD 40
  CHECK(test::same(period_of(row(ev, "TOTAL"), 2024).value, 55.0));
  CHECK(test::same(period_of(row(ev, "TOTAL"), 2026).value, 60.0));  // AAA left; DDD joined
  CHECK(test::same(period_of(row(ev, "MEAN"), 2024).value, 55.0 / 3));  // EEE not reported: not a 0
  // Σ30+5+20 / Σ100+50+50 = 27.5%, not the mean of 30%, 10%, 40% (26.67%).
  CHECK(test::same(period_of(row(ev, "RATIO"), 2024).value, 27.5));
  CHECK(test::same(period_of(row(ev, "RATIO"), 2026).value, 10.0));  // DDD has no POP: not counted
  CHECK(names(period_of(row(ev, "RATIO"), 2026).group(collective_group::not_reported)) == std::vector<std::string>{"DDD", "EEE"});
}

TEST_CASE("value rules have no predicate: their groups are reported and not reported, and a 0 is reported") {
  // The flagship's C9 case: a member that reported 0 km² is "reported", not "meeting".
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  const auto store = io::parse_observations(std::string(obs_text) + "AREA,EEE,2026,0\n", p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  for (const char* id : {"TOTAL", "MEAN", "RATIO"}) {
    const auto& y26 = period_of(row(ev, id), 2026);
    CHECK(y26.group(collective_group::meeting).empty());
    CHECK(y26.group(collective_group::not_meeting).empty());
  }
  const auto& total = row(ev, "TOTAL");
  const auto& y26 = period_of(total, 2026);
  CHECK(names(y26.group(collective_group::reported)) == std::vector<std::string>{"BBB", "CCC", "DDD", "EEE"});
  CHECK(y26.group(collective_group::not_reported).empty());
  CHECK(test::same(y26.value, 60.0));
  CHECK(test::same(period_of(row(ev, "MEAN"), 2026).value, 15.0));  // the 0 counts: 60 / 4
  // RATIO: EEE has no POP for 2026, so it is not reported for the ratio.
  CHECK(names(period_of(row(ev, "RATIO"), 2026).group(collective_group::not_reported)) == std::vector<std::string>{"DDD", "EEE"});
  // The trace names the rule's own groups, and only those.
  std::map<std::string, std::string> inputs(total.outcome.trace.inputs.begin(), total.outcome.trace.inputs.end());
  CHECK(inputs.at("reported (2026)") == "BBB,CCC,DDD,EEE");
  CHECK(inputs.at("not_reported (2026)") == "-");
  CHECK_FALSE(inputs.count("meeting (2026)"));
  CHECK_FALSE(inputs.count("not_meeting (2026)"));
  // So does the JSON: a value rule writes reported / not_reported, a counting rule meeting /
  // not_meeting / not_reported.
  std::ostringstream json;
  io::write_json(json, p, ev);
  const auto doc = nlohmann::json::parse(json.str());
  for (const auto& s : doc["series"]) {
    if (s["collective"].is_null()) continue;
    const auto& period = s["collective"]["periods"].back();
    const std::string rule = s["collective"]["rule"];
    const bool counted = rule == "share_meeting" || rule == "count_meeting";
    CHECK(period.contains("meeting") == counted);
    CHECK(period.contains("not_meeting") == counted);
    CHECK(period.contains("reported") == !counted);
    CHECK(period.contains("not_reported"));
  }
}

TEST_CASE("periods come from any entity's data of `of`, but a value needs a member's report") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  // DDD is not a party in 2025 (in force 2026-03-01), yet it reported for 2025.
  const auto store = io::parse_observations(std::string(obs_text) + "PLAN,DDD,2025,yes\nAREA,DDD,2025,40\nPOP,DDD,2025,80\n", p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  for (const char* id : {"SHARE", "SHARE_STRICT", "COUNT", "TOTAL", "MEAN", "RATIO"}) {
    INFO(id);
    const auto& y25 = period_of(row(ev, id), 2025);  // listed, so the reader sees why there is no value
    CHECK(y25.members == 3);                          // AAA withdrew on 2025-03-06: BBB, CCC, EEE
    CHECK(names(y25.group(collective_group::not_reported)) == std::vector<std::string>{"BBB", "CCC", "EEE"});
    CHECK_FALSE(y25.value);  // never 0 (count_meeting) or 0% (share_meeting with not_meeting)
  }
  CHECK(period_of(row(ev, "SHARE_STRICT"), 2025).why == "no member reported");
  CHECK(period_of(row(ev, "RATIO"), 2025).why == "no member reported both AREA and POP");
  // The series values skip the period: the latest value is still 2026's.
  CHECK(test::same(row(ev, "COUNT").outcome.current->amount, 2.0));

  // A denominator alone makes no period of a ratio.
  const auto den_only = evaluate(p, io::parse_observations(std::string(obs_text) + "POP,BBB,2025,100\n", p, "c2.csv"), d("2027-06-30"));
  for (const auto& cp : row(den_only, "RATIO").collective->periods) CHECK(cp.at != period::year(2025));

  // When no member ever reported, the status is insufficient_data, whatever the policy.
  const auto none = evaluate(p, io::parse_observations("indicator,entity,period,value\nPLAN,DDD,2025,yes\n", p, "c3.csv"), d("2027-06-30"));
  for (const char* id : {"SHARE", "SHARE_STRICT"}) {
    INFO(id);
    CHECK(row(none, id).outcome.status == status::insufficient_data);
    CHECK(row(none, id).outcome.reason == "no period has a value: no member reported");
  }
}

TEST_CASE("an empty population is not applicable, never 0") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  const auto store = io::parse_observations(obs_text, p, "c.csv");
  const auto ev = evaluate(p, store, d("2027-06-30"));
  const auto& held = row(ev, "HELD");
  CHECK(held.outcome.status == status::not_applicable);
  CHECK(held.outcome.reason == "population holders is empty on 2027-06-30");
  for (const auto& cp : held.collective->periods) {
    CHECK_FALSE(cp.value);
    CHECK(cp.members == 0);
  }
  CHECK_FALSE(held.outcome.current);
}

TEST_CASE("observations of an aggregated indicator are rejected with their line") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  auto ps = test::problems_of([&] { (void)io::parse_observations("indicator,entity,period,value\nAREA,BBB,2020,1\nTOTAL,*,2024,55\n", p, "x.csv"); });
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::obs_aggregated);
  CHECK(ps[0].where.str() == "x.csv:3:7");
}

TEST_CASE("aggregation rules are checked when the plan is built") {
  auto ps = test::problems_of([] {
    (void)io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
populations: [{id: parties}]
)" + test::one_action_yaml + R"(          - {id: N, measure: ordinal, levels: [none, some, all], scope: national}
          - {id: C1, measure: count, scope: collective, aggregate: {rule: share_meeting, population: parties, of: N}}
          - {id: C2, measure: percentage, scope: collective, aggregate: {rule: share_meeting, population: nobody, of: N}}
          - {id: C3, measure: percentage, scope: collective, aggregate: {rule: share_meeting, population: parties, of: N, meeting: {at_least: most}}}
          - {id: C4, measure: amount, scope: collective, aggregate: {rule: sum, population: parties, of: N}}
          - {id: C5, measure: amount, scope: collective, aggregate: {rule: ratio_of_sums, population: parties, of: N}}
          - {id: C6, measure: amount, scope: national, aggregate: {rule: mean, population: parties, of: C1}}
          - {id: C7, measure: percentage, scope: collective, aggregate: {rule: reports_on_time, population: parties}}
)",
                         io::plan_format::yaml, "agg.yaml");
  });
  std::vector<std::string> msgs;
  for (auto& p : ps) msgs.push_back(p.where.str() + " " + std::string(to_string(p.code)) + " " + p.message);
  CHECK(test::contains(msgs, "agg.yaml:12:"));                                  // C1: share needs a percentage
  CHECK(test::contains(msgs, "share_meeting gives a percentage"));
  CHECK(test::contains(msgs, "unknown population 'nobody'"));
  CHECK(test::contains(msgs, "level 'most' is not on the scale of N"));
  CHECK(test::contains(msgs, "needs a numeric indicator"));
  CHECK(test::contains(msgs, "ratio_of_sums needs a national denominator"));
  CHECK(test::contains(msgs, "only a collective indicator can have an aggregation rule"));
  CHECK(test::contains(msgs, "needs calendar.reporting with a reports indicator"));
}

TEST_CASE("a live evaluation re-aggregates collective indicators when their national data change") {
  const plan p = io::parse_plan(collective_plan_text, io::plan_format::yaml, "c.yaml");
  live_evaluation live(p, io::parse_observations(obs_text, p, "c.csv"), d("2027-06-30"));
  CHECK(test::same(row(live.snapshot(), "TOTAL").outcome.current->amount, 60.0));
  observation o;
  o.indicator = indicator_id{"AREA"};
  o.entity = entity_id{"EEE"};
  o.period = period::year(2026);
  o.amount = 7;
  // AREA's series plus TOTAL, MEAN, COUNT, RATIO and HELD, which read AREA.
  CHECK(live.update(std::span<const observation>(&o, 1)) == 6);
  const auto snap = live.snapshot();
  CHECK(test::same(row(snap, "TOTAL").outcome.current->amount, 67.0));
  // Identical to a full evaluation of the same rows.
  const auto full = evaluate(p, io::parse_observations(std::string(obs_text) + "AREA,EEE,2026,7\n", p, "c2.csv"), d("2027-06-30"));
  REQUIRE(snap.series.size() == full.series.size());
  for (std::size_t i = 0; i < full.series.size(); ++i) {
    CHECK(snap.series[i].indicator == full.series[i].indicator);
    CHECK(snap.series[i].outcome.status == full.series[i].outcome.status);
    CHECK(test::same(snap.series[i].outcome.current ? std::optional<double>(snap.series[i].outcome.current->amount) : std::nullopt,
                     full.series[i].outcome.current ? std::optional<double>(full.series[i].outcome.current->amount) : std::nullopt));
  }
  CHECK(snap.status_counts() == live.status_counts());
  // Rows for an aggregated indicator are refused, and nothing changes.
  o.indicator = indicator_id{"TOTAL"};
  o.entity = collective_entity();
  CHECK(test::problems_of([&] { live.update(std::span<const observation>(&o, 1)); }).front().code == errc::obs_aggregated);
}
