// Compiles: the correct use that the other files in this folder get wrong.
#include "waypoint/core.hpp"
int main() {
  waypoint::indicator_id id{"I1"};
  waypoint::value v = waypoint::value::number(3.0);
  return id.empty() || !v.numeric() ? 1 : 0;
}
