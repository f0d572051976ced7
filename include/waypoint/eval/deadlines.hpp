// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file deadlines.hpp
/// Obligations and deadlines per entity as of a date (`waypoint deadlines`): each obligation with
/// its state and the deadline in force, and the reports that are overdue, overdue first.

#include <algorithm>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "waypoint/eval/timeliness.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// The state of a deadline row, in the order `deadlines()` lists them: an obligation's
/// `obligation_state`, or `overdue` / `late` for a report.
enum class deadline_state : std::uint8_t { overdue, late, active, not_started, completed, ended };

constexpr std::string_view to_string(deadline_state s) noexcept {
  constexpr std::string_view n[] = {"overdue", "late", "active", "not_started", "completed", "ended"};
  return n[static_cast<int>(s)];
}
constexpr deadline_state deadline_state_of(obligation_state s) noexcept {
  switch (s) {
    case obligation_state::not_started: return deadline_state::not_started;
    case obligation_state::active: return deadline_state::active;
    case obligation_state::overdue: return deadline_state::overdue;
    case obligation_state::completed: return deadline_state::completed;
    case obligation_state::ended: break;
  }
  return deadline_state::ended;
}

/// One obligation (or one overdue or late report) of one entity on a date.
struct deadline_row {
  entity_id entity;
  /// The obligation kind (`clearance`); for a report, `report:initial` (the initial report, due
  /// `initial_days` after entry into force) or `report:YEAR` (the annual report covering YEAR,
  /// due on the calendar's due day of YEAR + 1).
  std::string what;
  deadline_state state = deadline_state::not_started;
  std::optional<date> deadline;      ///< in force on the date (after extensions decided by then); reports: the due date, grace not included
  std::optional<date> original;      ///< before any extension
  std::size_t extensions = 0;        ///< decided by the date
  std::optional<date> completed;     ///< completion declared on or before the date, or the day a late report arrived
  /// Days past the deadline, where a deadline is running or was missed: open obligations
  /// (`as_of − deadline`: > 0 overdue, < 0 days left, 0 due on the day), overdue reports
  /// (`as_of − due`) and late reports (`arrival − due`). std::nullopt for `not_started`,
  /// `completed` and `ended` rows, and for an open obligation without a deadline.
  std::optional<long> days;
};

/// Every obligation of every entity, and every overdue or late report (with a reporting rule and
/// observations), as of `as_of`. Order: overdue rows first (obligations and reports, most days
/// first), then late reports (most days late first), then open (`active`) obligations by nearest
/// deadline; then `not_started`, `completed` and `ended` rows, in that order. A `not_started`
/// obligation has not arisen on the date, so it is not open and its deadline does not place it.
/// Ties, and rows without days, by entity id then obligation.
inline std::vector<deadline_row> deadlines(const plan& p, const date& as_of, const observation_store* store = nullptr) {
  std::vector<deadline_row> out;
  for (const std::size_t i : p.entity_order()) {
    const entity& e = p.entities()[i];
    for (const auto& o : e.obligations) {
      deadline_row r;
      r.entity = e.id;
      r.what = o.kind.str();
      const auto st = e.state_of(o, as_of);
      r.state = deadline_state_of(st);
      r.deadline = o.deadline_on(as_of);
      r.original = o.deadline;
      r.extensions = o.extensions_on(as_of);
      if (o.completed && *o.completed <= as_of) r.completed = o.completed;
      if (r.deadline && (st == obligation_state::active || st == obligation_state::overdue)) r.days = (as_of - *r.deadline).days();
      out.push_back(std::move(r));
    }
  }
  if (store != nullptr)
    for (const auto& rep : reports_due(p, *store, as_of, as_of)) {
      if (rep.state != report_state::overdue && rep.state != report_state::late) continue;
      deadline_row r;
      r.entity = p.entities()[rep.entity].id;
      r.what = rep.initial ? "report:initial" : "report:" + std::to_string(rep.year);
      r.state = rep.state == report_state::overdue ? deadline_state::overdue : deadline_state::late;
      r.deadline = rep.due;
      r.original = rep.due;
      r.completed = rep.received;
      r.days = rep.days_late;
      out.push_back(std::move(r));
    }
  std::stable_sort(out.begin(), out.end(), [](const deadline_row& a, const deadline_row& b) {
    if (a.state != b.state) return a.state < b.state;  // the enum is in listing order
    if (a.state <= deadline_state::active && a.days != b.days) {  // most overdue, or nearest deadline, first; no deadline last
      if (!a.days || !b.days) return a.days.has_value();
      return *a.days > *b.days;
    }
    return std::tie(a.entity, a.what) < std::tie(b.entity, b.what);
  });
  return out;
}

}  // namespace waypoint
