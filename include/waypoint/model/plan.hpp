// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan.hpp
/// The plan and its parts: calendar, entities, sections (with their status chapeau), actions and
/// indicators. A `plan` is immutable; only `plan_builder` makes one, after validating it.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/model/entity.hpp"
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

/// The reporting rule (e.g. CCM Art. 7): an initial report within `initial_days` of entry into
/// force, then every year by `due_month`/`due_day` a report for the previous calendar year, with
/// `grace_days` of tolerance. Submissions are the observations of `reports`, a national indicator:
/// the period is the year covered (any period for the initial report) and `reported_on` the day
/// the report arrived. See eval/timeliness.hpp.
struct reporting_cycle {
  unsigned due_month = 4;
  unsigned due_day = 30;
  unsigned grace_days = 0;
  unsigned initial_days = 180;
  indicator_id reports;  ///< the submissions indicator; empty: timeliness is not tracked
  std::optional<date> tracked_from;  ///< reports due before this day are not tracked (the data's horizon)
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
  text_translations translations{};  ///< of `narrative`
};

/// An aspirational milestone that closes a section, due by a date or an event.
struct section_milestone {
  milestone_id id;
  std::string text;
  time_ref by;
  std::optional<date> due;  ///< resolved by plan_builder
  std::vector<action_id> fed_by{};  ///< the actions that feed it; empty in a file = every action of the section (filled by plan_builder)
  text_translations translations{};  ///< of `text`
};

/// A thematic area of the plan.
struct section {
  section_id id;
  std::string title;
  waypoint::chapeau chapeau;
  std::vector<section_milestone> milestones;
  std::vector<action_id> actions;  ///< filled by plan_builder, in plan order
  double weight = 1;               ///< in the plan roll-up
  text_translations translations{};  ///< of `title` (the chapeau and milestones hold their own)
};

/// One commitment.
struct action {
  action_id id;
  section_id section;
  std::string text;
  std::vector<std::string> tags;
  std::vector<section_id> contributes_to{};  ///< other sections it serves (cross-cutting actions)
  std::vector<action_id> supports{};       ///< other actions it feeds (the results graph must stay acyclic)
  double weight = 1;                       ///< in the section roll-up
  std::vector<indicator_id> indicators{};  ///< filled by plan_builder, in plan order
  extension_map extensions{};              ///< opaque data of other formats (see docs/formats.md, "Extensions")
  text_translations translations{};        ///< of `text`
};

class plan_builder;

/// A validated action plan. Lookups by id are O(log n); iteration is in plan order.
class plan {
 public:
  [[nodiscard]] const plan_id& id() const noexcept { return id_; }
  [[nodiscard]] const std::string& title() const noexcept { return title_; }
  /// The translations of the title (model/language.hpp): field `title`.
  [[nodiscard]] const text_translations& translations() const noexcept { return translations_; }
  [[nodiscard]] const waypoint::period& period() const noexcept { return period_; }
  [[nodiscard]] const waypoint::calendar& calendar() const noexcept { return calendar_; }
  [[nodiscard]] const std::vector<entity>& entities() const noexcept { return entities_; }
  /// The rule that dates entry into force from deposit, for entities without an explicit date.
  [[nodiscard]] const entry_into_force_rule& entry_into_force() const noexcept { return eif_rule_; }
  [[nodiscard]] const std::vector<obligation_kind>& obligation_kinds() const noexcept { return obligation_kinds_; }
  [[nodiscard]] const std::vector<population>& populations() const noexcept { return populations_; }
  [[nodiscard]] const std::vector<section>& sections() const noexcept { return sections_; }
  [[nodiscard]] const std::vector<action>& actions() const noexcept { return actions_; }
  [[nodiscard]] const std::vector<indicator>& indicators() const noexcept { return indicators_; }
  /// True when the plan lists no entities: then any entity id is accepted in observations.
  [[nodiscard]] bool open_entities() const noexcept { return entities_.empty(); }
  /// Opaque data other formats keep with the plan (e.g. the IATI activity's unmapped elements).
  [[nodiscard]] const extension_map& extensions() const noexcept { return extensions_; }

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
  [[nodiscard]] const entity* find(const entity_id& id) const { return find_entity(id.str()); }
  /// The entity whose id is the text `id`, or nullptr; builds no id (for per-series lookups).
  [[nodiscard]] const entity* find_entity(std::string_view id) const {
    auto it = std::lower_bound(entity_order_.begin(), entity_order_.end(), id,
                               [&](std::size_t i, std::string_view k) { return std::string_view(entities_[i].id.str()) < k; });
    return it == entity_order_.end() || entities_[*it].id.str() != id ? nullptr : &entities_[*it];
  }
  /// Position of the entity in `entities()`, or std::nullopt.
  [[nodiscard]] std::optional<std::size_t> entity_index(const entity_id& id) const {
    const entity* e = find(id);
    return e ? std::optional<std::size_t>(static_cast<std::size_t>(e - entities_.data())) : std::nullopt;
  }
  /// The population with this id, or nullptr.
  [[nodiscard]] const population* find(const population_id& id) const {
    auto it = std::find_if(populations_.begin(), populations_.end(), [&](const population& x) { return x.id == id; });
    return it == populations_.end() ? nullptr : &*it;
  }
  /// The obligation kind with this id, or nullptr.
  [[nodiscard]] const obligation_kind* find(const obligation_id& id) const {
    auto it = std::find_if(obligation_kinds_.begin(), obligation_kinds_.end(), [&](const obligation_kind& x) { return x.id == id; });
    return it == obligation_kinds_.end() ? nullptr : &*it;
  }
  /// The members of `pop` on `d`: positions in `entities()`, in entity id order.
  [[nodiscard]] std::vector<std::size_t> members_on(const population& pop, const date& d) const {
    std::vector<std::size_t> out;
    for (const std::size_t i : entity_order_)
      if (pop.contains(entities_[i], d)) out.push_back(i);
    return out;
  }
  /// Entity positions in id order.
  [[nodiscard]] const std::vector<std::size_t>& entity_order() const noexcept { return entity_order_; }

  /// The section with this id (the first, if the id repeats), or nullptr. O(log n).
  [[nodiscard]] const section* find(const section_id& id) const { return find_sorted(sections_, section_order_, id); }
  /// The action with this id (the first, if the id repeats), or nullptr. O(log n).
  [[nodiscard]] const action* find(const action_id& id) const { return find_sorted(actions_, action_order_, id); }

 private:
  // The item of `items` with id `id` by binary search of `order` (indexes stably sorted by id).
  template <class T, class Id>
  static const T* find_sorted(const std::vector<T>& items, const std::vector<std::size_t>& order, const Id& id) {
    auto it = std::lower_bound(order.begin(), order.end(), id, [&](std::size_t i, const Id& k) { return items[i].id < k; });
    return it == order.end() || items[*it].id != id ? nullptr : &items[*it];
  }

  friend class plan_builder;
  plan() : period_(waypoint::period::year(2000)) {}
  plan_id id_;
  std::string title_;
  text_translations translations_;
  extension_map extensions_;
  waypoint::period period_;
  waypoint::calendar calendar_;
  std::vector<entity> entities_;
  entry_into_force_rule eif_rule_;
  std::vector<obligation_kind> obligation_kinds_;
  std::vector<population> populations_;
  std::vector<section> sections_;
  std::vector<action> actions_;
  std::vector<indicator> indicators_;
  std::vector<std::size_t> indicator_order_;  // indexes sorted by id
  std::vector<std::size_t> entity_order_;
  std::vector<std::size_t> section_order_, action_order_;  // indexes sorted by id
};

}  // namespace waypoint
