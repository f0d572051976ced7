// The flagship plan evaluated as of 2029-06-30, for the report tests.
#pragma once

#include <string>

#include "support.hpp"

namespace test {

struct flagship {
  std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  waypoint::plan p = waypoint::io::load_plan(dir + "plan.yaml");
  waypoint::observation_store obs = waypoint::io::load_observations(dir + "observations.csv", p);
  waypoint::evaluation ev = waypoint::evaluate(p, obs, waypoint::parse_date("2029-06-30"));
};

}  // namespace test
