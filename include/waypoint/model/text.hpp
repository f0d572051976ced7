// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file text.hpp
/// Values of the model as text, written the same way by every layer above it (the evaluator's
/// traces, the file formats, the reports): numbers that read back exactly (`format_number`),
/// values as people read them (`value_label`) and ISO 8601 dates of day numbers (`iso_date`).
/// Locale-independent and deterministic.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>

#include "waypoint/model/indicator.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint {

/// `v`, with a negative zero made 0: what every writer prints (a progress of -(0) is no progress,
/// and "-0" reads as a sign that is not there).
constexpr double without_negative_zero(double v) noexcept { return v == 0 ? 0.0 : v; }

/// The shortest text that reads back to the same double (std::to_chars, so exact as "%.17g" and
/// independent of the locale): `0.1`, `2015`, `1e+300`, `inf`, `nan`; a negative zero is `0`.
/// Never throws except `std::bad_alloc`.
inline std::string format_number(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, without_negative_zero(v));
  return std::string(buf, r.ptr);
}

/// A value of indicator `ind` as people read it: the level name for an ordinal indicator (when `v`
/// is the index of a level of its scale), `yes`/`no` for a binary one (`v == 1` is yes), and
/// otherwise the number with six significant digits ("%g", without locale: `1.23457e+06`; -0 is `0`).
/// Needs nothing of `ind` but its measure and levels. Never throws except `std::bad_alloc`.
inline std::string value_label(const indicator& ind, double v) {
  if (ind.measure == measure::binary) return v == 1 ? "yes" : "no";
  if (ind.measure == measure::ordinal && v >= 0 && static_cast<std::size_t>(v) < ind.levels.size()) return ind.levels[static_cast<std::size_t>(v)];
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, without_negative_zero(v), std::chars_format::general, 6);
  return std::string(buf, r.ptr);
}

/// The ISO 8601 date `YYYY-MM-DD` of day number `days` (days since 1970-01-01, as
/// `day_number` gives and `period::start_days` stores), for years 0-9999. The calendar itself lives
/// in time.hpp, which prints periods and dates with the same writer (`to_string(date)`,
/// `period::str`). Never throws except `std::bad_alloc`.
inline std::string iso_date(std::int32_t days) { return detail::iso_of_days(days); }

}  // namespace waypoint
