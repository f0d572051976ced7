// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file time.hpp
/// Dates (Boost.Date_Time) and periods: `2023`, `2023-Q2`, `2023-05`, `2023-05-31` and
/// `2023-01-01/2023-06-30`. A period sits on the time axis at its start date, as a fractional year.

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <charconv>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "waypoint/error.hpp"

namespace waypoint {

/// A calendar date (proleptic Gregorian).
using date = boost::gregorian::date;

namespace detail {
// Howard Hinnant's civil-calendar algorithms: days since 1970-01-01 <-> (y, m, d).
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}
struct civil {
  int y;
  unsigned m, d;
};
constexpr civil civil_from_days(std::int32_t z) noexcept {
  z += 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}
constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
constexpr unsigned last_day_of_month(int y, unsigned m) noexcept {
  constexpr unsigned char days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29u : days[m - 1];
}
// Fast paths for 1901-2099, where every fourth year is a leap year: the evaluator asks for the
// year of a day and the day of 1 January millions of times. Outside that range, the general
// algorithms above.
inline constexpr std::int32_t days_1901 = -25202;  // 1901-01-01
inline constexpr std::int32_t days_2100 = 47482;   // 2100-01-01
// The general algorithms out of line, so that the fast paths below are small enough to inline.
[[gnu::noinline]] constexpr std::int32_t jan1_days_general(int y) noexcept { return days_from_civil(y, 1, 1); }
[[gnu::noinline]] constexpr int year_of_days_general(std::int32_t days) noexcept { return civil_from_days(days).y; }
/// The day number of 1 January of year `y`.
constexpr std::int32_t jan1_days(int y) noexcept {
  return y >= 1901 && y <= 2100 ? days_1901 + 365 * (y - 1901) + (y - 1901) / 4 : jan1_days_general(y);
}
/// The calendar year of day number `days`.
constexpr int year_of_days(std::int32_t days) noexcept {
  // From 1901 on, four-year cycles of 365, 365, 365 and 366 days.
  return days >= days_1901 && days < days_2100 ? 1901 + (4 * (days - days_1901) + 3) / 1461 : year_of_days_general(days);
}
/// Fractional year of day number `days`, which lies in year `y`: y + (day_of_year - 1) / days_in_year.
constexpr double fractional_year_in(int y, std::int32_t days) noexcept {
  return y + static_cast<double>(days - jan1_days(y)) / (is_leap(y) ? 366.0 : 365.0);
}
/// Fractional year of a day number: year + (day_of_year - 1) / days_in_year.
inline double fractional_year_of_days(std::int32_t days) noexcept { return fractional_year_in(year_of_days(days), days); }
inline bool parse_uint(std::string_view s, unsigned& out) noexcept {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
/// Parses YYYY-MM-DD into a day number; false if malformed or not a real date.
inline bool parse_iso_days(std::string_view s, std::int32_t& days) noexcept {
  unsigned y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!parse_uint(s.substr(0, 4), y) || !parse_uint(s.substr(5, 2), m) || !parse_uint(s.substr(8, 2), d))
    return false;
  if (y < 1400 || m < 1 || m > 12 || d < 1 || d > last_day_of_month(static_cast<int>(y), m)) return false;
  days = days_from_civil(static_cast<int>(y), m, d);
  return true;
}
inline std::string iso_of_days(std::int32_t days) {
  const civil c = civil_from_days(days);
  char buf[16];
  auto put = [&](char* p, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(buf, static_cast<unsigned>(c.y), 4);
  buf[4] = '-';
  put(buf + 5, c.m, 2);
  buf[7] = '-';
  put(buf + 8, c.d, 2);
  return std::string(buf, 10);
}
}  // namespace detail

/// Days since 1970-01-01 of a valid date.
inline std::int32_t day_number(const date& d) {
  return detail::days_from_civil(d.year(), d.month(), d.day());
}
/// The date of a day number (days since 1970-01-01).
inline date date_from_day_number(std::int32_t days) {
  const auto c = detail::civil_from_days(days);
  return date(static_cast<unsigned short>(c.y), static_cast<unsigned short>(c.m), static_cast<unsigned short>(c.d));
}
/// `year + (day_of_year - 1) / days_in_year`: 2023-01-01 is 2023.0.
inline double fractional_year(const date& d) { return detail::fractional_year_of_days(day_number(d)); }
/// ISO 8601 `YYYY-MM-DD`.
inline std::string to_string(const date& d) { return detail::iso_of_days(day_number(d)); }
/// Parses `YYYY-MM-DD`; std::nullopt when malformed or not a real date (e.g. 2023-02-30).
inline std::optional<date> parse_date(std::string_view text) {
  std::int32_t days = 0;
  if (!detail::parse_iso_days(text, days)) return std::nullopt;
  return date_from_day_number(days);
}

/// The granularity a period was written in; it decides how it prints.
enum class period_kind : std::uint8_t { year, quarter, month, day, range };

namespace detail {
// The period arithmetic, in one place: `period` builds its periods with it, and the observation
// store and the evaluator use it to compute a stored row's last day and time-axis position from
// its start and kind alone (ends of non-range periods are not stored). These run once per row of
// a store, so they stay inline and the year, the common case, needs no month arithmetic.

/// The last day of year `y`.
constexpr std::int32_t year_end_days(int y) noexcept { return jan1_days(y + 1) - 1; }
/// The last day of month `m` (1-12) of year `y`.
constexpr std::int32_t month_end_days(int y, unsigned m) noexcept { return days_from_civil(y, m, last_day_of_month(y, m)); }
/// The last month (3, 6, 9 or 12) of the quarter that holds month `m`.
constexpr unsigned quarter_end_month(unsigned m) noexcept { return (m - 1) / 3 * 3 + 3; }

/// The last day of the period of kind `kind` (not `range`) that holds day `start`: for a stored
/// row, the last day of its period.
constexpr std::int32_t period_end_days(std::int32_t start, period_kind kind) noexcept {
  if (kind == period_kind::year) return year_end_days(year_of_days(start));
  const civil c = civil_from_days(start);
  switch (kind) {
    case period_kind::quarter: return month_end_days(c.y, quarter_end_month(c.m));
    case period_kind::month: return month_end_days(c.y, c.m);
    default: return start;
  }
}

/// The last day and the time-axis position (`period::time()`) of a period that starts on `start`
/// and was written as `kind` (not `range`), from one calendar conversion.
struct period_facts {
  std::int32_t end;
  double time;
};
/// `period_facts_of` for a year period: small enough to inline where rows are read one by one.
[[gnu::always_inline]] constexpr period_facts year_period_facts(std::int32_t start) noexcept {
  const int y = year_of_days(start);
  return {year_end_days(y), static_cast<double>(y)};
}
constexpr period_facts period_facts_of(std::int32_t start, period_kind kind) noexcept {
  if (kind == period_kind::year) return year_period_facts(start);  // the common case: no month arithmetic
  const civil c = civil_from_days(start);
  const double time = fractional_year_in(c.y, start);
  switch (kind) {
    case period_kind::quarter: return {month_end_days(c.y, quarter_end_month(c.m)), time};
    case period_kind::month: return {month_end_days(c.y, c.m), time};
    default: return {start, time};
  }
}
}  // namespace detail

/// A closed interval of days [start, end], written in one of five forms. Ordered by start, then end.
class period {
 public:
  /// A period from `start` to `end` inclusive. Throws waypoint::error (errc::period_bad_range) when end < start.
  period(const date& start, const date& end) : period(day_number(start), day_number(end), period_kind::range) {
    if (end_ < start_) throw error(errc::period_bad_range, {}, "period end " + to_string(end) + " is before its start " + to_string(start));
  }
  [[gnu::always_inline]] static period year(int y) { return {detail::jan1_days(y), detail::year_end_days(y), period_kind::year}; }
  static period quarter(int y, unsigned q) {
    const unsigned m0 = 3 * (q - 1) + 1;
    return {detail::days_from_civil(y, m0, 1), detail::month_end_days(y, m0 + 2), period_kind::quarter};
  }
  static period month(int y, unsigned m) { return {detail::days_from_civil(y, m, 1), detail::month_end_days(y, m), period_kind::month}; }
  static period day(const date& d) { return {day_number(d), day_number(d), period_kind::day}; }
  /// Rebuilds a period from its stored parts (day numbers since 1970-01-01). Needs start <= end.
  static period from_days(std::int32_t start, std::int32_t end, period_kind kind) noexcept { return {start, end, kind}; }

  [[nodiscard]] date start() const { return date_from_day_number(start_); }
  [[nodiscard]] date end() const { return date_from_day_number(end_); }
  [[nodiscard]] std::int32_t start_days() const noexcept { return start_; }
  [[nodiscard]] std::int32_t end_days() const noexcept { return end_; }
  [[nodiscard]] period_kind kind() const noexcept { return kind_; }
  /// The calendar year of the start date.
  [[nodiscard]] int start_year() const noexcept { return detail::year_of_days(start_); }
  /// Position on the time axis: the fractional year of the start date.
  [[nodiscard]] double time() const noexcept {
    return kind_ == period_kind::year ? static_cast<double>(detail::year_of_days(start_)) : detail::fractional_year_of_days(start_);
  }
  /// True when the period's last day is on or before `d`.
  [[nodiscard]] bool ended_by(const date& d) const { return end_ <= day_number(d); }
  [[nodiscard]] bool contains(const date& d) const {
    const auto n = day_number(d);
    return start_ <= n && n <= end_;
  }
  /// The period in the form it was written: `2023`, `2023-Q2`, `2023-05`, `2023-05-31` or `a/b`.
  [[nodiscard]] std::string str() const {
    const auto c = detail::civil_from_days(start_);
    switch (kind_) {
      case period_kind::year: return std::to_string(c.y);
      case period_kind::quarter: return std::to_string(c.y) + "-Q" + std::to_string((c.m - 1) / 3 + 1);
      case period_kind::month: return detail::iso_of_days(start_).substr(0, 7);
      case period_kind::day: return detail::iso_of_days(start_);
      case period_kind::range: break;
    }
    return detail::iso_of_days(start_) + "/" + detail::iso_of_days(end_);
  }

  friend bool operator==(const period& a, const period& b) noexcept { return a.start_ == b.start_ && a.end_ == b.end_; }
  friend std::strong_ordering operator<=>(const period& a, const period& b) noexcept {
    if (auto c = a.start_ <=> b.start_; c != 0) return c;
    return a.end_ <=> b.end_;
  }

 private:
  period(std::int32_t s, std::int32_t e, period_kind k) noexcept : start_(s), end_(e), kind_(k) {}
  std::int32_t start_;
  std::int32_t end_;
  period_kind kind_;
};

namespace detail {
/// `parse_period` for every form but the plain year: out of line, so that the year's path stays
/// small enough to inline where rows are read one by one.
[[gnu::noinline]] inline std::optional<period> parse_period_other(std::string_view s) {
  unsigned y = 0, n = 0;
  if (s.size() == 7 && s[4] == '-') {
    if (!detail::parse_uint(s.substr(0, 4), y) || y < 1400) return std::nullopt;
    if (s[5] == 'Q' || s[5] == 'q') {
      if (!detail::parse_uint(s.substr(6, 1), n) || n < 1 || n > 4) return std::nullopt;
      return period::quarter(static_cast<int>(y), n);
    }
    if (!detail::parse_uint(s.substr(5, 2), n) || n < 1 || n > 12) return std::nullopt;
    return period::month(static_cast<int>(y), n);
  }
  std::int32_t a = 0, b = 0;
  if (s.size() == 10) {
    if (!detail::parse_iso_days(s, a)) return std::nullopt;
    return period::from_days(a, a, period_kind::day);
  }
  if (s.size() == 21 && s[10] == '/') {
    if (!detail::parse_iso_days(s.substr(0, 10), a) || !detail::parse_iso_days(s.substr(11), b) || b < a)
      return std::nullopt;
    return period::from_days(a, b, period_kind::range);
  }
  return std::nullopt;
}
}  // namespace detail

/// Parses a period in any of the five forms. Returns std::nullopt when the text is none of them or
/// names a date that does not exist. Surrounding whitespace is not accepted. Inline: loaders call
/// it for every row.
[[gnu::always_inline]] inline std::optional<period> parse_period(std::string_view s) {
  if (s.size() != 4) return detail::parse_period_other(s);
  unsigned y = 0;  // the common case, a year, without from_chars
  for (const char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    y = y * 10 + static_cast<unsigned>(ch - '0');
  }
  if (y < 1400) return std::nullopt;
  return period::year(static_cast<int>(y));
}

}  // namespace waypoint
