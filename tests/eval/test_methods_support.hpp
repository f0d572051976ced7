// Helpers shared by the method tests (tests/eval/test_methods_*.cpp).
#pragma once
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace test {

/// True when `got` equals a value published as `text` with a fixed number of decimals, to within
/// half a unit of its last digit (methods.md publishes 7 significant digits).
inline bool published(std::optional<double> got, const std::string& text) {
  if (!got) return false;
  const auto dot = text.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  return std::abs(*got - std::stod(text)) <= 0.5 * std::pow(10.0, -decimals);
}

/// An indicator with a direction and, optionally, a numeric target at a year.
inline waypoint::indicator make_indicator(waypoint::direction d, std::optional<double> target = std::nullopt, int target_year = 2030) {
  waypoint::indicator ind;
  ind.id = waypoint::indicator_id{"x"};
  ind.direction = d;
  if (target) ind.target = waypoint::target{waypoint::value::number(*target), waypoint::period::year(target_year)};
  return ind;
}

/// Annual points from (year, value) pairs.
inline std::vector<waypoint::point> series(std::initializer_list<std::pair<int, double>> yv) {
  std::vector<waypoint::point> out;
  for (const auto& [y, v] : yv) out.push_back(pt(y, v));
  return out;
}

/// Assesses `pts` with method `name` and `params`, made for `ind`.
inline waypoint::assessment run(const std::string& name, const waypoint::indicator& ind, const std::vector<waypoint::point>& pts,
                                const std::map<std::string, std::string>& params = {}) {
  return waypoint::make_method(name, params, ind)->assess(waypoint::series_input{ind, pts});
}

/// The text of a trace input, or "" when absent.
inline std::string input(const waypoint::assessment& a, const std::string& name) {
  for (const auto& [k, v] : a.trace.inputs)
    if (k == name) return v;
  return {};
}

/// A trace input read back as a number (inputs are written in the shortest round-trip form).
inline double input_number(const waypoint::assessment& a, const std::string& name) {
  const std::string s = input(a, name);
  REQUIRE_FALSE(s.empty());
  return std::stod(s);
}

/// The series mirrored through zero with the direction flipped (and the target mirrored too).
inline std::pair<waypoint::indicator, std::vector<waypoint::point>> negated(const waypoint::indicator& ind, std::vector<waypoint::point> pts) {
  waypoint::indicator m = ind;
  m.direction = ind.direction == waypoint::direction::increase ? waypoint::direction::decrease : waypoint::direction::increase;
  if (ind.target) m.target->amount = waypoint::value::number(-*ind.target->amount.numeric());
  for (auto& p : pts) p.amount = -p.amount;
  return {m, pts};
}

}  // namespace test
