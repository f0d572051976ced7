// What every method shares: the registry and typed parameters, base-year substitution policies,
// threshold inclusivity, edge cases (a single point, a constant series, zero and negative bases,
// a target equal to the baseline, a target already met), direction symmetry, the non-numeric
// measures, sdg-canada's indicator-level aggregation and the evaluator's use of them.
#include <catch2/catch.hpp>

#include "test_methods_support.hpp"

#include <sstream>

using namespace waypoint;
using test::make_indicator;
using test::run;
using test::series;

namespace {

const std::vector<std::string> all_methods = {"de-weather",        "escap",          "eurostat",   "istat-classes",  "linear-trajectory",
                                              "ols-projection",    "sdg-canada",     "tolerance-band", "unsd-2022", "unsd-2023"};

// pick_base describes the base through a callable, called only when a message needs the text.
auto label(const char* text) {
  return [text] { return std::string(text); };
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Registry and parameters

TEST_CASE("the registry lists every method, sorted, with typed parameters and defaults", "[methods][registry]") {
  std::vector<std::string> names;
  for (const auto& m : methods()) {
    names.push_back(m.name);
    INFO(m.name);
    CHECK_FALSE(m.summary.empty());
    for (const auto& p : m.params) {
      CHECK_FALSE(p.type.empty());
      CHECK_FALSE(p.default_value.empty());
      CHECK_FALSE(p.help.empty());
    }
    // Every method makes itself with its defaults, and rejects a parameter it does not have.
    const auto ind = make_indicator(direction::increase, 80);
    CHECK(make_method(m.name, {}, ind)->name() == m.name);
    CHECK(test::has_code(test::problems_of([&] { (void)make_method(m.name, {{"no_such_param", "1"}}, ind); }), errc::method_bad_param));
    // Every method with thresholds makes the inclusivity at them a parameter.
    CHECK(std::any_of(m.params.begin(), m.params.end(), [](const param_info& p) { return p.name.find("inclusive") == 0; }));
  }
  CHECK(names == all_methods);
  CHECK(test::find_code(test::problems_of([] { (void)make_method("unsd-2024", {}, indicator{}); }), errc::method_unknown).message.find("unsd-2023") !=
        std::string::npos);
}

TEST_CASE("method_checker reports plan problems with plan codes", "[methods][registry]") {
  const auto check = method_checker();
  const auto ind = make_indicator(direction::increase, 80);
  CHECK(check(method_spec{"eurostat", {{"period", "long"}}}, ind).empty());
  auto out = check(method_spec{"eurostat", {{"period", "medium"}}}, ind);
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == errc::plan_bad_param);
  CHECK(out[0].message.find("short, long") != std::string::npos);
  out = check(method_spec{"euro-stat", {}}, ind);
  REQUIRE(out.size() == 1);
  CHECK(out[0].code == errc::plan_unknown_method);
}

TEST_CASE("thresholds and inclusivity parse once, with clear errors", "[methods][params]") {
  const method_info info{"m", "", {{"thresholds", "", "", ""}, {"inclusive", "", "", ""}}};
  const std::vector<threshold> dflt{{"a", 1, true}, {"b", 0, false}};
  auto read = [&](std::map<std::string, std::string> p) { return detail::param_reader(info, p).thresholds("thresholds", "inclusive", dflt); };
  auto th = read({});
  CHECK(th[0].amount == 1);
  CHECK(th[0].inclusive);
  CHECK_FALSE(th[1].inclusive);
  th = read({{"inclusive", "upper"}});
  CHECK_FALSE(th[0].inclusive);
  CHECK_FALSE(th[1].inclusive);
  th = read({{"inclusive", "upper, lower"}, {"thresholds", "2, -1.5"}});
  CHECK_FALSE(th[0].inclusive);
  CHECK(th[1].inclusive);
  CHECK(th[0].amount == 2);
  CHECK(th[1].amount == -1.5);
  for (const auto& bad : std::vector<std::map<std::string, std::string>>{
           {{"inclusive", "lower,upper,lower"}}, {{"inclusive", "both"}}, {{"thresholds", "1"}}, {{"thresholds", "0,1"}}, {{"thresholds", "1,x"}}}) {
    CHECK(test::has_code(test::problems_of([&] { (void)read(bad); }), errc::method_bad_param));
  }
}

// ---------------------------------------------------------------------------------------------
// Base-year substitution

TEST_CASE("base policies: next later, nearest, shorten, and every substitution in the trace", "[methods][base]") {
  const auto pts = series({{2013, 1}, {2016, 2}, {2019, 3}, {2022, 4}});
  trace tr;
  SECTION("the base year present: no substitution under any policy") {
    for (auto pol : {base_policy::next_later, base_policy::nearest, base_policy::shorten}) {
      trace t;
      const auto c = detail::pick_base(pts, 2016, label("base year 2016"), pol, 1, t);
      CHECK(c.base->at.str() == "2016");
      CHECK(t.substitutions.empty());
    }
  }
  SECTION("next later") {
    const auto c = detail::pick_base(pts, 2015, label("base year 2015"), base_policy::next_later, 1, tr);
    CHECK(c.base->at.str() == "2016");
    CHECK(c.used.size() == 3);
    CHECK(tr.substitutions == std::vector<std::string>{"base year 2015 has no value; used the next later period 2016"});
  }
  SECTION("nearest: earlier or later; a tie goes to the later") {
    CHECK(detail::pick_base(pts, 2014, label("base year 2014"), base_policy::nearest, 1, tr).base->at.str() == "2013");
    CHECK(detail::pick_base(pts, 2017.5, label("base year"), base_policy::nearest, 1, tr).base->at.str() == "2019");
    CHECK(detail::pick_base(pts, 2010, label("base year 2010"), base_policy::nearest, 1, tr).base->at.str() == "2013");
    CHECK(test::contains(tr.substitutions, "base year 2014 has no value; used the nearest period 2013"));
  }
  SECTION("shorten: down to the minimum span") {
    CHECK(detail::pick_base(pts, 2017, label("base year 2017"), base_policy::shorten, 3, tr).base->at.str() == "2019");
    CHECK(test::contains(tr.substitutions, "base year 2017 has no value; shortened the period to start at 2019"));
    const auto c = detail::pick_base(pts, 2017, label("base year 2017"), base_policy::shorten, 3.5, tr);
    CHECK_FALSE(c.base);
    CHECK(c.reason.find("shorter than the minimum span of 3.5 years") != std::string::npos);
  }
  SECTION("a base year after the latest data") {
    CHECK(detail::pick_base(pts, 2023, label("base year 2023"), base_policy::next_later, 1, tr).reason == "base year 2023 is after the latest data");
    CHECK(detail::pick_base(pts, 2023, label("base year 2023"), base_policy::nearest, 1, tr).base->at.str() == "2022");
  }
  SECTION("every base-year method takes the policy as a parameter") {
    const auto ind = make_indicator(direction::increase, 80);
    const auto gap = series({{2014, 58}, {2016, 60}, {2022, 66}});
    for (const char* m : {"sdg-canada", "unsd-2022", "unsd-2023", "escap", "ols-projection"}) {
      INFO(m);
      CHECK(run(m, ind, gap).base->at.str() == "2016");
      CHECK(run(m, ind, gap, {{"base", "nearest"}}).base->at.str() == "2016");  // 2014 and 2016 tie: the later
      CHECK(run(m, ind, gap, {{"base", "nearest"}, {"base_year", "2014"}}).base->at.str() == "2014");
      CHECK(run(m, ind, gap, {{"base", "shorten"}, {"min_span", "6.5"}}).status == status::insufficient_data);
      CHECK(test::contains(run(m, ind, gap).trace.substitutions, "base year 2015 has no value"));
    }
  }
  SECTION("a declared baseline value is the base of target methods, unless base_year overrides it") {
    auto ind = make_indicator(direction::increase, 80);
    ind.baseline = baseline{value::number(50), period::year(2015), ""};
    const auto pts2 = series({{2015, 60}, {2022, 66}});
    const auto a = run("unsd-2023", ind, pts2);
    CHECK(a.base->declared);
    CHECK(a.base->amount == 50);
    CHECK(test::input(a, "base_source") == "declared baseline 2015");
    CHECK(a.trace.points.front().second == 50.0);
    CHECK_FALSE(run("unsd-2023", ind, pts2, {{"base_year", "2015"}}).base->declared);
    CHECK_FALSE(run("sdg-canada", ind, pts2).base->declared);  // sdg-canada works on the data, as published
  }
}

// ---------------------------------------------------------------------------------------------
// sdg-canada: exact boundaries and inclusivity (the 14 published series are in test_sdg_canada.cpp)

TEST_CASE("sdg-canada: exact thresholds with a target, on both sides", "[sdg-canada][boundary]") {
  // Target year = base + 1, y_b = 1, x* = 1.625: CAGR_r = 0.625 and P = (y_t - 1)/0.625 exactly.
  const auto ind = make_indicator(direction::increase, 1.625, 2016);
  auto at = [&](double yt, const char* inc = "lower") { return run("sdg-canada", ind, series({{2015, 1}, {2016, yt}}), {{"inclusive", inc}}); };
  CHECK(at(1.59375).progress_value == 0.95);
  CHECK(at(1.59375).category == "substantial_progress");
  CHECK(at(1.59375, "upper").category == "moderate_progress");
  CHECK(at(1.375).progress_value == 0.6);
  CHECK(at(1.375).category == "moderate_progress");
  CHECK(at(1.375, "upper").category == "limited_progress");
  CHECK(at(1).progress_value == 0.0);
  CHECK(at(1).category == "limited_progress");
  CHECK(at(1, "upper").category == "deterioration");
  CHECK(at(1, "lower,lower,upper").category == "deterioration");
  const double step = std::ldexp(1.0, -52);
  CHECK(at(1.59375 - step).category == "moderate_progress");
  CHECK(at(1.375 - step).category == "limited_progress");
  CHECK(at(1 - step / 2).category == "deterioration");
  // The score formula is the published one whatever the inclusivity.
  CHECK(at(1.375, "upper").score == at(1.375).score);
}

// ---------------------------------------------------------------------------------------------
// Edge cases, for every method

TEST_CASE("edge cases for every method: single point, constant, zero and negative bases, target = baseline, target met",
          "[methods][edge]") {
  struct scenario {
    const char* name;
    std::vector<point> pts;
    double target;
    std::map<std::string, std::string> expect;  // method → category
  };
  const auto up = make_indicator(direction::increase);
  const std::vector<scenario> scenarios = {
      {"a single point",
       series({{2022, 66}}),
       80,
       {{"de-weather", "insufficient_data"}, {"escap", "insufficient_data"}, {"eurostat", "insufficient_data"},
        {"istat-classes", "insufficient_data"}, {"linear-trajectory", "insufficient_data"}, {"ols-projection", "insufficient_data"},
        {"sdg-canada", "not_available"}, {"tolerance-band", "under_target"}, {"unsd-2022", "insufficient_data"},
        {"unsd-2023", "insufficient_data"}}},
      {"a constant series",
       series({{2015, 50}, {2016, 50}, {2017, 50}, {2018, 50}, {2019, 50}, {2020, 50}, {2021, 50}, {2022, 50}}),
       60,
       {{"de-weather", "cloud"}, {"escap", "reverse_trend"}, {"eurostat", "insufficient_progress"}, {"istat-classes", "stable"},
        {"linear-trajectory", "no_progress"}, {"ols-projection", "off_track"}, {"sdg-canada", "limited_progress"},
        {"tolerance-band", "under_target"}, {"unsd-2022", "limited_progress"}, {"unsd-2023", "stagnation"}}},
      {"a target equal to the baseline",
       series({{2015, 60}, {2017, 60}, {2018, 60.5}, {2019, 61}, {2020, 62}, {2021, 62.5}, {2022, 63}}),
       60,
       {{"de-weather", "sun"}, {"escap", "maintain_progress"}, {"eurostat", "moderate_progress"}, {"istat-classes", "stable"},
        {"linear-trajectory", "target_achieved"}, {"ols-projection", "achieved"}, {"sdg-canada", "target_achieved"},
        {"tolerance-band", "on_target"}, {"unsd-2022", "target_achieved"}, {"unsd-2023", "target_met_or_almost_met"}}},
      {"a target already met",
       series({{2015, 60}, {2017, 70}, {2018, 74}, {2019, 77}, {2020, 80}, {2021, 83}, {2022, 85}}),
       80,
       {{"de-weather", "sun"}, {"escap", "maintain_progress"}, {"eurostat", "significant_progress"},
        {"istat-classes", "clear_improvement"}, {"linear-trajectory", "target_achieved"}, {"ols-projection", "achieved"},
        {"sdg-canada", "target_achieved"}, {"tolerance-band", "on_target"}, {"unsd-2022", "target_achieved"},
        {"unsd-2023", "target_met_or_almost_met"}}},
      {"a zero base",
       series({{2015, 0}, {2017, 0}, {2018, 1}, {2019, 2}, {2020, 3}, {2021, 4}, {2022, 5}}),
       10,
       {{"de-weather", "sun"}, {"escap", "insufficient_data"}, {"eurostat", "insufficient_data"},
        {"istat-classes", "insufficient_data"}, {"linear-trajectory", "on_track"}, {"ols-projection", "on_track"},
        {"sdg-canada", "substantial_progress"}, {"tolerance-band", "under_target"}, {"unsd-2022", "insufficient_data"},
        {"unsd-2023", "insufficient_data"}}},
      {"a negative base rising towards a negative target",
       series({{2015, -20}, {2017, -18}, {2018, -16}, {2019, -14}, {2020, -13}, {2021, -11}, {2022, -10}}),
       -5,
       {{"de-weather", "sun"}, {"escap", "maintain_progress"}, {"eurostat", "significant_progress"},
        {"istat-classes", "clear_improvement"}, {"linear-trajectory", "on_track"}, {"ols-projection", "on_track"},
        {"sdg-canada", "substantial_progress"}, {"tolerance-band", "under_target"}, {"unsd-2022", "on_track"},
        {"unsd-2023", "target_met_or_almost_met"}}},
  };
  for (const auto& s : scenarios) {
    for (const auto& m : all_methods) {
      INFO(s.name << " under " << m);
      auto ind = up;
      ind.target = target{value::number(s.target), period::year(2030)};
      const auto a = run(m, ind, s.pts);
      CHECK(a.category == s.expect.at(m));
      if (a.status == status::insufficient_data || a.status == status::not_applicable) CHECK_FALSE(a.reason.empty());
      if (std::string(s.name) == "a target already met") CHECK(a.status == (m == "tolerance-band" || m == "istat-classes" ? status::on_track : status::achieved));
    }
  }
  SECTION("sdg-canada substitutes the zero base and says so") {
    auto ind = up;
    ind.target = target{value::number(10), period::year(2030)};
    CHECK(test::contains(run("sdg-canada", ind, scenarios[4].pts).trace.substitutions, "base value 0 replaced by 0.001"));
  }
  SECTION("methods that need a direction say so for maintain") {
    indicator keep = up;
    keep.direction = direction::maintain;
    keep.range = value_range{40, 60};
    for (const auto& m : all_methods) {
      if (m == "linear-trajectory") continue;
      INFO(m);
      const auto a = run(m, keep, scenarios[1].pts);
      CHECK(a.status == status::not_applicable);
      CHECK(a.reason.find("direction") != std::string::npos);
    }
  }
  SECTION("target methods without a target are not applicable, not zero") {
    for (const char* m : {"unsd-2022", "unsd-2023", "escap", "ols-projection", "de-weather"}) {
      INFO(m);
      const auto a = run(m, up, scenarios[1].pts);
      CHECK(a.status == status::not_applicable);
      CHECK(a.reason.find("numeric target") != std::string::npos);
      CHECK_FALSE(a.progress_value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Direction symmetry

TEST_CASE("direction symmetry: mirrored series and target, direction flipped, same category", "[methods][symmetry]") {
  struct scenario {
    std::vector<point> pts;
    double target;
    direction d;
  };
  const std::vector<scenario> scenarios = {
      {series({{2015, 60}, {2016, 61}, {2017, 63}, {2018, 62}, {2019, 64}, {2020, 65}, {2021, 65.5}, {2022, 66}}), 80, direction::increase},
      {series({{2015, 20}, {2016, 19.5}, {2017, 19}, {2018, 18.5}, {2019, 18}, {2020, 17.75}, {2021, 17.25}, {2022, 17}}), 10, direction::decrease},
      {series({{2015, 90}, {2016, 91}, {2017, 89}, {2018, 88}, {2019, 87}, {2020, 86}, {2021, 85}, {2022, 84}}), 80, direction::increase},
      {series({{2015, 60}, {2016, 59}, {2017, 58}, {2018, 57}, {2019, 56}, {2020, 55}, {2021, 54}, {2022, 53}}), 80, direction::increase},
      {series({{2015, 60}, {2016, 66}, {2017, 70}, {2018, 74}, {2019, 78}, {2020, 80}, {2021, 83}, {2022, 85}}), 80, direction::increase},
      {series({{2015, 50}, {2016, 50}, {2017, 50}, {2018, 50}, {2019, 50}, {2020, 50}, {2021, 50}, {2022, 50}}), 60, direction::increase},
  };
  SECTION("through zero (y → -y, x* → -x*): every method") {
    // The growth methods are built on ratios to the base (CAGR), which a reflection about a
    // non-zero baseline does not preserve; reflecting through zero does, thanks to the sign s.
    for (std::size_t k = 0; k < scenarios.size(); ++k)
      for (const auto& m : all_methods) {
        INFO("scenario " << k << " under " << m);
        const auto ind = make_indicator(scenarios[k].d, scenarios[k].target);
        const auto [mind, mpts] = test::negated(ind, scenarios[k].pts);
        const auto a = run(m, ind, scenarios[k].pts), b = run(m, mind, mpts);
        CHECK(a.category == b.category);
        CHECK(a.status == b.status);
        CHECK(test::same(a.progress_value, b.progress_value));
      }
  }
  SECTION("about the baseline (y → 2y_b - y): the methods linear in the values") {
    for (std::size_t k = 0; k < scenarios.size(); ++k)
      for (const auto& [m, params] : std::vector<std::pair<std::string, std::map<std::string, std::string>>>{
               {"linear-trajectory", {}}, {"ols-projection", {}}, {"de-weather", {}}}) {
        INFO("scenario " << k << " under " << m);
        const auto& s = scenarios[k];
        const double yb = s.pts.front().amount;
        auto pts = s.pts;
        for (auto& p : pts) p.amount = 2 * yb - p.amount;
        const auto ind = make_indicator(s.d, s.target);
        const auto mind = make_indicator(s.d == direction::increase ? direction::decrease : direction::increase, 2 * yb - s.target);
        const auto a = run(m, ind, s.pts, params), b = run(m, mind, pts, params);
        CHECK(a.category == b.category);
        CHECK(a.status == b.status);
      }
  }
  SECTION("about the baseline on a log scale (y → y_b²/y): unsd-2022 with AARR") {
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
      INFO("scenario " << k);
      const auto& s = scenarios[k];
      const double yb = s.pts.front().amount;
      auto pts = s.pts;
      for (auto& p : pts) p.amount = yb * yb / p.amount;
      const auto a = run("unsd-2022", make_indicator(s.d, s.target), s.pts, {{"rate", "aarr"}});
      const auto b = run("unsd-2022", make_indicator(s.d == direction::increase ? direction::decrease : direction::increase, yb * yb / s.target), pts,
                         {{"rate", "aarr"}});
      CHECK(a.category == b.category);
      CHECK(test::same(a.progress_value, b.progress_value));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Traces

TEST_CASE("every method explains itself: rule, thresholds, points, inputs", "[methods][trace]") {
  const auto ind = make_indicator(direction::increase, 80);
  const auto pts = series({{2015, 60}, {2016, 61}, {2017, 63}, {2018, 62}, {2019, 64}, {2020, 65}, {2021, 65.5}, {2022, 66}});
  for (const auto& m : all_methods) {
    INFO(m);
    const auto a = run(m, ind, pts);
    CHECK_FALSE(a.trace.rule.empty());
    CHECK_FALSE(a.trace.thresholds.empty());
    CHECK_FALSE(a.trace.points.empty());
    CHECK_FALSE(a.trace.inputs.empty());
    CHECK(a.current);
    CHECK_FALSE(a.category.empty());
  }
}

// ---------------------------------------------------------------------------------------------
// Non-numeric measures and the evaluator

namespace {

plan plan_with(measure m, const std::string& method = "", std::map<std::string, std::string> params = {}) {
  plan_builder b(plan_id{"p"}, "Test plan", *parse_period("2021-01-01/2030-12-31"));
  b.add_section(section{section_id{"s"}, "S", {}, {}, {}});
  b.add_action(action{action_id{"a"}, section_id{"s"}, "Do it", {}, {}});
  indicator i;
  i.id = indicator_id{"I"};
  i.action = action_id{"a"};
  i.measure = m;
  i.method = method_spec{method, std::move(params)};
  if (m == measure::ordinal) {
    i.levels = {"none", "draft", "adopted", "adopted-and-costed"};
    i.baseline = baseline{value::of_level(0), period::year(2020), ""};
    i.target = target{value::of_level(3), period::year(2030)};
  } else if (m != measure::qualitative) {
    i.target = target{value::number(80), period::year(2030)};
  }
  b.add_indicator(i);
  b.set_method_check(method_checker());
  return std::move(b).build();
}

observation obs_of(const char* period_text, double v, const char* entity = "A", const char* dis = "") {
  observation o;
  o.indicator = indicator_id{"I"};
  o.entity = entity_id{entity};
  o.disaggregation = dis;
  o.period = *parse_period(period_text);
  o.amount = v;
  return o;
}

}  // namespace

TEST_CASE("ordinal scales: levels gained out of levels required, linear-trajectory on level indices", "[methods][ordinal]") {
  const plan p = plan_with(measure::ordinal);
  const auto st = test::store_of(p, {obs_of("2022", 1), obs_of("2025", 2)});
  const auto ev = evaluate(p, st, std::nullopt);
  const auto& a = ev.series.at(0).outcome;
  CHECK(test::input(a, "levels_gained") == "2");
  CHECK(test::input(a, "levels_required") == "3");
  CHECK(test::same(a.progress_value, 2.0 / 3));
  CHECK(a.status == status::on_track);  // 2/3 of the levels by 2025, half the time gone
  SECTION("another method on an ordinal scale: checked, then linear-trajectory, and the trace says so") {
    const plan q = plan_with(measure::ordinal, "eurostat", {{"period", "long"}});
    const auto e2 = evaluate(q, test::store_of(q, {obs_of("2022", 1), obs_of("2025", 2)}), std::nullopt);
    CHECK(e2.series.at(0).method == "linear-trajectory");
    CHECK(test::contains(e2.series.at(0).outcome.trace.substitutions, "instead of eurostat"));
    CHECK(test::same(e2.series.at(0).outcome.progress_value, 2.0 / 3));
    CHECK(test::has_code(test::problems_of([] { (void)plan_with(measure::ordinal, "eurostat", {{"period", "medium"}}); }), errc::plan_bad_param));
  }
}

TEST_CASE("qualitative: not assessable unless the data assigns a status", "[methods][qualitative]") {
  CHECK(assigned_status_word("status:on_track; consultations held") == std::optional<std::string_view>("on_track"));
  CHECK(assigned_status_word("  status:achieved") == std::optional<std::string_view>("achieved"));
  CHECK_FALSE(assigned_status_word("the status: unclear"));
  const plan p = plan_with(measure::qualitative);
  auto text = [](const char* period, const char* entity, const char* t) {
    auto o = obs_of(period, 0, entity);
    o.text = t;
    return o;
  };
  const auto ev = evaluate(p,
                           test::store_of(p, {text("2022", "A", "Consultations under way"), text("2022", "B", "status:needs_acceleration; drafting slow"),
                                        text("2021", "C", "status:on_track; draft tabled"), text("2022", "C", "status:off-track; stalled")}),
                           std::nullopt);
  REQUIRE(ev.series.size() == 3);
  CHECK(ev.series[0].outcome.status == status::not_applicable);
  CHECK(ev.series[0].outcome.category == "not_assessable");
  CHECK(ev.series[1].outcome.status == status::needs_acceleration);
  CHECK(ev.series[1].outcome.category == "assigned_by_data");
  CHECK(test::input(ev.series[1].outcome, "assigned") == "needs_acceleration");
  CHECK(ev.series[1].outcome.reason.empty());
  // The latest narrative counts; an unknown status word is explained, not guessed.
  CHECK(ev.series[2].outcome.status == status::not_applicable);
  CHECK(ev.series[2].outcome.reason.find("unknown status 'off-track'") != std::string::npos);
}

TEST_CASE("binary commitments: achieved, not due, overdue", "[methods][binary]") {
  plan_builder b(plan_id{"p"}, "Test plan", *parse_period("2021-01-01/2030-12-31"));
  b.add_section(section{section_id{"s"}, "S", {}, {}, {}});
  b.add_action(action{action_id{"a"}, section_id{"s"}, "Do it", {}, {}});
  indicator i;
  i.id = indicator_id{"I"};
  i.action = action_id{"a"};
  i.measure = measure::binary;
  i.target = target{value::boolean(true), period::year(2025)};
  i.method = method_spec{"eurostat", {}};  // the method does not apply to a yes/no: the binary rule does
  b.add_indicator(i);
  b.set_method_check(method_checker());
  const plan p = std::move(b).build();
  const auto st = test::store_of(p, {obs_of("2022", 0, "A"), obs_of("2022", 1, "B")});
  auto ev = evaluate(p, st, parse_date("2024-06-30"));
  CHECK(ev.series[0].outcome.status == status::not_due);
  CHECK(ev.series[1].outcome.category == "achieved");
  ev = evaluate(p, st, parse_date("2026-01-01"));
  CHECK(ev.series[0].outcome.category == "overdue");
  CHECK(ev.series[0].outcome.status == status::off_track);
}

// ---------------------------------------------------------------------------------------------
// sdg-canada at indicator level

TEST_CASE("sdg-canada indicator level: mean score, bands, achieved only if every series is", "[sdg-canada][aggregate]") {
  auto with = [](std::vector<std::pair<const char*, std::optional<double>>> s) {
    std::vector<assessment> a(s.size());
    std::vector<const assessment*> ptrs;
    for (std::size_t k = 0; k < s.size(); ++k) {
      a[k].category = s[k].first;
      a[k].score = s[k].second;
      ptrs.push_back(&a[k]);
    }
    return aggregate_sdg_canada(ptrs);
  };
  // Exact band edges, both sides.
  CHECK(with({{"moderate_progress", 2.5}}).category == "substantial_progress");
  CHECK(with({{"moderate_progress", std::nextafter(2.5, 0.0)}}).category == "moderate_progress");
  CHECK(with({{"limited_progress", 0.0}}).category == "moderate_progress");
  CHECK(with({{"limited_progress", -0.0}}).category == "moderate_progress");
  CHECK(with({{"limited_progress", std::nextafter(0.0, -1.0)}}).category == "limited_progress");
  CHECK(with({{"limited_progress", -2.5}}).category == "limited_progress");
  CHECK(with({{"deterioration", std::nextafter(-2.5, -3.0)}}).category == "deterioration");
  CHECK(with({{"deterioration", -5.0}}).status == status::regressing);
  // The mean: (5 + 1 - 1) / 3 = 5/3 → moderate; one series not available is left out of the mean.
  const auto r = with({{"target_achieved", 5.0}, {"moderate_progress", 1.0}, {"limited_progress", -1.0}, {"not_available", std::nullopt}});
  CHECK(test::same(r.score, 5.0 / 3));
  CHECK(r.category == "moderate_progress");
  CHECK(r.status == status::needs_acceleration);
  CHECK(r.n_series == 4);
  CHECK(r.n_scored == 3);
  CHECK(with({{"target_achieved", 5.0}, {"target_achieved", 5.0}}).category == "target_achieved");
  CHECK(with({{"target_achieved", 5.0}, {"target_achieved", 5.0}}).status == status::achieved);
  CHECK(with({{"target_achieved", 5.0}, {"not_available", std::nullopt}}).category == "substantial_progress");
  CHECK(with({{"not_available", std::nullopt}}).status == status::insufficient_data);
  CHECK_FALSE(with({{"not_available", std::nullopt}}).reason.empty());
}

TEST_CASE("evaluate fills the indicator level over disaggregated series", "[sdg-canada][aggregate][evaluate]") {
  const plan p = plan_with(measure::amount, "sdg-canada", {{"base_year", "2021"}});
  const auto st = test::store_of(p, {obs_of("2021", 50, "A", "sex=female"), obs_of("2024", 60, "A", "sex=female"), obs_of("2021", 50, "A", "sex=male"),
                               obs_of("2024", 52, "A", "sex=male"), obs_of("2021", 50, "B"), obs_of("2024", 81, "B")});
  const auto ev = evaluate(p, st, std::nullopt);
  REQUIRE(ev.series.size() == 3);
  REQUIRE(ev.indicators.size() == 2);
  const auto& a = ev.indicators[0];
  CHECK(a.indicator == indicator_id{"I"});
  CHECK(a.entity == entity_id{"A"});
  CHECK(a.n_series == 2);
  CHECK(test::same(a.score, (*ev.series[0].outcome.score + *ev.series[1].outcome.score) / 2));
  CHECK(ev.indicators[1].entity == entity_id{"B"});
  CHECK(ev.indicators[1].category == "target_achieved");
  CHECK_FALSE(a.trace.rule.empty());
  SECTION("other methods define no indicator level") {
    const plan q = plan_with(measure::amount, "eurostat");
    CHECK(evaluate(q, test::store_of(q, {obs_of("2021", 50), obs_of("2024", 60)}), std::nullopt).indicators.empty());
  }
}

TEST_CASE("evaluate runs a whole plan under each method, with run parameters", "[methods][evaluate]") {
  const plan p = plan_with(measure::amount);
  const auto st = test::store_of(p, {obs_of("2016", 60), obs_of("2018", 62), obs_of("2020", 63), obs_of("2022", 66), obs_of("2024", 70)});
  for (const auto& m : all_methods) {
    INFO(m);
    evaluation_options opt;
    opt.method = m;
    const auto ev = evaluate(p, st, std::nullopt, opt);
    REQUIRE(ev.series.size() == 1);
    CHECK(ev.series[0].method == m);
    CHECK(ev.series[0].outcome.category != "");
  }
  evaluation_options opt;
  opt.method = "eurostat";
  opt.params = {{"period", "long"}, {"min_span", "5"}};
  const auto ev = evaluate(p, st, std::nullopt, opt);
  CHECK(test::input(ev.series[0].outcome, "period") == "long");
  CHECK(ev.series[0].outcome.base->at.str() == "2016");
  opt.params = {{"period", "eternal"}};
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, st, std::nullopt, opt); }), errc::method_bad_param));
}

// Groups of a disaggregated indicator: group_targets inherit | own | none (docs/collective.md)

namespace {
/// A plan with one disaggregated indicator (`lines` are its keys besides id and dimensions).
plan grouped_plan(const std::string& lines) {
  return io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2015-01-01/2030-12-31}
entities: [{id: CAN}]
)" + test::one_action_yaml + "          - id: R\n" + lines + "            dimensions: [{id: grp, categories: [a, b, c]}]\n",
                        io::plan_format::yaml, "groups.yaml");
}
const char* grouped_obs = "indicator,entity,period,value,dim:grp\nR,CAN,2015,20,a\nR,CAN,2022,15,a\nR,CAN,2015,22,b\nR,CAN,2022,21,b\n"
                          "R,CAN,2015,12,c\nR,CAN,2022,9,c\n";
}  // namespace

TEST_CASE("groups of a rate inherit the indicator's target: the sdg-canada indicator-level example of docs/methods.md",
          "[sdg-canada][aggregate][groups]") {
  // Three series of a decrease percentage with target 10 (2030), base 2015, each assessed against
  // that target: 20 → 15, 22 → 21, 12 → 9 (2022).
  const plan p = grouped_plan("            measure: percentage\n            direction: decrease\n            target: {value: 10, at: 2030}\n"
                              "            method: sdg-canada\n");
  CHECK(default_group_target_rule(p.indicators()[0]) == group_target_rule::inherit);
  const auto ev = evaluate(p, io::parse_observations(grouped_obs, p, "g.csv"), std::nullopt);
  REQUIRE(ev.series.size() == 3);
  const char* categories[] = {"moderate_progress", "limited_progress", "target_achieved"};
  const double scores[] = {2.0830937957259827, -1.9610246722081606, 5};
  for (std::size_t k = 0; k < 3; ++k) {
    INFO(ev.series[k].disaggregation);
    CHECK(ev.series[k].outcome.category == categories[k]);
    CHECK(test::same(ev.series[k].outcome.score, scores[k]));
    REQUIRE(ev.series[k].target);
    CHECK(ev.series[k].target->amount == 10.0);
    CHECK(test::input(ev.series[k].outcome, "group_target") == "inherited from the indicator (rule inherit)");
  }
  REQUIRE(ev.indicators.size() == 1);
  CHECK(ev.indicators[0].category == "moderate_progress");
  CHECK(ev.indicators[0].status == status::needs_acceleration);
  CHECK(test::same(ev.indicators[0].score, 1.7073563745059408));
  CHECK(ev.indicators[0].n_series == 3);
}

TEST_CASE("group target rules: own for counts, inherit for rates, an own entry wins, none refuses entries", "[groups][bad-input]") {
  const std::string count = "            measure: count\n            target: {value: 4500, at: 2030}\n            milestones: [{value: 3000, at: 2025}]\n";
  const std::string own_entry = "            group_targets: {rule: inherit, targets: [{group: grp=b, value: 18, at: 2030}]}\n";
  auto target_of = [](const evaluation& ev, const char* group) -> std::optional<double> {
    for (const auto& s : ev.series)
      if (s.disaggregation == group) return s.target ? std::optional<double>(s.target->amount) : std::nullopt;
    FAIL("no series for " << group);
    return std::nullopt;
  };
  SECTION("a count's groups have no target by default: the total's 4,500 is not a group's") {
    const plan p = grouped_plan(count);
    CHECK(group_rule_of(p.indicators()[0]) == group_target_rule::own);
    const auto ev = evaluate(p, io::parse_observations(grouped_obs, p, "g.csv"), std::nullopt);
    CHECK_FALSE(target_of(ev, "grp=a"));
    CHECK(test::input(ev.series[0].outcome, "group_target") == "none (rule own)");
  }
  SECTION("a count can ask to inherit, and then keeps the milestones too") {
    const plan p = grouped_plan(count + "            group_targets: inherit\n");
    const auto ev = evaluate(p, io::parse_observations(grouped_obs, p, "g.csv"), std::nullopt);
    CHECK(target_of(ev, "grp=a") == 4500.0);
    REQUIRE(ev.series[0].next_milestone);
  }
  SECTION("an own entry wins over the inherited target") {
    const plan p = grouped_plan("            measure: percentage\n            direction: decrease\n            target: {value: 10, at: 2030}\n" + own_entry);
    const auto ev = evaluate(p, io::parse_observations(grouped_obs, p, "g.csv"), std::nullopt);
    CHECK(target_of(ev, "grp=a") == 10.0);
    CHECK(target_of(ev, "grp=b") == 18.0);
    CHECK(test::input(ev.series[1].outcome, "group_target") == "own (group_targets)");
  }
  SECTION("a rate can ask for none") {
    const plan p = grouped_plan("            measure: percentage\n            target: {value: 90, at: 2030}\n            group_targets: none\n");
    const auto ev = evaluate(p, io::parse_observations(grouped_obs, p, "g.csv"), std::nullopt);
    for (const char* g : {"grp=a", "grp=b", "grp=c"}) CHECK_FALSE(target_of(ev, g));
  }
  SECTION("bad rules and entries under none are located errors") {
    auto ps = test::problems_of([&] { (void)grouped_plan("            measure: percentage\n            group_targets: always\n"); });
    CHECK(ps[0].code == errc::plan_bad_enum);
    CHECK(ps[0].where.str() == "groups.yaml:13:28 (/sections/0/actions/0/indicators/0/group_targets)");
    CHECK(test::contains({ps[0].message}, "must be inherit, own or none, got 'always'"));
    ps = test::problems_of([&] {
      (void)grouped_plan("            measure: percentage\n            group_targets: {rule: none, targets: [{group: grp=a, value: 1, at: 2030}]}\n");
    });
    CHECK(ps[0].code == errc::plan_bad_value);
    CHECK(test::contains({ps[0].message}, "the group target rule is none"));
    ps = test::problems_of([&] { (void)grouped_plan("            measure: percentage\n            group_targets: {rule: own, extra: 1}\n"); });
    CHECK(test::has_code(ps, errc::plan_unknown_key));
  }
}

TEST_CASE("an indicator without observations gets its method's own no-data category", "[methods][no-data]") {
  // The status stays insufficient_data; the category is the method's word for it.
  const std::pair<const char*, const char*> expected[] = {{"sdg-canada", "not_available"},       {"tolerance-band", "not_reporting"},
                                                          {"linear-trajectory", "insufficient_data"}, {"eurostat", "insufficient_data"},
                                                          {"unsd-2023", "insufficient_data"},     {"escap", "insufficient_data"}};
  for (const auto& [method, category] : expected) {
    INFO(method);
    const plan p = plan_with(measure::amount, method);
    const auto ev = evaluate(p, test::store_of(p, {}), std::nullopt);
    REQUIRE(ev.series.size() == 1);
    CHECK(ev.series[0].outcome.status == status::insufficient_data);
    CHECK(ev.series[0].outcome.category == category);
    CHECK(ev.series[0].outcome.reason == "no observations for this indicator");
    // The batch (CSV) path writes the same category.
    std::ostringstream csv;
    io::evaluate_to_csv(csv, p, test::store_of(p, {}), std::nullopt, {}, {"indicator", "status", "category"});
    CHECK(csv.str() == "indicator,status,category\nI,insufficient_data," + std::string(category) + "\n");
  }
  for (const auto& m : methods()) {
    INFO(m.name);
    CHECK(make_method(m.name, {}, plan_with(measure::amount).indicators()[0])->no_data_category() == m.no_data_category);
  }
}
