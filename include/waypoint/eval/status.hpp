// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file status.hpp
/// The normalised status vocabulary every method maps onto, and the trace that explains a result.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/model/time.hpp"

namespace waypoint {

/// The normalised status (domain.md). Host applications can rely on this vocabulary; the method's
/// own category label is kept beside it.
enum class status : std::uint8_t {
  achieved,
  on_track,
  needs_acceleration,
  off_track,
  regressing,
  not_due,
  insufficient_data,
  not_applicable,
};

constexpr std::string_view to_string(status s) noexcept {
  constexpr std::string_view n[] = {"achieved",  "on_track", "needs_acceleration", "off_track",
                                    "regressing", "not_due",  "insufficient_data",  "not_applicable"};
  return n[static_cast<int>(s)];
}
inline constexpr int status_count = 8;

/// The status named `s` (as `to_string` writes it), or std::nullopt.
constexpr std::optional<status> parse_status(std::string_view s) noexcept {
  for (int k = 0; k < status_count; ++k)
    if (to_string(static_cast<status>(k)) == s) return static_cast<status>(k);
  return std::nullopt;
}

/// `v`, with a negative zero made 0: what the writers print (a progress of -(0) is no progress,
/// and "-0" reads as a sign that is not there).
constexpr double without_negative_zero(double v) noexcept { return v == 0 ? 0.0 : v; }

/// Shortest text that reads back to the same double ("%.17g"-exact, via std::to_chars); a
/// negative zero is "0".
inline std::string format_number(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, without_negative_zero(v));
  return std::string(buf, r.ptr);
}

/// A threshold a method compared against.
struct threshold {
  std::string name;
  double amount = 0;
  bool inclusive = true;  ///< true: a value exactly at the threshold is in the band above it
};

/// Why a result is what it is: the rule, the inputs, the thresholds, the points used, and every
/// substitution (a base year moved, a 0 replaced by 0.001, a baseline taken from the data...).

struct trace {
  /// False for runs without traces (`series_input::traces`): `input` records nothing, so methods
  /// skip the work of explaining. Results never depend on it.
  bool recording = true;
  std::string rule;
  std::vector<std::pair<std::string, std::string>> inputs;
  std::vector<std::string> substitutions;
  std::vector<threshold> thresholds;
  std::vector<std::pair<std::string, double>> points;  ///< (period, value) used

  /// Records input `name` = `v` (when recording; otherwise nothing is built).
  void input(std::string_view name, double v) {
    if (recording) inputs.emplace_back(std::string(name), format_number(v));
  }
  void input(std::string_view name, std::string v) {
    if (recording) inputs.emplace_back(std::string(name), std::move(v));
  }
};

}  // namespace waypoint
