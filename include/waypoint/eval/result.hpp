// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file result.hpp
/// The result of evaluating one series (`series_result`): status, trend and gaps. Collective
/// series computed from national values also carry their population and groups
/// (`collective_detail`).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/ids.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint {

struct collective_detail;  // eval/collective.hpp

/// A value due at a period (a milestone or the target).
struct due_value {
  period at;
  double amount = 0;
  bool aspirational = false;
};

/// The result for one series.
struct series_result {
  indicator_id indicator;
  entity_id entity;            ///< `*` for the collective
  std::string disaggregation;  ///< "" for the total
  std::string method;
  assessment outcome;          ///< status, category, score, progress value, base, current, reason, trace
  std::size_t n_points = 0;    ///< points used for the trend: from the base to the current period
  trend_fit trend;
  std::optional<double> cagr;  ///< CAGR from the base to the current value
  std::optional<due_value> next_milestone;  ///< the first milestone after the reference date
  std::optional<due_value> target;
  std::optional<double> expected_value;     ///< on the path baseline → milestones → target, at the current period
  std::optional<double> projected_value;    ///< the OLS trend at the target date
  /// Gaps are oriented by direction: positive = still short of it, 0 or negative = met.
  /// For `maintain`, the distance outside the range.
  std::optional<double> gap_to_milestone, gap_to_target, gap_to_trajectory;
  std::optional<double> plan_total;  ///< flow indicators: the sum over periods in the plan period
  std::string narrative;             ///< qualitative indicators: the latest text
  std::size_t estimated_points = 0, provisional_points = 0;  ///< data-quality flags among the points
  /// Collective indicators with an aggregation rule: the population and groups of every period
  /// (eval/collective.hpp); null otherwise.
  std::shared_ptr<const collective_detail> collective;
};

/// The values of one series' result, for batch runs (`evaluate_values_in_blocks`,
/// `evaluate_batch`): the fields of `series_result` that are numbers, periods or fixed labels, each
/// equal to the same field of the full result. No reason, narrative or trace.
struct series_values {
  static constexpr std::uint32_t no_series = 0xffffffffu;
  /// The series' position in the store (`observation_store::series(i)` gives its entity and
  /// disaggregation); `no_series` for the row of an indicator without observations.
  std::uint32_t series = no_series;
  std::uint32_t indicator = 0;  ///< position in `plan::indicators()`
  std::string_view method;      ///< the method's name (valid as long as `outcome.category`)
  assessment_values outcome;    ///< status, category, score, progress value, base, current
  std::size_t n_points = 0;     ///< points used for the trend: from the base to the current period
  trend_fit trend;
  std::optional<double> cagr;   ///< CAGR from the base to the current value
};

/// A flat row of a batch run (`evaluate_values_in_blocks<series_row>`): the values and every other
/// field of `series_result` that a CSV row holds, each equal to the same field of the full result.
/// Rows with a reason are assessed in full, so `reason` is the full result's. No narrative, trace
/// or collective detail.
struct series_row : series_values {
  std::string_view reason;  ///< why, for insufficient_data and not_applicable (valid as long as `outcome.category`)
  std::optional<due_value> next_milestone;  ///< the first milestone after the reference date
  std::optional<due_value> target;
  std::optional<double> expected_value;     ///< on the path baseline → milestones → target, at the current period
  std::optional<double> projected_value;    ///< the OLS trend at the target date
  std::optional<double> gap_to_milestone, gap_to_target, gap_to_trajectory;
  std::optional<double> plan_total;  ///< flow indicators: the sum over periods in the plan period
  std::size_t estimated_points = 0, provisional_points = 0;  ///< data-quality flags among the points
  std::optional<double> current_status, interval_low, interval_high;  ///< `assessment`'s method figures
};

}  // namespace waypoint
