// SPDX-License-Identifier: Apache-2.0
// Text helpers shared by the report writers: deterministic number formatting (std::to_chars, no
// locale) and XML/HTML escaping.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::report::detail {

/// `v` with at most `decimals` decimals, trailing zeros dropped, never "-0": pixel coordinates.
inline std::string fixed(double v, int decimals = 1) {
  if (!std::isfinite(v)) return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

/// Six significant digits, as people read a value ("%g").
inline std::string short_number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
  std::string s(buf, r.ptr);
  return s == "-0" ? "0" : s;
}
inline std::string short_number(const std::optional<double>& v, std::string_view none = "–") {
  return v ? short_number(*v) : std::string(none);
}

/// Escapes `& < > "` for XML and HTML text and attribute values.
inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// The minus sign people read (U+2212), for a negative number's '-'.
inline constexpr std::string_view minus = "\u2212";

/// Digits `s` (an optional '-', digits, an optional fraction) with ',' between the thousands of
/// its integer part and the minus sign U+2212: "-12345.5" → "−12,345.5".
inline std::string grouped(std::string_view s) {
  std::string out;
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const std::size_t int_end = std::min(s.find('.'), s.size());
  if (negative && s != "0") out += minus;
  for (std::size_t k = 0; k < int_end; ++k) {
    if (k > 0 && (int_end - k) % 3 == 0) out += ',';
    out += s[k];
  }
  out.append(s.substr(int_end));
  return out;
}

/// `v` rounded for reading: at most `digits` significant digits, but whole numbers from 10^digits
/// on (12,345, not 12,300), thousands grouped, no exponent, trailing zeros dropped.
inline std::string significant(double v, int digits = 3) {
  if (!std::isfinite(v)) return short_number(v);
  if (v == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
  return grouped(fixed(v, std::clamp(digits - 1 - magnitude, 0, 12)));
}
inline std::string significant(const std::optional<double>& v, std::string_view none = "–") {
  return v ? significant(*v) : std::string(none);
}

/// A value of `ind` as people read it: a count as a whole number (116.671 States → 116), a
/// percentage with at most one decimal, other numbers with three significant digits, thousands
/// grouped; the level name or yes/no for ordinal and binary indicators.
/// `readable_number` is the same for a number that is no value of the scale (a gap, an expected
/// level between two levels): always a number.
inline std::string readable_number(measure m, double v) {
  if (m == measure::count) return grouped(fixed(std::round(v), 0));
  if (m == measure::percentage) return grouped(fixed(v, 1));
  return significant(v);
}
inline std::string readable_number(const indicator& ind, double v) { return readable_number(ind.measure, v); }
inline std::string readable_number(const indicator& ind, const std::optional<double>& v, std::string_view none = "–") {
  return v ? readable_number(ind, *v) : std::string(none);
}
inline std::string readable(const indicator& ind, double v) {
  return is_quantitative(ind.measure) ? readable_number(ind, v) : value_label(ind, v);
}

/// `readable(ind, v)` followed by the indicator's unit: "245 km²", "42.5% of casualties", "116
/// States"; ordinal and binary values stand alone.
inline std::string with_unit(const indicator& ind, double v) {
  std::string out = readable(ind, v);
  if (!is_quantitative(ind.measure)) return out;
  if (ind.unit.empty()) return ind.measure == measure::percentage ? out + "%" : out;
  if (ind.unit.front() != '%') out += ' ';
  return out + ind.unit;
}

/// The slope per year with its sign and two significant digits, e.g. "+8.4/yr", "−0.73/yr"; "–"
/// without one. The trace and CSV/JSON keep the full precision.
inline std::string per_year(double slope) {
  std::string out(slope > 0 ? "+" : "");  // appended: see `attr` in chart.cpp (GCC 12 -Wrestrict)
  return out.append(significant(slope, 2)).append("/yr");
}
inline std::string slope_text(const trend_fit& t) { return t.slope ? per_year(*t.slope) : "–"; }

/// "R² 0.98": the trend's coefficient of determination with two decimals, "" without one.
inline std::string r_squared_text(const trend_fit& t) { return t.r_squared ? "R² " + fixed(*t.r_squared, 2) : std::string(); }

}  // namespace waypoint::report::detail
