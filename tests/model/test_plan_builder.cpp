// plan_builder collects every problem, each with a stable code and a location.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

namespace {
plan_builder base_builder() {
  plan_builder b(plan_id{"p"}, "Plan", *parse_period("2027-01-01/2031-12-31"));
  b.add_event({event_id{"14MSP"}, "Fourteenth MSP", *parse_date("2027-09-14")});
  b.add_section(section{section_id{"s1"}, "Universalisation", {}, {}, {}});
  b.add_action(action{action_id{"a1"}, section_id{"s1"}, "Accede", {"gender"}, {}});
  b.set_method_check(method_checker());
  return b;
}
indicator good(const char* id) {
  indicator i;
  i.id = indicator_id{id};
  i.action = action_id{"a1"};
  i.measure = measure::count;
  i.baseline = baseline{value::number(112), period::year(2026), "chapeau"};
  i.milestones.push_back({value::number(115), time_ref{event_id{"14MSP"}}, true, std::nullopt});
  i.target = target{value::number(120), period::year(2031)};
  return i;
}
}  // namespace

TEST_CASE("a valid plan builds and resolves references", "[plan_builder]") {
  auto b = base_builder();
  b.add_indicator(good("I1"));
  const plan p = std::move(b).build();
  REQUIRE(p.find(indicator_id{"I1"}));
  const auto& ind = *p.find(indicator_id{"I1"});
  CHECK(ind.section == section_id{"s1"});
  REQUIRE(ind.milestones[0].when);
  CHECK(ind.milestones[0].when->str() == "2027-09-14");  // the event resolved to its day
  CHECK(p.find(action_id{"a1"})->indicators == std::vector<indicator_id>{indicator_id{"I1"}});
  CHECK(p.find(section_id{"s1"})->actions == std::vector<action_id>{action_id{"a1"}});
  CHECK_FALSE(p.find(indicator_id{"nope"}));
}

TEST_CASE("validation collects every problem at once", "[plan_builder][bad-input]") {
  auto b = base_builder();
  b.add_section(section{section_id{"s1"}, "Duplicate", {}, {}, {}}, location{"plan.yaml", 40, 3, "/sections/1"});
  b.add_action(action{action_id{"a2"}, section_id{"nowhere"}, "x", {}, {}});
  b.add_indicator(good("I1"), location{"plan.yaml", 10, 5, "/i/0"});
  b.add_indicator(good("I1"), location{"plan.yaml", 20, 5, "/i/1"});  // duplicate id

  auto outside = good("I2");
  outside.milestones[0].at = period::year(2026);  // before the plan period
  b.add_indicator(outside);

  auto unknown_event = good("I3");
  unknown_event.milestones[0].at = event_id{"99MSP"};
  b.add_indicator(unknown_event);

  auto after_target = good("I4");
  after_target.target->at = period::year(2028);
  after_target.milestones[0].at = period::year(2029);
  b.add_indicator(after_target);

  auto wrong_measure = good("I5");
  wrong_measure.target->amount = value::text("adopted");  // a level for a count
  b.add_indicator(wrong_measure);

  auto pct = good("I6");
  pct.measure = measure::percentage;
  pct.accumulation = accumulation::cumulative;
  pct.target->amount = value::number(120);  // > 100
  b.add_indicator(pct);

  auto ordinal = good("I7");
  ordinal.measure = measure::ordinal;
  ordinal.levels = {"none", "draft", "adopted"};
  ordinal.baseline->amount = value::text("none");
  ordinal.milestones[0].amount = value::text("draft");
  ordinal.target->amount = value::text("enacted");  // not on the scale
  b.add_indicator(ordinal);

  auto nan = good("I8");
  nan.target->amount = value::number(std::nan(""));
  b.add_indicator(nan);

  auto maintain = good("I9");
  maintain.direction = direction::maintain;  // without a range
  b.add_indicator(maintain);

  auto method = good("I10");
  method.method = method_spec{"no-such-method", {}};
  b.add_indicator(method);

  auto target_outside = good("I11");
  target_outside.target->at = period::year(2035);
  b.add_indicator(target_outside);

  const auto ps = b.validate();
  for (const errc code : {errc::plan_duplicate_id, errc::plan_unknown_section, errc::plan_outside_period, errc::plan_unknown_event,
                           errc::plan_milestone_after_target, errc::plan_bad_value, errc::plan_cumulative_percentage, errc::plan_bad_range,
                           errc::plan_unknown_method}) {
    INFO(code);
    CHECK(test::has_code(ps, code));
  }
  // Both duplicates are located; the message points at the first definition.
  const auto dup = test::find_code(ps, errc::plan_duplicate_id);
  CHECK(dup.where.str() == "plan.yaml:40:3 (/sections/1)");
  bool i1_dup = false;
  for (const auto& p : ps)
    if (p.code == errc::plan_duplicate_id && p.message.find("'I1'") != std::string::npos) {
      i1_dup = true;
      CHECK(p.where.line == 20);
      CHECK(p.message.find("plan.yaml:10:5") != std::string::npos);
    }
  CHECK(i1_dup);
  // Sub-element problems point inside the indicator.
  bool level = false;
  for (const auto& p : ps)
    if (p.message.find("'enacted' is not on the scale") != std::string::npos) level = true;
  CHECK(level);
  CHECK(ps.size() >= 12);
  // build() throws one error with all of them.
  const auto thrown = test::problems_of([&] { (void)std::move(b).build(); });
  CHECK(thrown.size() == ps.size());
}

TEST_CASE("ordinal and binary values normalise to levels and yes/no", "[plan_builder]") {
  auto b = base_builder();
  auto ordinal = good("O");
  ordinal.measure = measure::ordinal;
  ordinal.levels = {"none", "draft", "adopted"};
  ordinal.baseline->amount = value::text("none");
  ordinal.milestones[0].amount = value::text("draft");
  ordinal.target->amount = value::text("adopted");
  b.add_indicator(ordinal);
  auto binary = good("B");
  binary.measure = measure::binary;
  binary.baseline->amount = value::text("no");
  binary.milestones.clear();
  binary.target->amount = value::boolean(true);
  b.add_indicator(binary);
  const plan p = std::move(b).build();
  CHECK(p.find(indicator_id{"O"})->target->amount.numeric() == 2.0);
  CHECK(p.find(indicator_id{"O"})->milestones[0].amount.is_level());
  CHECK(p.find(indicator_id{"B"})->baseline->amount->numeric() == 0.0);
}

TEST_CASE("ordinal indicators need a scale, and levels are only for ordinals", "[plan_builder][bad-input]") {
  auto b = base_builder();
  auto o = good("O");
  o.measure = measure::ordinal;
  o.milestones.clear();
  o.baseline.reset();
  o.target.reset();
  b.add_indicator(o);
  auto c = good("C");
  c.levels = {"a", "b"};
  b.add_indicator(c);
  const auto ps = b.validate();
  CHECK(test::has_code(ps, errc::plan_missing_levels));
  CHECK(test::has_code(ps, errc::plan_bad_type));
}

TEST_CASE("milestones must be in date order", "[plan_builder][bad-input]") {
  auto b = base_builder();
  auto i = good("I");
  i.milestones.push_back({value::number(114), time_ref{period::year(2027)}, false, std::nullopt});  // 2027-01-01 < 14MSP
  b.add_indicator(i);
  CHECK(test::has_code(b.validate(), errc::plan_milestone_order));
}
