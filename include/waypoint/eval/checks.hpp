// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file checks.hpp
/// The checks of a plan that need the eval layer, installed on a `plan_builder` in one call:
/// each indicator's method name and parameters (the registry, eval/methods.hpp) and the cycles of
/// `supports` links (the results graph, eval/graph.hpp). The model knows neither, so
/// `plan_builder::build()` alone does not make these checks.
///
/// ```cpp
/// waypoint::plan_builder b(waypoint::plan_id{"p"}, "My plan", waypoint::period::year(2030));
/// // ... add_section, add_action, add_indicator ...
/// const waypoint::plan p = waypoint::build_checked(std::move(b));  // throws with every problem
/// ```
///
/// Every plan loader (YAML, JSON, indicator tables, IATI) builds through `build_checked`, so a
/// plan built in code and checked this way fails exactly where a plan file with the same content
/// fails to load, with the same codes.

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/eval/graph.hpp"
#include "waypoint/eval/methods.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/plan_builder.hpp"

namespace waypoint {

/// The `plan_check` of the results graph: for a plan whose `supports` links loop, one problem
/// `graph.cycle` (the problem of `cycle_error`: its message names the members of one cycle in
/// order), located at the `supports` key of the cycle's first member (`key_location`). No
/// problem otherwise. Plans without `supports` links skip building the graph (only they can
/// close a cycle). Runs on a plan that may still have other problems: unresolved references are
/// left out of the graph. Never throws except `std::bad_alloc`.
inline plan_check cycle_checker() {
  return [](const plan& p, const part_locations& where) {
    std::vector<problem> out;
    if (std::all_of(p.actions().begin(), p.actions().end(), [](const action& a) { return a.supports.empty(); })) return out;
    try {
      const results_graph g(p);
    } catch (const cycle_error& e) {
      problem pr = e.problems().front();
      if (!e.members().empty()) {
        // The graph keeps the first of repeated ids; so does this.
        const auto& acts = p.actions();
        const auto it = std::find_if(acts.begin(), acts.end(), [&](const action& a) { return a.id.str() == e.members().front().id; });
        const auto k = static_cast<std::size_t>(it - acts.begin());
        if (it != acts.end() && k < where.actions.size()) pr.where = key_location(where.actions[k], "/supports");
      }
      out.push_back(std::move(pr));
    }
    return out;
  };
}

/// Installs the eval layer's checks on `b`: `method_checker()` as its `method_check` and
/// `cycle_checker()` as its `plan_check`, replacing any installed before. Returns `b`. For a
/// loader that lists problems without building (`b.validate()`); to build, use `build_checked`.
/// Never throws except `std::bad_alloc`.
inline plan_builder& install_checks(plan_builder& b) {
  b.set_method_check(method_checker());
  b.set_plan_check(cycle_checker());
  return b;
}

/// Builds the plan of `b` with every check, the model's and the eval layer's (`install_checks`):
/// the builder's own checks, each indicator's method name and parameters (`plan.unknown_method`,
/// `plan.bad_param`, located at the indicator's `method`), and the cycles of `supports` links
/// (`graph.cycle`, located at the `supports` of the cycle's first member). Throws one
/// `waypoint::error` listing every problem, all of them together, when there is at least one
/// error; warnings alone do not stop it. A plan it returns can be evaluated and rolled up
/// without a `cycle_error`.
[[nodiscard]] inline plan build_checked(plan_builder&& b) { return std::move(install_checks(b)).build(); }

}  // namespace waypoint
