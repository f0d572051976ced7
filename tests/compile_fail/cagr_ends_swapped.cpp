// Must not compile: the end of a growth period cannot be passed as its start.
#include "waypoint/core.hpp"
int main() { return waypoint::cagr(waypoint::cagr_to{.time = 2022, .value = 66}, waypoint::cagr_from{.time = 2015, .value = 60}) ? 0 : 1; }
