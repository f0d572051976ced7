// Must not compile: an entity id is not an indicator id.
#include "waypoint/core.hpp"
void f(const waypoint::indicator_id&) {}
int main() { f(waypoint::entity_id{"LAO"}); }
