// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file indicator.hpp
/// What is measured: measure, unit, direction, accumulation, scope, baseline, milestones, target
/// and the assessment method.

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "waypoint/model/ids.hpp"
#include "waypoint/model/language.hpp"
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
    switch (v_.index()) {  // one branch on the alternative: evaluation asks this several times per series
      case 1: return *std::get_if<double>(&v_);
      case 2: return *std::get_if<bool>(&v_) ? 1.0 : 0.0;
      case 3: return static_cast<double>(std::get_if<level>(&v_)->index);
      default: return std::nullopt;
    }
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
/// registry parses and checks the parameters (see waypoint/eval/methods.hpp).
struct method_spec {
  std::string name;                           ///< empty: the run's default method
  std::map<std::string, std::string> params;  ///< sorted, so output is deterministic
};

/// How a collective indicator is computed from the national values of its population's members
/// (see eval/collective.hpp). Percentages are never averaged: use `ratio_of_sums`.
enum class aggregation_rule : std::uint8_t {
  share_meeting,    ///< % of the counted members whose value meets the predicate
  count_meeting,    ///< how many members meet the predicate
  sum, mean, min, max,
  ratio_of_sums,    ///< 100 × Σ`of` / Σ`denominator` over members that reported both
  reports_on_time,  ///< % of the dated reports due in the period that arrived by the due date (+ grace)
  reports_overdue,  ///< reports due in the period and not received by the evaluation date
  days_late,        ///< mean days late of the reports due in the period (late or overdue ones)
};
/// Whether a member with no value for a period stays in the `share_meeting` denominator (counted
/// as not meeting) or is left out; for `reports_on_time`, whether an undated report counts as not
/// on time or is left out. Either way the trace lists it in its own group.
enum class not_reported_policy : std::uint8_t { exclude, not_meeting };
/// The comparison of an entity-level predicate.
enum class comparison : std::uint8_t { at_least, at_most, equals };

/// "The entity's value meets the threshold": e.g. at_least 1, equals yes, at_least `adopted`.
struct entity_predicate {
  comparison op = comparison::at_least;
  value threshold;  ///< normalised by plan_builder to the measure of the aggregated indicator
};

/// The aggregation rule of a collective indicator over a population.
struct aggregation {
  aggregation_rule rule = aggregation_rule::share_meeting;
  population_id population;
  indicator_id of;           ///< the national indicator aggregated (for report rules: the submissions indicator)
  indicator_id denominator;  ///< ratio_of_sums: the national indicator holding the denominators
  std::optional<entity_predicate> meeting;  ///< share/count_meeting; default: binary yes, else > 0
  not_reported_policy not_reported = not_reported_policy::exclude;
};

/// A disaggregation dimension with its categories, e.g. sex: female, male.
struct dimension {
  std::string id;
  std::vector<std::string> categories;
};

/// Where the series of a group (e.g. `sex=female`) of a disaggregated indicator takes its target
/// and milestones from, when the group has no `group_targets` entry of its own
/// (docs/collective.md, "Disaggregation"):
/// - `inherit`: the indicator's own target and milestones. Right for rates, percentages, ratios
///   and levels, which a group can reach as well as the total (SDG disaggregations).
/// - `own`: none; only its own entry. Right for additive counts and amounts: the total's 4,500
///   people is not the women's target.
/// - `none`: no group has a target (and `group_targets` entries are refused).
/// A group with an entry of its own always uses it (`none` excepted), without the total's
/// milestones. The group's base value is always its own.
enum class group_target_rule : std::uint8_t { inherit, own, none };

/// A target for one group of a disaggregated indicator, e.g. `sex=female`.
struct group_target {
  std::string group;  ///< canonical "dim=value;dim=value", sorted by dimension
  waypoint::target target;
};

/// A link to an action of another instrument's plan that the indicator also serves (streamlined
/// reporting), e.g. {instrument: APMBC, ref: "Oslo Action Plan #23"}.
struct external_link {
  std::string instrument;
  std::string ref;
};

/// Opaque text that another file format keeps with a plan, an action or an indicator, keyed by
/// format (e.g. `iati-indicator`: the XML the model does not represent). waypoint never reads it;
/// the format that wrote it does (docs/formats.md, "Extensions").
using extension_map = std::map<std::string, std::string>;

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
  std::optional<aggregation> aggregate;  ///< collective indicators computed from national values
  std::vector<dimension> dimensions;     ///< disaggregation dimensions
  std::vector<group_target> group_targets;
  /// std::nullopt: the default for the indicator (`default_group_target_rule`).
  std::optional<group_target_rule> group_rule;
  /// The population a categorical breakdown must cover: the parts of each dimension must sum to
  /// its size on the period's last day (e.g. 26+20+16+16+22 of 102 States Parties).
  std::optional<population_id> breakdown_of;
  double parts_tolerance = 0;  ///< absolute tolerance when parts are summed against a total
  double weight = 1;           ///< in roll-ups
  std::vector<external_link> serves;
  /// Notes that travel with the indicator and that every evaluation's trace shows, e.g. the
  /// warnings of the import it came from ("IATI warning iati.reference_twice at f.xml:13:9: ...").
  std::vector<std::string> notes;
  extension_map extensions{};  ///< opaque data of other formats
  action_id action;    ///< the action it measures (may be empty for indicator tables)
  section_id section;  ///< filled by plan_builder from the action
  text_translations translations{};  ///< of `title` and `unit` (model/language.hpp)
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
constexpr std::string_view to_string(aggregation_rule r) noexcept {
  constexpr std::string_view n[] = {"share_meeting", "count_meeting", "sum", "mean", "min", "max", "ratio_of_sums",
                                    "reports_on_time", "reports_overdue", "days_late"};
  return n[static_cast<int>(r)];
}
constexpr std::string_view to_string(not_reported_policy p) noexcept { return p == not_reported_policy::exclude ? "exclude" : "not_meeting"; }
constexpr std::string_view to_string(comparison c) noexcept {
  return c == comparison::at_least ? "at_least" : c == comparison::at_most ? "at_most" : "equals";
}
constexpr std::string_view to_string(group_target_rule r) noexcept {
  return r == group_target_rule::inherit ? "inherit" : r == group_target_rule::own ? "own" : "none";
}
inline std::optional<group_target_rule> parse_group_target_rule(std::string_view s) noexcept {
  for (const auto r : {group_target_rule::inherit, group_target_rule::own, group_target_rule::none})
    if (to_string(r) == s) return r;
  return std::nullopt;
}
/// The default rule: `own` for additive measures (counts and amounts, unless the indicator is a
/// collective one aggregated by a rule other than `sum`), `inherit` for every other measure
/// (percentage, ratio, binary, ordinal, qualitative).
inline group_target_rule default_group_target_rule(const indicator& ind) noexcept {
  const bool additive = (ind.measure == measure::count || ind.measure == measure::amount) &&
                        (!ind.aggregate || ind.aggregate->rule == aggregation_rule::sum);
  return additive ? group_target_rule::own : group_target_rule::inherit;
}
/// The rule in force for `ind`: its own, else the default.
inline group_target_rule group_rule_of(const indicator& ind) noexcept { return ind.group_rule.value_or(default_group_target_rule(ind)); }

inline std::optional<aggregation_rule> parse_aggregation_rule(std::string_view s) noexcept {
  for (int i = 0; i <= static_cast<int>(aggregation_rule::days_late); ++i)
    if (to_string(static_cast<aggregation_rule>(i)) == s) return static_cast<aggregation_rule>(i);
  return std::nullopt;
}

/// Checks a canonical disaggregation key ("dim=value;dim=value", dimensions in sorted order)
/// against the dimensions of `ind`; returns the reason when it does not fit. An indicator
/// without dimensions accepts any key; "" (the total) always fits.
inline std::optional<std::string> check_group(const indicator& ind, std::string_view key) {
  if (ind.dimensions.empty() || key.empty()) return std::nullopt;
  std::string_view prev;
  while (!key.empty()) {
    const auto semi = key.find(';');
    const std::string_view part = key.substr(0, semi);
    key = semi == std::string_view::npos ? std::string_view() : key.substr(semi + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return "disaggregation '" + std::string(part) + "' is not dimension=category";
    const std::string_view dim = part.substr(0, eq), cat = part.substr(eq + 1);
    if (!prev.empty() && !(prev < dim)) return "disaggregation dimensions must be sorted and not repeated ('" + std::string(dim) + "')";
    prev = dim;
    auto d = std::find_if(ind.dimensions.begin(), ind.dimensions.end(), [&](const dimension& x) { return x.id == dim; });
    if (d == ind.dimensions.end()) return "unknown dimension '" + std::string(dim) + "' for indicator " + ind.id.str();
    if (std::find(d->categories.begin(), d->categories.end(), cat) == d->categories.end())
      return "'" + std::string(cat) + "' is not a category of dimension '" + std::string(dim) + "' of indicator " + ind.id.str();
  }
  return std::nullopt;
}

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
