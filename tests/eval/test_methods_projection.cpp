// Projection and band methods (methods.md §6–8): de-weather, ols-projection, tolerance-band.
// Published values with few digits are compared to within half a unit of their last digit
// (test::published); closed forms to 1e-9 relative.
#include "waypoint/eval/methods/ols_projection.hpp"
#include "waypoint/eval/stats.hpp"

#include <catch2/catch.hpp>

#include "test_methods_support.hpp"

#include <sstream>

using namespace waypoint;
using test::make_indicator;
using test::run;
using test::series;

// ---------------------------------------------------------------------------------------------
// de-weather

TEST_CASE("de-weather: the rising series 50..58 for targets 70, 72 and 75", "[de-weather][vectors]") {
  const auto pts = series({{2017, 50}, {2018, 52}, {2019, 53}, {2020, 55}, {2021, 56}, {2022, 58}});
  struct row {
    double x;
    const char* category;
    status st;
  };
  for (const row& r : {row{70, "sun", status::on_track}, row{72, "sun_with_cloud", status::needs_acceleration}, row{75, "cloud", status::off_track}}) {
    INFO("target " << r.x);
    const auto a = run("de-weather", make_indicator(direction::increase, r.x), pts);
    CHECK(test::published(test::input_number(a, "P"), "70.8"));
    CHECK(test::same(test::input_number(a, "P"), 58 + 1.6 * 8));
    CHECK(test::same(a.progress_value, (r.x - 70.8) / (r.x - 58)));
    CHECK(a.category == r.category);
    CHECK(a.status == r.st);
  }
}

TEST_CASE("de-weather: the falling series", "[de-weather][vectors]") {
  const auto pts = series({{2017, 58}, {2018, 56}, {2019, 55}, {2020, 53}, {2021, 52}, {2022, 50}});
  SECTION("increase wanted: the trend points the wrong way, thunderstorm") {
    const auto a = run("de-weather", make_indicator(direction::increase, 70), pts);
    CHECK(a.category == "thunderstorm");
    CHECK(a.status == status::regressing);
  }
  SECTION("decrease wanted: the mirror of the rising series gives the same symbols") {
    // P = 50 - 1.6*8 = 37.2; targets 38, 36, 33 mirror 70, 72, 75 about 54.
    for (const auto& [x, cat] : std::vector<std::pair<double, const char*>>{{38, "sun"}, {36, "sun_with_cloud"}, {33, "cloud"}}) {
      INFO("target " << x);
      const auto a = run("de-weather", make_indicator(direction::decrease, x), pts);
      CHECK(test::same(test::input_number(a, "P"), 37.2));
      CHECK(a.category == cat);
    }
  }
}

TEST_CASE("de-weather: geometric mean change, window and substitutions", "[de-weather]") {
  const auto pts = series({{2017, 50}, {2018, 52}, {2019, 53}, {2020, 55}, {2021, 56}, {2022, 58}});
  const double r = std::pow(58.0 / 50, 1.0 / 5) - 1, P = 58 * std::pow(1 + r, 8);
  for (const auto& [x, cat] : std::vector<std::pair<double, const char*>>{{70, "sun"}, {72, "sun"}, {75, "sun_with_cloud"}}) {
    INFO("target " << x);
    const auto a = run("de-weather", make_indicator(direction::increase, x), pts, {{"mean", "geometric"}});
    CHECK(test::same(test::input_number(a, "P"), P));
    CHECK(test::same(a.progress_value, (x - P) / (x - 58)));
    CHECK(a.category == cat);
  }
  SECTION("only the last 5 years count") {
    auto longer = pts;
    longer.insert(longer.begin(), test::pt(2010, 0.5));
    CHECK(test::same(run("de-weather", make_indicator(direction::increase, 72), longer).progress_value, (72 - 70.8) / 14));
  }
  SECTION("fewer than 4 points in the window: insufficient data") {
    const auto a = run("de-weather", make_indicator(direction::increase, 72), series({{2017, 50}, {2020, 55}, {2022, 58}}));
    CHECK(a.status == status::insufficient_data);
    CHECK(a.reason.find("at least 4") != std::string::npos);
  }
  SECTION("a missing base year: the next later year, recorded") {
    const auto a = run("de-weather", make_indicator(direction::increase, 72), series({{2018, 52}, {2019, 53}, {2020, 55}, {2022, 58}}));
    CHECK(a.base->at.str() == "2018");
    CHECK(test::contains(a.trace.substitutions, "base year 2017 has no value; used the next later period 2018"));
    CHECK(test::same(test::input_number(a, "mean_change"), 6.0 / 4));
  }
  SECTION("the latest value equals the target: g undefined, sun, achieved") {
    const auto a = run("de-weather", make_indicator(direction::increase, 58), pts);
    CHECK(a.category == "sun");
    CHECK(a.status == status::achieved);
    CHECK(test::contains(a.trace.substitutions, "g is undefined"));
  }
}

TEST_CASE("de-weather: exact thresholds on both sides", "[de-weather][boundary]") {
  // One-year window, target one year ahead: P = 2 + (2 - y_s); g = (x* - P)/(x* - 2) with dyadic
  // values: (3.25 - 3.1875)/1.25 = 0.05 and (3.25 - 3)/1.25 = 0.2, correctly rounded to the literals.
  const auto ind = make_indicator(direction::increase, 3.25, 2023);
  const std::map<std::string, std::string> one{{"years", "1"}, {"min_points", "2"}};
  auto at = [&](double ys, const char* inc) {
    auto p = one;
    p["inclusive"] = inc;
    return run("de-weather", ind, series({{2021, ys}, {2022, 2}}), p);
  };
  CHECK(at(0.8125, "upper,lower").progress_value == 0.05);
  CHECK(at(0.8125, "upper,lower").category == "sun_with_cloud");  // default: 5% <= g
  CHECK(at(0.8125, "upper,upper").category == "sun");
  CHECK(at(1, "upper,lower").progress_value == 0.2);
  CHECK(at(1, "upper,lower").category == "sun_with_cloud");  // default: g <= 20%
  CHECK(at(1, "lower,lower").category == "cloud");
  const double step = std::ldexp(1.0, -50);  // a step every value on the way represents exactly
  CHECK(at(0.8125 - step, "upper,lower").category == "sun");  // P higher, g below 5%
  CHECK(at(1 + step, "upper,lower").category == "cloud");     // P lower, g above 20%
}

// ---------------------------------------------------------------------------------------------
// ols-projection

TEST_CASE("Student t quantiles match tabulated values", "[ols][t]") {
  // Tabulated to 10 significant digits: half a unit of the last digit.
  CHECK(test::published(student_t_quantile(0.975, 1), "12.706204736"));
  CHECK(test::published(student_t_quantile(0.975, 5), "2.570581836"));
  CHECK(test::published(student_t_quantile(0.975, 10), "2.228138852"));
  CHECK(test::published(student_t_quantile(0.975, 30), "2.042272456"));
  CHECK(test::published(student_t_quantile(0.95, 10), "1.812461123"));
  CHECK(student_t_quantile(0.5, 7) == 0.0);
}

TEST_CASE("ols-projection: fit, R², slope error and the 95% prediction interval", "[ols][vectors]") {
  // Seven points (df 5), so the interval uses t_{0.975,5} = 2.570581836.
  const auto pts = series({{2016, 10}, {2017, 12}, {2018, 13.5}, {2019, 13}, {2020, 16}, {2021, 17.5}, {2022, 18}});
  std::vector<double> tt, yy;
  for (const auto& p : pts) {
    tt.push_back(p.time);
    yy.push_back(p.amount);
  }
  const trend_fit ref = fit_ols(tt, yy);
  double tm = 0;
  for (double t : tt) tm += t / 7;
  double sxx = 0;
  for (double t : tt) sxx += (t - tm) * (t - tm);
  const double s2 = std::pow(*ref.slope_std_error, 2) * sxx;  // residual variance, from fit_ols
  const double proj = *ref.at(2030);
  const double half = 2.570581836 * std::sqrt(s2 * (1 + 1.0 / 7 + (2030 - tm) * (2030 - tm) / sxx));
  auto check_fit = [&](const assessment& a) {
    CHECK(test::same(test::input_number(a, "slope"), *ref.slope));
    CHECK(test::same(test::input_number(a, "r_squared"), *ref.r_squared));
    CHECK(test::same(test::input_number(a, "slope_std_error"), *ref.slope_std_error));
    CHECK(test::same(test::input_number(a, "projected"), proj));
    CHECK(test::same(test::input_number(a, "interval_low"), proj - half));
    CHECK(test::same(test::input_number(a, "interval_high"), proj + half));
    CHECK(test::input(a, "df") == "5");
  };
  SECTION("the projection, 29.02, meets a target of 28: on track") {
    const auto a = run("ols-projection", make_indicator(direction::increase, 28), pts);
    check_fit(a);
    CHECK(a.category == "on_track");
    CHECK(a.status == status::on_track);
    CHECK(test::same(a.progress_value, (proj - 10) / 18));
  }
  SECTION("a target just above the projection but inside the interval: at risk") {
    const auto a = run("ols-projection", make_indicator(direction::increase, proj + half / 2), pts);
    check_fit(a);
    CHECK(a.category == "at_risk");
    CHECK(a.status == status::needs_acceleration);
  }
  SECTION("a target beyond the interval: off track") {
    CHECK(run("ols-projection", make_indicator(direction::increase, proj + 2 * half), pts).category == "off_track");
  }
  SECTION("already met: achieved") {
    CHECK(run("ols-projection", make_indicator(direction::increase, 18), pts).status == status::achieved);
  }
  SECTION("slope the wrong way: regressing, before the projection is looked at") {
    const auto a = run("ols-projection", make_indicator(direction::decrease, 5), pts);
    CHECK(a.category == "regressing");
    CHECK(a.status == status::regressing);
  }
  SECTION("two points: a slope, no interval, so at most off track") {
    const auto two = series({{2016, 10}, {2022, 18}});
    const auto a = run("ols-projection", make_indicator(direction::increase, 30), two);
    CHECK(test::same(test::input_number(a, "slope"), 8.0 / 6));
    CHECK(test::input(a, "interval").find("no interval") != std::string::npos);
    CHECK(a.category == "off_track");  // projection 28.67 < 30, and no interval to be at risk in
  }
  SECTION("the target year has passed: off track") {
    CHECK(run("ols-projection", make_indicator(direction::increase, 30, 2020), pts).category == "off_track");
  }
  SECTION("confidence 0.9 narrows the interval") {
    const auto a = run("ols-projection", make_indicator(direction::increase, 30), pts, {{"confidence", "0.9"}});
    CHECK(test::same(test::input_number(a, "t_quantile"), student_t_quantile(0.95, 5)));
    CHECK(test::input_number(a, "interval_high") < proj + half);
  }
}

TEST_CASE("ols-projection: the t quantile kept per degrees of freedom is the one Boost computes", "[ols][t]") {
  // One method assesses series of 3 to 80 points twice: the first pass fills the kept quantiles
  // (df 1-64), the second reads them; beyond df 64 each is computed. Every figure must be exactly
  // Boost's, so results do not depend on the order series come in.
  const indicator ind = make_indicator(direction::increase, 1000, 2200);  // points from the default base year 2015
  for (const char* confidence : {"0.95", "0.8"}) {
    const auto m = make_method("ols-projection", {{"confidence", confidence}}, ind);
    const double c = std::stod(confidence);
    for (int pass = 0; pass < 2; ++pass)
      for (int n = 80; n >= 3; --n) {
        std::vector<point> pts;
        for (int k = 0; k < n; ++k) pts.push_back(test::pt(2015 + k, 10.0 + k + (k % 3)));
        const assessment a = m->assess(series_input{ind, pts});
        INFO("confidence " << confidence << ", pass " << pass << ", " << n << " points");
        REQUIRE(test::input(a, "df") == std::to_string(n - 2));
        CHECK(test::input_number(a, "t_quantile") == student_t_quantile(0.5 + c / 2, n - 2));
      }
  }
}

TEST_CASE("ols-projection: a constant series whose mean rounds has a slope of exactly 0", "[ols][edge]") {
  // 0.1 + 0.1 + 0.1 is not 0.3: a mean taken by summing would leave a residue whose sign the
  // fitted slope could take, and a flat series would read as regressing when a decrease is wanted.
  for (const double v : {0.1, 0.7, 1e-300, 123456.789}) {
    INFO(v);
    const auto pts = series({{2015, v}, {2016, v}, {2017, v}, {2019, v}, {2022, v}});
    for (const direction d : {direction::increase, direction::decrease}) {
      const auto a = run("ols-projection", make_indicator(d, d == direction::increase ? v * 2 : v / 2), pts, {{"weights", "time"}});
      CHECK(test::input(a, "slope") == "0");
      CHECK(test::input_number(a, "projected") == v);
      CHECK(a.category != "regressing");
    }
  }
}

TEST_CASE("ols-projection: time weights favour recent points", "[ols][weighted]") {
  const auto pts = series({{2016, 10}, {2017, 12}, {2018, 13.5}, {2019, 13}, {2020, 16}, {2021, 17.5}, {2022, 18}});
  const auto a = run("ols-projection", make_indicator(direction::increase, 30), pts, {{"weights", "time"}});
  // Closed-form weighted least squares with w_i = (T - t_min)/(T - t_i).
  double sw = 0, st = 0, sy = 0;
  std::vector<double> w;
  for (const auto& p : pts) {
    w.push_back(14.0 / (2030 - p.time));
    sw += w.back();
    st += w.back() * p.time;
    sy += w.back() * p.amount;
  }
  const double tm = st / sw, ym = sy / sw;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    sxy += w[i] * (pts[i].time - tm) * (pts[i].amount - ym);
    sxx += w[i] * (pts[i].time - tm) * (pts[i].time - tm);
  }
  CHECK(test::same(test::input_number(a, "slope"), sxy / sxx));
  CHECK(test::same(test::input_number(a, "projected"), ym + sxy / sxx * (2030 - tm)));
  CHECK_FALSE(test::same(test::input_number(a, "slope"), test::input_number(run("ols-projection", make_indicator(direction::increase, 30), pts), "slope")));
}

TEST_CASE("ols-projection: exact boundaries of the projection and of the interval", "[ols][boundary]") {
  const auto pts = series({{2016, 10}, {2017, 12}, {2018, 13.5}, {2019, 13}, {2020, 16}, {2021, 17.5}, {2022, 18}});
  const auto probe = run("ols-projection", make_indicator(direction::increase, 100), pts);
  const double proj = test::input_number(probe, "projected"), high = test::input_number(probe, "interval_high");
  // Target exactly at the projection: on track by default (>=), at risk when exclusive.
  CHECK(run("ols-projection", make_indicator(direction::increase, proj), pts).category == "on_track");
  CHECK(run("ols-projection", make_indicator(direction::increase, proj), pts, {{"inclusive", "upper,lower"}}).category == "at_risk");
  // Target exactly at the optimistic bound: inside the interval by default, outside when exclusive.
  CHECK(run("ols-projection", make_indicator(direction::increase, high), pts).category == "at_risk");
  CHECK(run("ols-projection", make_indicator(direction::increase, high), pts, {{"inclusive", "lower,upper"}}).category == "off_track");
  CHECK(run("ols-projection", make_indicator(direction::increase, std::nextafter(high, 1e9)), pts).category == "off_track");
  CHECK(run("ols-projection", make_indicator(direction::increase, std::nextafter(proj, 1e9)), pts).category == "at_risk");
}

// ---------------------------------------------------------------------------------------------
// tolerance-band

TEST_CASE("tolerance-band: ±15% around the period's target", "[tolerance][boundary]") {
  const auto ind = make_indicator(direction::increase, 1, 2030);
  auto cat = [&](double actual, const char* inc = "upper,lower") {
    return run("tolerance-band", ind, series({{2025, actual}}), {{"period_target", "final"}, {"inclusive", inc}});
  };
  // 1.15 and 0.85 are exactly 1 + 0.15 and 1 - 0.15 in binary; r = actual/1 exactly.
  CHECK(cat(1.15).progress_value == 1 + 0.15);
  CHECK(cat(1.15).category == "on_target");
  CHECK(cat(1.15, "lower,lower").category == "over_target");
  CHECK(cat(std::nextafter(1.15, 2.0)).category == "over_target");
  CHECK(cat(0.85).category == "on_target");
  CHECK(cat(0.85, "upper,upper").category == "under_target");
  CHECK(cat(std::nextafter(0.85, 0.0)).category == "under_target");
  CHECK(cat(1.3).status == status::on_track);
  CHECK(cat(0.5).status == status::off_track);
  SECTION("direction -1 swaps over and under") {
    const auto down = make_indicator(direction::decrease, 1, 2030);
    CHECK(run("tolerance-band", down, series({{2025, 1.3}}), {{"period_target", "final"}}).category == "under_target");
    CHECK(run("tolerance-band", down, series({{2025, 0.5}}), {{"period_target", "final"}}).category == "over_target");
  }
  SECTION("a margin of 10%") {
    CHECK(run("tolerance-band", ind, series({{2025, 1.12}}), {{"period_target", "final"}, {"margin", "0.1"}}).category == "over_target");
  }
}

TEST_CASE("tolerance-band: not reporting is a state of its own", "[tolerance][insufficient]") {
  const auto none = make_indicator(direction::increase);
  auto a = run("tolerance-band", none, series({{2025, 3}}));
  CHECK(a.category == "not_reporting");
  CHECK(a.status == status::insufficient_data);
  CHECK(a.reason == "no target for the period");
  CHECK_FALSE(a.progress_value);
  a = run("tolerance-band", make_indicator(direction::increase, 0), series({{2025, 3}}));
  CHECK(a.category == "not_reporting");
  CHECK(a.reason == "the period's target is 0");
  a = run("tolerance-band", make_indicator(direction::increase, 10), {});
  CHECK(a.category == "not_reporting");
  CHECK(a.reason == "no actual for the period");
}

TEST_CASE("tolerance-band: the period's target and the actual by accumulation kind", "[tolerance]") {
  auto ind = make_indicator(direction::increase, 100, 2030);
  ind.baseline = baseline{value::number(0), period::year(2020), ""};
  ind.milestones.push_back({value::number(40), time_ref{period::year(2024)}, false, period::year(2024)});
  ind.milestones.push_back({value::number(60), time_ref{period::year(2026)}, false, period::year(2026)});
  SECTION("due: the first milestone or target due at or after the period's start") {
    auto a = run("tolerance-band", ind, series({{2024, 40}}));
    CHECK(test::input(a, "target_from") == "milestone 2024");
    CHECK(a.progress_value == 1.0);
    a = run("tolerance-band", ind, series({{2025, 45}}));
    CHECK(test::input(a, "target_from") == "milestone 2026");
    CHECK(test::same(a.progress_value, 0.75));
    CHECK(a.category == "under_target");
    a = run("tolerance-band", ind, series({{2027, 90}}));
    CHECK(test::input(a, "target_from") == "final target 2030");
  }
  SECTION("path: the value on baseline → milestones → target") {
    const auto a = run("tolerance-band", ind, series({{2025, 45}}), {{"period_target", "path"}});
    CHECK(test::same(a.progress_value, 45.0 / 50));  // 2025 lies halfway between 40 (2024) and 60 (2026)
    CHECK(a.category == "on_target");
  }
  SECTION("flow against the final target: the life-of-plan sum after the baseline") {
    ind.accumulation = accumulation::flow;
    const auto a = run("tolerance-band", ind, series({{2020, 50}, {2021, 30}, {2022, 35}, {2023, 30}}), {{"period_target", "final"}});
    CHECK(test::input_number(a, "actual") == 95.0);
    CHECK(a.category == "on_target");
    CHECK(a.trace.points.size() == 3);
  }
  SECTION("a negative target: direction by the sign of the target") {
    const auto neg = make_indicator(direction::increase, -10);
    // -12 is below -10: worse for an increase, although r = 1.2 > 1.15.
    CHECK(run("tolerance-band", neg, series({{2025, -12}}), {{"period_target", "final"}}).category == "under_target");
    CHECK(run("tolerance-band", neg, series({{2025, -8}}), {{"period_target", "final"}}).category == "over_target");
  }
}

TEST_CASE("escap's CS and ols-projection's prediction interval reach the CSV columns, the same from the batch path", "[escap][ols][csv]") {
  // The figures were in the JSON trace only; CSV users see them now (current_status,
  // interval_low, interval_high), empty for the methods that do not give them.
  waypoint::indicator ind = test::make_indicator(waypoint::direction::increase, 80);
  const auto pts = test::series({{2015, 60}, {2018, 63}, {2020, 66}, {2022, 70}});
  const auto escap = test::run("escap", ind, pts);
  REQUIRE(escap.current_status);
  CHECK(test::same(escap.current_status, test::input_number(escap, "CS")));
  CHECK(test::same(escap.current_status, 0.5));  // (70 - 60) / |80 - 60|
  const auto ols = test::run("ols-projection", ind, pts);
  REQUIRE(ols.interval_low);
  CHECK(test::same(ols.interval_low, test::input_number(ols, "interval_low")));
  CHECK(test::same(ols.interval_high, test::input_number(ols, "interval_high")));
  CHECK_FALSE(test::run("ols-projection", ind, test::series({{2015, 60}, {2022, 70}})).interval_low);  // 2 points: no interval
  CHECK_FALSE(test::run("eurostat", ind, pts).current_status);
  // Through evaluate: the CSV of the full rows and of the batch path agree, and hold the figures.
  const waypoint::plan p = waypoint::io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2015-01-01/2030-12-31}
entities: [{id: A}]
)" + test::one_action_yaml + R"(          - {id: E, measure: amount, target: {value: 80, at: 2030}, baseline: {value: 60, period: 2015}, method: escap}
          - {id: O, measure: amount, target: {value: 80, at: 2030}, baseline: {value: 60, period: 2015}, method: ols-projection}
)",
                                                     waypoint::io::plan_format::yaml, "m.yaml");
  std::string obs = "indicator,entity,period,value\n";
  for (const char* i : {"E", "O"})
    for (const auto& [y, v] : {std::pair{2015, 60}, {2018, 63}, {2020, 66}, {2022, 70}}) obs += std::string(i) + ",A," + std::to_string(y) + "," + std::to_string(v) + "\n";
  const auto store = waypoint::io::parse_observations(obs, p, "m.csv");
  const std::vector<std::string> cols = {"indicator", "method", "current_status", "interval_low", "interval_high"};
  std::ostringstream batch, full;
  waypoint::io::evaluate_to_csv(batch, p, store, std::nullopt, {}, cols);
  waypoint::io::write_csv(full, p, waypoint::evaluate(p, store, std::nullopt), cols);
  CHECK(batch.str() == full.str());
  std::istringstream lines(full.str());
  std::string header, e_row, o_row;
  std::getline(lines, header);
  std::getline(lines, e_row);
  std::getline(lines, o_row);
  CHECK(header == "indicator,method,current_status,interval_low,interval_high");
  CHECK(e_row == "E,escap,0.5,,");
  CHECK(o_row.rfind("O,ols-projection,,", 0) == 0);
  CHECK(o_row.size() > std::string("O,ols-projection,,,").size());  // both bounds written
}
