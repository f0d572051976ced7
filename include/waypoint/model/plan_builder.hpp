// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan_builder.hpp
/// Collects the parts of a plan, validates them, and makes an immutable `plan`. Validation
/// collects every problem (each with a stable code and a location) before `build()` fails.
/// What the model cannot check itself (method names and parameters, cycles of `supports` links)
/// comes through two hooks, `method_check` and `plan_check`; the eval layer installs both in one
/// call: `waypoint::build_checked(std::move(builder))` (eval/checks.hpp), which every plan loader
/// uses and a host building a plan in code should use instead of `build()`.

#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <iterator>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint {

/// The location of key `key` (e.g. "/method") of a plan part given at `part`: `part` with `key`
/// appended to its JSON pointer. A part located by file and line alone, without a pointer, keeps
/// its location. How the builder locates the problems of a part's keys.
inline location key_location(const location& part, const std::string& key) {
  location r = part;
  if (!r.pointer.empty() || r.file.empty()) r.pointer += key;
  return r;
}

/// Checks the method spec of one indicator, which the model cannot do: it knows no methods. The
/// eval layer makes it (`waypoint::method_checker()`, eval/methods.hpp) and installs it with the
/// other checks (`waypoint::build_checked`, eval/checks.hpp). Returns the problems of `spec` for
/// `ind`, each with a stable code and a message (and `warning` if it is one); the builder locates
/// each at the indicator's `method` key and names the indicator in its message. Must not throw.
using method_check = std::function<std::vector<problem>(const method_spec&, const indicator&)>;

/// Where the parts of a plan were given to its builder (the `where` of `add_section`,
/// `add_action`, `add_indicator`), by position: `actions[i]` is where `plan::actions()[i]` was given.
struct part_locations {
  std::span<const location> sections, actions, indicators;
};

/// Checks the whole plan for what the model cannot see itself, such as a cycle of `supports`
/// links (the model does not know the results graph). The eval layer makes it and installs it
/// (`waypoint::build_checked`, eval/checks.hpp). It runs at the end of `plan_builder::validate()`
/// on the plan as resolved so far, even when other problems were found (so references may not
/// resolve, and ids may repeat), with the locations the parts were given. Returns its problems,
/// located (see `key_location`). Must not throw.
using plan_check = std::function<std::vector<problem>(const plan&, const part_locations&)>;

/// Builds a `plan`. Add parts in any order (an action may name a section added later); `build()`
/// resolves references, checks everything and throws one `waypoint::error` listing every problem.
class plan_builder {
 public:
  /// A plan with its id, title and period. The period bounds milestones and targets.
  plan_builder(plan_id id, std::string title, period p) {
    plan_.id_ = std::move(id);
    plan_.title_ = std::move(title);
    plan_.period_ = p;
  }

  plan_builder& add_event(event e, location where = {}) {
    plan_.calendar_.events.push_back(std::move(e));
    event_loc_.push_back(std::move(where));
    return *this;
  }
  /// The translations of the plan's title (see `plan::translations()`).
  plan_builder& set_translations(text_translations t) {
    plan_.translations_ = std::move(t);
    return *this;
  }
  /// Opaque data of other formats, kept with the plan (see `plan::extensions()`).
  plan_builder& set_extensions(extension_map e) {
    plan_.extensions_ = std::move(e);
    return *this;
  }
  plan_builder& set_reporting(reporting_cycle r) {
    plan_.calendar_.reporting = r;
    return *this;
  }
  plan_builder& add_entity(entity e, location where = {}) {
    plan_.entities_.push_back(std::move(e));
    entity_loc_.push_back(std::move(where));
    return *this;
  }
  /// Sets the rule that dates entry into force from deposit (default: first day of the sixth month).
  plan_builder& set_entry_into_force(entry_into_force_rule r) {
    plan_.eif_rule_ = r;
    return *this;
  }
  /// Adds a kind of obligation (e.g. clearance, 10 years).
  plan_builder& add_obligation_kind(obligation_kind k, location where = {}) {
    plan_.obligation_kinds_.push_back(std::move(k));
    obligation_kind_loc_.push_back(std::move(where));
    return *this;
  }
  /// Adds a population. Its obligation, when set, must name an obligation kind.
  plan_builder& add_population(population pop, location where = {}) {
    plan_.populations_.push_back(std::move(pop));
    population_loc_.push_back(std::move(where));
    return *this;
  }
  /// Adds a section. Its `actions` list is ignored: actions name their section.
  plan_builder& add_section(section s, location where = {}) {
    s.actions.clear();
    plan_.sections_.push_back(std::move(s));
    section_loc_.push_back(std::move(where));
    return *this;
  }
  /// Adds an action. `a.section` must name a section of the plan. Its `indicators` list is ignored.
  plan_builder& add_action(action a, location where = {}) {
    a.indicators.clear();
    plan_.actions_.push_back(std::move(a));
    action_loc_.push_back(std::move(where));
    return *this;
  }
  /// Adds an indicator. `i.action`, when not empty, must name an action of the plan.
  plan_builder& add_indicator(indicator i, location where = {}) {
    plan_.indicators_.push_back(std::move(i));
    indicator_loc_.push_back(std::move(where));
    return *this;
  }
  /// Installs the check for method names and parameters (see `method_check`), replacing any
  /// installed before. `waypoint::build_checked` installs the eval layer's.
  plan_builder& set_method_check(method_check check) {
    method_check_ = std::move(check);
    return *this;
  }
  /// Installs the check of the whole plan (see `plan_check`), replacing any installed before.
  /// `waypoint::build_checked` installs the eval layer's (the cycles of `supports` links).
  plan_builder& set_plan_check(plan_check check) {
    plan_check_ = std::move(check);
    return *this;
  }
  /// Records a problem found outside the builder (e.g. by a loader), so `build()` reports it with the rest.
  plan_builder& add_problem(problem p) {
    external_.push_back(std::move(p));
    return *this;
  }

  /// Resolves references and checks the plan, with the installed checks. Returns every problem
  /// (errors and warnings), in a stable order: the ones added with `add_problem`, the builder's
  /// own (with the method check's among each indicator's), then the plan check's. Does not throw
  /// (the installed checks must not either). May be called again; the result is the same.
  [[nodiscard]] std::vector<problem> validate() {
    std::vector<problem> out = external_;
    resolve_and_check(out);
    if (plan_check_) {
      auto more = plan_check_(plan_, part_locations{section_loc_, action_loc_, indicator_loc_});
      out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return out;
  }

  /// Validates and returns the plan. Throws `waypoint::error` with every problem when there is
  /// at least one error; warnings alone do not stop it.
  [[nodiscard]] plan build() && {
    auto ps = validate();
    for (const auto& p : ps)
      if (!p.warning) throw error(std::move(ps));
    return std::move(plan_);
  }

 private:
  static location sub(const location& l, const std::string& suffix) { return key_location(l, suffix); }
  template <class T, class Id>
  static void check_unique(const std::vector<T>& items, const std::vector<location>& locs, Id T::*id,
                           const char* what, std::vector<problem>& out) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& k = (items[i].*id).str();
      if (k.empty()) {
        out.push_back({errc::plan_missing_key, locs[i], std::string(what) + " without an id"});
        continue;
      }
      auto [it, fresh] = seen.emplace(k, i);
      if (!fresh)
        out.push_back({errc::plan_duplicate_id, locs[i],
                       std::string("duplicate ") + what + " id '" + k + "' (first defined at " + locs[it->second].str() + ")"});
    }
  }

  /// Normalises `v` to the measure of `ind` (level names to levels, yes/no to booleans) or explains why it cannot.
  static std::optional<std::string> fit_value(value& v, const indicator& ind) {
    switch (ind.measure) {
      case measure::qualitative: return std::nullopt;
      case measure::binary:
        if (v.is_boolean()) return std::nullopt;
        if (v.is_number() && (*v.numeric() == 0 || *v.numeric() == 1)) {
          v = value::boolean(*v.numeric() == 1);
          return std::nullopt;
        }
        if (v.is_text()) {
          const auto& t = v.as_text();
          if (t == "yes" || t == "true") { v = value::boolean(true); return std::nullopt; }
          if (t == "no" || t == "false") { v = value::boolean(false); return std::nullopt; }
        }
        return "expected yes or no for a binary indicator";
      case measure::ordinal: {
        if (v.is_level() && *v.numeric() < static_cast<double>(ind.levels.size())) return std::nullopt;
        if (v.is_text()) {
          for (std::size_t k = 0; k < ind.levels.size(); ++k)
            if (ind.levels[k] == v.as_text()) { v = value::of_level(k); return std::nullopt; }
          return "level '" + v.as_text() + "' is not on the scale of " + ind.id.str();
        }
        return "expected a level name of the ordinal scale";
      }
      default: break;
    }
    if (!v.is_number()) return "expected a number for measure " + std::string(to_string(ind.measure));
    const double x = *v.numeric();
    if (!std::isfinite(x)) return "value must be finite";
    if (ind.measure == measure::percentage && (x < 0 || x > 100)) return "a percentage must lie in 0-100";
    return std::nullopt;
  }

  std::optional<period> resolve(const time_ref& at, const location& where, std::vector<problem>& out) const {
    if (auto p = std::get_if<period>(&at)) return *p;
    const auto& id = std::get<event_id>(at);
    if (const event* e = plan_.calendar_.find(id)) return period::day(e->on);
    out.push_back({errc::plan_unknown_event, where, "'" + id.str() + "' is neither a date, a period nor a calendar event"});
    return std::nullopt;
  }
  bool in_plan(const period& p) const {
    return plan_.period_.start_days() <= p.start_days() && p.start_days() <= plan_.period_.end_days();
  }

  // `order` := the indexes of `items`, stably sorted by id (the plan's finds search them).
  template <class T>
  static void sort_by_id(const std::vector<T>& items, std::vector<std::size_t>& order) {
    order.resize(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return items[x].id < items[y].id; });
  }

  void resolve_and_check(std::vector<problem>& out) {
    auto& P = plan_;
    sort_by_id(P.sections_, P.section_order_);
    sort_by_id(P.actions_, P.action_order_);
    check_unique(P.calendar_.events, event_loc_, &event::id, "event", out);
    check_unique(P.entities_, entity_loc_, &entity::id, "entity", out);
    check_unique(P.sections_, section_loc_, &section::id, "section", out);
    check_unique(P.actions_, action_loc_, &action::id, "action", out);
    check_unique(P.indicators_, indicator_loc_, &indicator::id, "indicator", out);
    check_unique(P.obligation_kinds_, obligation_kind_loc_, &obligation_kind::id, "obligation kind", out);
    check_unique(P.populations_, population_loc_, &population::id, "population", out);
    for (std::size_t i = 0; i < P.entities_.size(); ++i) check_entity(P.entities_[i], entity_loc_[i], out);
    for (std::size_t i = 0; i < P.populations_.size(); ++i) {
      const auto& pop = P.populations_[i];
      if (pop.obligation && P.find(*pop.obligation) == nullptr)
        out.push_back({errc::plan_unknown_obligation, sub(population_loc_[i], "/obligation"),
                       "population '" + pop.id.str() + "' names unknown obligation kind '" + pop.obligation->str() + "'"});
    }
    if (P.calendar_.reporting && !P.calendar_.reporting->reports.empty()) {
      const auto* r = find_indicator(P.calendar_.reporting->reports);
      if (r == nullptr)
        out.push_back({errc::plan_unknown_indicator, {}, "calendar.reporting.reports names unknown indicator '" + P.calendar_.reporting->reports.str() + "'"});
      else if (r->scope != scope::national)
        out.push_back({errc::plan_bad_scope, {}, "calendar.reporting.reports: indicator '" + r->id.str() + "' must be national (one submission series per entity)"});
    }

    for (std::size_t s = 0; s < P.sections_.size(); ++s) {
      auto& sec = P.sections_[s];
      sec.actions.clear();
      std::set<std::string> ms;
      for (std::size_t k = 0; k < sec.milestones.size(); ++k) {
        auto& m = sec.milestones[k];
        const location ml = sub(section_loc_[s], "/milestones/" + std::to_string(k));
        if (!m.id.empty() && !ms.insert(m.id.str()).second)
          out.push_back({errc::plan_duplicate_id, ml, "duplicate section milestone id '" + m.id.str() + "'"});
        if (auto p = resolve(m.by, sub(ml, "/by"), out)) {
          m.due = p->end();
          if (!in_plan(*p))
            out.push_back({errc::plan_outside_period, sub(ml, "/by"), "section milestone due " + p->str() + " lies outside the plan period " + P.period_.str()});
        }
      }
    }
    for (std::size_t a = 0; a < P.actions_.size(); ++a) {
      auto& act = P.actions_[a];
      act.indicators.clear();
      const section* found = P.find(act.section);
      section* sec = found ? &P.sections_[static_cast<std::size_t>(found - P.sections_.data())] : nullptr;
      if (sec == nullptr)
        out.push_back({errc::plan_unknown_section, action_loc_[a], "action '" + act.id.str() + "' names unknown section '" + act.section.str() + "'"});
      else
        sec->actions.push_back(act.id);
      if (!(std::isfinite(act.weight) && act.weight >= 0))
        out.push_back({errc::plan_bad_value, sub(action_loc_[a], "/weight"), "action '" + act.id.str() + "': weight must be a finite number >= 0"});
      for (std::size_t k = 0; k < act.contributes_to.size(); ++k)
        if (P.find(act.contributes_to[k]) == nullptr)
          out.push_back({errc::plan_unknown_section, sub(action_loc_[a], "/contributes_to/" + std::to_string(k)),
                         "action '" + act.id.str() + "' contributes to unknown section '" + act.contributes_to[k].str() + "'"});
      for (std::size_t k = 0; k < act.supports.size(); ++k)
        if (P.find(act.supports[k]) == nullptr)
          out.push_back({errc::plan_unknown_action, sub(action_loc_[a], "/supports/" + std::to_string(k)),
                         "action '" + act.id.str() + "' supports unknown action '" + act.supports[k].str() + "'"});
    }
    for (std::size_t s = 0; s < P.sections_.size(); ++s) {
      auto& sec = P.sections_[s];
      if (!(std::isfinite(sec.weight) && sec.weight >= 0))
        out.push_back({errc::plan_bad_value, sub(section_loc_[s], "/weight"), "section '" + sec.id.str() + "': weight must be a finite number >= 0"});
      for (std::size_t k = 0; k < sec.milestones.size(); ++k) {
        auto& m = sec.milestones[k];
        if (m.fed_by.empty()) m.fed_by = sec.actions;
        for (const auto& a : m.fed_by)
          if (P.find(a) == nullptr)
            out.push_back({errc::plan_unknown_action, sub(section_loc_[s], "/milestones/" + std::to_string(k) + "/fed_by"),
                           "section milestone '" + m.id.str() + "' is fed by unknown action '" + a.str() + "'"});
      }
    }
    for (std::size_t i = 0; i < P.indicators_.size(); ++i) check_indicator(P.indicators_[i], indicator_loc_[i], out);

    sort_by_id(P.indicators_, P.indicator_order_);
    sort_by_id(P.entities_, P.entity_order_);
  }

  void check_indicator(indicator& ind, const location& where, std::vector<problem>& out) {
    auto& P = plan_;
    ind.section = {};
    if (!ind.action.empty()) {
      action* act = nullptr;
      for (auto& a : P.actions_)
        if (a.id == ind.action) act = &a;
      if (act == nullptr)
        out.push_back({errc::plan_unknown_action, sub(where, "/action"), "indicator '" + ind.id.str() + "' names unknown action '" + ind.action.str() + "'"});
      else {
        act->indicators.push_back(ind.id);
        ind.section = act->section;
      }
    }
    const std::string me = "indicator '" + ind.id.str() + "'";
    if (ind.measure == measure::ordinal) {
      if (ind.levels.size() < 2) out.push_back({errc::plan_missing_levels, sub(where, "/levels"), me + ": an ordinal indicator needs at least two levels"});
      std::set<std::string> seen;
      for (const auto& l : ind.levels)
        if (!seen.insert(l).second) out.push_back({errc::plan_duplicate_id, sub(where, "/levels"), me + ": level '" + l + "' appears twice"});
    } else if (!ind.levels.empty()) {
      out.push_back({errc::plan_bad_type, sub(where, "/levels"), me + ": levels are only for ordinal indicators"});
    }
    if (ind.direction == direction::maintain) {
      if (!ind.range) out.push_back({errc::plan_bad_range, sub(where, "/range"), me + ": direction maintain needs a range [low, high]"});
      else if (!std::isfinite(ind.range->low) || !std::isfinite(ind.range->high))
        out.push_back({errc::plan_bad_range, sub(where, "/range"),
                       me + ": range bounds must be finite numbers, got [" + format_number(ind.range->low) + ", " + format_number(ind.range->high) + "]"});
      else if (!(ind.range->low <= ind.range->high)) out.push_back({errc::plan_bad_range, sub(where, "/range"), me + ": range low is above high"});
    }
    if (ind.accumulation == accumulation::cumulative && ind.measure == measure::percentage)
      out.push_back({errc::plan_cumulative_percentage, sub(where, "/accumulation"), me + ": a percentage can never be cumulative"});
    if (ind.accumulation != accumulation::level && !is_quantitative(ind.measure))
      out.push_back({errc::plan_bad_enum, sub(where, "/accumulation"), me + ": only numeric measures can be flow or cumulative"});
    if (ind.limit && !std::isfinite(*ind.limit)) out.push_back({errc::plan_bad_value, sub(where, "/limit"), me + ": limit must be finite"});

    if (ind.baseline && ind.baseline->amount)
      if (auto why = fit_value(*ind.baseline->amount, ind)) out.push_back({errc::plan_bad_value, sub(where, "/baseline/value"), me + " baseline: " + *why});
    std::optional<period> tp;
    if (ind.target) {
      if (auto why = fit_value(ind.target->amount, ind)) out.push_back({errc::plan_bad_value, sub(where, "/target/value"), me + " target: " + *why});
      tp = ind.target->at;
      if (!in_plan(*tp))
        out.push_back({errc::plan_outside_period, sub(where, "/target/at"), me + ": target at " + tp->str() + " lies outside the plan period " + P.period_.str()});
      if (ind.baseline && !(ind.baseline->at < *tp))
        out.push_back({errc::plan_bad_period, sub(where, "/baseline/at"), me + ": baseline " + ind.baseline->at.str() + " is not before the target " + tp->str()});
    }
    std::optional<period> prev;
    for (std::size_t k = 0; k < ind.milestones.size(); ++k) {
      auto& m = ind.milestones[k];
      const location ml = sub(where, "/milestones/" + std::to_string(k));
      if (auto why = fit_value(m.amount, ind)) out.push_back({errc::plan_bad_value, sub(ml, "/value"), me + " milestone: " + *why});
      m.when = resolve(m.at, sub(ml, "/at"), out);
      if (!m.when) continue;
      if (!in_plan(*m.when))
        out.push_back({errc::plan_outside_period, sub(ml, "/at"), me + ": milestone at " + m.when->str() + " lies outside the plan period " + P.period_.str()});
      if (tp && tp->start_days() < m.when->start_days())
        out.push_back({errc::plan_milestone_after_target, sub(ml, "/at"), me + ": milestone at " + m.when->str() + " is after the target at " + tp->str()});
      if (prev && m.when->start_days() < prev->start_days())
        out.push_back({errc::plan_milestone_order, sub(ml, "/at"), me + ": milestones must be in date order"});
      prev = m.when;
    }
    if (method_check_)
      for (auto& p : method_check_(ind.method, ind)) {
        p.where = sub(where, "/method");
        p.message = me + ": " + p.message;
        out.push_back(std::move(p));
      }
    if (!(std::isfinite(ind.weight) && ind.weight >= 0)) out.push_back({errc::plan_bad_value, sub(where, "/weight"), me + ": weight must be a finite number >= 0"});
    if (!(std::isfinite(ind.parts_tolerance) && ind.parts_tolerance >= 0))
      out.push_back({errc::plan_bad_value, sub(where, "/parts_tolerance"), me + ": parts_tolerance must be a finite number >= 0"});
    if (ind.aggregate) check_aggregation(ind, sub(where, "/aggregate"), out);
    check_dimensions(ind, where, out);
    if (ind.breakdown_of && P.find(*ind.breakdown_of) == nullptr)
      out.push_back({errc::plan_unknown_population, sub(where, "/breakdown_of"), me + ": unknown population '" + ind.breakdown_of->str() + "'"});
  }

  const indicator* find_indicator(const indicator_id& id) const {
    for (const auto& i : plan_.indicators_)
      if (i.id == id) return &i;
    return nullptr;
  }

  void check_entity(entity& e, const location& where, std::vector<problem>& out) {
    auto& P = plan_;
    const std::string me = "entity '" + e.id.str() + "'";
    if (e.id == collective_entity()) out.push_back({errc::plan_reserved_id, where, "entity id '*' is reserved for the collective"});
    const auto& m = e.membership;
    e.in_force = m.entry_into_force ? m.entry_into_force : m.deposited ? std::optional<date>(P.eif_rule_.apply(*m.deposited)) : std::nullopt;
    if (m.withdrawn && !e.in_force)
      out.push_back({errc::plan_bad_date, sub(where, "/withdrawn"), me + ": a withdrawal needs a deposit or an entry into force"});
    if (m.withdrawn && e.in_force && *m.withdrawn <= *e.in_force)
      out.push_back({errc::plan_bad_date, sub(where, "/withdrawn"), me + ": withdrawal " + to_string(*m.withdrawn) + " is not after entry into force " + to_string(*e.in_force)});
    if (m.deposited && m.entry_into_force && *m.entry_into_force < *m.deposited)
      out.push_back({errc::plan_bad_date, sub(where, "/entry_into_force"), me + ": entry into force is before the deposit"});
    for (std::size_t k = 0; k < e.obligations.size(); ++k) {
      auto& o = e.obligations[k];
      const location ol = sub(where, "/obligations/" + std::to_string(k));
      const obligation_kind* kind = P.find(o.kind);
      if (kind == nullptr) {
        out.push_back({errc::plan_unknown_obligation, sub(ol, "/kind"), me + ": unknown obligation kind '" + o.kind.str() + "'"});
        continue;
      }
      for (std::size_t j = k + 1; j < e.obligations.size(); ++j)
        if (e.obligations[j].kind == o.kind) out.push_back({errc::plan_duplicate_id, sub(where, "/obligations/" + std::to_string(j)), me + ": obligation '" + o.kind.str() + "' appears twice"});
      const std::optional<date> start = o.since ? o.since : e.in_force;
      if (!o.deadline && kind->years > 0 && start) o.deadline = *start + boost::gregorian::years(static_cast<int>(kind->years));
      if (!o.deadline && !o.completed)
        out.push_back({errc::plan_missing_key, ol, me + ": obligation '" + o.kind.str() + "' needs a deadline (or a start date and a kind with years)"});
      std::optional<date> prev_deadline = o.deadline;
      std::optional<date> prev_decided;
      for (std::size_t x = 0; x < o.extensions.size(); ++x) {
        const auto& ex = o.extensions[x];
        const location xl = sub(ol, "/extensions/" + std::to_string(x));
        if (prev_decided && ex.decided < *prev_decided)
          out.push_back({errc::plan_bad_date, sub(xl, "/decided"), me + ": extensions must be in decision order"});
        if (prev_deadline && !(*prev_deadline < ex.deadline))
          out.push_back({errc::plan_bad_date, sub(xl, "/deadline"), me + ": extension deadline " + to_string(ex.deadline) + " does not move the deadline " + to_string(*prev_deadline) + " later"});
        else if (prev_deadline && kind->max_extension_years &&
                 *prev_deadline + boost::gregorian::years(static_cast<int>(*kind->max_extension_years)) < ex.deadline)
          out.push_back({errc::plan_bad_date, sub(xl, "/deadline"), me + ": extension to " + to_string(ex.deadline) + " is longer than the " +
                                                                   std::to_string(*kind->max_extension_years) + " years allowed for '" + kind->id.str() + "'"});
        prev_deadline = ex.deadline;
        prev_decided = ex.decided;
      }
      if (o.completed && start && *o.completed < *start)
        out.push_back({errc::plan_bad_date, sub(ol, "/completed"), me + ": obligation '" + o.kind.str() + "' is completed before it starts"});
    }
  }

  void check_aggregation(indicator& ind, const location& where, std::vector<problem>& out) {
    auto& P = plan_;
    auto& ag = *ind.aggregate;
    const std::string me = "indicator '" + ind.id.str() + "'";
    if (ind.scope != scope::collective) out.push_back({errc::plan_bad_scope, where, me + ": only a collective indicator can have an aggregation rule"});
    if (P.find(ag.population) == nullptr)
      out.push_back({errc::plan_unknown_population, sub(where, "/population"), me + ": unknown population '" + ag.population.str() + "'"});
    const bool reports = ag.rule == aggregation_rule::reports_on_time || ag.rule == aggregation_rule::reports_overdue || ag.rule == aggregation_rule::days_late;
    if (reports) {
      if (!P.calendar_.reporting || P.calendar_.reporting->reports.empty())
        out.push_back({errc::plan_missing_key, where, me + ": rule " + std::string(to_string(ag.rule)) + " needs calendar.reporting with a reports indicator"});
      else if (ag.of.empty())
        ag.of = P.calendar_.reporting->reports;
      else if (ag.of != P.calendar_.reporting->reports)
        out.push_back({errc::plan_bad_value, sub(where, "/of"), me + ": report rules count the submissions of calendar.reporting.reports ('" + P.calendar_.reporting->reports.str() + "')"});
      return;
    }
    const indicator* of = find_indicator(ag.of);
    if (of == nullptr) {
      out.push_back({errc::plan_unknown_indicator, sub(where, "/of"), me + ": aggregates unknown indicator '" + ag.of.str() + "'"});
      return;
    }
    if (of->scope != scope::national) out.push_back({errc::plan_bad_scope, sub(where, "/of"), me + ": aggregates '" + of->id.str() + "', which is not national"});
    if (ag.rule == aggregation_rule::ratio_of_sums) {
      const indicator* den = find_indicator(ag.denominator);
      if (den == nullptr)
        out.push_back({errc::plan_unknown_indicator, sub(where, "/denominator"), me + ": ratio_of_sums needs a national denominator indicator ('" + ag.denominator.str() + "' is unknown)"});
      else if (den->scope != scope::national)
        out.push_back({errc::plan_bad_scope, sub(where, "/denominator"), me + ": denominator '" + den->id.str() + "' is not national"});
    }
    const bool counts = ag.rule == aggregation_rule::share_meeting || ag.rule == aggregation_rule::count_meeting;
    if (counts && ag.meeting) {
      if (auto why = fit_value(ag.meeting->threshold, *of)) out.push_back({errc::plan_bad_value, sub(where, "/meeting"), me + " predicate: " + *why});
    } else if (ag.meeting) {
      out.push_back({errc::plan_bad_key, sub(where, "/meeting"), me + ": a predicate is only for share_meeting and count_meeting"});
    }
    if (!counts && !is_quantitative(of->measure))
      out.push_back({errc::plan_bad_value, sub(where, "/rule"), me + ": rule " + std::string(to_string(ag.rule)) + " needs a numeric indicator, and '" + of->id.str() + "' is " + std::string(to_string(of->measure))});
    if (ag.rule == aggregation_rule::share_meeting && ind.measure != measure::percentage)
      out.push_back({errc::plan_bad_value, sub(where, "/rule"), me + ": share_meeting gives a percentage; declare measure: percentage"});
  }

  void check_dimensions(indicator& ind, const location& where, std::vector<problem>& out) {
    const std::string me = "indicator '" + ind.id.str() + "'";
    std::set<std::string> dims;
    for (std::size_t k = 0; k < ind.dimensions.size(); ++k) {
      const auto& d = ind.dimensions[k];
      const location dl = sub(where, "/dimensions/" + std::to_string(k));
      if (d.id.empty() || d.id.find_first_of("=;") != std::string::npos)
        out.push_back({errc::plan_bad_value, dl, me + ": a dimension needs an id without '=' or ';'"});
      if (!dims.insert(d.id).second) out.push_back({errc::plan_duplicate_id, dl, me + ": dimension '" + d.id + "' appears twice"});
      if (d.categories.empty()) out.push_back({errc::plan_missing_key, dl, me + ": dimension '" + d.id + "' has no categories"});
      std::set<std::string> cats;
      for (const auto& c : d.categories)
        if (!cats.insert(c).second || c.empty() || c.find_first_of("=;") != std::string::npos)
          out.push_back({errc::plan_bad_value, dl, me + ": dimension '" + d.id + "': category '" + c + "' is empty, repeated or holds '=' or ';'"});
    }
    if (ind.group_rule == group_target_rule::none && !ind.group_targets.empty())
      out.push_back({errc::plan_bad_value, sub(where, "/group_targets"), me + ": group targets are given, but the group target rule is none"});
    for (std::size_t k = 0; k < ind.group_targets.size(); ++k) {
      auto& g = ind.group_targets[k];
      const location gl = sub(where, "/group_targets/" + std::to_string(k));
      if (auto why = waypoint::check_group(ind, g.group)) out.push_back({errc::plan_bad_group, sub(gl, "/group"), me + ": " + *why});
      if (auto why = fit_value(g.target.amount, ind)) out.push_back({errc::plan_bad_value, sub(gl, "/value"), me + " group target: " + *why});
    }
  }


  plan plan_;
  std::vector<location> event_loc_, entity_loc_, section_loc_, action_loc_, indicator_loc_, obligation_kind_loc_, population_loc_;
  std::vector<problem> external_;
  method_check method_check_;
  plan_check plan_check_;
};

}  // namespace waypoint
