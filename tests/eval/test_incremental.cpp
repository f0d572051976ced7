// live_evaluation::update checks rows with the observation store's own checks: every bad row gets
// the code, message and location a loader gives it, and an update with a bad row changes nothing.
#include "support.hpp"

#include <iterator>
#include <limits>
#include <sstream>
#include <tuple>

using namespace waypoint;

// Named (not anonymous) helpers: the test program is one unity batch.
namespace live_checks {

const std::string plan_text = R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
entities: [{id: AAA}, {id: BBB}]
populations: [{id: parties}]
)" + test::one_action_yaml + R"(          - {id: AREA, measure: amount, scope: national}
          - id: PCT
            measure: percentage
            scope: national
            dimensions: [{id: sex, categories: [female, male]}]
          - {id: NOTE, measure: qualitative, scope: national}
          - id: TOTAL
            measure: amount
            scope: collective
            aggregate: {rule: sum, population: parties, of: AREA}
)";

observation row(const char* ind, const char* ent, int year, double v, std::size_t line, const char* dis = "") {
  observation o;
  o.indicator = indicator_id{ind};
  o.entity = entity_id{ent};
  o.disaggregation = dis;
  o.period = period::year(year);
  o.amount = v;
  o.where = location{"update.csv", line, 5, {}};
  return o;
}

std::vector<observation> base_rows() {
  std::vector<observation> rows;
  std::size_t line = 2;
  for (int y = 2020; y <= 2023; ++y) {
    rows.push_back(row("AREA", "AAA", y, 10.0 + y % 5, line++));
    rows.push_back(row("AREA", "BBB", y, 4.0 + y % 3, line++));
    rows.push_back(row("PCT", "AAA", y, 20.0 + 3 * (y % 4), line++));
  }
  for (auto& r : rows) r.where.file = "base.csv";
  return rows;
}

/// (code, location, message) of each problem, in order.
std::vector<std::tuple<std::string, std::string, std::string>> described(const std::vector<problem>& ps) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& p : ps) out.emplace_back(std::string(to_string(p.code)), p.where.str(), p.message);
  return out;
}

/// The problems of the store builder given `rows`.
std::vector<problem> store_problems(const plan& p, const std::vector<observation>& rows) {
  return test::problems_of([&] {
    observation_builder b(p);
    for (const auto& r : rows) b.append(r);
    (void)std::move(b).finish();
  });
}

std::string live_csv(const plan& p, const evaluation& ev) {
  std::ostringstream out;
  io::write_csv(out, p, ev);
  return out.str();
}

}  // namespace live_checks

TEST_CASE("live_evaluation::update rejects a bad row with the store's code, message and location, for each row check",
          "[incremental][store]") {
  using namespace live_checks;
  const plan p = io::parse_plan(plan_text, io::plan_format::yaml, "p.yaml");
  live_evaluation live(p, test::store_of(p, base_rows()), std::nullopt);
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  struct bad {
    std::vector<observation> rows;
    errc code;
  };
  const bad cases[] = {
      {{row("NOPE", "AAA", 2024, 1, 7)}, errc::obs_unknown_indicator},
      {{row("AREA", "ZZZ", 2024, 1, 7)}, errc::obs_unknown_entity},
      {{row("AREA", "ZZZ", 2024, nan, 7)}, errc::obs_unknown_entity},  // the first check that fails decides
      {{row("PCT", "AAA", 2024, 50, 7, "sex=other")}, errc::obs_bad_group},
      {{row("PCT", "AAA", 2024, 50, 7, "age=0-17")}, errc::obs_bad_group},
      {{row("PCT", "AAA", 2024, 150, 7, "sex")}, errc::obs_bad_group},
      {{row("TOTAL", "*", 2024, 55, 7)}, errc::obs_aggregated},
      {{row("TOTAL", "*", 2024, inf, 7)}, errc::obs_aggregated},
      {{row("AREA", "AAA", 2024, nan, 7)}, errc::obs_not_finite},
      {{row("AREA", "AAA", 2024, -inf, 7)}, errc::obs_not_finite},
      {{row("PCT", "BBB", 2024, nan, 7)}, errc::obs_not_finite},
      {{row("PCT", "BBB", 2024, 101.5, 7)}, errc::obs_out_of_range},
      {{row("PCT", "BBB", 2024, -0.25, 7)}, errc::obs_out_of_range},
      {{row("PCT", "BBB", 2024, 1e300, 7)}, errc::obs_out_of_range},
      {{row("PCT", "BBB", 2024, 100.00000000000001, 7, "sex=male")}, errc::obs_out_of_range},
      // A period given twice in one update, with and without a group: the second row, naming the first.
      {{row("AREA", "BBB", 2025, 1, 7), row("AREA", "BBB", 2025, 2, 9)}, errc::obs_duplicate},
      {{row("PCT", "AAA", 2025, 1, 7, "sex=female"), row("PCT", "AAA", 2025, 2, 8, "sex=female")}, errc::obs_duplicate},
  };
  const auto before = live_csv(p, live.snapshot());
  for (const auto& c : cases) {
    INFO(c.code << " at " << c.rows.back().indicator.str() << "/" << c.rows.back().entity.str() << " " << c.rows.back().amount);
    const auto from_store = store_problems(p, c.rows);
    const auto from_live = test::problems_of([&] { (void)live.update(c.rows); });
    REQUIRE(from_store.size() == 1);
    CHECK(from_store[0].code == c.code);
    CHECK(described(from_live) == described(from_store));
    CHECK(live_csv(p, live.snapshot()) == before);
  }
  const auto dup = store_problems(p, cases[std::size(cases) - 1].rows);
  CHECK(dup[0].message == "duplicate value for PCT/AAA/sex=female period 2025, first given at update.csv:7 (a revision needs a different reported_on)");
  CHECK(dup[0].where.str() == "update.csv:8");

  SECTION("rows the store accepts, the update accepts") {
    auto note = row("NOTE", "AAA", 2024, nan, 7);  // a qualitative row carries no number: NaN is not checked
    note.text = "under way";
    const std::vector<observation> good = {row("PCT", "BBB", 2024, 100, 7, "sex=male"), row("PCT", "BBB", 2024, 0, 8), note,
                                           row("AREA", "BBB", 2026, 3, 9)};
    observation_builder b(p);
    for (const auto& r : good) b.append(r);
    CHECK_NOTHROW((void)std::move(b).finish());
    CHECK(live.update(good) == 4 + 1);  // and TOTAL, which sums AREA
  }
}

TEST_CASE("an update with a bad row changes nothing, reports like the loader, and its good rows then go in whole",
          "[incremental][store]") {
  using namespace live_checks;
  const plan p = io::parse_plan(plan_text, io::plan_format::yaml, "p.yaml");
  live_evaluation live(p, test::store_of(p, base_rows()), std::nullopt);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<observation> good = {row("AREA", "AAA", 2024, 12, 3), row("PCT", "AAA", 2024, 31, 5), row("AREA", "BBB", 2025, 6, 6),
                                         row("PCT", "BBB", 2024, 40, 9, "sex=female"), row("AREA", "AAA", 2026, 9, 12)};
  // Interleaved with the good rows, out of series order, one of each problem.
  const std::vector<observation> mixed = {
      row("PCT", "BBB", 2024, 140, 2), good[0],  row("NOPE", "AAA", 2024, 1, 4), good[1], good[2],
      row("AREA", "BBB", 2025, 7, 7),  row("TOTAL", "*", 2024, 1, 8), good[3], row("AREA", "AAA", 2025, nan, 10),
      row("PCT", "AAA", 2024, 5, 11, "sex=x"), good[4], row("AREA", "ZZZ", 2024, 1, 13)};
  const auto before = live_csv(p, live.snapshot());
  const auto counts_before = live.status_counts();

  auto base_and = [&](const std::vector<observation>& extra) {
    auto rows = base_rows();
    rows.insert(rows.end(), extra.begin(), extra.end());
    return rows;
  };
  const auto from_store = store_problems(p, base_and(mixed));
  const auto from_live = test::problems_of([&] { (void)live.update(mixed); });
  CHECK(from_store.size() == 7);
  CHECK(described(from_live) == described(from_store));  // the same problems, in the same order
  for (const errc code : {errc::obs_unknown_indicator, errc::obs_unknown_entity, errc::obs_bad_group, errc::obs_aggregated, errc::obs_not_finite,
                           errc::obs_out_of_range, errc::obs_duplicate})
    CHECK(test::has_code(from_live, code));
  // All or nothing: the evaluation is as before, and no valid row went in.
  CHECK(live_csv(p, live.snapshot()) == before);
  CHECK(live.status_counts() == counts_before);

  // The good rows, sent again on their own, all go in: the result is the loader's on the same rows.
  CHECK(live.update(good) == 4 + 1);  // AREA/AAA, AREA/BBB, PCT/AAA, PCT/BBB/sex=female, and TOTAL
  const auto full = evaluate(p, test::store_of(p, base_and(good)), std::nullopt);
  CHECK(live_csv(p, live.snapshot()) == live_csv(p, full));
  CHECK(live.status_counts() == full.status_counts());
}
