// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file collective.hpp
/// Collective indicators computed from national values over a population (`indicator::aggregate`).
/// docs/collective.md states every rule below with its boundaries.
///
/// **Rules over members** (`share_meeting`, `count_meeting`, `sum`, `mean`, `min`, `max`,
/// `ratio_of_sums`). The periods are those of the aggregated indicator (`of`) in the national
/// data of any entity of the plan. For each, the population is evaluated on the period's last
/// day, and each member's national value for that period (the latest revision known as of the
/// evaluation date; running totals for cumulative indicators) puts it in a group:
/// - `share_meeting`, `count_meeting` have a predicate (default "value > 0"; binary: yes), and
///   the groups are **meeting**, **not meeting** and **not reported**;
/// - `sum`, `mean`, `min`, `max`, `ratio_of_sums` have no predicate, and the groups are
///   **reported** and **not reported** (`ratio_of_sums`: reported means both values).
/// A period has a value only when at least one member reported; otherwise (and when the
/// population is empty on that day) it has none, with the reason in `why` — never 0 or 0%.
/// - `share_meeting`: 100 × meeting / (meeting + not meeting [+ not reported when the policy is
///   `not_meeting`]); `count_meeting`: meeting.
/// - `sum`, `mean`, `min`, `max`: over the reported members (missing data are never 0).
/// - `ratio_of_sums`: 100 × Σ`of` / Σ`denominator` (never a mean of percentages).
///
/// **Report rules** (`reports_on_time`, `reports_overdue`, `days_late`, eval/timeliness.hpp):
/// the periods are the windows ending on each annual due date, and the groups hold **one entry
/// per report** that a member owed in the window: **on time**, **late**, **overdue**,
/// **undated**. A State owing two reports in one window (initial and annual) appears twice, and a
/// member that owed none appears in no group, so the groups need not add up to the population.
/// Undated reports are left out of `reports_on_time` (policy `exclude`) or count as not on time
/// (policy `not_meeting`).
///
/// The values then go through the indicator's method like a national series (status, trend and
/// gaps), with entity `*`. The groups of every period are kept in `collective_detail`, and the
/// trace lists who was in each group in the latest period.

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/result.hpp"
#include "waypoint/eval/timeliness.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// A group of a collective period. Which groups a rule fills: `groups_of`.
enum class collective_group : std::uint8_t {
  meeting,       ///< share/count_meeting: the member's value meets the predicate
  not_meeting,   ///< share/count_meeting: it does not
  reported,      ///< sum, mean, min, max, ratio_of_sums: the member has a value (ratio: both)
  not_reported,  ///< member rules: the member has no value for the period
  on_time,       ///< report rules: a report that arrived by its due date plus grace
  late,          ///< report rules: a report that arrived after it
  overdue,       ///< report rules: a report not received by the evaluation date
  undated,       ///< report rules: a report received on an unknown day
};
inline constexpr std::size_t collective_group_count = 8;
/// The stable name written in JSON and traces: `meeting`, `not_meeting`, `reported`, ...
constexpr std::string_view to_string(collective_group g) noexcept {
  constexpr std::string_view n[] = {"meeting", "not_meeting", "reported", "not_reported", "on_time", "late", "overdue", "undated"};
  return n[static_cast<int>(g)];
}
namespace detail {
inline constexpr collective_group counted_groups[] = {collective_group::meeting, collective_group::not_meeting, collective_group::not_reported};
inline constexpr collective_group value_groups[] = {collective_group::reported, collective_group::not_reported};
inline constexpr collective_group report_groups[] = {collective_group::on_time, collective_group::late, collective_group::overdue,
                                                     collective_group::undated};
}  // namespace detail

/// The groups that rule `r` sorts members (report rules: reports) into, in output order.
constexpr std::span<const collective_group> groups_of(aggregation_rule r) noexcept {
  switch (r) {
    case aggregation_rule::share_meeting:
    case aggregation_rule::count_meeting: return detail::counted_groups;
    case aggregation_rule::reports_on_time:
    case aggregation_rule::reports_overdue:
    case aggregation_rule::days_late: return detail::report_groups;
    case aggregation_rule::sum:
    case aggregation_rule::mean:
    case aggregation_rule::min:
    case aggregation_rule::max:
    case aggregation_rule::ratio_of_sums: break;
  }
  return detail::value_groups;
}

/// One period of a collective series.
struct collective_period {
  period at = period::year(2000);
  date on;                    ///< the day the population was evaluated (the period's last day)
  std::size_t members = 0;    ///< population size on `on`
  /// Entity ids per group, in id order; only the groups of `groups_of(rule)` are filled. Member
  /// rules list each member once; report rules list one entry per report.
  std::array<std::vector<entity_id>, collective_group_count> groups;
  std::optional<double> value;  ///< std::nullopt: no value (see `why`)
  std::string why;              ///< why there is no value

  [[nodiscard]] const std::vector<entity_id>& group(collective_group g) const noexcept { return groups[static_cast<std::size_t>(g)]; }
  [[nodiscard]] std::vector<entity_id>& group(collective_group g) noexcept { return groups[static_cast<std::size_t>(g)]; }
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
  using g = collective_group;
  // The periods: those of `of` from any entity (a denominator alone makes no period).
  std::set<period_key> periods;
  for (const auto& m : of)
    for (const auto& [k, v] : m) periods.insert(k);
  const bool counted = ag.rule == aggregation_rule::share_meeting || ag.rule == aggregation_rule::count_meeting;
  for (const auto& key : periods) {
    collective_period cp;
    cp.at = period::from_days(std::get<0>(key), std::get<1>(key), std::get<2>(key));
    cp.on = cp.at.end();
    const auto members = p.members_on(pop, cp.on);
    cp.members = members.size();
    double sum = 0, dsum = 0, lo = 0, hi = 0;
    std::size_t reported = 0;
    for (const std::size_t e : members) {
      const auto& id = p.entities()[e].id;
      auto it = of[e].find(key);
      std::optional<double> d;
      if (den) {
        auto dt = (*den)[e].find(key);
        if (dt != (*den)[e].end()) d = dt->second;
      }
      if (it == of[e].end() || (den && !d)) {
        cp.group(g::not_reported).push_back(id);
        continue;
      }
      const double v = it->second;
      ++reported;
      if (counted) {
        cp.group(meets(ag, v) ? g::meeting : g::not_meeting).push_back(id);
        continue;
      }
      cp.group(g::reported).push_back(id);
      if (reported == 1) lo = hi = v;
      sum += v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      if (d) dsum += *d;
    }
    const std::size_t missing = cp.group(g::not_reported).size();
    if (cp.members == 0) {
      cp.why = "population " + pop.id.str() + " is empty on " + to_string(cp.on);
    } else if (reported == 0) {  // never 0 or 0%, whatever the rule and policy
      cp.why = den ? "no member reported both " + ag.of.str() + " and " + ag.denominator.str() : "no member reported";
    } else if (ag.rule == aggregation_rule::share_meeting) {
      const std::size_t denom = reported + (ag.not_reported == not_reported_policy::not_meeting ? missing : 0);
      cp.value = 100.0 * static_cast<double>(cp.group(g::meeting).size()) / static_cast<double>(denom);
    } else if (ag.rule == aggregation_rule::count_meeting) {
      cp.value = static_cast<double>(cp.group(g::meeting).size());
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
  using g = collective_group;
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
    std::size_t owed = 0, late = 0;
    for (const report_due* r : reps) {
      const entity& e = p.entities()[r->entity];
      if (!pop.contains(e, r->due)) continue;
      if (r->state == report_state::not_yet_due) continue;  // within grace on the evaluation date: not decided yet
      ++owed;
      const g in = r->state == report_state::on_time ? g::on_time
                   : r->state == report_state::late  ? g::late
                   : r->state == report_state::overdue ? g::overdue
                                                       : g::undated;
      cp.group(in).push_back(e.id);
      if (r->state == report_state::late || r->state == report_state::overdue) {
        late_days += static_cast<double>(r->days_late);
        ++late;
      }
    }
    for (auto& members : cp.groups) std::sort(members.begin(), members.end());
    // Undated reports: timeliness unknown, so left out of the share unless the policy counts them.
    const std::size_t dated = owed - cp.group(g::undated).size();
    const std::size_t on_time_denominator = ag.not_reported == not_reported_policy::not_meeting ? owed : dated;
    if (cp.members == 0) cp.why = "population " + pop.id.str() + " is empty on " + to_string(cp.on);
    else if (owed == 0) cp.why = "no report of a member was due in this window";
    else if (ag.rule == aggregation_rule::reports_on_time) {
      if (on_time_denominator == 0) cp.why = "every report due in this window is undated";
      else cp.value = 100.0 * static_cast<double>(cp.group(g::on_time).size()) / static_cast<double>(on_time_denominator);
    } else if (ag.rule == aggregation_rule::reports_overdue) cp.value = static_cast<double>(cp.group(g::overdue).size());
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
