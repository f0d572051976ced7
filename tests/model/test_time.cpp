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

TEST_CASE("the fast calendar paths agree with the general algorithm on every day from 1400 to 2600", "[time]") {
  // year_of_days and jan1_days take a shortcut for 1901-2099; compare with civil_from_days everywhere.
  const std::int32_t from = waypoint::detail::days_from_civil(1400, 1, 1), to = waypoint::detail::days_from_civil(2600, 12, 31);
  std::int32_t mismatches = 0;
  for (std::int32_t d = from; d <= to; ++d) {
    const auto c = waypoint::detail::civil_from_days(d);
    if (waypoint::detail::year_of_days(d) != c.y) ++mismatches;
    if (c.m == 1 && c.d == 1 && waypoint::detail::jan1_days(c.y) != d) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(waypoint::detail::year_of_days(waypoint::detail::days_1901 - 1) == 1900);
  CHECK(waypoint::detail::year_of_days(waypoint::detail::days_2100) == 2100);
  CHECK(waypoint::detail::year_of_days(waypoint::detail::days_2100 - 1) == 2099);
  // The period helpers built on them.
  for (int y : {1900, 1901, 1904, 2000, 2024, 2099, 2100, 2101}) {
    const auto p = waypoint::period::year(y);
    CHECK(p.start() == waypoint::date(static_cast<unsigned short>(y), 1, 1));
    CHECK(p.end() == waypoint::date(static_cast<unsigned short>(y), 12, 31));
    CHECK(p.time() == static_cast<double>(y));
    CHECK(waypoint::detail::period_end_days(p.start_days(), waypoint::period_kind::year) == p.end_days());
    const auto f = waypoint::detail::period_facts_of(p.start_days(), waypoint::period_kind::year);
    CHECK(f.end == p.end_days());
    CHECK(f.time == p.time());
    const auto q = waypoint::period::quarter(y, 4);
    const auto fq = waypoint::detail::period_facts_of(q.start_days(), waypoint::period_kind::quarter);
    CHECK(fq.end == q.end_days());
    CHECK(fq.time == q.time());
  }
}

TEST_CASE("the row helpers of model/time.hpp agree with the period class on every day and kind", "[time]") {
  // The store and the evaluator never build a `period` per row: they compute a row's last day and
  // time-axis position from (start, kind) with detail::period_end_days and period_facts_of. Pin
  // them to the period class, and the class to Boost's calendar, on every day from 1400 to 2600
  // (inside and outside the 1901-2099 fast paths).
  using namespace waypoint::detail;
  const std::int32_t from = days_from_civil(1400, 1, 1), to = days_from_civil(2600, 12, 31);
  std::int32_t mismatches = 0;
  std::string first;
  const auto check = [&](bool ok, const char* what, std::int32_t d) {
    if (ok) return;
    if (mismatches++ == 0) first = std::string(what) + " on " + iso_of_days(d);
  };
  const auto same_facts = [](period_facts f, std::int32_t end, double time) { return f.end == end && f.time == time; };
  for (std::int32_t d = from; d <= to; ++d) {
    const civil c = civil_from_days(d);
    const date day = date_from_day_number(d);
    const period holding[] = {period::year(c.y), period::quarter(c.y, (c.m - 1) / 3 + 1), period::month(c.y, c.m), period::day(day)};
    const date last_day[] = {date(static_cast<unsigned short>(c.y), 12, 31),
                             date(static_cast<unsigned short>(c.y), static_cast<unsigned short>(quarter_end_month(c.m)), 1).end_of_month(),
                             day.end_of_month(), day};
    for (std::size_t k = 0; k < 4; ++k) {
      const period& p = holding[k];
      const period_kind kind = p.kind();
      check(p.end() == last_day[k], "the class's period end against Boost", d);
      check(p.start() <= day && p.contains(day), "the class's period holds the day", d);
      // The last day of the period holding d, from (d, kind) alone.
      check(period_end_days(d, kind) == p.end_days(), "period_end_days", d);
      // Facts of a period starting on d: the end as above, the time as the class computes it.
      const period starting = period::from_days(d, p.end_days(), kind);
      check(same_facts(period_facts_of(d, kind), p.end_days(), starting.time()), "period_facts_of", d);
      if (d == p.start_days()) check(same_facts(period_facts_of(d, kind), p.end_days(), p.time()), "period_facts_of at a period start", d);
    }
    check(same_facts(year_period_facts(d), holding[0].end_days(), holding[0].time()), "year_period_facts", d);
    // A stored range keeps its end; its time is the fractional year of its start, like the class's.
    const period range = period::from_days(d, d + 45, period_kind::range);
    check(fractional_year_of_days(d) == range.time() && period_facts_of(d, period_kind::range).time == range.time(), "range time", d);
    check(fractional_year_of_days(d) == fractional_year(day), "fractional_year", d);
  }
  INFO(first);
  CHECK(mismatches == 0);
}
