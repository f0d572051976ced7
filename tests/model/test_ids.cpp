// Strong ids: distinct types, explicit construction, ordering. The must-not-compile side is in
// tests/compile_fail.
#include <catch2/catch.hpp>

#include <set>
#include <type_traits>

#include "support.hpp"

using namespace waypoint;

static_assert(!std::is_convertible_v<std::string, indicator_id>, "ids need an explicit constructor");
static_assert(!std::is_convertible_v<entity_id, indicator_id>, "ids of different kinds do not mix");
static_assert(!std::is_convertible_v<double, value>, "raw numbers enter a value only through value::number");

TEST_CASE("ids compare and order by their text", "[ids]") {
  const indicator_id a{"A1"}, b{"B1"};
  CHECK(a < b);
  CHECK(a == indicator_id{std::string("A1")});
  std::set<entity_id> s{entity_id{"LAO"}, entity_id{"AFG"}, entity_id{"LAO"}};
  CHECK(s.size() == 2);
  CHECK(s.begin()->str() == "AFG");
  CHECK(collective_entity().str() == "*");
}
