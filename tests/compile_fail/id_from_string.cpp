// Must not compile: a raw string is not an id without an explicit constructor.
#include "waypoint/core.hpp"
void f(const waypoint::indicator_id&) {}
int main() { f(std::string("I1")); }
