// Compiles: the correct use that the other files in this folder get wrong.
#include "waypoint/core.hpp"
int main() {
  waypoint::indicator_id id{"I1"};
  waypoint::value v = waypoint::value::number(3.0);
  const auto rate = waypoint::cagr(waypoint::cagr_from{.time = 2015, .value = 60}, waypoint::cagr_to{.time = 2022, .value = 66});
  return id.empty() || !v.numeric() || !rate ? 1 : 0;
}
