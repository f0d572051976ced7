// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file timeliness.hpp
/// Reporting obligations and their timeliness (e.g. CCM Art. 7 transparency reports).
///
/// The rule (`calendar::reporting`):
/// - the **initial report** is due `initial_days` after the entity's entry into force;
/// - then, for every calendar year Y from the year of entry into force, an **annual report** is
///   due on `due_month`/`due_day` of Y+1 — provided the initial report fell due before that day
///   (a party whose first report is not yet due owes no annual one) and the entity is still a
///   party on that day;
/// - reports due before `tracked_from` (when set) are not tracked: the data's horizon;
/// - a report is **on time** when it arrived by the due date plus `grace_days`.
///
/// Submissions are the observations of the `reports` indicator: an annual report is the row
/// whose period is year Y; the initial report is a row whose period is not a calendar year
/// (e.g. `2023-09-01/2023-12-31`, from entry into force), the earliest if there are several. A row counts
/// as a submission when its value is not 0 (0 records "not submitted"), and arrived on its
/// `reported_on` day. A row without `reported_on` is received on an unknown day: it is
/// `undated`, neither on time nor late. Entities without an entry into force (plain reporting
/// entities) owe no reports under this rule.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// Where a report stands on a date.
enum class report_state : std::uint8_t {
  not_yet_due,  ///< its due date (plus grace) is after the date, and it has not arrived
  on_time,      ///< arrived by the due date plus grace
  late,         ///< arrived after the due date plus grace
  overdue,      ///< not arrived, and the due date plus grace has passed
  undated,      ///< arrived on an unknown day (the row has no reported_on)
};
constexpr std::string_view to_string(report_state s) noexcept {
  constexpr std::string_view n[] = {"not_yet_due", "on_time", "late", "overdue", "undated"};
  return n[static_cast<int>(s)];
}

/// One report an entity owes.
struct report_due {
  std::size_t entity = 0;  ///< position in `plan::entities()`
  bool initial = false;
  int year = 0;            ///< the calendar year an annual report covers (0 for the initial report)
  date due;                ///< the due date (grace not included)
  date due_with_grace;
  std::optional<date> received;
  report_state state = report_state::not_yet_due;
  long days_late = 0;      ///< late: received - due; overdue: as_of - due; else 0
};

namespace detail {

/// The earliest submission per year covered, and of the initial report.
struct submissions {
  std::optional<std::int32_t> first_any;  ///< the initial report: earliest dated submission of a non-year period
  bool undated_any = false;               ///< an initial report without a date
  std::vector<std::pair<int, std::int32_t>> by_year;  ///< (year, earliest reported_on or no_report_date), sorted
};

inline submissions submissions_of(const series_view& s, std::int32_t cutoff) {
  submissions out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::int32_t rep = s.reported_on(i);
    if (s.amount[i] == 0 || (rep != no_report_date && rep > cutoff)) continue;
    if (s.kind[i] != period_kind::year) {  // the initial report
      if (rep == no_report_date) out.undated_any = true;
      else if (!out.first_any || rep < *out.first_any) out.first_any = rep;
      continue;
    }
    const int y = year_of_days(s.start[i]);
    auto it = std::find_if(out.by_year.begin(), out.by_year.end(), [&](const auto& e) { return e.first == y; });
    if (it == out.by_year.end()) out.by_year.emplace_back(y, rep);
    else if (rep < it->second) it->second = rep;  // no_report_date is the smallest day: undated wins
  }
  std::sort(out.by_year.begin(), out.by_year.end());
  return out;
}

inline void settle(report_due& r, std::optional<std::int32_t> received, bool undated, std::int32_t as_of) {
  const std::int32_t due = day_number(r.due), grace = day_number(r.due_with_grace);
  if (undated) {
    r.state = report_state::undated;
  } else if (received) {
    r.received = date_from_day_number(*received);
    r.state = *received <= grace ? report_state::on_time : report_state::late;
    if (r.state == report_state::late) r.days_late = *received - due;
  } else if (as_of > grace) {
    r.state = report_state::overdue;
    r.days_late = as_of - due;
  } else {
    r.state = report_state::not_yet_due;
  }
}

}  // namespace detail

/// Every report owed by every entity with a due date on or before `until`, settled as of
/// `as_of` (submissions reported after `as_of` are not known yet). Sorted by entity id, then
/// due date. Empty when the plan has no reporting rule with a `reports` indicator.
inline std::vector<report_due> reports_due(const plan& p, const observation_store& store, const date& as_of, const date& until) {
  std::vector<report_due> out;
  const auto& rc = p.calendar().reporting;
  if (!rc || rc->reports.empty()) return out;
  const auto ind = p.indicator_index(rc->reports);
  if (!ind) return out;
  const std::int32_t cutoff = day_number(as_of), last = day_number(until);
  // The submissions series of each entity (total disaggregation).
  std::vector<std::optional<std::size_t>> series_of(p.entities().size());
  const auto [begin, end] = store.series_of(*ind);
  for (std::size_t i = begin; i < end; ++i) {
    const auto s = store.series(i);
    if (!s.disaggregation->empty()) continue;
    if (const entity* e = p.find_entity(*s.entity)) series_of[static_cast<std::size_t>(e - p.entities().data())] = i;
  }
  const boost::gregorian::days grace(static_cast<long>(rc->grace_days));
  for (const std::size_t e : p.entity_order()) {
    const entity& ent = p.entities()[e];
    if (!ent.in_force) continue;
    const detail::submissions subs = series_of[e] ? detail::submissions_of(store.series(*series_of[e]), cutoff) : detail::submissions{};
    report_due initial;
    initial.entity = e;
    initial.initial = true;
    initial.due = *ent.in_force + boost::gregorian::days(static_cast<long>(rc->initial_days));
    initial.due_with_grace = initial.due + grace;
    const std::int32_t from = rc->tracked_from ? day_number(*rc->tracked_from) : std::numeric_limits<std::int32_t>::min();
    if (day_number(initial.due) > last) continue;
    if (ent.membership.withdrawn && *ent.membership.withdrawn <= initial.due) continue;
    detail::settle(initial, subs.first_any, !subs.first_any && subs.undated_any, cutoff);
    if (day_number(initial.due) >= from) out.push_back(initial);
    for (int y = ent.in_force->year();; ++y) {
      report_due r;
      r.entity = e;
      r.year = y;
      r.due = date(static_cast<unsigned short>(y + 1), static_cast<unsigned short>(rc->due_month),
                   static_cast<unsigned short>(std::min(rc->due_day, detail::last_day_of_month(y + 1, rc->due_month))));
      r.due_with_grace = r.due + grace;
      if (day_number(r.due) > last) break;
      if (!(initial.due < r.due)) continue;
      if (!ent.party_on(r.due)) break;
      if (day_number(r.due) < from) continue;
      auto it = std::find_if(subs.by_year.begin(), subs.by_year.end(), [&](const auto& x) { return x.first == y; });
      const bool found = it != subs.by_year.end();
      detail::settle(r, found && it->second != no_report_date ? std::optional<std::int32_t>(it->second) : std::nullopt,
                     found && it->second == no_report_date, cutoff);
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace waypoint
