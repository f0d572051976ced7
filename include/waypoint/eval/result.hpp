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

/// The figures of one series' result besides its assessment: trend, target, milestone, path,
/// gaps and data quality. Every row type holds them under these names (`series_result`,
/// `series_row`), and the kernel fills them once (eval/detail/kernel.hpp).
struct series_figures {
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
  std::size_t estimated_points = 0, provisional_points = 0;  ///< data-quality flags among the points
};

/// The result for one series, with its words: ids, reason, narrative, trace and, for collective
/// indicators with an aggregation rule, the population and groups of every period. What
/// `evaluate` returns. eval/fields.hpp names and describes every field.
struct series_result : series_figures {
  indicator_id indicator;
  entity_id entity;            ///< `*` for the collective
  std::string disaggregation;  ///< "" for the total
  std::string method;
  assessment outcome;          ///< status, category, score, progress value, base, current, reason, trace
  std::string narrative;       ///< qualitative indicators: the latest text
  /// Collective indicators with an aggregation rule: the population and groups of every period
  /// (eval/collective.hpp); null otherwise.
  std::shared_ptr<const collective_detail> collective;
};

/// The same result as `series_result` without what a batch run does not keep: no trace and no
/// collective detail, and its texts are views. What `evaluate_in_blocks<series_row>` streams (the
/// CSV writer's rows). Each field equals the same field of the full result. The ids and narrative
/// point into the plan and the store; the method name into static storage; the category and reason
/// into the plan, the methods' literals or the run's storage, valid until the row's `on_part`
/// returns.
struct series_row : series_figures {
  static constexpr std::uint32_t no_series = 0xffffffffu;
  /// The series' position in the store; `no_series` for the row of an indicator without observations.
  std::uint32_t series = no_series;
  std::uint32_t indicator_index = 0;  ///< position in `plan::indicators()`
  std::string_view indicator, entity, disaggregation, method, reason, narrative;
  assessment_values outcome;          ///< status, category, score, progress value, base, current, method figures
};

}  // namespace waypoint
