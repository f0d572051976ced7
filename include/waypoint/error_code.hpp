// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file error_code.hpp
/// The vocabulary of error codes: every code waypoint reports, as `waypoint::errc`, with its
/// stable text ("plan.duplicate_id") and a one-line meaning. The text is what is printed
/// (`problem::str()`, the CLI, the C API's `waypoint_last_error_code`, the Python `Error.code`)
/// and never changes; programs compare the enum. docs/errors.md lists the same table.

#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string_view>

namespace waypoint {

/// An error code. The text before the dot names where the problem is: the plan (`plan.*`), the
/// observations (`obs.*`, `data.*`), a method (`method.*`), the evaluation (`eval.*`), a format
/// (`csv.*`, `iati.*`), the command line (`cli.*`) or the C API (`capi.*`).
enum class errc {
  // A plan: its file, its schema, its content.
  plan_io,
  plan_syntax,
  plan_empty,
  plan_too_deep,
  plan_alias_limit,
  plan_multiple_documents,
  plan_bad_version,
  plan_missing_key,
  plan_unknown_key,
  plan_duplicate_key,
  plan_bad_key,
  plan_bad_type,
  plan_bad_enum,
  plan_bad_date,
  plan_bad_period,
  plan_bad_value,
  plan_bad_text,
  plan_bad_range,
  plan_bad_scope,
  plan_bad_group,
  plan_bad_param,
  plan_duplicate_id,
  plan_reserved_id,
  plan_unknown_section,
  plan_unknown_action,
  plan_unknown_indicator,
  plan_unknown_event,
  plan_unknown_method,
  plan_unknown_obligation,
  plan_unknown_population,
  plan_outside_period,
  plan_milestone_after_target,
  plan_milestone_order,
  plan_cumulative_percentage,
  plan_missing_levels,
  plan_unsupported,
  // Periods and the results graph.
  period_bad_range,
  graph_cycle,
  // Observations: their file, their rows.
  obs_io,
  obs_syntax,
  obs_empty,
  obs_missing_column,
  obs_unknown_column,
  obs_duplicate_column,
  obs_missing_value,
  obs_unknown_indicator,
  obs_unknown_entity,
  obs_not_a_number,
  obs_not_finite,
  obs_out_of_range,
  obs_bad_level,
  obs_bad_period,
  obs_bad_date,
  obs_bad_flag,
  obs_bad_group,
  obs_bad_text,
  obs_aggregated,
  obs_duplicate,
  // Warnings about breakdowns of a total.
  data_parts_sum,
  data_parts_exceed_total,
  data_breakdown_coverage,
  data_mixed_periods,
  data_undeclared_dimension,
  // Methods and the evaluation.
  method_unknown,
  method_bad_param,
  eval_bad_partition,
  eval_bad_threads,
  // The evaluation CSV's columns.
  csv_unknown_column,
  csv_duplicate_column,
  // IATI activity files.
  iati_io,
  iati_syntax,
  iati_too_deep,
  iati_not_iati,
  iati_version,
  iati_ambiguous,
  iati_unknown_activity,
  iati_missing_element,
  iati_missing_attribute,
  iati_missing_value,
  iati_unexpected_value,
  iati_bad_value,
  iati_bad_code,
  iati_bad_date,
  iati_period_order,
  iati_duplicate_dimension,
  iati_duplicate_identifier,
  iati_reference_twice,
  iati_bad_extension,
  iati_unsupported,
  // The `waypoint` command line.
  cli_io,
  cli_output_is_input,
  cli_bad_option,
  cli_bad_date,
  cli_bad_param,
  cli_bad_partition,
  cli_internal,
  // The C API.
  capi_null,
  capi_no_memory,
  capi_internal,
  capi_options_version,
  capi_bad_date,
  capi_bad_param,
  capi_bad_partition,
  capi_bad_format,
  capi_bad_kind,
  capi_bad_field,
  capi_bad_status,
  capi_field_type,
  capi_absent,
  capi_range,
  capi_sealed,
  capi_plan_mismatch,
  capi_unsupported,
  capi_bad_column,
  // The system under the library.
  sys_out_of_memory,
};

/// One row of the vocabulary.
struct errc_info {
  errc code;
  std::string_view text;     ///< the stable text, e.g. "plan.duplicate_id" (a NUL-terminated literal)
  std::string_view meaning;  ///< what it means, for people
};

/// Every code, in the order of the enum.
inline constexpr std::array errc_table{
    errc_info{errc::plan_io, "plan.io", "a plan file cannot be read, or the plan cannot be written"},
    errc_info{errc::plan_syntax, "plan.syntax", "the plan file is not valid YAML, JSON or CSV"},
    errc_info{errc::plan_empty, "plan.empty", "the plan file or indicator table is empty"},
    errc_info{errc::plan_too_deep, "plan.too_deep", "a plan document nested deeper than the limit (docs/robustness.md)"},
    errc_info{errc::plan_alias_limit, "plan.alias_limit", "YAML aliases that expand past the node limit (docs/robustness.md)"},
    errc_info{errc::plan_multiple_documents, "plan.multiple_documents", "a YAML file with more than one document"},
    errc_info{errc::plan_bad_version, "plan.bad_version", "a plan format version this library does not read"},
    errc_info{errc::plan_missing_key, "plan.missing_key", "a required key or column is absent (an id, a deadline, a dimension's categories...)"},
    errc_info{errc::plan_unknown_key, "plan.unknown_key", "a key or column the schema does not know"},
    errc_info{errc::plan_duplicate_key, "plan.duplicate_key", "a key or column given twice"},
    errc_info{errc::plan_bad_key, "plan.bad_key", "a key given where it has no meaning"},
    errc_info{errc::plan_bad_type, "plan.bad_type", "a value of the wrong type, or a key not allowed for this kind of indicator"},
    errc_info{errc::plan_bad_enum, "plan.bad_enum", "a word that is not one of the allowed ones (measure, direction, accumulation, scope...)"},
    errc_info{errc::plan_bad_date, "plan.bad_date", "a date that does not parse, or dates in an impossible order"},
    errc_info{errc::plan_bad_period, "plan.bad_period", "a period that does not parse, or a baseline not before the target"},
    errc_info{errc::plan_bad_value, "plan.bad_value", "a value that does not fit its measure, or a weight or number that is not allowed"},
    errc_info{errc::plan_bad_text, "plan.bad_text", "a text that is not UTF-8, or holds a control character"},
    errc_info{errc::plan_bad_range, "plan.bad_range", "a range missing for maintain, malformed, or with low above high"},
    errc_info{errc::plan_bad_scope, "plan.bad_scope", "an indicator of the wrong scope (national or collective) for what is asked of it"},
    errc_info{errc::plan_bad_group, "plan.bad_group", "a group that does not fit its indicator's dimensions"},
    errc_info{errc::plan_bad_param, "plan.bad_param", "a method parameter that does not exist or does not parse"},
    errc_info{errc::plan_duplicate_id, "plan.duplicate_id", "two sections, actions, indicators, entities or events with the same id"},
    errc_info{errc::plan_reserved_id, "plan.reserved_id", "an id waypoint reserves ('*' is the collective)"},
    errc_info{errc::plan_unknown_section, "plan.unknown_section", "an action names a section the plan does not have"},
    errc_info{errc::plan_unknown_action, "plan.unknown_action", "supports or fed_by names an action the plan does not have"},
    errc_info{errc::plan_unknown_indicator, "plan.unknown_indicator", "a reference to an indicator the plan does not have"},
    errc_info{errc::plan_unknown_event, "plan.unknown_event", "a milestone at/by that is neither a date, a period nor a calendar event"},
    errc_info{errc::plan_unknown_method, "plan.unknown_method", "an indicator's assessment method does not exist"},
    errc_info{errc::plan_unknown_obligation, "plan.unknown_obligation", "an obligation kind the plan does not define"},
    errc_info{errc::plan_unknown_population, "plan.unknown_population", "a population the plan does not define"},
    errc_info{errc::plan_outside_period, "plan.outside_period", "a milestone or target outside the plan period"},
    errc_info{errc::plan_milestone_after_target, "plan.milestone_after_target", "a milestone dated after the target"},
    errc_info{errc::plan_milestone_order, "plan.milestone_order", "milestones not in date order"},
    errc_info{errc::plan_cumulative_percentage, "plan.cumulative_percentage", "a percentage declared cumulative"},
    errc_info{errc::plan_missing_levels, "plan.missing_levels", "an ordinal indicator with fewer than two levels"},
    errc_info{errc::plan_unsupported, "plan.unsupported", "something in the plan that the plan writer cannot write yet"},
    errc_info{errc::period_bad_range, "period.bad_range", "a period that ends before it starts"},
    errc_info{errc::graph_cycle, "graph.cycle", "supports links that loop"},
    errc_info{errc::obs_io, "obs.io", "an observation file cannot be read"},
    errc_info{errc::obs_syntax, "obs.syntax", "an unterminated quote or a row with the wrong number of fields"},
    errc_info{errc::obs_empty, "obs.empty", "the observation file is empty"},
    errc_info{errc::obs_missing_column, "obs.missing_column", "a required column is absent"},
    errc_info{errc::obs_unknown_column, "obs.unknown_column", "a column that is not an observation column"},
    errc_info{errc::obs_duplicate_column, "obs.duplicate_column", "a column given twice"},
    errc_info{errc::obs_missing_value, "obs.missing_value", "an empty cell where a value is required"},
    errc_info{errc::obs_unknown_indicator, "obs.unknown_indicator", "an indicator the plan does not have"},
    errc_info{errc::obs_unknown_entity, "obs.unknown_entity", "an entity the plan does not have"},
    errc_info{errc::obs_not_a_number, "obs.not_a_number", "a value that is not a number for a numeric measure"},
    errc_info{errc::obs_not_finite, "obs.not_finite", "a value that is NaN or infinity"},
    errc_info{errc::obs_out_of_range, "obs.out_of_range", "a percentage outside 0-100"},
    errc_info{errc::obs_bad_level, "obs.bad_level", "an ordinal level not on the scale, or a binary value that is not yes/no"},
    errc_info{errc::obs_bad_period, "obs.bad_period", "a period that does not parse"},
    errc_info{errc::obs_bad_date, "obs.bad_date", "a reported_on date that does not parse"},
    errc_info{errc::obs_bad_flag, "obs.bad_flag", "a flag other than estimated or provisional"},
    errc_info{errc::obs_bad_group, "obs.bad_group", "dimension values that do not fit the indicator's dimensions"},
    errc_info{errc::obs_bad_text, "obs.bad_text", "a text that is not UTF-8, or holds a control character"},
    errc_info{errc::obs_aggregated, "obs.aggregated", "an observation of an indicator its aggregation rule computes"},
    errc_info{errc::obs_duplicate, "obs.duplicate", "a second value for the same series and period that is not a revision"},
    errc_info{errc::data_parts_sum, "data.parts_sum", "warning: the parts of a breakdown do not add up to the total"},
    errc_info{errc::data_parts_exceed_total, "data.parts_exceed_total", "warning: the parts of a breakdown exceed the total"},
    errc_info{errc::data_breakdown_coverage, "data.breakdown_coverage", "warning: a breakdown does not cover the total's periods"},
    errc_info{errc::data_mixed_periods, "data.mixed_periods", "warning: one series has periods of different length that start the same day"},
    errc_info{errc::data_undeclared_dimension, "data.undeclared_dimension", "warning: groups of an indicator that declares no dimensions"},
    errc_info{errc::method_unknown, "method.unknown", "an assessment method that does not exist"},
    errc_info{errc::method_bad_param, "method.bad_param", "a method parameter that does not exist or has a bad value"},
    errc_info{errc::eval_bad_partition, "eval.bad_partition", "a partition that does not exist, or one asked of a live evaluation"},
    errc_info{errc::eval_bad_threads, "eval.bad_threads", "more threads than `max_threads` (1024)"},
    errc_info{errc::csv_unknown_column, "csv.unknown_column", "an evaluation CSV column asked for that does not exist"},
    errc_info{errc::csv_duplicate_column, "csv.duplicate_column", "an evaluation CSV column asked for twice"},
    errc_info{errc::iati_io, "iati.io", "an IATI file cannot be read"},
    errc_info{errc::iati_syntax, "iati.syntax", "malformed XML"},
    errc_info{errc::iati_too_deep, "iati.too_deep", "XML elements nested deeper than the limit (docs/robustness.md)"},
    errc_info{errc::iati_not_iati, "iati.not_iati", "the root element is not iati-activities"},
    errc_info{errc::iati_version, "iati.version", "an IATI version that is not read, or read as 2.03"},
    errc_info{errc::iati_ambiguous, "iati.ambiguous", "several activities have the iati-identifier asked for"},
    errc_info{errc::iati_unknown_activity, "iati.unknown_activity", "no activity has the iati-identifier asked for"},
    errc_info{errc::iati_missing_element, "iati.missing_element", "a required element is absent"},
    errc_info{errc::iati_missing_attribute, "iati.missing_attribute", "a required attribute is absent"},
    errc_info{errc::iati_missing_value, "iati.missing_value", "a baseline, target or actual without a value"},
    errc_info{errc::iati_unexpected_value, "iati.unexpected_value", "a value on a qualitative indicator"},
    errc_info{errc::iati_bad_value, "iati.bad_value", "a value or attribute that does not parse or fit"},
    errc_info{errc::iati_bad_code, "iati.bad_code", "a code (measure, type, ascending, a waypoint attribute) not in its code list"},
    errc_info{errc::iati_bad_date, "iati.bad_date", "a date, year or period that does not parse or fit"},
    errc_info{errc::iati_period_order, "iati.period_order", "a period-start after its period-end"},
    errc_info{errc::iati_duplicate_dimension, "iati.duplicate_dimension", "a dimension given twice on one actual"},
    errc_info{errc::iati_duplicate_identifier, "iati.duplicate_identifier", "warning: two activities share an iati-identifier"},
    errc_info{errc::iati_reference_twice, "iati.reference_twice", "warning: a reference at both result and indicator level"},
    errc_info{errc::iati_bad_extension, "iati.bad_extension", "an iati-* extension that is not the element it should be"},
    errc_info{errc::iati_unsupported, "iati.unsupported", "something in the plan that has no place in IATI"},
    errc_info{errc::cli_io, "cli.io", "an output file cannot be written"},
    errc_info{errc::cli_output_is_input, "cli.output_is_input", "an output path that is one of the command's inputs"},
    errc_info{errc::cli_bad_option, "cli.bad_option", "options that do not combine, or a value an option does not take"},
    errc_info{errc::cli_bad_date, "cli.bad_date", "a date argument that is not YYYY-MM-DD"},
    errc_info{errc::cli_bad_param, "cli.bad_param", "a --param that is not key=value, or that no compared method has"},
    errc_info{errc::cli_bad_partition, "cli.bad_partition", "a --partition that is not K/N with 0 <= K < N"},
    errc_info{errc::cli_internal, "cli.internal", "an internal inconsistency of the command"},
    errc_info{errc::capi_null, "capi.null", "a NULL argument"},
    errc_info{errc::capi_no_memory, "capi.no_memory", "no longer given: out of memory is sys.out_of_memory"},
    errc_info{errc::capi_internal, "capi.internal", "an internal error"},
    errc_info{errc::capi_options_version, "capi.options_version", "a waypoint_evaluation_options or waypoint_observation_columns version this library does not know"},
    errc_info{errc::capi_bad_date, "capi.bad_date", "an as_of that is not YYYY-MM-DD"},
    errc_info{errc::capi_bad_param, "capi.bad_param", "a method parameter that is not key=value"},
    errc_info{errc::capi_bad_partition, "capi.bad_partition", "a partition index not below the partition count"},
    errc_info{errc::capi_bad_format, "capi.bad_format", "an unknown plan or output format"},
    errc_info{errc::capi_bad_kind, "capi.bad_kind", "an unknown result kind"},
    errc_info{errc::capi_bad_field, "capi.bad_field", "an unknown result field"},
    errc_info{errc::capi_bad_status, "capi.bad_status", "an unknown status"},
    errc_info{errc::capi_field_type, "capi.field_type", "a field read with the getter of another type"},
    errc_info{errc::capi_absent, "capi.absent", "a field that has no value for this result"},
    errc_info{errc::capi_range, "capi.range", "an index past the end"},
    errc_info{errc::capi_sealed, "capi.sealed", "an append to an observation set that is sealed"},
    errc_info{errc::capi_plan_mismatch, "capi.plan_mismatch", "observations made for another plan handle"},
    errc_info{errc::capi_unsupported, "capi.unsupported", "something this version of the library does not provide"},
    errc_info{errc::capi_bad_column, "capi.bad_column", "an input column that is malformed: a code outside its dictionary, an unknown period form, a bad dimension name"},
    errc_info{errc::sys_out_of_memory, "sys.out_of_memory", "memory ran out; the message says while doing what, and nothing was written"},
};

namespace detail {
constexpr bool errc_table_in_order() {
  for (std::size_t k = 0; k < errc_table.size(); ++k)
    if (errc_table[k].code != static_cast<errc>(k)) return false;
  return true;
}
}  // namespace detail
static_assert(detail::errc_table_in_order(), "errc_table lists every errc once, in the order of the enum");
static_assert(errc_table.back().code == errc::sys_out_of_memory, "errc_table ends with the enum's last code");

/// The stable text of `c`, e.g. "plan.duplicate_id" (a view of a NUL-terminated literal).
[[nodiscard]] constexpr std::string_view to_string(errc c) noexcept { return errc_table[static_cast<std::size_t>(c)].text; }

/// What `c` means, in one line.
[[nodiscard]] constexpr std::string_view meaning(errc c) noexcept { return errc_table[static_cast<std::size_t>(c)].meaning; }

/// The code whose stable text is `text`; nullopt for a text that is no code.
[[nodiscard]] constexpr std::optional<errc> parse_errc(std::string_view text) noexcept {
  for (const auto& row : errc_table)
    if (row.text == text) return row.code;
  return std::nullopt;
}

/// Writes the stable text.
inline std::ostream& operator<<(std::ostream& os, errc c) { return os << to_string(c); }

}  // namespace waypoint
