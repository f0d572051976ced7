// Periods and dates: the five period forms, the time axis, and bad input.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

TEST_CASE("the five period forms", "[time]") {
  struct row {
    const char* text;
    const char* start;
    const char* end;
  };
  const row rows[] = {{"2023", "2023-01-01", "2023-12-31"},
                      {"2023-Q2", "2023-04-01", "2023-06-30"},
                      {"2024-Q1", "2024-01-01", "2024-03-31"},
                      {"2023-05", "2023-05-01", "2023-05-31"},
                      {"2024-02", "2024-02-01", "2024-02-29"},
                      {"2023-05-31", "2023-05-31", "2023-05-31"},
                      {"2023-01-01/2023-06-30", "2023-01-01", "2023-06-30"}};
  for (const auto& r : rows) {
    INFO(r.text);
    const auto p = parse_period(r.text);
    REQUIRE(p);
    CHECK(to_string(p->start()) == r.start);
    CHECK(to_string(p->end()) == r.end);
    CHECK(p->str() == r.text);  // prints as written
  }
}

TEST_CASE("a period sits on the time axis at its start, as a fractional year", "[time]") {
  CHECK(parse_period("2015")->time() == 2015.0);
  CHECK(parse_period("2023-Q3")->time() == 2023 + 181.0 / 365);
  CHECK(parse_period("2024-03")->time() == 2024 + 60.0 / 366);  // leap year
  CHECK(fractional_year(*parse_date("2023-12-31")) == 2023 + 364.0 / 365);
}

TEST_CASE("bad periods and dates are rejected", "[time][bad-input]") {
  for (const char* bad : {"", "23", "2023-Q5", "2023-Q0", "2023-13", "2023-00", "2023-02-30", "2023-1-01", "2023/2024",
                          "2023-06-30/2023-01-01", " 2023", "2023 ", "abcd", "2023-05-31x", "0999"}) {
    INFO(bad);
    CHECK_FALSE(parse_period(bad));
  }
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2024-2-29"));
  CHECK_THROWS_AS(period(*parse_date("2024-02-02"), *parse_date("2024-02-01")), error);
}

TEST_CASE("day numbers round-trip across centuries", "[time]") {
  for (const char* d : {"1600-02-29", "1899-12-31", "1970-01-01", "2000-02-29", "2100-03-01", "2400-12-31"}) {
    const auto dt = parse_date(d);
    REQUIRE(dt);
    CHECK(to_string(date_from_day_number(day_number(*dt))) == d);
    CHECK(day_number(*dt) == (*dt - date(1970, 1, 1)).days());  // agrees with Boost.Date_Time
  }
}

TEST_CASE("periods order by start then end", "[time]") {
  CHECK(*parse_period("2023") < *parse_period("2023-Q2"));
  CHECK(*parse_period("2023-Q1") < *parse_period("2023"));  // same start, shorter first
  CHECK(*parse_period("2023-01-01/2023-12-31") == *parse_period("2023"));
  CHECK(parse_period("2023")->ended_by(*parse_date("2023-12-31")));
  CHECK_FALSE(parse_period("2023")->ended_by(*parse_date("2023-12-30")));
}
