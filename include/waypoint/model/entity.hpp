// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file entity.hpp
/// Reporting entities (States Parties) with a dated membership, attributes and dated obligations
/// with their deadlines, and populations: named sets of entities evaluated as of a date.
///
/// Everything here answers "as of date d" questions. A date before which something happened is
/// compared inclusively: an entity whose withdrawal takes effect on 2025-03-06 is no longer a
/// party on 2025-03-06.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/model/ids.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint {

/// When the instrument enters into force for a party, counted from its deposit: the first day of
/// the `months_after`-th month after the month of deposit (the Convention on Cluster Munitions,
/// Art. 17(2): the first day of the sixth month). `months_after == 0` means on the day of deposit.
struct entry_into_force_rule {
  unsigned months_after = 6;

  /// The date of entry into force for an instrument deposited on `deposit`.
  [[nodiscard]] date apply(const date& deposit) const {
    if (months_after == 0) return deposit;
    const auto c = detail::civil_from_days(day_number(deposit));
    const long months = static_cast<long>(c.y) * 12 + static_cast<long>(c.m - 1) + months_after;
    return date_from_day_number(detail::days_from_civil(static_cast<int>(months / 12), static_cast<unsigned>(months % 12) + 1, 1));
  }
};

/// The dated membership of an entity. All dates are optional: a signatory has only `signed_on`.
struct membership {
  std::optional<date> signed_on;         ///< signature
  std::optional<date> deposited;         ///< instrument of ratification, acceptance, approval or accession
  std::optional<date> entry_into_force;  ///< explicit; otherwise the plan's rule applied to `deposited`
  std::optional<date> withdrawn;         ///< the day the withdrawal takes effect
};

/// A kind of obligation, as the plan defines it: e.g. `clearance`, due 10 years after entry into
/// force, with extensions of up to 5 years each.
struct obligation_kind {
  obligation_id id;
  std::string title;
  unsigned years = 0;                        ///< deadline = start + years (0: each obligation gives its deadline)
  std::optional<unsigned> max_extension_years;  ///< the longest single extension allowed (checked)
};

/// A granted extension: decided on `decided`, it moves the deadline to `deadline`.
struct extension {
  date decided;
  date deadline;
};

/// What an obligation looks like on a given date.
enum class obligation_state : std::uint8_t {
  not_started,  ///< the obligation has not arisen yet (or the entity is not a party yet)
  active,       ///< arisen, not completed, deadline not passed
  overdue,      ///< arisen, not completed, deadline passed
  completed,    ///< completion declared
  ended,        ///< the entity withdrew before completing it
};
constexpr std::string_view to_string(obligation_state s) noexcept {
  constexpr std::string_view n[] = {"not_started", "active", "overdue", "completed", "ended"};
  return n[static_cast<int>(s)];
}

/// One entity's obligation of a kind.
struct obligation {
  obligation_id kind;
  std::optional<date> since;          ///< when it arose; default: the entity's entry into force
  std::optional<date> deadline;       ///< the original deadline; default: start + kind's years (filled by plan_builder)
  std::vector<extension> extensions;  ///< in decision order
  std::optional<date> completed;      ///< completion declared on this day

  /// The deadline in force on `d`: the last extension decided by `d`, else the original deadline.
  [[nodiscard]] std::optional<date> deadline_on(const date& d) const {
    std::optional<date> out = deadline;
    for (const auto& e : extensions)
      if (e.decided <= d) out = e.deadline;
    return out;
  }
  /// Extensions decided by `d`.
  [[nodiscard]] std::size_t extensions_on(const date& d) const {
    return static_cast<std::size_t>(std::count_if(extensions.begin(), extensions.end(), [&](const extension& e) { return e.decided <= d; }));
  }
};

/// A reporting party, such as a State Party.
struct entity {
  entity_id id;
  std::string name;
  waypoint::membership membership{};
  std::map<std::string, std::string> attributes{};  ///< e.g. region: Europe; sorted, so output is deterministic
  std::vector<obligation> obligations{};
  std::optional<date> in_force{};  ///< entry into force, resolved by plan_builder (explicit, else the rule)
  text_translations translations{};  ///< of `name`

  /// True when the entity is listed without any membership dates: a plain reporting entity
  /// (e.g. a country in an SDG database), which counts as a member on every date.
  [[nodiscard]] bool unconditional() const noexcept {
    return !membership.signed_on && !membership.deposited && !membership.entry_into_force && !membership.withdrawn;
  }
  /// A party on `d`: in force by `d` and not withdrawn by `d`.
  [[nodiscard]] bool party_on(const date& d) const {
    if (unconditional()) return true;
    if (membership.withdrawn && *membership.withdrawn <= d) return false;
    return in_force && *in_force <= d;
  }
  /// A signatory on `d`: signed by `d`, not yet deposited by `d`.
  [[nodiscard]] bool signatory_on(const date& d) const {
    return membership.signed_on && *membership.signed_on <= d && !(membership.deposited && *membership.deposited <= d);
  }
  /// The obligation of this kind, or nullptr.
  [[nodiscard]] const obligation* find(const obligation_id& kind) const {
    auto it = std::find_if(obligations.begin(), obligations.end(), [&](const obligation& o) { return o.kind == kind; });
    return it == obligations.end() ? nullptr : &*it;
  }
  /// The state of obligation `o` (one of this entity's) on `d`.
  [[nodiscard]] obligation_state state_of(const obligation& o, const date& d) const {
    const std::optional<date> start = o.since ? o.since : in_force;
    if (!start || d < *start) return obligation_state::not_started;
    if (o.completed && *o.completed <= d) return obligation_state::completed;
    if (membership.withdrawn && *membership.withdrawn <= d) return obligation_state::ended;
    const auto dl = o.deadline_on(d);
    return dl && *dl < d ? obligation_state::overdue : obligation_state::active;
  }
};

/// Which membership a population asks for.
enum class membership_filter : std::uint8_t {
  party,      ///< parties on the date
  signatory,  ///< signatories that have not deposited by the date
  any,        ///< every listed entity
};
constexpr std::string_view to_string(membership_filter m) noexcept {
  return m == membership_filter::party ? "party" : m == membership_filter::signatory ? "signatory" : "any";
}

/// A named set of entities, defined by membership, obligations and attributes and evaluated as of
/// a date (see `members_on` in waypoint/model/plan.hpp).
struct population {
  population_id id;
  std::string title;
  membership_filter membership = membership_filter::party;
  /// When set, only entities whose obligation of this kind is active or overdue on the date
  /// (arisen, not completed): e.g. "States Parties with a clearance obligation".
  std::optional<obligation_id> obligation;
  std::map<std::string, std::string> where;  ///< attributes that must match, e.g. region: Africa
  text_translations translations{};          ///< of `title`

  /// True when `e` belongs to the population on `d`.
  [[nodiscard]] bool contains(const entity& e, const date& d) const {
    if (membership == membership_filter::party && !e.party_on(d)) return false;
    if (membership == membership_filter::signatory && !e.signatory_on(d)) return false;
    for (const auto& [k, v] : where) {
      auto it = e.attributes.find(k);
      if (it == e.attributes.end() || it->second != v) return false;
    }
    if (obligation) {
      const auto* o = e.find(*obligation);
      if (o == nullptr) return false;
      const auto s = e.state_of(*o, d);
      if (s != obligation_state::active && s != obligation_state::overdue) return false;
    }
    return true;
  }
};

}  // namespace waypoint
