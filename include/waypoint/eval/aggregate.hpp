// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file aggregate.hpp
/// Indicator-level results over an indicator's series (e.g. its disaggregations). Pure
/// functions; `evaluate()` calls `aggregate_indicators` once, at its end.

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"      // band_of
#include "waypoint/eval/methods/sdg_canada.hpp"  // sdg_canada::bands
#include "waypoint/model/ids.hpp"

namespace waypoint {

/// One indicator for one entity, over its series (the total and its disaggregations).
struct indicator_result {
  indicator_id indicator;
  entity_id entity;
  std::string method;          ///< the method whose aggregation rule was applied
  std::size_t n_series = 0;    ///< series of the indicator and entity
  std::size_t n_scored = 0;    ///< of which had a score
  waypoint::status status = status::insufficient_data;
  std::string category;
  std::optional<double> score;
  std::string reason;
  waypoint::trace trace;
};

/// sdg-canada at indicator level (methods.md §1): the score is the mean of the series scores;
/// `[2.5,5]` substantial_progress, `[0,2.5)` moderate_progress, `[-2.5,0)` limited_progress,
/// `[-5,-2.5)` deterioration; `target_achieved` only if every series is. No score at all:
/// not_available. `series` are the series' outcomes; `traces` false leaves the trace empty.
inline indicator_result aggregate_sdg_canada(std::span<const assessment* const> series, bool traces = true) {
  indicator_result r;
  r.method = "sdg-canada";
  r.n_series = series.size();
  double sum = 0;
  bool all_achieved = !series.empty();
  for (const assessment* a : series) {
    all_achieved = all_achieved && a->category == "target_achieved";
    if (a->score) {
      sum += *a->score;
      ++r.n_scored;
    }
  }
  static const std::vector<threshold> bands{{"substantial", 2.5, true}, {"moderate", 0, true}, {"limited", -2.5, true}};
  if (traces) {
    r.trace.rule = "score = mean of the series scores; [2.5,5] substantial_progress; [0,2.5) moderate_progress; "
                   "[-2.5,0) limited_progress; [-5,-2.5) deterioration; target_achieved only if every series is";
    r.trace.input("n_series", static_cast<double>(r.n_series));
    r.trace.input("n_scored", static_cast<double>(r.n_scored));
    r.trace.thresholds = bands;
  }
  if (r.n_scored == 0) {
    r.status = status::insufficient_data;
    r.category = "not_available";
    r.reason = "no series has a score";
    return r;
  }
  r.score = sum / static_cast<double>(r.n_scored);
  if (traces) r.trace.input("score", *r.score);
  if (all_achieved) {
    r.status = status::achieved;
    r.category = "target_achieved";
  } else {
    const auto& o = policy::sdg_canada::bands()[detail::band_of(*r.score, bands)];
    r.status = o.status;
    r.category = o.category;
  }
  return r;
}

/// What `aggregate_indicators` reads from a series result (`series_result` in evaluate.hpp).
template <class S>
concept assessed_series = requires(const S& s) {
  { s.indicator } -> std::convertible_to<indicator_id>;
  { s.entity } -> std::convertible_to<entity_id>;
  { s.method } -> std::convertible_to<std::string>;
  { s.outcome } -> std::convertible_to<assessment>;
};

/// Indicator-level results for the methods that define one (today sdg-canada), one per indicator
/// and entity, from `series` sorted by indicator and entity (as `evaluation::series` is).
template <assessed_series S>
std::vector<indicator_result> aggregate_indicators(const std::vector<S>& series, bool traces = true) {
  std::vector<indicator_result> out;
  std::vector<const assessment*> group;
  for (std::size_t i = 0; i < series.size();) {
    std::size_t j = i;
    group.clear();
    for (; j < series.size() && series[j].indicator == series[i].indicator && series[j].entity == series[i].entity; ++j)
      if (series[j].method == "sdg-canada") group.push_back(&series[j].outcome);
    if (!group.empty()) {
      out.push_back(aggregate_sdg_canada(group, traces));
      out.back().indicator = series[i].indicator;
      out.back().entity = series[i].entity;
    }
    i = j;
  }
  return out;
}

}  // namespace waypoint
