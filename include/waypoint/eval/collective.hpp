// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file collective.hpp
/// Collective indicators computed from national values over a population (`indicator::aggregate`).
///
/// For every period, the population is evaluated on the period's last day, and each member's
/// national value for that period (the latest revision known as of the evaluation date; running
/// totals for cumulative indicators) is put in one of three groups: meeting, not meeting, or
/// **not reported**. The rule then gives the period's value:
/// - `share_meeting`: 100 × meeting / (meeting + not meeting [+ not reported when the policy is
///   `not_meeting`]); `count_meeting`: meeting. The predicate defaults to "value > 0" (binary: yes).
/// - `sum`, `mean`, `min`, `max`: over the members that reported (missing data are never 0).
/// - `ratio_of_sums`: 100 × Σ`of` / Σ`denominator` over members that reported both (never a
///   mean of percentages).
/// - `reports_on_time`, `reports_overdue`, `days_late` (eval/timeliness.hpp): over the reports
///   that fell due in the window ending on each annual due date; the period is that due date.
/// An empty population gives no value for the period (not applicable, never 0%); when the
/// population is empty on the evaluation date the status is `not_applicable`.
///
/// The values then go through the indicator's method like a national series (status, trend and
/// gaps), with entity `*`. The groups of every period are kept in `collective_detail`, and the
/// trace lists who was in each group in the latest period.

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/result.hpp"
#include "waypoint/eval/timeliness.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// One period of a collective series.
struct collective_period {
  period at = period::year(2000);
  date on;                    ///< the day the population was evaluated (the period's last day)
  std::size_t members = 0;    ///< population size on `on`
  std::vector<entity_id> meeting, not_meeting, not_reported;  ///< the groups, in id order
  std::optional<double> value;  ///< std::nullopt: not applicable (see `why`)
  std::string why;              ///< why there is no value
};

/// How a collective series was formed.
struct collective_detail {
  population_id population;
  aggregation_rule rule = aggregation_rule::share_meeting;
  not_reported_policy policy = not_reported_policy::exclude;
  std::vector<collective_period> periods;  ///< in period order
  std::size_t members_now = 0;             ///< population size on the reference date
  date reference;                          ///< the evaluation date (or the plan's end when none)
};

namespace detail {

inline bool meets(const aggregation& ag, double v) {
  if (!ag.meeting) return v > 0;
  const double t = ag.meeting->threshold.numeric().value_or(0);
  switch (ag.meeting->op) {
    case comparison::at_least: return v >= t;
    case comparison::at_most: return v <= t;
    case comparison::equals: return v == t;
  }
  return false;
}

using period_key = std::tuple<std::int32_t, std::int32_t, period_kind>;

/// Per entity (position in plan::entities()), the national values of indicator `k` known by
/// `cutoff`, per period: the latest revision; running totals for cumulative indicators.
inline std::vector<std::map<period_key, double>> national_values(const plan& p, const observation_store& store, std::size_t k,
                                                                 std::int32_t cutoff) {
  std::vector<std::map<period_key, double>> out(p.entities().size());
  const bool cumulative = p.indicators()[k].accumulation == accumulation::cumulative;
  const auto [first, last] = store.series_of(k);
  for (std::size_t i = first; i < last; ++i) {
    const auto s = store.series(i);
    if (!s.disaggregation->empty()) continue;
    const entity* e = p.find_entity(*s.entity);
    if (e == nullptr) continue;
    double running = 0;
    auto& values = out[static_cast<std::size_t>(e - p.entities().data())];
    for_each_known_period(s, cutoff, [&](std::size_t r, std::size_t pick, const period_facts& facts) {
      double v = s.amount[pick];
      if (cumulative) v = running += v;
      values[{s.start[r], facts.end, s.kind[r]}] = v;
    });
  }
  return out;
}

inline void aggregate_values(const plan& p, const aggregation& ag, const std::vector<std::map<period_key, double>>& of,
                             const std::vector<std::map<period_key, double>>* den, const population& pop, collective_detail& out) {
  std::set<period_key> periods;
  for (const auto& m : of)
    for (const auto& [k, v] : m) periods.insert(k);
  for (const auto& key : periods) {
    collective_period cp;
    cp.at = period::from_days(std::get<0>(key), std::get<1>(key), std::get<2>(key));
    cp.on = cp.at.end();
    const auto members = p.members_on(pop, cp.on);
    cp.members = members.size();
    double sum = 0, dsum = 0, lo = 0, hi = 0;
    for (const std::size_t e : members) {
      const auto& id = p.entities()[e].id;
      auto it = of[e].find(key);
      std::optional<double> d;
      if (den) {
        auto dt = (*den)[e].find(key);
        if (dt != (*den)[e].end()) d = dt->second;
      }
      if (it == of[e].end() || (den && !d)) {
        cp.not_reported.push_back(id);
        continue;
      }
      const double v = it->second;
      const bool counted = ag.rule == aggregation_rule::share_meeting || ag.rule == aggregation_rule::count_meeting;
      if (counted) {
        (meets(ag, v) ? cp.meeting : cp.not_meeting).push_back(id);
        continue;
      }
      cp.meeting.push_back(id);  // "reported" for value rules
      if (cp.meeting.size() == 1) lo = hi = v;
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      if (d) dsum += *d;
    }
    const std::size_t reported = cp.meeting.size() + cp.not_meeting.size();
    if (cp.members == 0) {
      cp.why = "population " + pop.id.str() + " is empty on " + to_string(cp.on);
    } else if (ag.rule == aggregation_rule::share_meeting) {
      const std::size_t denom = reported + (ag.not_reported == not_reported_policy::not_meeting ? cp.not_reported.size() : 0);
      if (denom == 0) cp.why = "no member reported";
      else cp.value = 100.0 * static_cast<double>(cp.meeting.size()) / static_cast<double>(denom);
    } else if (ag.rule == aggregation_rule::count_meeting) {
      cp.value = static_cast<double>(cp.meeting.size());
    } else if (reported == 0) {
      cp.why = "no member reported";
    } else if (ag.rule == aggregation_rule::sum) {
      cp.value = sum;
    } else if (ag.rule == aggregation_rule::mean) {
      cp.value = sum / static_cast<double>(reported);
    } else if (ag.rule == aggregation_rule::min) {
      cp.value = lo;
    } else if (ag.rule == aggregation_rule::max) {
      cp.value = hi;
    } else if (ag.rule == aggregation_rule::ratio_of_sums) {
      if (dsum == 0) cp.why = "the denominators sum to 0";
      else cp.value = 100.0 * sum / dsum;
    }
    out.periods.push_back(std::move(cp));
  }
}

inline void aggregate_reports(const plan& p, const observation_store& store, const aggregation& ag, const population& pop,
                              const date& reference, collective_detail& out) {
  const auto& rc = *p.calendar().reporting;
  const auto all = reports_due(p, store, reference, reference);
  auto annual_due = [&](int y) {
    return detail::days_from_civil(y, rc.due_month, std::min(rc.due_day, detail::last_day_of_month(y, rc.due_month)));
  };
  // Windows end on each annual due date: (previous due, due].
  std::map<std::int32_t, std::vector<const report_due*>> windows;
  for (const auto& r : all) {
    const std::int32_t due = day_number(r.due);
    std::int32_t end = annual_due(r.due.year());
    if (due > end) end = annual_due(r.due.year() + 1);
    if (end > day_number(reference)) continue;  // the window has not closed yet
    windows[end].push_back(&r);
  }
  for (const auto& [end, reps] : windows) {
    collective_period cp;
    cp.at = period::day(date_from_day_number(end));
    cp.on = cp.at.end();
    cp.members = p.members_on(pop, cp.on).size();
    double late_days = 0;
    std::size_t counted = 0, late = 0;
    for (const report_due* r : reps) {
      const entity& e = p.entities()[r->entity];
      if (!pop.contains(e, r->due)) continue;
      if (r->state == report_state::not_yet_due) continue;  // within grace on the evaluation date
      ++counted;
      if (r->state == report_state::on_time) cp.meeting.push_back(e.id);
      else if (r->state == report_state::overdue) cp.not_reported.push_back(e.id);
      else cp.not_meeting.push_back(e.id);
      if (r->state == report_state::late || r->state == report_state::overdue) {
        late_days += static_cast<double>(r->days_late);
        ++late;
      }
    }
    for (auto* g : {&cp.meeting, &cp.not_meeting, &cp.not_reported}) std::sort(g->begin(), g->end());
    if (cp.members == 0) cp.why = "population " + pop.id.str() + " is empty on " + to_string(cp.on);
    else if (counted == 0) cp.why = "no report of a member was due in this window";
    else if (ag.rule == aggregation_rule::reports_on_time) cp.value = 100.0 * static_cast<double>(cp.meeting.size()) / static_cast<double>(counted);
    else if (ag.rule == aggregation_rule::reports_overdue) cp.value = static_cast<double>(cp.not_reported.size());
    else cp.value = late == 0 ? 0.0 : late_days / static_cast<double>(late);
    out.periods.push_back(std::move(cp));
  }
}

inline std::string join_ids(const std::vector<entity_id>& ids) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ",") + id.str();
  return s.empty() ? "-" : s;
}

}  // namespace detail

/// The periods, populations and groups of the collective indicator `k` (it must have an
/// aggregation rule) as of `as_of` (std::nullopt: all data; the reference date is then the
/// plan's last day). Never throws for odd data.
inline collective_detail aggregate_collective(const plan& p, const observation_store& store, std::size_t k, const std::optional<date>& as_of) {
  const indicator& ind = p.indicators()[k];
  const aggregation& ag = *ind.aggregate;
  collective_detail out;
  out.population = ag.population;
  out.rule = ag.rule;
  out.policy = ag.not_reported;
  out.reference = as_of ? *as_of : p.period().end();
  const population* pop = p.find(ag.population);
  if (pop == nullptr) return out;  // plan_builder rejects this
  out.members_now = p.members_on(*pop, out.reference).size();
  const bool reports = ag.rule == aggregation_rule::reports_on_time || ag.rule == aggregation_rule::reports_overdue ||
                       ag.rule == aggregation_rule::days_late;
  if (reports) {
    if (p.calendar().reporting) detail::aggregate_reports(p, store, ag, *pop, out.reference, out);
    return out;
  }
  const auto of = p.indicator_index(ag.of);
  if (!of) return out;
  const std::int32_t cutoff = day_number(out.reference);
  const auto values = detail::national_values(p, store, *of, as_of ? cutoff : std::numeric_limits<std::int32_t>::max());
  std::optional<std::vector<std::map<detail::period_key, double>>> den;
  if (ag.rule == aggregation_rule::ratio_of_sums)
    if (auto d = p.indicator_index(ag.denominator)) den = detail::national_values(p, store, *d, as_of ? cutoff : std::numeric_limits<std::int32_t>::max());
  detail::aggregate_values(p, ag, values, den ? &*den : nullptr, *pop, out);
  return out;
}

}  // namespace waypoint
