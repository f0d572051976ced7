// The columnar store: series keyed and sorted, rows sorted, revisions kept, duplicates rejected
// with both lines named, bad rows collected without losing valid ones.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

namespace {
plan two_indicators() {
  plan_builder b(plan_id{"p"}, "P", *parse_period("2020-01-01/2030-12-31"));
  b.add_entity({entity_id{"LAO"}, "Lao PDR"});
  b.add_entity({entity_id{"AFG"}, "Afghanistan"});
  indicator a;
  a.id = indicator_id{"B"};
  b.add_indicator(a);
  indicator p;
  p.id = indicator_id{"A"};
  p.measure = measure::percentage;
  b.add_indicator(p);
  return std::move(b).build();
}
observation row(const char* ind, const char* ent, const char* per, double v, std::size_t line, const char* dis = "",
                const char* reported = nullptr) {
  observation o;
  o.indicator = indicator_id{ind};
  o.entity = entity_id{ent};
  o.disaggregation = dis;
  o.period = *parse_period(per);
  o.amount = v;
  if (reported) o.reported_on = parse_date(reported);
  o.where = location{"obs.csv", line, 0, {}};
  return o;
}
}  // namespace

TEST_CASE("series are keyed and sorted, rows are contiguous and sorted", "[store]") {
  const plan p = two_indicators();
  observation_builder b(p);
  b.append(row("B", "LAO", "2022", 3, 2));
  b.append(row("A", "LAO", "2021", 1, 3));
  b.append(row("B", "AFG", "2023", 5, 4));
  b.append(row("B", "LAO", "2020", 2, 5));
  b.append(row("B", "LAO", "2021", 7, 6, "sex=female"));
  const auto s = std::move(b).finish();
  REQUIRE(s.series_count() == 4);
  CHECK(s.row_count() == 5);
  // A/LAO, B/AFG, B/LAO, B/LAO[sex=female]
  CHECK(p.indicators()[s.series(0).indicator].id.str() == "A");
  CHECK(*s.series(1).entity == "AFG");
  const auto lao = s.series(2);
  CHECK(*lao.entity == "LAO");
  CHECK(lao.disaggregation->empty());
  REQUIRE(lao.size() == 2);
  CHECK(lao.amount[0] == 2);  // 2020 before 2022
  CHECK(lao.amount[1] == 3);
  CHECK(lao.amount.data() + 1 == &lao.amount[1]);  // contiguous
  CHECK(*s.series(3).disaggregation == "sex=female");
}

TEST_CASE("a revision is kept, a duplicate names both lines", "[store][bad-input]") {
  const plan p = two_indicators();
  SECTION("different reported_on: both kept") {
    observation_builder b(p);
    b.append(row("B", "LAO", "2022", 3, 2, "", "2023-04-30"));
    b.append(row("B", "LAO", "2022", 4, 3, "", "2023-09-01"));
    const auto s = std::move(b).finish();
    CHECK(s.series(0).size() == 2);
  }
  SECTION("same period, no reported_on: an error naming both lines") {
    observation_builder b(p);
    b.append(row("B", "LAO", "2022", 3, 7));
    b.append(row("B", "LAO", "2023", 1, 8));
    b.append(row("B", "LAO", "2022", 4, 12));
    const auto ps = test::problems_of([&] { (void)std::move(b).finish(); });
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].code == errc::obs_duplicate);
    CHECK(ps[0].where.str() == "obs.csv:12");
    CHECK(ps[0].message.find("obs.csv:7") != std::string::npos);
  }
}

TEST_CASE("bad rows are all reported", "[store][bad-input]") {
  const plan p = two_indicators();
  observation_builder b(p);
  b.append(row("A", "LAO", "2021", 50, 2));
  b.append(row("Z", "LAO", "2021", 1, 3));     // unknown indicator
  b.append(row("A", "XXX", "2021", 1, 4));     // unknown entity
  b.append(row("A", "AFG", "2021", 101, 5));   // percentage > 100
  b.append(row("B", "AFG", "2021", std::numeric_limits<double>::quiet_NaN(), 6));
  b.append(row("B", "AFG", "2022", std::numeric_limits<double>::infinity(), 7));
  b.append(row("B", "*", "2022", 1, 8));       // the collective is always allowed
  CHECK(b.size() == 2);
  const auto ps = test::problems_of([&] { (void)std::move(b).finish(); });
  REQUIRE(ps.size() == 5);
  CHECK(ps[0].code == errc::obs_unknown_indicator);
  CHECK(ps[1].code == errc::obs_unknown_entity);
  CHECK(ps[2].code == errc::obs_out_of_range);
  CHECK(ps[3].code == errc::obs_not_finite);
  CHECK(ps[4].code == errc::obs_not_finite);
  CHECK(ps[4].where.line == 7);
}

TEST_CASE("unsorted input is sorted, and sorted input takes the same result", "[store]") {
  const plan p = two_indicators();
  std::vector<observation> rows = {row("B", "LAO", "2022", 3, 2),          row("B", "AFG", "2021", 1, 3),
                                   row("A", "LAO", "2021", 9, 4),          row("B", "LAO", "2020", 2, 5),
                                   row("B", "LAO", "2020-Q3", 8, 6),       row("B", "LAO", "2020-01-01/2020-06-30", 5, 7),
                                   row("B", "LAO", "2021", 4, 8, "", "2022-05-01")};
  auto build = [&](const std::vector<observation>& in) {
    observation_builder b(p);
    for (const auto& r : in) b.append(r);
    return std::move(b).finish();
  };
  const auto shuffled = build(rows);
  std::vector<observation> sorted = {rows[2], rows[1], rows[3], rows[5], rows[4], rows[6], rows[0]};
  const auto ordered = build(sorted);
  for (const auto* s : {&shuffled, &ordered}) {
    REQUIRE(s->series_count() == 3);
    const auto lao = s->series(2);
    REQUIRE(lao.size() == 5);
    // 2020 (year) and 2020-01-01/2020-06-30 start together: the shorter one first, then 2020-Q3.
    CHECK(lao.period_of(0).str() == "2020-01-01/2020-06-30");
    CHECK(lao.period_of(1).str() == "2020");
    CHECK(lao.period_of(2).str() == "2020-Q3");
    CHECK(lao.reported_on(3) == day_number(*parse_date("2022-05-01")));
    CHECK(lao.reported_on(4) == no_report_date);
    CHECK(lao.amount[4] == 3);
  }
}

TEST_CASE("parts parsed apart and absorbed equal one pass", "[store][parallel]") {
  const plan p = two_indicators();
  std::vector<observation> rows;
  std::size_t line = 2;
  for (const char* ent : {"AFG", "LAO"})
    for (int y = 2020; y <= 2025; ++y) rows.push_back(row("B", ent, std::to_string(y).c_str(), y - 2000.0, line++));
  rows[3].flag = obs_flag::estimated;   // optional columns only in the first part
  rows[9].source = "Monitor";           // ... and only in the second
  for (std::size_t cut : {std::size_t{1}, std::size_t{3}, std::size_t{6}, std::size_t{8}}) {
    INFO("cut at " << cut);
    observation_builder whole(p), first(p), second(p);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      whole.append(rows[k]);
      (k < cut ? first : second).append(rows[k]);
    }
    first.absorb(std::move(second));
    const auto a = std::move(whole).finish(), b = std::move(first).finish();
    REQUIRE(a.series_count() == b.series_count());
    for (std::size_t i = 0; i < a.series_count(); ++i) {
      const auto x = a.series(i), y = b.series(i);
      REQUIRE(x.size() == y.size());
      for (std::size_t r = 0; r < x.size(); ++r) {
        CHECK(x.amount[r] == y.amount[r]);
        CHECK(x.flag(r) == y.flag(r));
      }
    }
    CHECK(b.source_of_row(9) == "Monitor");
    CHECK(b.series(0).flag(3) == obs_flag::estimated);
  }
  SECTION("a duplicate across the seam names both lines") {
    observation_builder first(p), second(p);
    first.append(rows[0]);
    first.append(rows[1]);
    auto dup = rows[1];
    dup.where.line = 40;
    second.append(dup);
    first.absorb(std::move(second));
    const auto ps = test::problems_of([&] { (void)std::move(first).finish(); });
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].where.line == 40);
    CHECK(ps[0].message.find("obs.csv:3") != std::string::npos);
  }
}
