// Must not compile: a raw double becomes a value only through value::number.
#include "waypoint/core.hpp"
int main() {
  waypoint::value v = 3.0;
  return v.empty();
}
