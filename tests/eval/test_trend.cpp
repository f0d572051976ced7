// OLS trend (Eigen) and CAGR against hand-computed values.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

TEST_CASE("OLS on a hand-computed series", "[trend]") {
  // y = 2, 4, 5, 4, 5 at t = 1..5: slope 0.6, intercept 2.2, R² = 0.6, SE(slope) = sqrt(2.4/3/10).
  const std::vector<double> t{2001, 2002, 2003, 2004, 2005}, y{2, 4, 5, 4, 5};
  const auto f = fit_ols(t, y);
  CHECK(f.n_points == 5);
  CHECK(test::same(f.slope, 0.6));
  CHECK(test::same(f.intercept, 4.0 - 0.6 * 2003));
  CHECK(test::same(f.r_squared, 0.6));
  CHECK(test::same(f.slope_std_error, std::sqrt(2.4 / 3.0 / 10.0)));
  CHECK(test::same(f.at(2010), 4.0 + 0.6 * 7));
}

TEST_CASE("OLS edge cases", "[trend]") {
  SECTION("two points: slope without standard error") {
    const std::vector<double> t{2015, 2020}, y{10, 20};
    const auto f = fit_ols(t, y);
    CHECK(test::same(f.slope, 2.0));
    CHECK(test::same(f.r_squared, 1.0));
    CHECK_FALSE(f.slope_std_error);
  }
  SECTION("a constant series: slope 0, R² undefined") {
    const std::vector<double> t{2015, 2016, 2017}, y{3, 3, 3};
    const auto f = fit_ols(t, y);
    CHECK(f.slope == 0.0);
    CHECK_FALSE(f.r_squared);
  }
  SECTION("one point or one time: no slope") {
    CHECK_FALSE(fit_ols(std::vector<double>{2015}, std::vector<double>{1}).slope);
    CHECK_FALSE(fit_ols(std::vector<double>{2015, 2015}, std::vector<double>{1, 2}).slope);
  }
}

TEST_CASE("CAGR", "[trend]") {
  // Eurostat case A, published to 7 decimals: within half a unit of the last published digit.
  CHECK(*cagr(cagr_from{.time = 2015, .value = 60}, cagr_to{.time = 2022, .value = 66}) == Approx(0.0137089).margin(5e-8).epsilon(0));
  CHECK(test::same(cagr(cagr_from{.time = 2015, .value = 60}, cagr_to{.time = 2022, .value = 66}), std::pow(1.1, 1.0 / 7) - 1));
  CHECK_FALSE(cagr(cagr_from{.time = 2015, .value = 0}, cagr_to{.time = 2022, .value = 5}));
  CHECK_FALSE(cagr(cagr_from{.time = 2015, .value = 3}, cagr_to{.time = 2022, .value = -5}));
  CHECK_FALSE(cagr(cagr_from{.time = 2015, .value = 3}, cagr_to{.time = 2015, .value = 5}));
  CHECK(test::same(cagr(cagr_from{.time = 2015, .value = -2}, cagr_to{.time = 2016, .value = -4}), 1.0));
}
