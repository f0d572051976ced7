// Reporting obligations: the initial report within 180 days of entry into force, then every year
// by 30 April for the previous year, with grace days; lists of late and overdue entities; the
// built-in timeliness indicators.
#include "support.hpp"

#include <map>

using namespace waypoint;
using test::d;
using test::row;

namespace {

std::string timeliness_plan(int grace) {
  return R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
calendar:
  reporting: {due: "04-30", grace_days: )" +
         std::to_string(grace) + R"(, initial_days: 180, reports: R}
entities:
  - {id: AAA, entry_into_force: 2023-09-01}
  - {id: BBB, entry_into_force: 2019-08-31}
  - {id: CCC, entry_into_force: 2023-12-01}
  - {id: DDD, entry_into_force: 2010-08-01, withdrawn: 2024-03-06}
  - {id: EEE}
populations: [{id: parties}]
)" + test::one_action_yaml + R"(          - {id: R, measure: binary, scope: national}
          - {id: ONTIME, measure: percentage, scope: collective, aggregate: {rule: reports_on_time, population: parties}}
          - {id: OVERDUE, measure: count, scope: collective, aggregate: {rule: reports_overdue, population: parties}}
          - {id: LATE, measure: amount, scope: collective, aggregate: {rule: days_late, population: parties}}
)";
}

const char* timeliness_obs = R"(indicator,entity,period,value,reported_on
R,AAA,2023-09-01/2023-12-31,yes,2024-02-29
R,AAA,2023,yes,2024-04-30
R,AAA,2024,yes,2025-05-03
R,BBB,2019-08-31/2019-12-31,yes,2020-03-01
R,BBB,2023,yes,2024-04-02
R,BBB,2024,no,2025-04-01
R,CCC,2024,yes,2025-04-29
R,DDD,2022,yes,2023-04-30
)";

const report_due* find(const std::vector<report_due>& rs, const plan& p, const char* e, int year, bool initial = false) {
  for (const auto& r : rs)
    if (p.entities()[r.entity].id.str() == e && r.year == year && r.initial == initial) return &r;
  return nullptr;
}
/// A plan with the reporting rule, a clearance obligation kind and `entities` (YAML list items).
plan deadline_plan(const std::string& entities) {
  return io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
calendar:
  reporting: {due: "04-30", grace_days: 0, initial_days: 180, reports: R}
obligations:
  - {id: clearance, years: 10, max_extension_years: 5}
entities:
)" + entities + test::one_action_yaml + "          - {id: R, measure: binary, scope: national}\n",
                        io::plan_format::yaml, "t.yaml");
}

/// The rows of `rows`, in order, as "ENTITY state".
std::vector<std::string> listing(const std::vector<deadline_row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.entity.str() + " " + std::string(to_string(r.state)));
  return out;
}
}  // namespace

TEST_CASE("the initial report is due 180 days after entry into force, across a leap year") {
  const plan p = io::parse_plan(timeliness_plan(0), io::plan_format::yaml, "t.yaml");
  const auto store = io::parse_observations(timeliness_obs, p, "t.csv");
  const auto rs = reports_due(p, store, d("2025-06-30"), d("2025-06-30"));
  const auto* a = find(rs, p, "AAA", 0, true);
  REQUIRE(a);
  CHECK(a->due == d("2024-02-28"));  // 2023-09-01 + 180 days
  CHECK(a->state == report_state::late);
  CHECK(a->days_late == 1);
  const auto* c = find(rs, p, "CCC", 0, true);
  REQUIRE(c);
  CHECK(c->due == d("2024-05-29"));  // 2023-12-01 + 180 days: 2024 has a 29 February
  CHECK(c->state == report_state::overdue);  // no submission before its annual one
  CHECK(c->days_late == (d("2025-06-30") - d("2024-05-29")).days());
  const auto* b = find(rs, p, "BBB", 0, true);
  REQUIRE(b);
  CHECK(b->due == d("2020-02-27"));  // 2019-08-31 + 180 days: 2020-02-27
}

TEST_CASE("annual reports are due by 30 April for the previous year, only once the first report was due") {
  const plan p = io::parse_plan(timeliness_plan(0), io::plan_format::yaml, "t.yaml");
  const auto store = io::parse_observations(timeliness_obs, p, "t.csv");
  const auto rs = reports_due(p, store, d("2025-06-30"), d("2025-06-30"));
  CHECK(find(rs, p, "AAA", 2023)->due == d("2024-04-30"));
  CHECK(find(rs, p, "AAA", 2023)->state == report_state::on_time);  // on the due day
  CHECK(find(rs, p, "AAA", 2024)->state == report_state::late);
  CHECK(find(rs, p, "AAA", 2024)->days_late == 3);
  // CCC: in force 2023-12-01, first report due 2024-05-29, after 2024-04-30: no report for 2023.
  CHECK_FALSE(find(rs, p, "CCC", 2023));
  CHECK(find(rs, p, "CCC", 2024)->state == report_state::on_time);
  // BBB: a row with value no is not a submission.
  CHECK(find(rs, p, "BBB", 2024)->state == report_state::overdue);
  CHECK(find(rs, p, "BBB", 2022)->state == report_state::overdue);
  // DDD withdrew on 2024-03-06: nothing is due from it after that.
  CHECK(find(rs, p, "DDD", 2022)->state == report_state::on_time);
  CHECK_FALSE(find(rs, p, "DDD", 2023));
  // EEE has no entry into force: no reporting obligation.
  for (const auto& r : rs) CHECK(p.entities()[r.entity].id.str() != "EEE");
  // Submissions reported after the evaluation date are not known yet.
  const auto early = reports_due(p, store, d("2025-04-30"), d("2025-04-30"));
  CHECK(find(early, p, "AAA", 2024)->state == report_state::not_yet_due);
  CHECK(find(reports_due(p, store, d("2025-05-01"), d("2025-05-01")), p, "AAA", 2024)->state == report_state::overdue);
}

TEST_CASE("grace days move the on-time limit but not the days late") {
  const plan p = io::parse_plan(timeliness_plan(5), io::plan_format::yaml, "t.yaml");
  const auto store = io::parse_observations(timeliness_obs, p, "t.csv");
  const auto rs = reports_due(p, store, d("2025-06-30"), d("2025-06-30"));
  CHECK(find(rs, p, "AAA", 0, true)->state == report_state::on_time);  // 1 day late, within 5 days of grace
  CHECK(find(rs, p, "AAA", 2024)->state == report_state::on_time);     // 3 days late
  CHECK(find(rs, p, "AAA", 2024)->due_with_grace == d("2025-05-05"));
  // Within the grace period the report is not yet overdue.
  CHECK(find(reports_due(p, store, d("2025-05-04"), d("2025-05-04")), p, "BBB", 2024)->state == report_state::not_yet_due);
}

TEST_CASE("built-in timeliness indicators: share on time, overdue reports, days late") {
  const plan p = io::parse_plan(timeliness_plan(0), io::plan_format::yaml, "t.yaml");
  const auto store = io::parse_observations(timeliness_obs, p, "t.csv");
  const auto ev = evaluate(p, store, d("2025-06-30"));
  const auto& on = row(ev, "ONTIME");
  REQUIRE(on.collective);
  // The window ending 2025-04-30 holds the reports due 2024-05-01..2025-04-30:
  // CCC initial (overdue), AAA 2024 (late), BBB 2024 (overdue), CCC 2024 (on time).
  const auto& last = on.collective->periods.back();
  CHECK(last.at == period::day(d("2025-04-30")));
  CHECK(test::same(last.value, 25.0));
  // One entry per report: CCC owed two reports in this window and appears twice; EEE owed none
  // (no entry into force) and appears in no group, although it is a member.
  using g = collective_group;
  auto ids = [](const std::vector<entity_id>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.str());
    return out;
  };
  CHECK(ids(last.group(g::on_time)) == std::vector<std::string>{"CCC"});
  CHECK(ids(last.group(g::late)) == std::vector<std::string>{"AAA"});
  CHECK(ids(last.group(g::overdue)) == std::vector<std::string>{"BBB", "CCC"});
  CHECK(last.group(g::undated).empty());
  CHECK(last.members == 4);  // AAA, BBB, CCC, EEE
  for (const auto k : {g::meeting, g::not_meeting, g::reported, g::not_reported}) CHECK(last.group(k).empty());
  std::map<std::string, std::string> inputs(on.outcome.trace.inputs.begin(), on.outcome.trace.inputs.end());
  CHECK(inputs.at("overdue (2025-04-30)") == "BBB,CCC");
  CHECK(inputs.at("late (2025-04-30)") == "AAA");
  CHECK_FALSE(inputs.count("not_reported (2025-04-30)"));
  const auto& over = row(ev, "OVERDUE");
  CHECK(test::same(over.collective->periods.back().value, 2.0));
  const auto& late = row(ev, "LATE");
  const double days = 3.0 + static_cast<double>((d("2025-06-30") - d("2024-05-29")).days()) + static_cast<double>((d("2025-06-30") - d("2025-04-30")).days());
  CHECK(test::same(late.collective->periods.back().value, days / 3));
  // The window ending 2024-04-30: AAA initial (late by 1), AAA 2023 (on time), BBB 2023 (on time),
  // DDD withdrew before its 2023 report fell due.
  const auto& w24 = on.collective->periods[on.collective->periods.size() - 2];
  CHECK(w24.at == period::day(d("2024-04-30")));
  CHECK(test::same(w24.value, 200.0 / 3));
}

TEST_CASE("a report becomes overdue the day after due date + grace, and one received on that day is on time") {
  const plan p = io::parse_plan(timeliness_plan(5), io::plan_format::yaml, "t.yaml");
  // BBB's 2024 report: due 2025-04-30, grace to 2025-05-05.
  const auto none = io::parse_observations("indicator,entity,period,value,reported_on\nR,AAA,2024,yes,2025-01-01\n", p, "t.csv");
  CHECK(find(reports_due(p, none, d("2025-05-05"), d("2025-05-05")), p, "BBB", 2024)->state == report_state::not_yet_due);
  const auto after_grace = reports_due(p, none, d("2025-05-06"), d("2025-05-06"));
  const auto* over = find(after_grace, p, "BBB", 2024);
  CHECK(over->state == report_state::overdue);
  CHECK(over->days_late == 6);  // counted from the due date, not from the end of grace
  const auto on_last = io::parse_observations("indicator,entity,period,value,reported_on\nR,BBB,2024,yes,2025-05-05\n", p, "t2.csv");
  CHECK(find(reports_due(p, on_last, d("2025-06-30"), d("2025-06-30")), p, "BBB", 2024)->state == report_state::on_time);
  const auto day_after = io::parse_observations("indicator,entity,period,value,reported_on\nR,BBB,2024,yes,2025-05-06\n", p, "t3.csv");
  const auto late_rows = reports_due(p, day_after, d("2025-06-30"), d("2025-06-30"));
  const auto* l = find(late_rows, p, "BBB", 2024);
  CHECK(l->state == report_state::late);
  CHECK(l->days_late == 6);
}

TEST_CASE("undated reports: their own group, out of the on-time share unless the policy is not_meeting") {
  std::string text = timeliness_plan(0);
  text += "          - {id: ONTIME_STRICT, measure: percentage, scope: collective, aggregate: {rule: reports_on_time, population: parties, "
          "not_reported: not_meeting}}\n";
  const plan p = io::parse_plan(text, io::plan_format::yaml, "t.yaml");
  // The window ending 2025-04-30 as in the test above, but BBB's 2024 report arrived on an unknown day.
  const auto store = io::parse_observations(std::string(timeliness_obs) + "R,BBB,2024,yes,\n", p, "t.csv");
  const auto ev = evaluate(p, store, d("2025-06-30"));
  const auto& last = row(ev, "ONTIME").collective->periods.back();
  REQUIRE(last.at == period::day(d("2025-04-30")));
  CHECK(last.group(collective_group::undated).size() == 1);
  CHECK(last.group(collective_group::overdue).size() == 1);                       // CCC's initial report only
  CHECK(test::same(last.value, 100.0 / 3));                                       // 1 on time of 3 dated reports
  CHECK(test::same(row(ev, "ONTIME_STRICT").collective->periods.back().value, 25.0));  // 1 of 4: undated counts as not on time
  CHECK(test::same(row(ev, "OVERDUE").collective->periods.back().value, 1.0));   // undated is received, not overdue
  // days_late: AAA 2024 (3 days) and CCC's initial report; the undated one is not late.
  const double days = 3.0 + static_cast<double>((d("2025-06-30") - d("2024-05-29")).days());
  CHECK(test::same(row(ev, "LATE").collective->periods.back().value, days / 2));
}

TEST_CASE("reports due before tracked_from are not tracked") {
  std::string text = timeliness_plan(0);
  text.replace(text.find("reports: R}"), 11, "reports: R, tracked_from: 2025-01-01}");
  const plan p = io::parse_plan(text, io::plan_format::yaml, "t.yaml");
  const auto store = io::parse_observations(timeliness_obs, p, "t.csv");
  const auto rs = reports_due(p, store, d("2025-06-30"), d("2025-06-30"));
  for (const auto& r : rs) CHECK(r.due >= d("2025-01-01"));
  CHECK(find(rs, p, "AAA", 2024));
  CHECK_FALSE(find(rs, p, "AAA", 2023));
  CHECK_FALSE(find(rs, p, "CCC", 0, true));  // due 2024-05-29
}

TEST_CASE("deadlines: not_started is not open, and days only where a deadline runs or was missed") {
  const plan p = deadline_plan(R"(  - {id: AAA, entry_into_force: 2020-01-01, obligations: [{kind: clearance}]}
  - {id: BBB, entry_into_force: 2016-06-30, obligations: [{kind: clearance}]}
  - {id: CCC, entry_into_force: 2020-01-01, obligations: [{kind: clearance, since: 2027-01-01, deadline: 2027-02-01}]}
  - {id: DDD, entry_into_force: 2011-01-01, withdrawn: 2024-01-01, obligations: [{kind: clearance}]}
  - {id: EEE, entry_into_force: 2011-01-01, obligations: [{kind: clearance, completed: 2019-05-01}]}
)");
  const date as_of = d("2026-06-30");
  const auto rows = deadlines(p, as_of);
  REQUIRE(rows.size() == 5);
  // BBB: deadline 2026-06-30, due on the day: active with 0 days; AAA: 2030-01-01, active.
  // CCC has not started (since 2027-01-01) although its deadline (2027-02-01) is nearer than AAA's: it comes after
  // every open obligation.
  CHECK(listing(rows) == std::vector<std::string>{"BBB active", "AAA active", "CCC not_started", "EEE completed", "DDD ended"});
  CHECK(rows[0].days == 0L);
  CHECK(rows[1].days == (as_of - d("2030-01-01")).days());  // negative: days left
  CHECK(rows[1].days < 0L);
  CHECK_FALSE(rows[2].days);  // not_started
  CHECK(rows[2].deadline == d("2027-02-01"));
  CHECK_FALSE(rows[3].days);  // completed
  CHECK(rows[3].completed == d("2019-05-01"));
  CHECK_FALSE(rows[4].days);  // ended
  CHECK(deadlines(p, d("2026-07-01"))[0].days == 1L);  // the day after: overdue by 1

  // Reports: a late one holds its arrival in `completed` and its days late; the initial report is
  // `report:initial`, an annual one `report:YEAR` for the year it covers.
  const auto store = io::parse_observations("indicator,entity,period,value,reported_on\nR,AAA,2020-01-01/2020-06-28,yes,2020-07-08\n", p, "t.csv");
  bool initial = false, annual = false;
  for (const auto& r : deadlines(p, as_of, &store)) {
    if (r.entity.str() != "AAA") continue;
    if (r.what == "report:initial") {
      initial = true;
      CHECK(r.state == deadline_state::late);
      CHECK(r.deadline == d("2020-06-29"));  // 2020-01-01 + 180 days
      CHECK(r.completed == d("2020-07-08"));
      CHECK(r.days == 9L);
    }
    if (r.what == "report:2025") {
      annual = true;
      CHECK(r.state == deadline_state::overdue);
      CHECK(r.deadline == d("2026-04-30"));
      CHECK_FALSE(r.completed);
      CHECK(r.days == (as_of - d("2026-04-30")).days());
    }
  }
  CHECK(initial);
  CHECK(annual);
}

TEST_CASE("deadlines: overdue first (most days first), then late reports, open obligations by nearest deadline, then the rest") {
  const plan p = deadline_plan(R"(  - {id: AAA, entry_into_force: 2012-01-01, obligations: [{kind: clearance}]}
  - {id: BBB, entry_into_force: 2020-01-01, obligations: [{kind: clearance}]}
  - {id: CCC, entry_into_force: 2011-01-01, obligations: [{kind: clearance, completed: 2019-05-01}]}
  - {id: DDD, entry_into_force: 2014-01-01, obligations: [{kind: clearance}]}
  - {id: EEE, entry_into_force: 2017-01-01, obligations: [{kind: clearance}]}
)");
  const date as_of = d("2025-06-30");
  const auto rows = deadlines(p, as_of);
  REQUIRE(rows.size() == 5);
  CHECK(listing(rows) == std::vector<std::string>{"AAA overdue", "DDD overdue", "EEE active", "BBB active", "CCC completed"});
  CHECK(rows[0].deadline == d("2022-01-01"));
  CHECK(rows[0].days == (as_of - d("2022-01-01")).days());
  CHECK(rows[2].days == (as_of - d("2027-01-01")).days());
  CHECK_FALSE(rows[4].days);  // completed: no running deadline  // negative: days left, the nearest first
  CHECK(rows[4].completed == d("2019-05-01"));
  CHECK(to_string(rows[4].state) == "completed");

  // With observations, the overdue and late reports join the list: every overdue row (obligation
  // or report) before every late one, each group by days, then the open obligations.
  const auto store = io::parse_observations("indicator,entity,period,value,reported_on\nR,BBB,2024,yes,2025-05-10\n", p, "t.csv");
  const auto with_reports = deadlines(p, as_of, &store);
  REQUIRE(with_reports.size() > rows.size());
  bool late_seen = false;
  std::size_t late = 0;
  for (std::size_t k = 0; k < with_reports.size(); ++k) {
    const auto& r = with_reports[k];
    if (r.state == deadline_state::late) {
      late_seen = true;
      ++late;
      CHECK(r.what == "report:2024");
      CHECK(r.entity.str() == "BBB");
      CHECK(r.days == 10);
    }
    if (r.state == deadline_state::overdue) CHECK_FALSE(late_seen);
    if (k > 0 && r.state == with_reports[k - 1].state && r.state <= deadline_state::active) CHECK(*r.days <= *with_reports[k - 1].days);
  }
  CHECK(late == 1);
}
