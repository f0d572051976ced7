// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan.hpp
/// The plan and its parts: calendar, entities, sections (with their status chapeau), actions and
/// indicators. A `plan` is immutable; only `plan_builder` makes one, after validating it.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "waypoint/model/ids.hpp"
#include "waypoint/model/indicator.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint {

/// A named event, such as a Meeting of States Parties.
struct event {
  event_id id;
  std::string title;
  date on;
};

/// The annual reporting cycle: a report is due each year on `due_month`/`due_day` for the previous
/// calendar year, with `grace_days` of tolerance.
struct reporting_cycle {
  unsigned due_month = 4;
  unsigned due_day = 30;
  unsigned grace_days = 0;
};

/// Reporting cycles and named events.
struct calendar {
  std::vector<event> events;
  std::optional<reporting_cycle> reporting;

  /// The event with this id, or nullptr.
  [[nodiscard]] const event* find(const event_id& id) const {
    auto it = std::find_if(events.begin(), events.end(), [&](const event& e) { return e.id == id; });
    return it == events.end() ? nullptr : &*it;
  }
};

/// A reporting party, such as a State Party.
struct entity {
  entity_id id;
  std::string name;
};

/// A named figure of a status chapeau, e.g. `states_parties: 112`.
struct figure {
  std::string name;
  double amount = 0;
};

/// The implementation status that opens a section and serves as its baseline.
struct chapeau {
  std::string narrative;
  std::optional<date> as_of;
  std::vector<figure> figures;
};

/// An aspirational milestone that closes a section, due by a date or an event.
struct section_milestone {
  milestone_id id;
  std::string text;
  time_ref by;
  std::optional<date> due;  ///< resolved by plan_builder
};

/// A thematic area of the plan.
struct section {
  section_id id;
  std::string title;
  waypoint::chapeau chapeau;
  std::vector<section_milestone> milestones;
  std::vector<action_id> actions;  ///< filled by plan_builder, in plan order
};

/// One commitment.
struct action {
  action_id id;
  section_id section;
  std::string text;
  std::vector<std::string> tags;
  std::vector<indicator_id> indicators;  ///< filled by plan_builder, in plan order
};

class plan_builder;

/// A validated action plan. Lookups by id are O(log n); iteration is in plan order.
class plan {
 public:
  [[nodiscard]] const plan_id& id() const noexcept { return id_; }
  [[nodiscard]] const std::string& title() const noexcept { return title_; }
  [[nodiscard]] const waypoint::period& period() const noexcept { return period_; }
  [[nodiscard]] const waypoint::calendar& calendar() const noexcept { return calendar_; }
  [[nodiscard]] const std::vector<entity>& entities() const noexcept { return entities_; }
  [[nodiscard]] const std::vector<section>& sections() const noexcept { return sections_; }
  [[nodiscard]] const std::vector<action>& actions() const noexcept { return actions_; }
  [[nodiscard]] const std::vector<indicator>& indicators() const noexcept { return indicators_; }
  /// True when the plan lists no entities: then any entity id is accepted in observations.
  [[nodiscard]] bool open_entities() const noexcept { return entities_.empty(); }

  /// Position of the indicator in `indicators()`, or std::nullopt.
  [[nodiscard]] std::optional<std::size_t> indicator_index(const indicator_id& id) const {
    auto it = std::lower_bound(indicator_order_.begin(), indicator_order_.end(), id,
                               [&](std::size_t i, const indicator_id& k) { return indicators_[i].id < k; });
    if (it == indicator_order_.end() || indicators_[*it].id != id) return std::nullopt;
    return *it;
  }
  /// The indicator with this id, or nullptr.
  [[nodiscard]] const indicator* find(const indicator_id& id) const {
    auto i = indicator_index(id);
    return i ? &indicators_[*i] : nullptr;
  }
  /// The entity with this id, or nullptr.
  [[nodiscard]] const entity* find(const entity_id& id) const {
    auto it = std::lower_bound(entity_order_.begin(), entity_order_.end(), id,
                               [&](std::size_t i, const entity_id& k) { return entities_[i].id < k; });
    return it == entity_order_.end() || entities_[*it].id != id ? nullptr : &entities_[*it];
  }
  /// The section with this id, or nullptr.
  [[nodiscard]] const section* find(const section_id& id) const {
    auto it = std::find_if(sections_.begin(), sections_.end(), [&](const section& s) { return s.id == id; });
    return it == sections_.end() ? nullptr : &*it;
  }
  /// The action with this id, or nullptr.
  [[nodiscard]] const action* find(const action_id& id) const {
    auto it = std::find_if(actions_.begin(), actions_.end(), [&](const action& a) { return a.id == id; });
    return it == actions_.end() ? nullptr : &*it;
  }

 private:
  friend class plan_builder;
  plan() : period_(waypoint::period::year(2000)) {}
  plan_id id_;
  std::string title_;
  waypoint::period period_;
  waypoint::calendar calendar_;
  std::vector<entity> entities_;
  std::vector<section> sections_;
  std::vector<action> actions_;
  std::vector<indicator> indicators_;
  std::vector<std::size_t> indicator_order_;  // indexes sorted by id
  std::vector<std::size_t> entity_order_;
};

}  // namespace waypoint
