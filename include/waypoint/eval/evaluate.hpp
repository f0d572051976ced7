// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file evaluate.hpp
/// `evaluate(plan, observations, as_of, options) -> evaluation`: status, trend and gaps for every
/// indicator × entity × disaggregation series. Pure: no hidden state, and evaluating one series
/// depends only on that series (`evaluate_series`).

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/method.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// How to evaluate.
struct evaluation_options {
  /// Evaluate every indicator with this method instead of its own ("" = each indicator's method).
  std::string method;
  /// Parameters for the run, overriding the indicator's own (e.g. {"tolerance", "0.05"}).
  std::map<std::string, std::string> params;
  /// Record traces. Turn off for large batch runs that do not print them.
  bool traces = true;
};

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
};

/// The result of evaluating a plan as of a date.
struct evaluation {
  plan_id plan;
  std::optional<date> as_of;         ///< std::nullopt: all data
  std::vector<series_result> series; ///< sorted by indicator, entity, disaggregation

  /// How many series have each status, indexed by `status`.
  [[nodiscard]] std::array<std::size_t, status_count> status_counts() const {
    std::array<std::size_t, status_count> c{};
    for (const auto& s : series) ++c[static_cast<int>(s.outcome.status)];
    return c;
  }
};

/// A method per indicator, configured once for a run. Throws `waypoint::error` (`method.unknown`,
/// `method.bad_param`) when the options name a method or parameter that does not exist.
inline std::vector<std::unique_ptr<method>> configure_methods(const plan& p, const evaluation_options& opt) {
  std::vector<std::unique_ptr<method>> out;
  out.reserve(p.indicators().size());
  for (const auto& ind : p.indicators()) {
    const bool override_method = !opt.method.empty() && opt.method != ind.method.name;
    std::map<std::string, std::string> params = override_method ? std::map<std::string, std::string>{} : ind.method.params;
    for (const auto& [k, v] : opt.params) params[k] = v;
    try {
      out.push_back(make_method(override_method ? opt.method : ind.method.name, params, ind));
    } catch (const error& e) {
      throw error(e.code(), {}, "indicator " + ind.id.str() + ": " + e.problems().front().message);
    }
  }
  return out;
}

namespace detail {
inline double direction_gap(const indicator& ind, double goal, double current) {
  return (ind.direction == direction::decrease ? -1.0 : 1.0) * (goal - current);
}
inline double range_gap(const value_range& r, double v) { return v < r.low ? r.low - v : v > r.high ? v - r.high : 0.0; }
}  // namespace detail

/// Evaluates one series. Uses the periods that ended by `as_of` and, where `reported_on` is given,
/// only values reported by then (the latest revision known then). Never throws for odd data.
inline series_result evaluate_series(const plan& p, const method& m, const observation_store& store, const series_view& s,
                                     const std::optional<date>& as_of, const evaluation_options& opt) {
  const indicator& ind = p.indicators()[s.indicator];
  series_result r;
  r.indicator = ind.id;
  r.entity = entity_id{*s.entity};
  r.disaggregation = *s.disaggregation;
  r.method = m.name();
  const std::int32_t cutoff = as_of ? day_number(*as_of) : std::numeric_limits<std::int32_t>::max();

  // Rows known as of the cutoff; for revised periods, the latest revision reported by then.
  std::vector<point> pts;
  pts.reserve(s.size());
  std::uint32_t last_text = 0;
  double running = 0, plan_total = 0;
  bool any_in_plan = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i, pick = s.size();
    for (; j < s.size() && s.start[j] == s.start[i] && s.end[j] == s.end[i]; ++j)
      if (s.end[j] <= cutoff && (s.reported_on[j] == no_report_date || s.reported_on[j] <= cutoff)) pick = j;
    i = j;
    if (pick == s.size()) continue;
    const period at = period::from_days(s.start[pick], s.end[pick], s.kind[pick]);
    double v = s.amount[pick];
    if (ind.accumulation == accumulation::cumulative) v = running += v;
    if (ind.accumulation == accumulation::flow && p.period().start_days() <= at.start_days() && at.start_days() <= p.period().end_days()) {
      plan_total += v;
      any_in_plan = true;
    }
    if (s.flag[pick] == obs_flag::estimated) ++r.estimated_points;
    if (s.flag[pick] == obs_flag::provisional) ++r.provisional_points;
    if (s.text[pick] != 0) last_text = s.text[pick];
    pts.push_back({at, at.time(), v});
  }
  if (any_in_plan) r.plan_total = plan_total;
  if (last_text != 0) r.narrative = store.text(last_text);
  if (ind.target && ind.target->amount.numeric()) r.target = due_value{ind.target->at, *ind.target->amount.numeric(), false};

  auto& a = r.outcome;
  const std::int32_t ref_day = as_of ? cutoff : (pts.empty() ? p.period().start_days() : pts.back().at.end_days());
  if (ind.measure == measure::qualitative) {
    a.status = status::not_applicable;
    a.category = "not_assessable";
    a.reason = pts.empty() ? "qualitative indicator with no narrative yet" : "qualitative indicator: no computed status";
    if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
    a.trace.rule = "qualitative: the latest narrative is reported; no status is computed";
  } else if (ind.measure == measure::binary) {
    a.trace.rule = "binary: achieved when it holds; otherwise not_due before the due date (target, else plan end) and overdue after";
    const std::int32_t due = ind.target ? ind.target->at.end_days() : p.period().end_days();
    a.trace.input("due", detail::iso_of_days(due));
    a.trace.input("reference_date", detail::iso_of_days(ref_day));
    if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
    if (!pts.empty() && pts.back().amount == 1) {
      a.status = status::achieved;
      a.category = "achieved";
    } else if (ref_day <= due) {
      a.status = status::not_due;
      a.category = "not_due";
      if (pts.empty()) a.reason = "no report yet; not due before " + detail::iso_of_days(due);
    } else {
      a.status = status::off_track;
      a.category = "overdue";
    }
    if (opt.traces) detail::trace_points(a.trace, pts);
  } else {
    a = m.assess(series_input{ind, pts});
  }
  if (!opt.traces) a.trace = {};

  // Trend over the points from the base to the current period.
  std::size_t from = 0;
  if (a.base)
    while (from < pts.size() && pts[from].time < a.base->time) ++from;
  std::vector<double> tt, yy;
  tt.reserve(pts.size() - from);
  yy.reserve(pts.size() - from);
  for (std::size_t k = from; k < pts.size(); ++k) {
    tt.push_back(pts[k].time);
    yy.push_back(pts[k].amount);
  }
  if (ind.measure != measure::qualitative) r.trend = fit_ols(tt, yy);  // no trend in free text
  r.n_points = tt.size();
  if (a.base && a.current) r.cagr = cagr(a.current->amount, a.base->amount, a.current->time, a.base->time);
  if (r.target && r.trend.slope) r.projected_value = r.trend.at(ind.target->at.time());

  for (const auto& ms : ind.milestones)
    if (ms.when && ms.amount.numeric() && ms.when->start_days() > ref_day) {
      r.next_milestone = due_value{*ms.when, *ms.amount.numeric(), ms.aspirational};
      break;
    }
  if (a.current && ind.measure != measure::qualitative) {
    const double cur = a.current->amount;
    if (ind.direction == direction::maintain && ind.range) {
      r.gap_to_target = detail::range_gap(*ind.range, cur);
    } else {
      if (r.target) r.gap_to_target = detail::direction_gap(ind, r.target->amount, cur);
      if (r.next_milestone) r.gap_to_milestone = detail::direction_gap(ind, r.next_milestone->amount, cur);
      std::optional<knot> base;
      if (a.base) base = knot{a.base->time, a.base->amount};
      const auto path = make_path(ind, base);
      if (auto e = path_value(path, a.current->time)) {
        r.expected_value = *e;
        r.gap_to_trajectory = detail::direction_gap(ind, *e, cur);
      }
    }
  }
  return r;
}

/// Evaluates every series of `store` against `p`, as of `as_of` (std::nullopt: all data). Adds one
/// `insufficient_data` row (entity `*` for collective indicators, "" for national ones) for each
/// indicator without any observation. Throws `waypoint::error` only for bad options (unknown
/// method or parameter); missing or odd data become statuses with reasons.
inline evaluation evaluate(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                           const evaluation_options& opt = {}) {
  const auto methods = configure_methods(p, opt);
  evaluation ev;
  ev.plan = p.id();
  ev.as_of = as_of;
  ev.series.reserve(store.series_count() + p.indicators().size());
  std::vector<bool> seen(p.indicators().size(), false);
  for (std::size_t i = 0; i < store.series_count(); ++i) {
    const auto s = store.series(i);
    seen[s.indicator] = true;
    ev.series.push_back(evaluate_series(p, *methods[s.indicator], store, s, as_of, opt));
  }
  for (std::size_t k = 0; k < seen.size(); ++k) {
    if (seen[k]) continue;
    const auto& ind = p.indicators()[k];
    series_result r;
    r.indicator = ind.id;
    r.entity = ind.scope == scope::collective ? collective_entity() : entity_id{};
    r.method = methods[k]->name();
    r.outcome.status = status::insufficient_data;
    r.outcome.category = "insufficient_data";
    r.outcome.reason = "no observations for this indicator";
    if (ind.target && ind.target->amount.numeric()) r.target = due_value{ind.target->at, *ind.target->amount.numeric(), false};
    ev.series.push_back(std::move(r));
  }
  std::stable_sort(ev.series.begin(), ev.series.end(), [](const series_result& x, const series_result& y) {
    if (x.indicator != y.indicator) return x.indicator < y.indicator;
    if (x.entity != y.entity) return x.entity < y.entity;
    return x.disaggregation < y.disaggregation;
  });
  return ev;
}

}  // namespace waypoint
