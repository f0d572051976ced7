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
#include <optional>
#include <string>
#include <string_view>

#include "waypoint/error.hpp"
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

/// The longest start of text `s` of at most `max` bytes that ends between two UTF-8 characters:
/// a cut that never leaves half a character. Never throws.
[[nodiscard]] constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept {
  if (s.size() <= max) return s;
  return s.substr(0, detail::utf8_start(s, max));  // s[max]: the first byte cut off
}

/// True when a spreadsheet would take text `v` for a formula: it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (the OWASP "CSV injection" set).
[[nodiscard]] constexpr bool formula_like(std::string_view v) noexcept {
  if (v.empty()) return false;
  const char c = v.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

namespace detail {
/// `v` as one CSV field: quoted (RFC 4180, inner quotes doubled) when it holds a comma, quote or
/// line break; with `guard_formulas`, a `formula_like` text after a `'`.
inline std::string csv_field(std::string_view v, bool guard_formulas) {
  std::string out;
  out.reserve(v.size() + 3);
  const bool quoted = v.find_first_of(",\"\n\r") != std::string_view::npos;
  if (quoted) out += '"';
  if (guard_formulas && formula_like(v)) out += '\'';
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  if (quoted) out += '"';
  return out;
}
}  // namespace detail

/// Text `v` as one field of a CSV that people open in spreadsheets (results, roll-ups, challenges,
/// deadlines, links): a `formula_like` text is written after a `'`, so that it shows as text and is
/// never run, and the field is quoted (RFC 4180, inner quotes doubled) when it holds a comma, quote
/// or line break. Numbers are not texts and keep their sign. The data files waypoint reads back
/// (observations, indicator tables) keep their texts exactly instead. Never throws except
/// `std::bad_alloc`.
inline std::string csv_text(std::string_view v) { return detail::csv_field(v, true); }

/// What makes `s` unfit to be a text of waypoint (an id, a title, a narrative, a source): the byte
/// offset of the first bad byte and what is wrong with it. Texts are UTF-8 (no overlong forms,
/// surrogates or code points past U+10FFFF) without C0 control characters other than tab, line
/// feed and carriage return, which no XML 1.0 file can hold and which terminals obey.
struct text_fault {
  std::size_t offset = 0;  ///< of the first bad byte
  std::string what;        ///< e.g. "invalid UTF-8 (byte 0xE9)", "a control character (U+001B)"
};

/// True when every byte of `s` is printable ASCII (0x20-0x7E): a valid text, found without
/// decoding. What the loaders ask first, per field; `text_fault_of` only for the rest.
[[nodiscard]] constexpr bool printable_ascii(std::string_view s) noexcept {
  for (const char c : s)
    if (static_cast<unsigned char>(c) - 0x20u > 0x5Eu) return false;
  return true;
}

/// The first fault of `s` (see `text_fault`), or std::nullopt when `s` is a valid text. Never
/// throws except `std::bad_alloc`.
inline std::optional<text_fault> text_fault_of(std::string_view s) {
  if (printable_ascii(s)) return std::nullopt;
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto hex = [](unsigned v, int digits) {
    std::string h(static_cast<std::size_t>(digits), '0');
    for (int k = digits - 1; k >= 0; --k, v >>= 4) h[static_cast<std::size_t>(k)] = "0123456789ABCDEF"[v & 15];
    return h;
  };
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = b[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return text_fault{i, "a control character (U+" + hex(c, 4) + ")"};
      ++i;
      continue;
    }
    // The length of the sequence and the range its second byte must fall in (RFC 3629).
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    bool ok = len != 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const unsigned d = b[i + k];
      ok = k == 1 ? (d >= lo && d <= hi) : (d >= 0x80 && d <= 0xBF);
    }
    if (!ok) return text_fault{i, "invalid UTF-8 (byte 0x" + hex(c, 2) + ")"};
    i += len;
  }
  return std::nullopt;
}

}  // namespace waypoint
