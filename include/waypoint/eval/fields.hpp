// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file fields.hpp
/// The result vocabulary: every field of an evaluation result, with its name, type, unit, meaning,
/// the levels that have it and how to read it from a series' result. The CSV columns and their
/// order, the JSON keys of a series, `--columns`, the C API's field ids and the Python attributes
/// all come from `fields()`; `waypoint fields` prints it.
///
/// Adding a series field: add its name to `field` and its entry, with its reader, to the table
/// below (in the same position); every output then carries it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/result.hpp"

namespace waypoint {

/// A field of the result vocabulary, in output order (the CSV's column order).
enum class field : std::uint8_t {
  indicator, entity, disaggregation, method, status, category, score, progress_value, base_period, base_value, current_period,
  current_value, n_points, slope_per_year, cagr, target_period, target_value, expected_value, projected_value, gap_to_target,
  gap_to_trajectory, reason, intercept, r_squared, slope_std_error, next_milestone_period, next_milestone_value, gap_to_milestone,
  plan_total, estimated_points, provisional_points, current_status, interval_low, interval_high, base_declared,
  next_milestone_aspirational, narrative, trace, collective,
  // Fields of the other levels only (indicator results and roll-ups).
  n_series, n_scored, series_count, status_counts,
};

/// The type of a field's values. `object` fields (the trace, the collective detail, the status
/// counts) are structured: JSON carries them, CSV does not.
enum class field_type : std::uint8_t { text, number, integer, period, boolean, object };

/// Stable names of the field types, as `waypoint fields` prints them.
constexpr std::string_view to_string(field_type t) noexcept {
  constexpr std::array<std::string_view, 6> names = {"text", "number", "integer", "period", "boolean", "object"};
  return names[static_cast<std::size_t>(t)];
}

/// The levels of results, as a bit set (`field_info::levels`).
enum class result_level : std::uint8_t { series = 1, indicator = 2, action = 4, section = 8, plan = 16 };
inline constexpr std::array<result_level, 5> result_levels = {result_level::series, result_level::indicator, result_level::action,
                                                              result_level::section, result_level::plan};
/// Stable names of the levels.
constexpr std::string_view to_string(result_level l) noexcept {
  switch (l) {
    case result_level::series: return "series";
    case result_level::indicator: return "indicator";
    case result_level::action: return "action";
    case result_level::section: return "section";
    case result_level::plan: return "plan";
  }
  return "";
}

/// One series' result as every output reads it: a view of a `series_result` or a `series_row`
/// (`row_view::of`). Valid as long as the row.
struct row_view {
  std::string_view indicator, entity, disaggregation, method, category, reason, narrative;
  const assessment_figures* outcome = nullptr;
  const series_figures* figures = nullptr;
  const waypoint::trace* trace = nullptr;                ///< null for batch rows and runs without traces
  const collective_detail* collective = nullptr;         ///< null but for collective indicators with an aggregation rule

  static row_view of(const series_result& r) noexcept {
    const bool traced = !r.outcome.trace.rule.empty() || !r.outcome.trace.inputs.empty();
    return {r.indicator.str(), r.entity.str(), r.disaggregation,  r.method,          r.outcome.category, r.outcome.reason,
            r.narrative,       &r.outcome,     &r,                traced ? &r.outcome.trace : nullptr, r.collective.get()};
  }
  static row_view of(const series_row& r) noexcept {
    return {r.indicator, r.entity, r.disaggregation, r.method, r.outcome.category, r.reason, r.narrative, &r.outcome, &r, nullptr, nullptr};
  }
};

/// A field's description and reader. Exactly one reader is set for a series field of a scalar
/// type (the one of its `type`); none for `object` fields and fields of other levels.
struct field_info {
  field id;
  std::string_view name;         ///< the CSV column, JSON key, Python attribute
  field_type type;
  std::string_view unit;         ///< "indicator" (the indicator's own unit), "years", "1/year", "share", "count", ""
  std::string_view description;
  std::uint8_t levels;           ///< `result_level` bits
  int c_id;                      ///< the C API's `WAYPOINT_FIELD_*` value (stable); 0 = not in the C API
  bool figure = false;           ///< computed by `detail::add_figures` (a batch row computes them only when asked)
  std::string_view (*text)(const row_view&) = nullptr;
  std::optional<double> (*number)(const row_view&) = nullptr;
  std::int64_t (*integer)(const row_view&) = nullptr;
  std::optional<period> (*at)(const row_view&) = nullptr;
  std::optional<bool> (*boolean)(const row_view&) = nullptr;

  [[nodiscard]] constexpr bool has(result_level l) const noexcept { return (levels & static_cast<std::uint8_t>(l)) != 0; }
  /// A field of a series that CSV writes (a series field that is not an object).
  [[nodiscard]] constexpr bool in_csv() const noexcept { return has(result_level::series) && type != field_type::object; }
};

namespace detail {
template <class T>
inline std::optional<period> period_of(const std::optional<T>& x) noexcept {  // not constexpr: period is not a literal type (clang rejects it)
  return x ? std::optional<period>(x->at) : std::nullopt;
}
template <class T>
constexpr std::optional<double> amount_of(const std::optional<T>& x) noexcept {
  return x ? std::optional<double>(x->amount) : std::nullopt;
}

constexpr std::uint8_t series_only = static_cast<std::uint8_t>(result_level::series);
constexpr std::uint8_t series_and_indicator = series_only | static_cast<std::uint8_t>(result_level::indicator);
constexpr std::uint8_t rollups = static_cast<std::uint8_t>(result_level::action) | static_cast<std::uint8_t>(result_level::section) |
                                 static_cast<std::uint8_t>(result_level::plan);

using R = const row_view&;
// clang-format off
inline constexpr std::array<field_info, 43> field_table = {{
  {field::indicator, "indicator", field_type::text, "", "the indicator's id", series_and_indicator, 1, false, [](R r) { return r.indicator; }},
  {field::entity, "entity", field_type::text, "", "the reporting entity (`*` for the collective level)", series_and_indicator, 2, false, [](R r) { return r.entity; }},
  {field::disaggregation, "disaggregation", field_type::text, "", "the group, e.g. `sex=female` (empty for the total)", series_only, 3, false, [](R r) { return r.disaggregation; }},
  {field::method, "method", field_type::text, "", "the assessment method", series_and_indicator, 4, false, [](R r) { return r.method; }},
  {field::status, "status", field_type::text, "", "the normalised status (docs/methods.md)", series_and_indicator, 5, false, [](R r) { return to_string(r.outcome->status); }},
  {field::category, "category", field_type::text, "", "the method's own category", series_and_indicator, 6, false, [](R r) { return r.category; }},
  {field::score, "score", field_type::number, "", "the method's score (its own scale; a roll-up's in [0, 1])", series_and_indicator | rollups, 20, false, nullptr, [](R r) { return r.outcome->score; }},
  {field::progress_value, "progress_value", field_type::number, "", "the method's progress measure (e.g. share of the way to the target)", series_only, 21, false, nullptr, [](R r) { return r.outcome->progress_value; }},
  {field::base_period, "base_period", field_type::period, "", "the period of the base used", series_only, 9, false, nullptr, nullptr, nullptr, [](R r) { return period_of(r.outcome->base); }},
  {field::base_value, "base_value", field_type::number, "indicator", "the base value used", series_only, 22, false, nullptr, [](R r) { return amount_of(r.outcome->base); }},
  {field::current_period, "current_period", field_type::period, "", "the latest period used", series_only, 10, false, nullptr, nullptr, nullptr, [](R r) { return period_of(r.outcome->current); }},
  {field::current_value, "current_value", field_type::number, "indicator", "the latest value used (after accumulation)", series_only, 23, false, nullptr, [](R r) { return amount_of(r.outcome->current); }},
  {field::n_points, "n_points", field_type::integer, "count", "the points of the trend: from the base to the current period", series_only, 40, false, nullptr, nullptr, [](R r) { return static_cast<std::int64_t>(r.figures->n_points); }},
  {field::slope_per_year, "slope_per_year", field_type::number, "indicator/year", "the OLS slope from the base on", series_only, 24, false, nullptr, [](R r) { return r.figures->trend.slope; }},
  {field::cagr, "cagr", field_type::number, "1/year", "the compound annual growth rate from the base to the current value", series_only, 28, false, nullptr, [](R r) { return r.figures->cagr; }},
  {field::target_period, "target_period", field_type::period, "", "the target's period", series_only, 11, true, nullptr, nullptr, nullptr, [](R r) { return period_of(r.figures->target); }},
  {field::target_value, "target_value", field_type::number, "indicator", "the target's value", series_only, 29, true, nullptr, [](R r) { return amount_of(r.figures->target); }},
  {field::expected_value, "expected_value", field_type::number, "indicator", "the value on the path baseline → milestones → target at the current period", series_only, 31, true, nullptr, [](R r) { return r.figures->expected_value; }},
  {field::projected_value, "projected_value", field_type::number, "indicator", "the OLS trend at the target date", series_only, 32, true, nullptr, [](R r) { return r.figures->projected_value; }},
  {field::gap_to_target, "gap_to_target", field_type::number, "indicator", "the distance still to go to the target (oriented by direction; 0 or less = met)", series_only, 34, true, nullptr, [](R r) { return r.figures->gap_to_target; }},
  {field::gap_to_trajectory, "gap_to_trajectory", field_type::number, "indicator", "the distance behind the expected path (oriented by direction)", series_only, 35, true, nullptr, [](R r) { return r.figures->gap_to_trajectory; }},
  {field::reason, "reason", field_type::text, "", "why, for insufficient_data and not_applicable", series_and_indicator, 7, false, [](R r) { return r.reason; }},
  {field::intercept, "intercept", field_type::number, "indicator", "the OLS intercept (value at year 0 of the fit's time axis)", series_only, 25, false, nullptr, [](R r) { return r.figures->trend.intercept; }},
  {field::r_squared, "r_squared", field_type::number, "share", "the OLS fit's R²", series_only, 26, false, nullptr, [](R r) { return r.figures->trend.r_squared; }},
  {field::slope_std_error, "slope_std_error", field_type::number, "indicator/year", "the OLS slope's standard error", series_only, 27, false, nullptr, [](R r) { return r.figures->trend.slope_std_error; }},
  {field::next_milestone_period, "next_milestone_period", field_type::period, "", "the first milestone after the reference date", series_only, 12, true, nullptr, nullptr, nullptr, [](R r) { return period_of(r.figures->next_milestone); }},
  {field::next_milestone_value, "next_milestone_value", field_type::number, "indicator", "that milestone's value", series_only, 30, true, nullptr, [](R r) { return amount_of(r.figures->next_milestone); }},
  {field::gap_to_milestone, "gap_to_milestone", field_type::number, "indicator", "the distance still to go to that milestone (oriented by direction)", series_only, 33, true, nullptr, [](R r) { return r.figures->gap_to_milestone; }},
  {field::plan_total, "plan_total", field_type::number, "indicator", "flow indicators: the sum over the periods in the plan period", series_only, 36, true, nullptr, [](R r) { return r.figures->plan_total; }},
  {field::estimated_points, "estimated_points", field_type::integer, "count", "points flagged estimated", series_only, 41, true, nullptr, nullptr, [](R r) { return static_cast<std::int64_t>(r.figures->estimated_points); }},
  {field::provisional_points, "provisional_points", field_type::integer, "count", "points flagged provisional", series_only, 42, true, nullptr, nullptr, [](R r) { return static_cast<std::int64_t>(r.figures->provisional_points); }},
  {field::current_status, "current_status", field_type::number, "", "escap only: the current status CS", series_only, 37, false, nullptr, [](R r) { return r.outcome->current_status; }},
  {field::interval_low, "interval_low", field_type::number, "indicator", "ols-projection only: the prediction interval's low end at the target date", series_only, 38, false, nullptr, [](R r) { return r.outcome->interval_low; }},
  {field::interval_high, "interval_high", field_type::number, "indicator", "ols-projection only: the prediction interval's high end at the target date", series_only, 39, false, nullptr, [](R r) { return r.outcome->interval_high; }},
  {field::base_declared, "base_declared", field_type::boolean, "", "the base is the plan's declared baseline (false: taken from the data)", series_only, 43, false, nullptr, nullptr, nullptr, nullptr, [](R r) { return r.outcome->base ? std::optional<bool>(r.outcome->base->declared) : std::nullopt; }},
  {field::next_milestone_aspirational, "next_milestone_aspirational", field_type::boolean, "", "the next milestone is aspirational", series_only, 44, true, nullptr, nullptr, nullptr, nullptr, [](R r) { return r.figures->next_milestone ? std::optional<bool>(r.figures->next_milestone->aspirational) : std::nullopt; }},
  {field::narrative, "narrative", field_type::text, "", "qualitative indicators: the latest text", series_only, 8, false, [](R r) { return r.narrative; }},
  {field::trace, "trace", field_type::object, "", "why: the rule, inputs, thresholds, points and substitutions (null without traces)", series_and_indicator, 14, false},
  {field::collective, "collective", field_type::object, "", "collective indicators with an aggregation rule: the population and groups of every period", series_only, 15, false},
  {field::n_series, "n_series", field_type::integer, "count", "the series an indicator result is over", static_cast<std::uint8_t>(result_level::indicator), 0, false},
  {field::n_scored, "n_scored", field_type::integer, "count", "of those, the series with a score", static_cast<std::uint8_t>(result_level::indicator), 0, false},
  {field::series_count, "series", field_type::integer, "count", "the series a roll-up counts", rollups, 0, false},
  {field::status_counts, "counts", field_type::object, "count", "a roll-up's series per status", rollups, 0, false},
}};
// clang-format on

constexpr bool table_in_enum_order() {
  for (std::size_t k = 0; k < field_table.size(); ++k)
    if (static_cast<std::size_t>(field_table[k].id) != k) return false;
  return true;
}
static_assert(table_in_enum_order(), "field_table lists the fields in the order of enum field");
}  // namespace detail

/// Every field, in output order.
constexpr std::span<const field_info> fields() noexcept { return detail::field_table; }
/// The description of `f`.
constexpr const field_info& info(field f) noexcept { return detail::field_table[static_cast<std::size_t>(f)]; }
/// The field named `name`, if any.
constexpr std::optional<field> find_field(std::string_view name) noexcept {
  for (const auto& f : detail::field_table)
    if (f.name == name) return f.id;
  return std::nullopt;
}

}  // namespace waypoint
