// The CSV writer's number formatting (src/io/shortest.hpp) against its reference, std::to_chars:
// the same bytes for every double, whichever path (Dragonbox digits and the layout, or
// std::to_chars itself for zero, non-finite values and large integers in fixed form) it takes.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "../src/io/shortest.hpp"

namespace {
std::string reference(double v) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}
std::string fast(double v) {
  char buf[waypoint::io::detail::shortest_max];
  return std::string(buf, waypoint::io::detail::write_shortest(buf, v));
}
}  // namespace

TEST_CASE("write_shortest writes what std::to_chars writes", "[io][csv][numbers]") {
  SECTION("values that pick each layout and each edge") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (const double v : {0.0, -0.0, 1.0, -1.0, 0.1, 0.3, 0.1 + 0.2, 2015.0, 65.909, 1e5, 1e15, 1e16, 1e21, 1e22, 1e23, 123456.0,
                           1234567.0, 0.0001, 0.00012, 1e-5, 1.5e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740992.0,
                           9007199254740993.0, 18014398509481984.0, 64859548450355740672.0, inf, -inf, std::nan("")}) {
      INFO(reference(v));
      CHECK(fast(v) == reference(v));
    }
  }
  SECTION("every power of ten and its neighbours, at several mantissas") {
    for (int k = -320; k <= 308; ++k)
      for (const double m : {1.0, 1.5, 9.999, 1.2345678901234567}) {
        const double v = m * std::pow(10.0, k);
        for (const double w : {v, std::nextafter(v, 0.0), std::nextafter(v, std::numeric_limits<double>::infinity()), -v}) {
          INFO(reference(w));
          REQUIRE(fast(w) == reference(w));
        }
      }
  }
  SECTION("whole numbers, and their neighbours, around the integer path's bound of 10^5") {
    for (int i = -200000; i <= 200000; ++i) {
      const double v = i;
      for (const double x : {v, std::nextafter(v, 0.0), v + 0.5})
        if (fast(x) != reference(x)) FAIL("write_shortest wrote " << fast(x) << ", std::to_chars " << reference(x));
    }
  }
  SECTION("a million random bit patterns and a million values like the CSV columns") {
    std::mt19937_64 g(20261206);
    std::uniform_real_distribution<double> u(-1000, 1000);
    for (int i = 0; i < 1000000; ++i) {
      const std::uint64_t bits = g();
      double v;
      std::memcpy(&v, &bits, sizeof v);
      const double w = i % 2 ? u(g) : std::round(u(g) * 1e4) / 1e4;
      // Checked without a Catch2 assertion per value (a million INFO strings); each mismatch is reported.
      for (const double x : {v, w})
        if (fast(x) != reference(x)) FAIL("write_shortest wrote " << fast(x) << ", std::to_chars " << reference(x));
    }
  }
}
