// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file indicator.hpp
/// What is measured: measure, unit, direction, accumulation, scope, baseline, milestones, target
/// and the assessment method.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "waypoint/model/ids.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint {

/// The kind of quantity an indicator measures.
enum class measure : std::uint8_t { count, percentage, ratio, amount, binary, ordinal, qualitative };
/// Which way is good. `maintain` means "stay within a range".
enum class direction : std::int8_t { decrease = -1, maintain = 0, increase = 1 };
/// How a period's actual is formed from the reported values (methods.md, "Accumulation kinds").
enum class accumulation : std::uint8_t { level, flow, cumulative };
/// National: one series per entity. Collective: over a population (entity `*`).
enum class scope : std::uint8_t { national, collective };

/// True for measures whose values are plain numbers (count, percentage, ratio, amount).
constexpr bool is_quantitative(measure m) noexcept {
  return m == measure::count || m == measure::percentage || m == measure::ratio || m == measure::amount;
}

/// An ordinal level, as its 0-based index on the indicator's scale.
struct level {
  std::size_t index = 0;
  friend bool operator==(const level&, const level&) = default;
};

/// A value as a plan states it: a number, a yes/no, a level, or text. Text is what a loader
/// produces before it knows the measure; `plan_builder` turns a level name into a `level`.
class value {
 public:
  value() = default;
  static value number(double v) { return value(v); }
  static value boolean(bool v) { return value(v); }
  static value of_level(std::size_t index) { return value(level{index}); }
  static value text(std::string v) { return value(std::move(v)); }

  [[nodiscard]] bool is_number() const noexcept { return std::holds_alternative<double>(v_); }
  [[nodiscard]] bool is_boolean() const noexcept { return std::holds_alternative<bool>(v_); }
  [[nodiscard]] bool is_level() const noexcept { return std::holds_alternative<level>(v_); }
  [[nodiscard]] bool is_text() const noexcept { return std::holds_alternative<std::string>(v_); }
  [[nodiscard]] bool empty() const noexcept { return std::holds_alternative<std::monostate>(v_); }

  /// The value on the numeric axis that evaluation uses: the number, 1/0 for yes/no, the level
  /// index for a level; std::nullopt for text or empty.
  [[nodiscard]] std::optional<double> numeric() const noexcept {
    if (auto p = std::get_if<double>(&v_)) return *p;
    if (auto p = std::get_if<bool>(&v_)) return *p ? 1.0 : 0.0;
    if (auto p = std::get_if<level>(&v_)) return static_cast<double>(p->index);
    return std::nullopt;
  }
  /// The text, or "" when the value is not text.
  [[nodiscard]] const std::string& as_text() const noexcept {
    static const std::string none;
    auto p = std::get_if<std::string>(&v_);
    return p ? *p : none;
  }
  friend bool operator==(const value&, const value&) = default;

 private:
  template <class T>
  explicit value(T v) : v_(std::move(v)) {}
  std::variant<std::monostate, double, bool, level, std::string> v_;
};

/// When something is due: a period or date, or a named calendar event (e.g. `14MSP`).
using time_ref = std::variant<period, event_id>;

/// The starting point: a value (optional: when absent, the series' own value at `at` is used) at a period.
struct baseline {
  std::optional<value> amount;
  period at;
  std::string source;
};

/// An intermediate target value at a period or a named event. `when` is filled by `plan_builder`.
struct milestone {
  value amount;
  time_ref at;
  bool aspirational = false;
  std::optional<period> when;  ///< resolved by plan_builder (an event resolves to its day)
};

/// The end-of-plan value.
struct target {
  value amount;
  period at;
};

/// A closed range [low, high] for `direction::maintain`.
struct value_range {
  double low = 0;
  double high = 0;
};

/// The assessment method of an indicator and its parameters, as `key -> text`. The method
/// registry parses and checks the parameters (see waypoint/eval/method.hpp).
struct method_spec {
  std::string name;                           ///< empty: the run's default method
  std::map<std::string, std::string> params;  ///< sorted, so output is deterministic
};

/// An indicator. Built by hand or by a loader, and checked by `plan_builder`.
struct indicator {
  indicator_id id;
  std::string title;
  waypoint::measure measure = measure::amount;
  std::string unit;
  waypoint::direction direction = direction::increase;
  std::optional<value_range> range;  ///< required when direction is maintain
  waypoint::accumulation accumulation = accumulation::level;
  waypoint::scope scope = scope::national;
  std::optional<double> limit;        ///< natural bound, e.g. 100 for a percentage (sdg-canada)
  std::vector<std::string> levels;    ///< ordinal scale, lowest first
  std::optional<waypoint::baseline> baseline;
  std::vector<milestone> milestones;  ///< in date order
  std::optional<waypoint::target> target;
  method_spec method;
  action_id action;    ///< the action it measures (may be empty for indicator tables)
  section_id section;  ///< filled by plan_builder from the action
};

// Text forms used by every file format and the CLI.
constexpr std::string_view to_string(measure m) noexcept {
  constexpr std::string_view n[] = {"count", "percentage", "ratio", "amount", "binary", "ordinal", "qualitative"};
  return n[static_cast<int>(m)];
}
constexpr std::string_view to_string(direction d) noexcept {
  return d == direction::increase ? "increase" : d == direction::decrease ? "decrease" : "maintain";
}
constexpr std::string_view to_string(accumulation a) noexcept {
  constexpr std::string_view n[] = {"level", "flow", "cumulative"};
  return n[static_cast<int>(a)];
}
constexpr std::string_view to_string(scope s) noexcept { return s == scope::national ? "national" : "collective"; }

inline std::optional<measure> parse_measure(std::string_view s) noexcept {
  for (int i = 0; i <= static_cast<int>(measure::qualitative); ++i)
    if (to_string(static_cast<measure>(i)) == s) return static_cast<measure>(i);
  return std::nullopt;
}
inline std::optional<direction> parse_direction(std::string_view s) noexcept {
  if (s == "increase" || s == "+1" || s == "1" || s == "1.0" || s == "+1.0") return direction::increase;
  if (s == "decrease" || s == "-1" || s == "-1.0") return direction::decrease;
  if (s == "maintain" || s == "0") return direction::maintain;
  return std::nullopt;
}
inline std::optional<accumulation> parse_accumulation(std::string_view s) noexcept {
  for (int i = 0; i <= static_cast<int>(accumulation::cumulative); ++i)
    if (to_string(static_cast<accumulation>(i)) == s) return static_cast<accumulation>(i);
  return std::nullopt;
}
inline std::optional<scope> parse_scope(std::string_view s) noexcept {
  if (s == "national") return scope::national;
  if (s == "collective") return scope::collective;
  return std::nullopt;
}

}  // namespace waypoint
