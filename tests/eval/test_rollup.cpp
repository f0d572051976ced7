// Roll-ups over the results graph: counts per status and weighted scores per action, section and
// plan (computed by hand below), cross-cutting and supporting actions, challenges in order, the
// sections' milestones checked, and roll-ups that evaluate() and live_evaluation carry.
#include <catch2/catch.hpp>

#include "support.hpp"
#include "waypoint/eval/rollup.hpp"

using namespace waypoint;

namespace {

// Sections S1 (weight 2), S2 and S3 (weight 1). Actions (weight): A1 (1) and A2 (3) in S1; X (1)
// in S2, cross-cutting into S1; B (1) in S2, supported by A1; Z (1) in S2; Q and R (1) in S3.
plan rollup_plan() {
  plan_builder b(plan_id{"p"}, "Roll-up plan", *parse_period("2026-01-01/2031-12-31"));
  auto sec = [&](const char* id, double w, std::vector<section_milestone> ms) {
    section s;
    s.id = section_id{id};
    s.weight = w;
    s.milestones = std::move(ms);
    b.add_section(s);
  };
  auto ms = [](const char* id, const char* by, std::vector<const char*> fed_by) {
    std::vector<action_id> feeders;
    for (const char* a : fed_by) feeders.emplace_back(a);
    return section_milestone{milestone_id{id}, std::string("milestone ") + id, time_ref{*parse_period(by)}, std::nullopt, feeders};
  };
  sec("S1", 2, {ms("M1", "2028", {})});  // fed by S1's actions (A1, A2)
  sec("S2", 1, {ms("M2", "2026", {"B"}), ms("M3", "2031", {"X"})});
  sec("S3", 1, {ms("M5", "2030", {"Z"}), ms("M6", "2030", {"Q"}), ms("M7", "2030", {"R"})});
  auto act = [&](const char* id, const char* section, double w, std::vector<const char*> supports = {}, std::vector<const char*> also = {}) {
    action a;
    a.id = action_id{id};
    a.section = section_id{section};
    a.weight = w;
    for (const char* x : supports) a.supports.emplace_back(x);
    for (const char* x : also) a.contributes_to.emplace_back(x);
    b.add_action(a);
  };
  act("A1", "S1", 1, {"B"});
  act("A2", "S1", 3);
  act("X", "S2", 1, {}, {"S1"});
  act("B", "S2", 1);
  act("Z", "S2", 1);
  act("Q", "S3", 1);
  act("R", "S3", 1);
  auto ind = [&](const char* id, const char* action, double w, scope sc) {
    indicator i;
    i.id = indicator_id{id};
    i.action = action_id{action};
    i.weight = w;
    i.scope = sc;
    b.add_indicator(i);
  };
  ind("I1", "A1", 1, scope::national);
  ind("I2", "A1", 3, scope::collective);
  ind("I3", "A2", 1, scope::collective);
  ind("I4", "X", 1, scope::national);
  ind("I5", "B", 1, scope::collective);
  ind("I6", "Z", 1, scope::collective);
  ind("I7", "Q", 1, scope::collective);
  ind("I8", "R", 1, scope::collective);
  return std::move(b).build();
}

series_result row(const char* ind, const char* entity, status st, const char* dis = "") {
  series_result r;
  r.indicator = indicator_id{ind};
  r.entity = entity_id{entity};
  r.disaggregation = dis;
  r.outcome.status = st;
  return r;
}
series_result with_gap(series_result r, double base, double target, double gap) {
  r.outcome.base = anchor{period::year(2025), period::year(2025).time(), base, true};
  r.target = due_value{period::year(2031), target, false};
  r.gap_to_target = gap;
  return r;
}

// The statuses, sorted like an evaluation's rows.
std::vector<series_result> rows() {
  return {
      row("I1", "E1", status::achieved),
      with_gap(row("I1", "E2", status::off_track), 0, 10, 5),  // normalised gap 0.5
      row("I1", "E3", status::not_due),
      row("I2", "*", status::on_track),
      with_gap(row("I2", "*", status::regressing, "sex=female"), 0, 100, 40),  // a group: 0.4; not in counts
      with_gap(row("I3", "*", status::regressing), 10, 20, 15),               // 1.5
      row("I4", "E1", status::on_track),
      row("I4", "E2", status::needs_acceleration),
      row("I4", "E3", status::off_track),  // no target: no normalised gap
      row("I5", "*", status::insufficient_data),
      row("I6", "*", status::achieved),
      row("I7", "*", status::not_due),
      row("I8", "*", status::on_track),
  };
}

const action_rollup& action_of(const rollups& r, const char* id) {
  for (const auto& a : r.actions)
    if (a.action == action_id{id}) return a;
  FAIL("no action " << id);
  return r.actions.front();
}
const milestone_check& milestone_of(const rollups& r, const char* id) {
  for (const auto& m : r.milestones)
    if (m.milestone == milestone_id{id}) return m;
  FAIL("no milestone " << id);
  return r.milestones.front();
}

}  // namespace

TEST_CASE("status scores", "[rollup]") {
  CHECK(status_score(status::achieved) == 1.0);
  CHECK(status_score(status::on_track) == 1.0);
  CHECK(status_score(status::needs_acceleration) == 0.5);
  CHECK(status_score(status::off_track) == 0.0);
  CHECK(status_score(status::regressing) == 0.0);
  CHECK_FALSE(status_score(status::not_due));
  CHECK_FALSE(status_score(status::insufficient_data));
  CHECK_FALSE(status_score(status::not_applicable));
}

TEST_CASE("roll-up: counts and weighted scores computed by hand", "[rollup]") {
  const plan p = rollup_plan();
  const auto s = rows();
  const rollups r = compute_rollups(p, s, parse_date("2027-06-30"));

  // Indicator scores: the mean over their scored total series.
  const double i1 = (1.0 + 0.0) / 2;        // achieved, off_track (not_due left out)
  const double i2 = 1.0;                     // on_track (the female group is not a total)
  const double i3 = 0.0;                     // regressing
  const double i4 = (1.0 + 0.5 + 0.0) / 3;   // on_track, needs_acceleration, off_track
  const double i6 = 1.0, i8 = 1.0;           // I5 and I7: no score
  // Action scores: indicator weights, plus supporting actions with their action weight.
  const double a1 = (1 * i1 + 3 * i2) / (1 + 3);  // 0.875
  const double a2 = i3;
  const double x = i4;
  const double b = (1 * a1) / 1;  // B's own I5 has no score; A1 supports it
  const double z = i6, rr = i8;
  // Section scores: action weights; X is cross-cutting and counts in S1 too.
  const double s1 = (1 * a1 + 3 * a2 + 1 * x) / (1 + 3 + 1);
  const double s2 = (1 * x + 1 * b + 1 * z) / 3;
  const double s3 = rr;  // Q has no score
  const double whole = (2 * s1 + 1 * s2 + 1 * s3) / (2 + 1 + 1);

  CHECK(test::same(action_of(r, "A1").totals.score, a1));
  CHECK(test::same(action_of(r, "A2").totals.score, a2));
  CHECK(test::same(action_of(r, "X").totals.score, x));
  CHECK(test::same(action_of(r, "B").totals.score, b));
  CHECK_FALSE(action_of(r, "Q").totals.score);
  REQUIRE(r.sections.size() == 3);
  CHECK(r.sections[0].section == section_id{"S1"});
  CHECK(test::same(r.sections[0].totals.score, s1));
  CHECK(test::same(r.sections[1].totals.score, s2));
  CHECK(test::same(r.sections[2].totals.score, s3));
  CHECK(test::same(r.plan.score, whole));
  CHECK(test::same(r.plan.score, 0.5854166666666667));

  // Counts: S1 holds I1, I2, I3 and the cross-cutting I4; S2 holds I4, I5, I6.
  const auto& c1 = r.sections[0].totals;
  CHECK(c1.series == 8);
  CHECK(c1.count(status::achieved) == 1);
  CHECK(c1.count(status::on_track) == 2);
  CHECK(c1.count(status::needs_acceleration) == 1);
  CHECK(c1.count(status::off_track) == 2);
  CHECK(c1.count(status::regressing) == 1);
  CHECK(c1.count(status::not_due) == 1);
  CHECK(r.sections[0].actions == std::vector<action_id>{action_id{"A1"}, action_id{"A2"}, action_id{"X"}});
  const auto& c2 = r.sections[1].totals;
  CHECK(c2.series == 5);
  CHECK(c2.count(status::off_track) == 1);
  CHECK(c2.count(status::insufficient_data) == 1);
  CHECK(c2.count(status::achieved) == 1);
  // The plan counts every total series once, the cross-cutting ones included.
  CHECK(r.plan.series == 12);
  CHECK(r.plan.count(status::achieved) == 2);
  CHECK(r.plan.count(status::on_track) == 3);
  CHECK(r.plan.count(status::off_track) == 2);
  CHECK(r.plan.count(status::regressing) == 1);
  CHECK(r.plan.count(status::not_due) == 2);
  CHECK(r.plan.count(status::insufficient_data) == 1);
}

TEST_CASE("roll-up: weights of 0 and a plan without sections", "[rollup]") {
  plan_builder b(plan_id{"t"}, "Table", *parse_period("2015-01-01/2030-12-31"));
  for (const char* id : {"I1", "I2"}) {
    indicator i;
    i.id = indicator_id{id};
    i.weight = id[1] == '1' ? 3 : 1;
    b.add_indicator(i);
  }
  const plan p = std::move(b).build();
  const std::vector<series_result> s = {row("I1", "E", status::on_track), row("I2", "E", status::regressing)};
  const auto r = compute_rollups(p, s, std::nullopt);
  CHECK(r.sections.empty());
  CHECK(test::same(r.plan.score, (3 * 1.0 + 1 * 0.0) / 4));
}

TEST_CASE("challenges: regressing before off track, then the larger normalised gap, then ids", "[rollup][challenges]") {
  const plan p = rollup_plan();
  const auto s = rows();
  const auto r = compute_rollups(p, s, parse_date("2027-06-30"));
  REQUIRE(r.challenges.size() == 4);
  CHECK(r.challenges[0].indicator == indicator_id{"I3"});  // regressing, 15 / |20 - 10| = 1.5
  CHECK(test::same(r.challenges[0].normalised_gap, 1.5));
  CHECK(r.challenges[0].section == section_id{"S1"});
  CHECK(r.challenges[0].action == action_id{"A2"});
  CHECK(r.challenges[1].indicator == indicator_id{"I2"});  // regressing, 40 / 100
  CHECK(r.challenges[1].disaggregation == "sex=female");
  CHECK(test::same(r.challenges[1].normalised_gap, 0.4));
  CHECK(r.challenges[2].indicator == indicator_id{"I1"});  // off_track, 5 / 10
  CHECK(r.challenges[2].entity == entity_id{"E2"});
  CHECK(r.challenges[2].state == status::off_track);
  CHECK(r.challenges[3].indicator == indicator_id{"I4"});  // off_track without a normalised gap: last
  CHECK_FALSE(r.challenges[3].normalised_gap);
}

TEST_CASE("milestones: met, on track, at risk, missed and not due, with the lagging actions", "[rollup][milestones]") {
  const plan p = rollup_plan();
  const auto s = rows();
  const auto r = compute_rollups(p, s, parse_date("2027-06-30"));
  REQUIRE(r.milestones.size() == 6);

  // M1 (S1, due 2028-12-31, fed by A1 and A2): I3 regresses and I1 E2 is off track.
  const auto& m1 = milestone_of(r, "M1");
  CHECK(m1.state == milestone_state::at_risk);
  CHECK(m1.due == parse_date("2028-12-31"));
  CHECK(m1.feeding == std::vector<action_id>{action_id{"A1"}, action_id{"A2"}});
  CHECK(m1.feed.series == 5);
  CHECK(test::same(m1.feed.score, (1 * 0.875 + 3 * 0.0) / 4));
  REQUIRE(m1.lagging.size() == 2);
  CHECK(m1.lagging[0].action == action_id{"A1"});
  REQUIRE(m1.lagging[0].indicators.size() == 1);  // only off track or regressing lag a milestone not yet due
  CHECK(m1.lagging[0].indicators[0].indicator == indicator_id{"I1"});
  CHECK(m1.lagging[0].indicators[0].series == 1);
  CHECK(m1.lagging[0].indicators[0].worst == status::off_track);
  CHECK(m1.lagging[1].action == action_id{"A2"});
  CHECK(m1.lagging[1].indicators[0].worst == status::regressing);

  // M2 (S2, due 2026-12-31, fed by B, which A1 supports): passed and not achieved.
  const auto& m2 = milestone_of(r, "M2");
  CHECK(m2.state == milestone_state::missed);
  CHECK(m2.feeding == std::vector<action_id>{action_id{"A1"}, action_id{"B"}});
  REQUIRE(m2.lagging.size() == 2);
  REQUIRE(m2.lagging[0].indicators.size() == 2);  // missed: anything not achieved lags
  CHECK(m2.lagging[0].indicators[0].series == 2);  // I1: E2 off_track, E3 not_due
  CHECK(m2.lagging[0].indicators[0].worst == status::off_track);
  CHECK(m2.lagging[0].indicators[1].worst == status::on_track);
  CHECK(m2.lagging[1].indicators[0].worst == status::insufficient_data);

  CHECK(milestone_of(r, "M3").state == milestone_state::at_risk);  // X: I4 E3 off track
  CHECK(milestone_of(r, "M5").state == milestone_state::met);      // Z: all achieved, before its date
  CHECK(milestone_of(r, "M6").state == milestone_state::not_due);  // Q: nothing scored yet
  CHECK(milestone_of(r, "M7").state == milestone_state::on_track); // R: on track
  CHECK(milestone_of(r, "M7").lagging.empty());

  // Later, R's milestone is missed (on track is not achieved), and Q's too (no evidence).
  const auto late = compute_rollups(p, s, parse_date("2031-01-01"));
  CHECK(milestone_of(late, "M7").state == milestone_state::missed);
  CHECK(milestone_of(late, "M6").state == milestone_state::missed);
  CHECK(milestone_of(late, "M5").state == milestone_state::met);
}

namespace {

// A plan evaluated for real: two sections, a cross-cutting action, milestones.
plan evaluated_plan() {
  return io::parse_plan(R"(waypoint: 1
plan: {id: e, period: 2021-01-01/2030-12-31}
sections:
  - id: S1
    weight: 2
    milestones:
      - {id: M1, by: 2026, text: Half way}
    actions:
      - id: A1
        weight: 3
        contributes_to: [S2]
        indicators:
          - {id: I1, measure: amount, baseline: {value: 0, period: 2020}, target: {value: 100, at: 2030}}
  - id: S2
    actions:
      - id: A2
        supports: [A3]
        indicators:
          - {id: I2, measure: amount, baseline: {value: 0, period: 2020}, target: {value: 100, at: 2030}}
      - id: A3
        indicators:
          - {id: I3, measure: amount, scope: collective, baseline: {value: 50, period: 2020}, target: {value: 100, at: 2030}}
)",
                        io::plan_format::yaml, "e.yaml");
}

void check_same_rollups(const evaluation& a, const evaluation& b) {
  REQUIRE(a.sections.size() == b.sections.size());
  for (std::size_t k = 0; k < a.sections.size(); ++k) {
    CHECK(a.sections[k].section == b.sections[k].section);
    CHECK(a.sections[k].totals.counts == b.sections[k].totals.counts);
    CHECK(a.sections[k].totals.score == b.sections[k].totals.score);
  }
  REQUIRE(a.actions.size() == b.actions.size());
  for (std::size_t k = 0; k < a.actions.size(); ++k) CHECK(a.actions[k].totals.score == b.actions[k].totals.score);
  CHECK(a.plan_rollup.counts == b.plan_rollup.counts);
  CHECK(a.plan_rollup.score == b.plan_rollup.score);
  REQUIRE(a.challenges.size() == b.challenges.size());
  for (std::size_t k = 0; k < a.challenges.size(); ++k) {
    CHECK(a.challenges[k].indicator == b.challenges[k].indicator);
    CHECK(a.challenges[k].entity == b.challenges[k].entity);
    CHECK(a.challenges[k].normalised_gap == b.challenges[k].normalised_gap);
  }
  REQUIRE(a.milestones.size() == b.milestones.size());
  for (std::size_t k = 0; k < a.milestones.size(); ++k) {
    CHECK(a.milestones[k].state == b.milestones[k].state);
    CHECK(a.milestones[k].lagging.size() == b.milestones[k].lagging.size());
  }
}

}  // namespace

TEST_CASE("evaluate() fills the roll-ups, and live_evaluation keeps them up to date", "[rollup][evaluate][incremental]") {
  const plan p = evaluated_plan();
  const std::string base = "indicator,entity,year,value\nI1,E1,2020,0\nI1,E1,2024,60\nI1,E2,2020,0\nI1,E2,2024,0\nI2,E1,2020,0\nI2,E1,2024,60\n";
  const auto as_of = parse_date("2025-06-30");
  const evaluation ev = evaluate(p, io::parse_observations(base, p, "o.csv"), as_of);
  REQUIRE(ev.sections.size() == 2);
  // I1: E1 on track (60, ahead of the path), E2 off track (no progress); I2 on track; I3 has no data.
  CHECK(ev.sections[0].totals.series == 2);
  CHECK(ev.sections[1].totals.series == 4);  // I1 (cross-cutting A1), I2, I3
  CHECK(ev.plan_rollup.series == 4);
  CHECK(ev.plan_rollup.count(status::insufficient_data) == 1);
  REQUIRE(ev.challenges.size() == 1);
  CHECK(ev.challenges[0].entity == entity_id{"E2"});
  CHECK(ev.milestones.size() == 1);
  evaluation_options part;
  part.partition = evaluation_options::partition_spec{0, 2};
  CHECK(evaluate(p, io::parse_observations(base, p, "o.csv"), as_of, part).sections.empty());

  live_evaluation live(p, io::parse_observations(base, p, "o.csv"), as_of);
  check_same_rollups(live.snapshot(), ev);
  observation o;
  o.indicator = indicator_id{"I3"};
  o.entity = collective_entity();
  for (const auto& [y, v] : std::vector<std::pair<int, double>>{{2020, 50}, {2024, 40}}) {
    o.period = period::year(y);
    o.amount = v;
    live.update(std::span<const observation>(&o, 1));
  }
  const std::string more = base + "I3,*,2020,50\nI3,*,2024,40\n";
  const evaluation full = evaluate(p, io::parse_observations(more, p, "o.csv"), as_of);
  CHECK(full.plan_rollup.count(status::regressing) == 1);  // I3 fell from 50 to 40
  CHECK(full.challenges.size() == 2);
  check_same_rollups(live.snapshot(), full);
}
