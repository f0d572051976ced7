// Test helpers shared by the test programs.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "waypoint/waypoint.hpp"

namespace test {

/// Equal to 1e-9 relative (exactly equal when either is 0); both absent also counts as equal.
inline bool same(std::optional<double> a, std::optional<double> b, double rel = 1e-9) {
  if (!a || !b) return !a && !b;
  if (*a == *b) return true;
  return std::abs(*a - *b) <= rel * std::max(std::abs(*a), std::abs(*b));
}

/// An annual point.
inline waypoint::point pt(int year, double v) {
  const auto p = waypoint::period::year(year);
  return {p, p.time(), v};
}

/// True when some string of `v` contains `needle`.
inline bool contains(const std::vector<std::string>& v, const std::string& needle) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

/// True when some problem has this code.
inline bool has_code(const std::vector<waypoint::problem>& ps, waypoint::errc code) {
  return std::any_of(ps.begin(), ps.end(), [&](const waypoint::problem& p) { return p.code == code; });
}

/// The first problem with this code (fails the test when there is none).
inline waypoint::problem find_code(const std::vector<waypoint::problem>& ps, waypoint::errc code) {
  for (const auto& p : ps)
    if (p.code == code) return p;
  FAIL("no problem with code " << code);
  return {};
}

/// Runs `f` and returns the problems of the waypoint::error it throws (fails when it does not throw).
template <class F>
std::vector<waypoint::problem> problems_of(F&& f) {
  try {
    f();
  } catch (const waypoint::error& e) {
    return e.problems();
  }
  FAIL("expected a waypoint::error");
  return {};
}

/// A date written YYYY-MM-DD (the test's own literal: it must be valid).
inline waypoint::date d(const char* iso) { return *waypoint::parse_date(iso); }

/// A store of `rows` for plan `p` (throws like `observation_builder::finish`).
inline waypoint::observation_store store_of(const waypoint::plan& p, const std::vector<waypoint::observation>& rows) {
  waypoint::observation_builder b(p);
  for (const auto& r : rows) b.append(r);
  return std::move(b).finish();
}

/// The first series of indicator `id` in `ev`, copied (fails the test when there is none).
inline waypoint::series_result row(const waypoint::evaluation& ev, const char* id) {
  for (const auto& s : ev.series)
    if (s.indicator.str() == id) return s;
  FAIL("no row for " << id);
  return {};
}

/// A plan with many series: 12 indicators (both directions, some without a target) and
/// `entities` entities × 6 years (2015-2020) of each but I11, which has no data (a no-data row).
struct batch {
  waypoint::plan p = waypoint::io::parse_plan(
      [] {
        std::string t = "indicator,direction,target,target_year,limit,base_year\n";
        for (int i = 0; i < 12; ++i) t += "I" + std::to_string(i) + (i % 2 ? ",-1," : ",1,") + (i % 3 ? "50" : "") + ",2030,,2015\n";
        return t;
      }(),
      waypoint::io::plan_format::indicator_table, "batch.csv");
  std::string text;  ///< the observations as CSV
  waypoint::observation_store s;

  explicit batch(int entities = 40) : text("indicator,entity,year,value\n") {
    for (int i = 0; i < 11; ++i)
      for (int e = 0; e < entities; ++e)
        for (int y = 2015; y <= 2020; ++y)
          text += "I" + std::to_string(i) + ",E" + std::to_string(e) + "," + std::to_string(y) + "," + std::to_string(10 + i + e * 0.5 + (y - 2015) * (e % 5 - 2)) + "\n";
    s = waypoint::io::parse_observations(text, p, "batch_obs.csv");
  }
};

/// Plan YAML: the `sections:` key with one section `s` holding one action `a`, up to its
/// `indicators:` key. Indicators follow, indented by 10 spaces (`          - {id: ...}`).
inline const std::string one_action_yaml =
    "sections:\n  - id: s\n    title: S\n    actions:\n      - id: a\n        text: x\n        indicators:\n";

}  // namespace test
