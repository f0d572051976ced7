// SPDX-License-Identifier: Apache-2.0
// Text helpers shared by the report writers: deterministic number formatting (std::to_chars, no
// locale) and XML/HTML escaping.
#pragma once

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"

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

/// "AFG", "AFG [sex=female]", "*" for the collective.
inline std::string series_name(const series_result& s) {
  return s.entity.str() + (s.disaggregation.empty() ? "" : " [" + s.disaggregation + "]");
}

/// The slope per year with its sign, e.g. "+8.41/yr"; "–" without one.
inline std::string slope_text(const trend_fit& t) {
  if (!t.slope) return "–";
  std::string out(*t.slope > 0 ? "+" : "");  // appended: see `attr` in chart.cpp (GCC 12 -Wrestrict)
  return out.append(short_number(*t.slope)).append("/yr");
}

}  // namespace waypoint::report::detail
