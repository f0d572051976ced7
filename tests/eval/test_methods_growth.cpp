// Growth-rate methods (methods.md §2–4, §8): eurostat, unsd-2022, unsd-2023, escap, istat-classes.
// The worked examples of methods.md are published to 7 significant digits: numbers are compared to
// within half a unit of the last published digit (test::published); closed forms to 1e-9 relative.
// This file includes a method header first, on purpose: each method header stands on its own.
#include "waypoint/eval/methods/eurostat.hpp"

#include <catch2/catch.hpp>

#include "test_methods_support.hpp"

using namespace waypoint;
using test::make_indicator;
using test::run;
using test::series;

namespace {
double cagr_of(double v1, double v0, double years) { return std::pow(v1 / v0, 1.0 / years) - 1; }
}  // namespace

// ---------------------------------------------------------------------------------------------
// eurostat

TEST_CASE("eurostat: the worked cases A-D with a target (7 published digits)", "[eurostat][vectors]") {
  struct row {
    const char* name;
    int b;
    double yb;
    int t;
    double yt;
    double x;
    direction d;
    const char *cagr_a, *cagr_r, *rr, *category;
    status st;
  };
  const row rows[] = {
      {"A", 2015, 60, 2022, 66, 80, direction::increase, "0.0137089", "0.0193639", "0.7079595", "moderate_progress", status::needs_acceleration},
      {"B", 2015, 20, 2022, 17, 10, direction::decrease, "-0.0229495", "-0.0451584", "0.5082012", "insufficient_progress", status::off_track},
      {"C", 2017, 30, 2022, 31, 25, direction::decrease, "0.0065795", "-0.0139268", "-0.4724339", "movement_away", status::regressing},
      {"D", 2015, 40, 2022, 55, 60, direction::increase, "0.0465441", "0.0273997", "1.6987104", "significant_progress", status::on_track},
  };
  for (const auto& r : rows) {
    INFO("case " << r.name);
    const auto ind = make_indicator(r.d, r.x);
    // The cases span t - b years; years = t - b puts the base exactly on b.
    const auto a = run("eurostat", ind, series({{r.b - 1, r.yb * 0.9}, {r.b, r.yb}, {r.t, r.yt}}), {{"years", std::to_string(r.t - r.b)}});
    CHECK(test::published(test::input_number(a, "CAGR_a"), r.cagr_a));
    CHECK(test::published(test::input_number(a, "CAGR_r"), r.cagr_r));
    CHECK(test::published(a.progress_value, r.rr));
    CHECK(test::same(a.progress_value, cagr_of(r.yt, r.yb, r.t - r.b) / cagr_of(r.x, r.yb, 2030 - r.b)));
    CHECK(a.category == r.category);
    CHECK(a.status == r.st);
    REQUIRE(a.base);
    CHECK(a.base->at.str() == std::to_string(r.b));
    CHECK(a.trace.substitutions.empty());
  }
}

TEST_CASE("eurostat: the worked cases E-H without a target (7 published digits)", "[eurostat][vectors]") {
  struct row {
    const char* name;
    double yb, yt;
    direction d;
    const char *g, *category;
    status st;
  };
  const row rows[] = {
      {"E", 100, 106, direction::increase, "0.0117220", "significant_progress", status::on_track},
      {"F", 100, 103, direction::increase, "0.0059293", "moderate_progress", status::needs_acceleration},
      {"G", 50, 51, direction::decrease, "-0.0039684", "moderate_movement_away", status::regressing},
      {"H", 50, 47, direction::decrease, "0.0122988", "significant_progress", status::on_track},
  };
  for (const auto& r : rows) {
    INFO("case " << r.name);
    const auto ind = make_indicator(r.d);
    // Short-term default: 5 years, base 2017 for t = 2022.
    const auto a = run("eurostat", ind, series({{2017, r.yb}, {2019, (r.yb + r.yt) / 2}, {2022, r.yt}}));
    CHECK(test::published(a.progress_value, r.g));
    CHECK(test::same(a.progress_value, (r.d == direction::increase ? 1 : -1) * cagr_of(r.yt, r.yb, 5)));
    CHECK(a.category == r.category);
    CHECK(a.status == r.st);
    CHECK(test::input(a, "period") == "short");
  }
}

TEST_CASE("eurostat: a missing base year shortens the period down to the minimum span", "[eurostat][substitution]") {
  const auto ind = make_indicator(direction::increase);
  SECTION("short-term: base 2017 missing, 2018 used (span 4 >= 3), recorded") {
    const auto a = run("eurostat", ind, series({{2016, 90}, {2018, 100}, {2022, 106}}));
    REQUIRE(a.base);
    CHECK(a.base->at.str() == "2018");
    CHECK(test::contains(a.trace.substitutions, "base year 2017 has no value; shortened the period to start at 2018"));
    CHECK(test::same(a.progress_value, cagr_of(106, 100, 4)));
  }
  SECTION("short-term: only 2020 left (span 2 < 3): insufficient data, with the reason") {
    const auto a = run("eurostat", ind, series({{2016, 90}, {2020, 100}, {2022, 106}}));
    CHECK(a.status == status::insufficient_data);
    CHECK(a.reason.find("minimum span of 3 years") != std::string::npos);
    CHECK_FALSE(a.progress_value);
  }
  SECTION("long-term: 15 years, minimum span 10") {
    const auto pts = series({{2009, 100}, {2022, 120}});
    const auto a = run("eurostat", ind, pts, {{"period", "long"}});
    CHECK(a.base->at.str() == "2009");
    CHECK(test::contains(a.trace.substitutions, "base year 2007 has no value"));
    CHECK(run("eurostat", ind, series({{2013, 100}, {2022, 120}}), {{"period", "long"}}).status == status::insufficient_data);
    CHECK(run("eurostat", ind, series({{2013, 100}, {2022, 120}}), {{"period", "long"}, {"min_span", "9"}}).category == "significant_progress");
  }
  SECTION("base policies: next-later ignores the span; nearest may take an earlier year") {
    const auto pts = series({{2016, 90}, {2020, 100}, {2022, 106}});
    const auto later = run("eurostat", ind, pts, {{"base", "next-later"}});
    CHECK(later.base->at.str() == "2020");
    CHECK(test::contains(later.trace.substitutions, "used the next later period 2020"));
    const auto nearest = run("eurostat", ind, pts, {{"base", "nearest"}});
    CHECK(nearest.base->at.str() == "2016");
    CHECK(test::contains(nearest.trace.substitutions, "used the nearest period 2016"));
    CHECK(test::same(nearest.progress_value, cagr_of(106, 90, 6)));
  }
}

TEST_CASE("eurostat: base already past the target uses d*CAGR_a/|CAGR_r| and says so", "[eurostat][correction]") {
  // d = -1, target 25, base 20 is already below it; the value keeps falling (good).
  const auto ind = make_indicator(direction::decrease, 25);
  const auto a = run("eurostat", ind, series({{2017, 20}, {2022, 18}}));
  const double ca = cagr_of(18, 20, 5), cr = cagr_of(25, 20, 13);
  CHECK(ca / cr < 0);  // the plain ratio has the wrong sign
  CHECK(test::same(a.progress_value, -ca / std::abs(cr)));
  CHECK(a.category == "significant_progress");
  CHECK(a.status == status::achieved);  // 18 <= 25: the target is met, the category is kept
  CHECK(test::contains(a.trace.substitutions, "already past the target"));
  SECTION("without the correction the same data would read as movement away") {
    const auto plain = run("eurostat", make_indicator(direction::decrease, 15), series({{2017, 20}, {2022, 18}}));
    CHECK(plain.trace.substitutions.empty());
  }
}

TEST_CASE("eurostat: exact threshold values on both sides", "[eurostat][boundary]") {
  // years = 1 and target year = b + 1 make CAGR_a = y_t - 1 and CAGR_r = x* - 1 exactly (y_b = 1).
  // RR = 0.59375/0.625 = 0.95, 0.375/0.625 = 0.6 and 0/0.625 = 0, each correctly rounded to the literal.
  const auto ind = make_indicator(direction::increase, 1.625, 2022);
  auto rr = [&](double yt, const char* inclusive = "lower") {
    return run("eurostat", ind, series({{2021, 1}, {2022, yt}}), {{"years", "1"}, {"min_span", "1"}, {"inclusive", inclusive}});
  };
  CHECK(rr(1.59375).progress_value == 0.95);
  CHECK(rr(1.59375).category == "significant_progress");
  CHECK(rr(1.59375, "upper").category == "moderate_progress");
  CHECK(rr(1.375).progress_value == 0.6);
  CHECK(rr(1.375).category == "moderate_progress");
  CHECK(rr(1.375, "upper").category == "insufficient_progress");
  CHECK(rr(1).progress_value == 0.0);
  CHECK(rr(1).category == "insufficient_progress");
  CHECK(rr(1, "upper").category == "movement_away");
  CHECK(rr(1, "lower,lower,upper").category == "movement_away");
  CHECK(rr(1, "upper,upper,lower").category == "insufficient_progress");
  // The neighbours of each threshold (one step of 2^-52 in y_t).
  const double step = std::ldexp(1.0, -52);
  CHECK(rr(1.59375 - step).category == "moderate_progress");
  CHECK(rr(1.375 - step).category == "insufficient_progress");
  CHECK(rr(1 - step).category == "movement_away");
  SECTION("without a target: g exactly at each threshold, set through thresholds_no_target") {
    const auto none = make_indicator(direction::increase);
    const auto pts = series({{2017, 100}, {2022, 106}});
    const double g = *run("eurostat", none, pts).progress_value;
    const std::string gs = format_number(g);
    auto cat = [&](const std::string& th, const char* inc) {
      return run("eurostat", none, pts, {{"thresholds_no_target", th}, {"inclusive_no_target", inc}}).category;
    };
    CHECK(cat(gs + ",0,-0.01", "lower") == "significant_progress");
    CHECK(cat(gs + ",0,-0.01", "upper") == "moderate_progress");  // the default at 1%: g = 1% is moderate
    CHECK(cat("0.02," + gs + ",-0.01", "lower") == "moderate_progress");
    CHECK(cat("0.02," + gs + ",-0.01", "upper") == "moderate_movement_away");
    CHECK(cat("0.02,0.015," + gs, "lower") == "moderate_movement_away");
    CHECK(cat("0.02,0.015," + gs, "upper") == "significant_movement_away");
    // Default: 0 is moderate progress (inclusive), exactly.
    CHECK(run("eurostat", none, series({{2017, 100}, {2022, 100}})).category == "moderate_progress");
  }
}

TEST_CASE("eurostat: parameters are typed and checked", "[eurostat][params]") {
  const auto ind = make_indicator(direction::increase, 80);
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{{"period", "medium"},
                                                                             {"years", "five"},
                                                                             {"min_span", "-1"},
                                                                             {"min_span", "6"},
                                                                             {"base", "previous"},
                                                                             {"thresholds", "0.95,0.6"},
                                                                             {"thresholds", "0.6,0.95,0"},
                                                                             {"inclusive", "lower,upper"},
                                                                             {"inclusive", "left"},
                                                                             {"target", "maybe"}}) {
    INFO(k << "=" << v);
    CHECK(test::has_code(test::problems_of([&] { (void)make_method("eurostat", {{k, v}}, ind); }), errc::method_bad_param));
  }
  SECTION("target=ignore assesses the growth alone") {
    const auto a = run("eurostat", ind, series({{2017, 100}, {2022, 106}}), {{"target", "ignore"}});
    CHECK(a.category == "significant_progress");
    CHECK(test::same(a.progress_value, cagr_of(106, 100, 5)));
  }
}

// ---------------------------------------------------------------------------------------------
// unsd-2022

TEST_CASE("unsd-2022: case A, and the pre-checks in their order", "[unsd-2022]") {
  const auto ind = make_indicator(direction::increase, 80);
  const auto a = run("unsd-2022", ind, series({{2015, 60}, {2022, 66}}));
  CHECK(test::published(a.progress_value, "0.7079595"));
  CHECK(a.category == "fair_progress");
  CHECK(a.status == status::needs_acceleration);
  SECTION("1. achieved within 0.9995 of the target (strictly above by default)") {
    CHECK(run("unsd-2022", make_indicator(direction::increase, 1), series({{2015, 0.5}, {2022, 0.9996}})).category == "target_achieved");
    CHECK(run("unsd-2022", make_indicator(direction::increase, 1), series({{2015, 0.5}, {2022, 0.9995}})).category != "target_achieved");
    CHECK(run("unsd-2022", make_indicator(direction::increase, 1), series({{2015, 0.5}, {2022, 0.9995}}), {{"achieved_inclusive", "lower"}})
              .category == "target_achieved");
    // d = -1: x*/y_t > 0.9995, or y_t = 0.
    CHECK(run("unsd-2022", make_indicator(direction::decrease, 10), series({{2015, 20}, {2022, 10.004}})).category == "target_achieved");
    CHECK(run("unsd-2022", make_indicator(direction::decrease, 10), series({{2015, 20}, {2022, 10.006}})).category != "target_achieved");
    CHECK(run("unsd-2022", make_indicator(direction::decrease, 0), series({{2015, 20}, {2022, 0}})).category == "target_achieved");
  }
  SECTION("2. the base was already past the target and the value moved away: deterioration") {
    const auto r = run("unsd-2022", make_indicator(direction::increase, 80), series({{2015, 90}, {2022, 70}}));
    CHECK(r.category == "deterioration");
    CHECK(r.status == status::regressing);
    CHECK_FALSE(r.progress_value);
  }
  SECTION("3. zero required growth (target = base): achieved unless worse than the base") {
    const auto flat = make_indicator(direction::increase, 60);
    CHECK(run("unsd-2022", flat, series({{2015, 60}, {2022, 60}})).category == "target_achieved");
    CHECK(run("unsd-2022", flat, series({{2015, 60}, {2022, 59}})).category == "deterioration");
  }
  SECTION("4. an undefined growth rate is insufficient data") {
    const auto r = run("unsd-2022", ind, series({{2015, -5}, {2022, 66}}));
    CHECK(r.status == status::insufficient_data);
    CHECK_FALSE(r.reason.empty());
    CHECK(run("unsd-2022", ind, series({{2015, 0}, {2022, 66}})).status == status::insufficient_data);
  }
}

TEST_CASE("unsd-2022: the AARR variant", "[unsd-2022][aarr]") {
  // A mortality-type series: lower is better. AARR = ln(y_b/y_t)/(t-b); CR = AARR_a/AARR_r.
  const auto ind = make_indicator(direction::decrease, 25);
  const auto a = run("unsd-2022", ind, series({{2015, 70}, {2022, 55.1}}), {{"rate", "aarr"}});
  const double aarr_a = std::log(70 / 55.1) / 7, aarr_r = std::log(70.0 / 25) / 15;
  CHECK(test::same(test::input_number(a, "AARR_a"), aarr_a));
  CHECK(test::same(test::input_number(a, "AARR_r"), aarr_r));
  CHECK(test::same(a.progress_value, aarr_a / aarr_r));  // 0.4981
  CHECK(a.category == "limited_progress");
  // The CAGR ratio of the same data is 0.5067: fair progress. The variant matters.
  const auto c = run("unsd-2022", ind, series({{2015, 70}, {2022, 55.1}}));
  CHECK(test::same(c.progress_value, cagr_of(55.1, 70, 7) / cagr_of(25, 70, 15)));
  CHECK(c.category == "fair_progress");
}

TEST_CASE("unsd-2022: exact CR thresholds on both sides", "[unsd-2022][boundary]") {
  // Target year b + 1, y_b = 1, x* = 1.625: CAGR_r = 0.625; CR = (y_t - 1)/0.625 exactly.
  const auto ind = make_indicator(direction::increase, 1.625, 2016);
  auto cr = [&](double yt, const char* inc = "lower") { return run("unsd-2022", ind, series({{2015, 1}, {2016, yt}}), {{"inclusive", inc}}); };
  CHECK(cr(1.59375).progress_value == 0.95);
  CHECK(cr(1.59375).category == "on_track");
  CHECK(cr(1.59375, "upper").category == "fair_progress");
  CHECK(cr(1.3125).progress_value == 0.5);
  CHECK(cr(1.3125).category == "fair_progress");
  CHECK(cr(1.3125, "upper").category == "limited_progress");
  CHECK(cr(0.9375).progress_value == -0.1);
  CHECK(cr(0.9375).category == "limited_progress");
  CHECK(cr(0.9375, "upper").category == "deterioration");
  const double step = std::ldexp(1.0, -52);
  CHECK(cr(1.3125 - step).category == "limited_progress");
  CHECK(cr(0.9375 - step / 2).category == "deterioration");
}

// ---------------------------------------------------------------------------------------------
// unsd-2023

TEST_CASE("unsd-2023: case A (7 published digits)", "[unsd-2023][vectors]") {
  const auto ind = make_indicator(direction::increase, 80);
  const auto a = run("unsd-2023", ind, series({{2015, 60}, {2022, 66}}));
  CHECK(test::published(test::input_number(a, "projected"), "73.59526"));
  CHECK(test::published(a.progress_value, "0.6797631"));
  CHECK(test::same(test::input_number(a, "projected"), 66 * std::pow(66.0 / 60, 8.0 / 7)));
  CHECK(a.category == "moderate_progress");
  CHECK(a.status == status::needs_acceleration);
}

TEST_CASE("unsd-2023: exact level thresholds on both sides", "[unsd-2023][boundary]") {
  // Target year = current year: v̂_T = y_t; y_b = 1, x* = 1.625: CR = (y_t - 1)/0.625 exactly.
  const auto ind = make_indicator(direction::increase, 1.625, 2016);
  auto lvl = [&](double yt, const char* inc = "lower") { return run("unsd-2023", ind, series({{2015, 1}, {2016, yt}}), {{"inclusive", inc}}).category; };
  CHECK(lvl(1.59375) == "target_met_or_almost_met");
  CHECK(lvl(1.59375, "upper") == "moderate_progress");
  CHECK(lvl(1.3125) == "moderate_progress");
  CHECK(lvl(1.3125, "upper") == "marginal_progress");
  CHECK(lvl(1.0625) == "marginal_progress");
  CHECK(lvl(1.0625, "upper") == "stagnation");
  CHECK(lvl(0.9375) == "stagnation");
  CHECK(lvl(0.9375, "upper") == "deterioration");
  CHECK(lvl(0.9375 - std::ldexp(1.0, -53)) == "deterioration");
  CHECK(lvl(1.625) == "target_met_or_almost_met");
  CHECK(run("unsd-2023", ind, series({{2015, 1}, {2016, 1.625}})).status == status::achieved);
  CHECK(run("unsd-2023", ind, series({{2015, 1}, {2016, 1.59375}})).status == status::on_track);
}

TEST_CASE("unsd-2023: base already past the target", "[unsd-2023][correction]") {
  // d = +1, target 80, base 90: (v̂-y_b)/(x*-y_b) would call a rise deterioration.
  const auto ind = make_indicator(direction::increase, 80);
  const auto up = run("unsd-2023", ind, series({{2015, 90}, {2022, 95}}));
  CHECK(up.category == "target_met_or_almost_met");
  CHECK(test::contains(up.trace.substitutions, "already past the target"));
  const auto down = run("unsd-2023", ind, series({{2015, 90}, {2022, 85}}));
  CHECK(down.category == "deterioration");
}

// ---------------------------------------------------------------------------------------------
// escap

TEST_CASE("escap: case A, current status against elapsed time and anticipated progress", "[escap][vectors]") {
  const auto ind = make_indicator(direction::increase, 80);
  const auto a = run("escap", ind, series({{2015, 60}, {2022, 66}}));
  CHECK(test::published(test::input_number(a, "CS"), "0.30"));
  CHECK(test::published(test::input_number(a, "elapsed"), "0.4667"));
  CHECK(test::published(a.progress_value, "0.6798"));
  CHECK(test::same(a.progress_value, (66 * std::pow(66.0 / 60, 8.0 / 7) - 60) / 20));
  CHECK(test::same(a.progress_value, run("unsd-2023", ind, series({{2015, 60}, {2022, 66}})).progress_value));  // two-point: A = unsd-2023 CR
  CHECK(test::input(a, "CS_vs_elapsed") == "behind time");
  CHECK(a.category == "accelerate_progress");
  CHECK(a.status == status::needs_acceleration);
  CHECK(test::same(test::input_number(a, "gap"), 1 - *a.progress_value));
}

TEST_CASE("escap: the time-weighted projection", "[escap][weighted]") {
  const auto ind = make_indicator(direction::increase, 80);
  SECTION("with two points it equals the two-point projection") {
    const auto two = run("escap", ind, series({{2015, 60}, {2022, 66}}));
    const auto w = run("escap", ind, series({{2015, 60}, {2022, 66}}), {{"projection", "weighted"}});
    CHECK(test::same(w.progress_value, two.progress_value));
  }
  SECTION("with more points it is the weighted least-squares growth of ln y, recent points weighing more") {
    const auto pts = series({{2015, 60}, {2016, 62}, {2018, 61}, {2022, 66}});
    const auto w = run("escap", ind, pts, {{"projection", "weighted"}});
    // Closed form: weights (T - t_min)/(T - t_i), z_i = ln(y_i/y_t), slope by weighted least squares.
    double sw = 0, st = 0, sz = 0;
    std::vector<double> wt;
    for (const auto& p : pts) {
      wt.push_back(15.0 / (2030 - p.time));
      sw += wt.back();
      st += wt.back() * p.time;
      sz += wt.back() * std::log(p.amount / 66);
    }
    const double tm = st / sw, zm = sz / sw;
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      sxy += wt[i] * (pts[i].time - tm) * (std::log(pts[i].amount / 66) - zm);
      sxx += wt[i] * (pts[i].time - tm) * (pts[i].time - tm);
    }
    const double projected = 66 * std::exp(sxy / sxx * 8);
    CHECK(test::same(test::input_number(w, "projected"), projected));
    CHECK(test::same(w.progress_value, (projected - 60) / 20));
    // The two-point projection ignores the dip: it differs.
    CHECK_FALSE(test::same(run("escap", ind, pts).progress_value, w.progress_value));
  }
}

TEST_CASE("escap: CS is capped at 1 once the target is reached, and exact A thresholds", "[escap][boundary]") {
  const auto ind = make_indicator(direction::increase, 80);
  const auto a = run("escap", ind, series({{2015, 60}, {2022, 85}}));
  CHECK(test::input_number(a, "CS") == 1.0);
  CHECK(test::contains(a.trace.substitutions, "capped at 1"));
  CHECK(a.category == "maintain_progress");
  CHECK(a.status == status::achieved);
  // Target year = current year: Î_T = y_t; y_b = 1, x* = 1.625: A = (y_t - 1)/0.625 exactly.
  const auto ex = make_indicator(direction::increase, 1.625, 2016);
  auto cat = [&](double yt, const char* inc = "lower,upper") { return run("escap", ex, series({{2015, 1}, {2016, yt}}), {{"inclusive", inc}}).category; };
  CHECK(cat(1.625) == "maintain_progress");  // A = 1
  CHECK(cat(1.625, "upper,upper") == "accelerate_progress");
  CHECK(cat(1.625 - std::ldexp(1.0, -52)) == "accelerate_progress");
  CHECK(cat(1) == "reverse_trend");  // A = 0: A <= 0
  CHECK(cat(1, "lower,lower") == "accelerate_progress");
  CHECK(cat(1 + std::ldexp(1.0, -52)) == "accelerate_progress");
}

// ---------------------------------------------------------------------------------------------
// istat-classes

TEST_CASE("istat-classes: rows of each class, each band excluding its lower edge", "[istat][vectors]") {
  struct row {
    double yb, yt;
    direction d;
    const char* category;
    status st;
  };
  // Ten years (2012 → 2022) by default. d*CAGR: 7.18%, 2.0%, 0, -2.0%, -6.7%, and a decrease indicator.
  const row rows[] = {
      {100, 200, direction::increase, "clear_improvement", status::on_track},
      {100, 121.899441999475, direction::increase, "slight_improvement", status::needs_acceleration},
      {100, 100, direction::increase, "stable", status::off_track},
      {100, 81.7072806887547, direction::increase, "slight_worsening", status::regressing},
      {100, 50, direction::increase, "clear_worsening", status::regressing},
      {100, 50, direction::decrease, "clear_improvement", status::on_track},
  };
  for (const auto& r : rows) {
    INFO(r.yb << " → " << r.yt);
    const auto a = run("istat-classes", make_indicator(r.d), series({{2012, r.yb}, {2017, (r.yb + r.yt) / 2}, {2022, r.yt}}));
    CHECK(test::same(a.progress_value, (r.d == direction::increase ? 1 : -1) * cagr_of(r.yt, r.yb, 10)));
    CHECK(a.category == r.category);
    CHECK(a.status == r.st);
  }
  SECTION("short-term: years = 1") {
    const auto a = run("istat-classes", make_indicator(direction::increase), series({{2012, 100}, {2021, 100}, {2022, 103}}), {{"years", "1"}});
    CHECK(test::same(a.progress_value, 0.03));
    CHECK(a.category == "slight_improvement");
  }
  SECTION("exact thresholds, set to the computed value, on both sides") {
    const auto ind = make_indicator(direction::increase);
    const auto pts = series({{2012, 100}, {2022, 130}});
    const std::string v = format_number(*run("istat-classes", ind, pts).progress_value);
    const std::vector<std::pair<std::string, std::pair<const char*, const char*>>> cases = {
        {v + ",0.01,-0.01,-0.05", {"clear_improvement", "slight_improvement"}},
        {"0.05," + v + ",-0.01,-0.05", {"slight_improvement", "stable"}},
        {"0.05,0.04," + v + ",-0.05", {"stable", "slight_worsening"}},
        {"0.05,0.04,0.03," + v, {"slight_worsening", "clear_worsening"}},
    };
    for (const auto& [th, expect] : cases) {
      INFO(th);
      CHECK(run("istat-classes", ind, pts, {{"thresholds", th}, {"inclusive", "lower"}}).category == expect.first);
      CHECK(run("istat-classes", ind, pts, {{"thresholds", th}}).category == expect.second);  // default: excludes the lower edge
    }
  }
}

TEST_CASE("docs/methods.md worked examples: a negative base, a target equal to the base, a base past the target, y_t equal to the target",
          "[eurostat][unsd][de-weather][boundary]") {
  using waypoint::direction;
  using waypoint::status;
  SECTION("eurostat without a target applies the sign of a negative base") {
    const auto a = run("eurostat", make_indicator(direction::increase), series({{2017, -20}, {2022, -15}}));
    CHECK(a.category == "significant_progress");
    CHECK(a.status == status::on_track);
    CHECK(test::same(a.progress_value, 0.05591248870509802));
    CHECK(test::input(a, "s") == "-1");
  }
  SECTION("eurostat with a target equal to the base goes through the no-target bands") {
    const auto up = run("eurostat", make_indicator(direction::increase, 100), series({{2017, 100}, {2022, 104}}));
    CHECK(up.category == "moderate_progress");
    CHECK(up.status == status::achieved);
    CHECK(test::same(up.progress_value, 0.007874988517892145));
    const auto down = run("eurostat", make_indicator(direction::increase, 100), series({{2017, 100}, {2022, 96}}));
    CHECK(down.category == "moderate_movement_away");
    CHECK(down.status == status::regressing);
    CHECK(test::same(down.progress_value, -0.008131160717433694));
  }
  SECTION("unsd-2023 with a base already past the target") {
    const auto met = run("unsd-2023", make_indicator(direction::decrease, 25), series({{2015, 20}, {2022, 18}}));
    CHECK(met.category == "moderate_progress");
    CHECK(met.status == status::achieved);
    CHECK(test::same(met.progress_value, 0.8084016943707848));
    const auto away = run("unsd-2023", make_indicator(direction::decrease, 25), series({{2015, 20}, {2022, 26}}));
    CHECK(away.category == "deterioration");
    CHECK(away.status == status::regressing);
    CHECK(test::same(away.progress_value, -3.0181770109545796));
  }
  SECTION("de-weather with the latest value equal to the target") {
    const auto rising = series({{2017, 50}, {2018, 52}, {2019, 53}, {2020, 55}, {2021, 56}, {2022, 58}});
    const auto sun = run("de-weather", make_indicator(direction::increase, 58), rising);
    CHECK(sun.category == "sun");
    CHECK(sun.status == status::achieved);
    CHECK_FALSE(sun.progress_value);
    const auto falling = series({{2017, 58}, {2018, 56}, {2019, 55}, {2020, 53}, {2021, 52}, {2022, 50}});
    const auto storm = run("de-weather", make_indicator(direction::increase, 50), falling);
    CHECK(storm.category == "thunderstorm");
    CHECK(storm.status == status::achieved);
  }
}
