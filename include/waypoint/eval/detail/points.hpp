// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file points.hpp
/// Tuning of the kernel (eval/detail/kernel.hpp): the points of one series as of a date, after
/// the indicator's accumulation, and the trend over them. Measurements: benchmarks/README.md.

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/method.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::detail {

/// What the points of a series say besides their values, for the full result.
struct point_facts {
  std::string_view last_text;  ///< the latest narrative
  double plan_total = 0;       ///< flow indicators: the sum over the periods in the plan period
  bool any_in_plan = false;    ///< a period falls in the plan period
  std::size_t estimated = 0, provisional = 0;
  std::int32_t ref_day = 0;    ///< the cutoff; without one, the end of the latest period (the plan start without points)
};

/// The value of the period starting on `start`, after the accumulation (`running` is the sum so
/// far); a flow in the plan period adds to `f.plan_total`. Inlined into both loops of
/// `gather_points`, where `acc` is often a constant.
[[gnu::always_inline]] inline double accumulated(accumulation acc, double v, std::int32_t start, double& running, std::int32_t plan_start,
                                                 std::int32_t plan_end, point_facts& f) {
  if (acc == accumulation::cumulative) v = running += v;
  if (acc == accumulation::flow && plan_start <= start && start <= plan_end) {
    f.plan_total += v;
    f.any_in_plan = true;
  }
  return v;
}

/// The rows of a series whose periods (start, kind) decide, all known from the start. Each row
/// is a period of its own: a store holds no revision without a `reported_on` (the builder
/// rejects two rows with the same period and `reported_on`).
struct plain_rows {
  const std::int32_t* start;
  const period_kind* kind;
  const double* amount;
  std::size_t n;
  std::int32_t cutoff;
};
/// `gather_points` for `plain_rows` and no flag or narrative: writes the points to `out` (room
/// for `rows.n`) and returns how many; the accumulation is a template argument, so the loop has
/// no branch on it.
template <accumulation Acc>
std::size_t gather_plain(const plain_rows& rows, point* out, std::int32_t plan_start, std::int32_t plan_end, point_facts& f) {
  const std::int32_t* start_of = rows.start;
  const period_kind* kind_of = rows.kind;
  const std::size_t n = rows.n;
  std::size_t k = 0;
  double running = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t start = start_of[i];
    const period_kind kind = kind_of[i];
    const detail::period_facts facts = kind == period_kind::year ? detail::year_period_facts(start) : detail::period_facts_of(start, kind);
    if (facts.end <= rows.cutoff)
      out[k++] = point{period::from_days(start, facts.end, kind), facts.time, accumulated(Acc, rows.amount[i], start, running, plan_start, plan_end, f)};
  }
  return k;
}

/// The points of `s` known as of `as_of` (for revised periods, the latest revision reported by
/// then), after `ind`'s accumulation, into `pts` (cleared first).
inline point_facts gather_points(const plan& p, const indicator& ind, const series_view& s, const std::optional<date>& as_of,
                                 std::vector<point>& pts) {
  const std::int32_t cutoff = as_of ? day_number(*as_of) : std::numeric_limits<std::int32_t>::max();
  // What is read per point is hoisted into locals: the stores into `pts` cannot alias them.
  point_facts f;
  const accumulation acc = ind.accumulation;
  const std::int32_t plan_start = p.period().start_days(), plan_end = p.period().end_days();
  const std::int32_t* start_of = s.start.data();
  const period_kind* kind_of = s.kind.data();
  const double* amount = s.amount.data();
  const obs_flag* flags = s.flag_col.empty() ? nullptr : s.flag_col.data();
  const bool texts = !s.text_col.empty();
  if (s.end_col.empty() && s.reported_col.empty() && !flags && !texts) {
    // The common case, a loop of its own (benchmarks/README.md has the measurement).
    const std::size_t n = s.size();
    // Written through a pointer into a vector at least n long, then cut to the points written:
    // no capacity check per point, and elements are constructed only past the longest series
    // this thread has seen.
    if (pts.size() < n) pts.resize(n, point{period::from_days(0, 0, period_kind::day), 0, 0});
    const plain_rows rows{start_of, kind_of, amount, n, cutoff};
    const std::size_t k = acc == accumulation::level        ? gather_plain<accumulation::level>(rows, pts.data(), plan_start, plan_end, f)
                          : acc == accumulation::flow       ? gather_plain<accumulation::flow>(rows, pts.data(), plan_start, plan_end, f)
                                                            : gather_plain<accumulation::cumulative>(rows, pts.data(), plan_start, plan_end, f);
    pts.erase(pts.begin() + static_cast<std::ptrdiff_t>(k), pts.end());
  } else {
    pts.clear();
    double running = 0;
    for_each_known_period(s, cutoff, [&](std::size_t /*first*/, std::size_t pick, const detail::period_facts& facts) {
      const std::int32_t start = start_of[pick];
      const double v = accumulated(acc, amount[pick], start, running, plan_start, plan_end, f);
      if (flags) {
        if (flags[pick] == obs_flag::estimated) ++f.estimated;
        if (flags[pick] == obs_flag::provisional) ++f.provisional;
      }
      if (texts && s.text(pick) != 0) f.last_text = s.narrative(pick);
      pts.push_back({period::from_days(start, facts.end, kind_of[pick]), facts.time, v});
    });
  }
  f.ref_day = as_of ? cutoff : (pts.empty() ? p.period().start_days() : pts.back().at.end_days());
  return f;
}

/// The trend over the points from the base to the current period.
struct base_trend {
  trend_fit fit;          ///< none for free text (qualitative)
  std::size_t n_points;   ///< the points from the base on
};
inline base_trend trend_from_base(const indicator& ind, std::span<const point> pts, const std::optional<anchor>& base) {
  std::size_t from = 0;
  if (base)
    while (from < pts.size() && pts[from].time < base->time) ++from;
  const auto used = pts.subspan(from);
  base_trend t{{}, used.size()};
  if (ind.measure != measure::qualitative)  // no trend in free text
    t.fit = detail::fit_ols_of(used.size(), [&](std::size_t k) { return used[k].time; }, [&](std::size_t k) { return used[k].amount; });
  return t;
}


}  // namespace waypoint::detail
