// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan_builder.hpp
/// Collects the parts of a plan, validates them, and makes an immutable `plan`. Validation
/// collects every problem (each with a stable code and a location) before `build()` fails.

#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// Checks a method spec; returns problems as (code, message) pairs. Installed by the eval layer
/// (`waypoint::method_checker()`), so the model does not depend on the methods.
using method_check = std::function<std::vector<std::pair<std::string, std::string>>(const method_spec&, const indicator&)>;

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
  plan_builder& set_reporting(reporting_cycle r) {
    plan_.calendar_.reporting = r;
    return *this;
  }
  plan_builder& add_entity(entity e, location where = {}) {
    plan_.entities_.push_back(std::move(e));
    entity_loc_.push_back(std::move(where));
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
  /// Installs the check for method names and parameters (see `waypoint::method_checker()`).
  plan_builder& set_method_check(method_check check) {
    method_check_ = std::move(check);
    return *this;
  }
  /// Records a problem found outside the builder (e.g. by a loader), so `build()` reports it with the rest.
  plan_builder& add_problem(problem p) {
    external_.push_back(std::move(p));
    return *this;
  }

  /// Resolves references and checks the plan. Returns every problem (errors and warnings), in a
  /// stable order. Does not throw.
  [[nodiscard]] std::vector<problem> validate() {
    std::vector<problem> out = external_;
    resolve_and_check(out);
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
  static location sub(const location& l, const std::string& suffix) {
    location r = l;
    if (!r.pointer.empty() || r.file.empty()) r.pointer += suffix;
    return r;
  }
  template <class T, class Id>
  static void check_unique(const std::vector<T>& items, const std::vector<location>& locs, Id T::*id,
                           const char* what, std::vector<problem>& out) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& k = (items[i].*id).str();
      if (k.empty()) {
        out.push_back({"plan.missing_key", locs[i], std::string(what) + " without an id"});
        continue;
      }
      auto [it, fresh] = seen.emplace(k, i);
      if (!fresh)
        out.push_back({"plan.duplicate_id", locs[i],
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
    out.push_back({"plan.unknown_event", where, "'" + id.str() + "' is neither a date, a period nor a calendar event"});
    return std::nullopt;
  }
  bool in_plan(const period& p) const {
    return plan_.period_.start_days() <= p.start_days() && p.start_days() <= plan_.period_.end_days();
  }

  void resolve_and_check(std::vector<problem>& out) {
    auto& P = plan_;
    check_unique(P.calendar_.events, event_loc_, &event::id, "event", out);
    check_unique(P.entities_, entity_loc_, &entity::id, "entity", out);
    check_unique(P.sections_, section_loc_, &section::id, "section", out);
    check_unique(P.actions_, action_loc_, &action::id, "action", out);
    check_unique(P.indicators_, indicator_loc_, &indicator::id, "indicator", out);
    for (auto& e : P.entities_)
      if (e.id == collective_entity()) out.push_back({"plan.reserved_id", {}, "entity id '*' is reserved for the collective"});

    for (std::size_t s = 0; s < P.sections_.size(); ++s) {
      auto& sec = P.sections_[s];
      sec.actions.clear();
      std::set<std::string> ms;
      for (std::size_t k = 0; k < sec.milestones.size(); ++k) {
        auto& m = sec.milestones[k];
        const location ml = sub(section_loc_[s], "/milestones/" + std::to_string(k));
        if (!m.id.empty() && !ms.insert(m.id.str()).second)
          out.push_back({"plan.duplicate_id", ml, "duplicate section milestone id '" + m.id.str() + "'"});
        if (auto p = resolve(m.by, sub(ml, "/by"), out)) {
          m.due = p->end();
          if (!in_plan(*p))
            out.push_back({"plan.outside_period", sub(ml, "/by"), "section milestone due " + p->str() + " lies outside the plan period " + P.period_.str()});
        }
      }
    }
    for (std::size_t a = 0; a < P.actions_.size(); ++a) {
      auto& act = P.actions_[a];
      act.indicators.clear();
      section* sec = nullptr;
      for (auto& s : P.sections_)
        if (s.id == act.section) sec = &s;
      if (sec == nullptr)
        out.push_back({"plan.unknown_section", action_loc_[a], "action '" + act.id.str() + "' names unknown section '" + act.section.str() + "'"});
      else
        sec->actions.push_back(act.id);
    }
    for (std::size_t i = 0; i < P.indicators_.size(); ++i) check_indicator(P.indicators_[i], indicator_loc_[i], out);

    P.indicator_order_.resize(P.indicators_.size());
    std::iota(P.indicator_order_.begin(), P.indicator_order_.end(), std::size_t{0});
    std::stable_sort(P.indicator_order_.begin(), P.indicator_order_.end(),
                     [&](std::size_t x, std::size_t y) { return P.indicators_[x].id < P.indicators_[y].id; });
    P.entity_order_.resize(P.entities_.size());
    std::iota(P.entity_order_.begin(), P.entity_order_.end(), std::size_t{0});
    std::stable_sort(P.entity_order_.begin(), P.entity_order_.end(),
                     [&](std::size_t x, std::size_t y) { return P.entities_[x].id < P.entities_[y].id; });
  }

  void check_indicator(indicator& ind, const location& where, std::vector<problem>& out) {
    auto& P = plan_;
    ind.section = {};
    if (!ind.action.empty()) {
      action* act = nullptr;
      for (auto& a : P.actions_)
        if (a.id == ind.action) act = &a;
      if (act == nullptr)
        out.push_back({"plan.unknown_action", sub(where, "/action"), "indicator '" + ind.id.str() + "' names unknown action '" + ind.action.str() + "'"});
      else {
        act->indicators.push_back(ind.id);
        ind.section = act->section;
      }
    }
    const std::string me = "indicator '" + ind.id.str() + "'";
    if (ind.measure == measure::ordinal) {
      if (ind.levels.size() < 2) out.push_back({"plan.missing_levels", sub(where, "/levels"), me + ": an ordinal indicator needs at least two levels"});
      std::set<std::string> seen;
      for (const auto& l : ind.levels)
        if (!seen.insert(l).second) out.push_back({"plan.duplicate_id", sub(where, "/levels"), me + ": level '" + l + "' appears twice"});
    } else if (!ind.levels.empty()) {
      out.push_back({"plan.bad_type", sub(where, "/levels"), me + ": levels are only for ordinal indicators"});
    }
    if (ind.direction == direction::maintain) {
      if (!ind.range) out.push_back({"plan.bad_range", sub(where, "/range"), me + ": direction maintain needs a range [low, high]"});
      else if (!(ind.range->low <= ind.range->high)) out.push_back({"plan.bad_range", sub(where, "/range"), me + ": range low is above high"});
    }
    if (ind.accumulation == accumulation::cumulative && ind.measure == measure::percentage)
      out.push_back({"plan.cumulative_percentage", sub(where, "/accumulation"), me + ": a percentage can never be cumulative"});
    if (ind.accumulation != accumulation::level && !is_quantitative(ind.measure))
      out.push_back({"plan.bad_enum", sub(where, "/accumulation"), me + ": only numeric measures can be flow or cumulative"});
    if (ind.limit && !std::isfinite(*ind.limit)) out.push_back({"plan.bad_value", sub(where, "/limit"), me + ": limit must be finite"});

    if (ind.baseline && ind.baseline->amount)
      if (auto why = fit_value(*ind.baseline->amount, ind)) out.push_back({"plan.bad_value", sub(where, "/baseline/value"), me + " baseline: " + *why});
    std::optional<period> tp;
    if (ind.target) {
      if (auto why = fit_value(ind.target->amount, ind)) out.push_back({"plan.bad_value", sub(where, "/target/value"), me + " target: " + *why});
      tp = ind.target->at;
      if (!in_plan(*tp))
        out.push_back({"plan.outside_period", sub(where, "/target/at"), me + ": target at " + tp->str() + " lies outside the plan period " + P.period_.str()});
      if (ind.baseline && !(ind.baseline->at < *tp))
        out.push_back({"plan.bad_period", sub(where, "/baseline/at"), me + ": baseline " + ind.baseline->at.str() + " is not before the target " + tp->str()});
    }
    std::optional<period> prev;
    for (std::size_t k = 0; k < ind.milestones.size(); ++k) {
      auto& m = ind.milestones[k];
      const location ml = sub(where, "/milestones/" + std::to_string(k));
      if (auto why = fit_value(m.amount, ind)) out.push_back({"plan.bad_value", sub(ml, "/value"), me + " milestone: " + *why});
      m.when = resolve(m.at, sub(ml, "/at"), out);
      if (!m.when) continue;
      if (!in_plan(*m.when))
        out.push_back({"plan.outside_period", sub(ml, "/at"), me + ": milestone at " + m.when->str() + " lies outside the plan period " + P.period_.str()});
      if (tp && tp->start_days() < m.when->start_days())
        out.push_back({"plan.milestone_after_target", sub(ml, "/at"), me + ": milestone at " + m.when->str() + " is after the target at " + tp->str()});
      if (prev && m.when->start_days() < prev->start_days())
        out.push_back({"plan.milestone_order", sub(ml, "/at"), me + ": milestones must be in date order"});
      prev = m.when;
    }
    if (method_check_)
      for (auto& [code, msg] : method_check_(ind.method, ind)) out.push_back({code, sub(where, "/method"), me + ": " + msg});
  }

  plan plan_;
  std::vector<location> event_loc_, entity_loc_, section_loc_, action_loc_, indicator_loc_;
  std::vector<problem> external_;
  method_check method_check_;
};

}  // namespace waypoint
