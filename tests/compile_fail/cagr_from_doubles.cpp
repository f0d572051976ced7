// Must not compile: cagr takes its two ends as cagr_from and cagr_to, never four loose doubles
// whose values and times could be swapped.
#include "waypoint/core.hpp"
int main() { return waypoint::cagr(66, 60, 2022, 2015) ? 0 : 1; }
