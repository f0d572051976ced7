// SPDX-License-Identifier: Apache-2.0
// The flagship example: load the illustrative Vientiane Capital Action Plan 2027–2031 of the
// Convention on Cluster Munitions and its observations, evaluate them as of a date, and print a
// summary per section.
//
//   ccm_action_plan PLAN.yaml OBSERVATIONS.csv [YYYY-MM-DD]

#include <iostream>
#include <map>

#include "waypoint/waypoint.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " PLAN.yaml OBSERVATIONS.csv [AS_OF]\n";
    return 2;
  }
  try {
    const waypoint::plan plan = waypoint::io::load_plan(argv[1]);
    const waypoint::observation_store obs = waypoint::io::load_observations(argv[2], plan);
    std::optional<waypoint::date> as_of;
    if (argc > 3) as_of = waypoint::parse_date(argv[3]);
    const waypoint::evaluation ev = waypoint::evaluate(plan, obs, as_of);

    std::cout << plan.title() << "\n" << plan.sections().size() << " sections, " << plan.actions().size() << " actions, "
              << plan.indicators().size() << " indicators, " << obs.row_count() << " observations\n\n";
    // Status counts per section, in plan order.
    for (const auto& section : plan.sections()) {
      std::map<waypoint::status, int> counts;
      for (const auto& s : ev.series)
        if (plan.find(s.indicator)->section == section.id) ++counts[s.outcome.status];
      std::cout << section.title << ":";
      for (const auto& [st, n] : counts) std::cout << ' ' << waypoint::to_string(st) << '=' << n;
      std::cout << '\n';
    }
    // The collective series that are off track or regressing, with their gap to the target.
    std::cout << "\nChallenges (collective):\n";
    for (const auto& s : ev.series) {
      if (s.entity != waypoint::collective_entity()) continue;
      if (s.outcome.status != waypoint::status::off_track && s.outcome.status != waypoint::status::regressing &&
          s.outcome.status != waypoint::status::needs_acceleration)
        continue;
      std::cout << "  " << s.indicator << " " << plan.find(s.indicator)->title << ": " << waypoint::to_string(s.outcome.status);
      if (s.gap_to_target) std::cout << ", gap to target " << *s.gap_to_target;
      std::cout << '\n';
    }
    std::cout << '\n' << ev.series.size() << " series evaluated as of " << (as_of ? waypoint::to_string(*as_of) : "latest data") << '\n';
    return 0;
  } catch (const waypoint::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}
