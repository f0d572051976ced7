// SPDX-License-Identifier: Apache-2.0
// Text helpers shared by the report writers: deterministic number formatting (std::to_chars, no
// locale; the language's marks from text/catalogue.hpp) and XML/HTML escaping. `fixed` and
// `short_number` are for pixel coordinates and data-* attributes, which stay the same in every
// language; the others write numbers for people.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"
#include "../text/catalogue.hpp"
#include "waypoint/model/language.hpp"
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

/// Six significant digits ("%g"), without locale: data attributes; `text::decimal` makes it a number for people.
inline std::string short_number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
  std::string s(buf, r.ptr);
  return s == "-0" ? "0" : s;
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

/// Digits `s` (an optional '-', digits, an optional fraction) as `lang` writes them: the thousands
/// of the integer part grouped, the decimal mark and the minus sign U+2212 (text::number):
/// "-12345.5" → "−12,345.5" in English, "−12 345,5" in French.
inline std::string grouped(language lang, std::string_view s) { return text::number(lang, s); }

/// `v` rounded for reading: at most `digits` significant digits, but whole numbers from 10^digits
/// on (12,345, not 12,300), thousands grouped, no exponent, trailing zeros dropped.
inline std::string significant(language lang, double v, int digits = 3) {
  if (!std::isfinite(v)) return short_number(v);
  if (v == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
  return grouped(lang, fixed(v, std::clamp(digits - 1 - magnitude, 0, 12)));
}

/// "yes" or "no" in `lang`: the value of a binary indicator.
inline std::string_view yes_no(language lang, bool yes) { return yes ? text::tr(lang, "yes") : text::tr(lang, "no"); }

/// A value of `ind` as people read it: a count as a whole number (116.671 States → 116), a
/// percentage with at most one decimal, other numbers with three significant digits, thousands
/// grouped; the level name or yes/no for ordinal and binary indicators.
/// `readable_number` is the same for a number that is no value of the scale (a gap, an expected
/// level between two levels): always a number.
inline std::string readable_number(language lang, measure m, double v) {
  if (m == measure::count) return grouped(lang, fixed(std::round(v), 0));
  if (m == measure::percentage) return grouped(lang, fixed(v, 1));
  return significant(lang, v);
}
inline std::string readable_number(language lang, const indicator& ind, double v) { return readable_number(lang, ind.measure, v); }
inline std::string readable_number(language lang, const indicator& ind, const std::optional<double>& v, std::string_view none = "–") {
  return v ? readable_number(lang, ind, *v) : std::string(none);
}
inline std::string readable(language lang, const indicator& ind, double v) {
  if (ind.measure == measure::binary) return std::string(yes_no(lang, v == 1));
  return is_quantitative(ind.measure) ? readable_number(lang, ind, v) : value_label(ind, v);
}

/// `readable(lang, ind, v)` followed by the indicator's unit (in `lang` when the plan translates
/// it): "245 km²", "42.5% of casualties" ("42,5 % des victimes"), "116 States"; ordinal and binary
/// values stand alone.
inline std::string with_unit(language lang, const indicator& ind, double v) {
  std::string out = readable(lang, ind, v);
  if (!is_quantitative(ind.measure)) return out;
  const std::string& unit = translated(ind.translations, "unit", lang, ind.unit);
  if (unit.empty()) return ind.measure == measure::percentage ? text::percent(lang, out) : out;
  if (unit.front() != '%') return out.append(1, ' ').append(unit);
  return text::percent(lang, out).append(unit.substr(1));
}

/// The slope per year with its sign and two significant digits, e.g. "+8.4/yr", "−0.73/yr"; "–"
/// without one. The trace and CSV/JSON keep the full precision.
inline std::string per_year(language lang, double slope) {
  std::string value(slope > 0 ? "+" : "");  // appended: see `attr` in chart.cpp (GCC 12 -Wrestrict)
  value.append(significant(lang, slope, 2));
  return text::fill(text::tr(lang, "{slope}/yr"), {{"slope", value}});
}
inline std::string slope_text(language lang, const trend_fit& t) { return t.slope ? per_year(lang, *t.slope) : "–"; }

/// "R² 0.98": the trend's coefficient of determination with two decimals, "" without one.
inline std::string r_squared_text(language lang, const trend_fit& t) {
  return t.r_squared ? "R² " + text::decimal(lang, fixed(*t.r_squared, 2)) : std::string();
}

/// A share in [0, 1] as a whole per cent in `lang`: 0.7 → "70%", "70 %".
inline std::string share_text(language lang, double share) { return text::percent(lang, fixed(share * 100, 0)); }

/// A score with two decimals in `lang`: "0.74", "0,74".
inline std::string score_text(language lang, double score) { return text::decimal(lang, fixed(score, 2)); }

}  // namespace waypoint::report::detail
