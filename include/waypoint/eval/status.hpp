// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file status.hpp
/// The normalised status vocabulary every method maps onto, and the trace that explains a result.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/model/text.hpp"  // format_number, for the trace

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
