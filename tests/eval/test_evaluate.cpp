// The evaluator: as-of filtering, revisions, accumulation kinds, non-numeric measures, gaps,
// trend and projection, and determinism.
#include <catch2/catch.hpp>

#include <mutex>
#include <sstream>

#include "support.hpp"

using namespace waypoint;

namespace {

plan small_plan(accumulation acc = accumulation::level, measure m = measure::amount) {
  plan_builder b(plan_id{"p"}, "Test plan", *parse_period("2021-01-01/2030-12-31"));
  b.add_event({event_id{"MSP"}, "Meeting", *parse_date("2024-09-10")});
  b.add_section(section{section_id{"s"}, "S", {}, {}, {}});
  b.add_action(action{action_id{"a"}, section_id{"s"}, "Do it", {}, {}});
  indicator i;
  i.id = indicator_id{"I"};
  i.action = action_id{"a"};
  i.measure = m;
  i.accumulation = acc;
  i.baseline = baseline{std::nullopt, period::year(2020), ""};
  if (is_quantitative(m)) {
    i.milestones.push_back({value::number(50), time_ref{event_id{"MSP"}}, true, std::nullopt});
    i.target = target{value::number(100), period::year(2030)};
  } else if (m == measure::binary) {
    i.target = target{value::text("yes"), period::year(2030)};
  }
  b.add_indicator(i);
  b.set_method_check(method_checker());
  return std::move(b).build();
}

observation obs(const char* period_text, double v, const char* reported = nullptr, const char* entity = "A") {
  observation o;
  o.indicator = indicator_id{"I"};
  o.entity = entity_id{entity};
  o.period = *parse_period(period_text);
  o.amount = v;
  if (reported) o.reported_on = parse_date(reported);
  return o;
}

observation_store store_of(const plan& p, const std::vector<observation>& rows) {
  observation_builder b(p);
  for (const auto& r : rows) b.append(r);
  return std::move(b).finish();
}

}  // namespace

TEST_CASE("as-of uses periods ended by the date and values reported by then", "[evaluate][as-of]") {
  const plan p = small_plan();
  const auto st = store_of(p, {obs("2020", 0), obs("2022", 20, "2023-04-30"), obs("2022", 30, "2023-09-01"), obs("2023", 40)});
  auto current = [&](const char* d) {
    const auto ev = evaluate(p, st, parse_date(d));
    REQUIRE(ev.series.size() == 1);
    return ev.series[0].outcome.current;
  };
  CHECK(current("2022-12-31")->amount == 0);   // 2022 had not been reported
  CHECK(current("2023-05-01")->amount == 20);  // first release of 2022
  CHECK(current("2023-09-01")->amount == 30);  // the revision
  CHECK(current("2023-12-31")->amount == 40);  // 2023 ended
  CHECK(current("2023-12-30")->amount == 30);  // 2023 not yet ended
  const auto all = evaluate(p, st, std::nullopt);
  CHECK(all.series[0].outcome.current->amount == 40);
  CHECK(all.series[0].n_points == 3);  // 2020, 2022 (latest revision), 2023
}

TEST_CASE("series report trend, expected path, gaps and projection", "[evaluate][gaps]") {
  const plan p = small_plan();
  // Baseline period 2020 without a value: the series' own 2020 value is the base.
  const auto st = store_of(p, {obs("2020", 0), obs("2021", 10), obs("2022", 22), obs("2023", 30)});
  const auto ev = evaluate(p, st, parse_date("2024-06-30"));
  const auto& s = ev.series.at(0);
  CHECK(s.method == "linear-trajectory");
  REQUIRE(s.outcome.base);
  CHECK(s.outcome.base->amount == 0);
  CHECK(s.outcome.current->at.str() == "2023");
  CHECK(s.n_points == 4);
  // OLS over (2020,0) (2021,10) (2022,22) (2023,30): slope = 10.2
  CHECK(test::same(s.trend.slope, 10.2));
  CHECK(test::same(s.projected_value, *s.trend.intercept + 10.2 * 2030));
  // Path 0 (2020) → 50 (MSP 2024-09-10) → 100 (2030). At 2023.0:
  const double t_msp = fractional_year(*parse_date("2024-09-10"));
  const double expected = 50.0 * (2023 - 2020) / (t_msp - 2020);
  CHECK(test::same(s.expected_value, expected));
  CHECK(test::same(s.gap_to_trajectory, expected - 30));
  CHECK(test::same(s.gap_to_target, 70.0));
  REQUIRE(s.next_milestone);
  CHECK(s.next_milestone->at.str() == "2024-09-10");
  CHECK(s.next_milestone->aspirational);
  CHECK(test::same(s.gap_to_milestone, 20.0));
  CHECK(test::same(s.cagr, std::nullopt));  // base 0: CAGR undefined, never 0
}

TEST_CASE("accumulation kinds form the period's actual", "[evaluate][accumulation]") {
  SECTION("cumulative: the running sum") {
    const plan p = small_plan(accumulation::cumulative);
    const auto ev = evaluate(p, store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 20)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 35);
    CHECK(ev.series[0].outcome.base->amount == 5);
  }
  SECTION("flow: per period, plus the total over the plan period") {
    const plan p = small_plan(accumulation::flow);
    const auto ev = evaluate(p, store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 20)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 20);
    CHECK(test::same(ev.series[0].plan_total, 30.0));  // 2020 is before the plan period
  }
  SECTION("level: the latest value") {
    const plan p = small_plan(accumulation::level);
    const auto ev = evaluate(p, store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 7)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 7);
    CHECK_FALSE(ev.series[0].plan_total);
  }
}

TEST_CASE("binary and qualitative measures", "[evaluate][measures]") {
  SECTION("binary: achieved, not due, overdue") {
    const plan p = small_plan(accumulation::level, measure::binary);
    const auto st = store_of(p, {obs("2022", 0, nullptr, "A"), obs("2022", 1, nullptr, "B")});
    auto ev = evaluate(p, st, parse_date("2025-01-01"));
    CHECK(ev.series[0].outcome.status == status::not_due);
    CHECK(ev.series[1].outcome.status == status::achieved);
    ev = evaluate(p, st, parse_date("2031-01-01"));  // the target (2030) has passed
    CHECK(ev.series[0].outcome.category == "overdue");
    CHECK(ev.series[0].outcome.status == status::off_track);
  }
  SECTION("qualitative: not assessable, narrative kept") {
    const plan p = small_plan(accumulation::level, measure::qualitative);
    auto o = obs("2022", 0);
    o.text = "Consultations under way";
    const auto ev = evaluate(p, store_of(p, {o}), std::nullopt);
    CHECK(ev.series[0].outcome.status == status::not_applicable);
    CHECK(ev.series[0].outcome.category == "not_assessable");
    CHECK(ev.series[0].narrative == "Consultations under way");
  }
}

TEST_CASE("missing data never throws: insufficient_data with a reason", "[evaluate][insufficient]") {
  const plan p = small_plan();
  SECTION("an indicator without observations gets a row") {
    const auto ev = evaluate(p, store_of(p, {}), std::nullopt);
    REQUIRE(ev.series.size() == 1);
    CHECK(ev.series[0].outcome.status == status::insufficient_data);
    CHECK(ev.series[0].outcome.reason == "no observations for this indicator");
  }
  SECTION("all data after the as-of date") {
    const auto ev = evaluate(p, store_of(p, {obs("2025", 5)}), parse_date("2022-01-01"));
    CHECK(ev.series[0].outcome.status == status::insufficient_data);
    CHECK_FALSE(ev.series[0].outcome.reason.empty());
  }
}

TEST_CASE("run-wide method and parameter overrides", "[evaluate][methods]") {
  const plan p = small_plan();
  const auto st = store_of(p, {obs("2020", 10), obs("2023", 30)});
  evaluation_options opt;
  opt.method = "sdg-canada";
  opt.params = {{"base_year", "2020"}};
  const auto ev = evaluate(p, st, std::nullopt, opt);
  CHECK(ev.series[0].method == "sdg-canada");
  CHECK(ev.series[0].outcome.category == "substantial_progress");
  opt.method = "nope";
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, st, std::nullopt, opt); }), "method.unknown"));
  opt.method = "";
  opt.params = {{"tolerance", "x"}};
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, st, std::nullopt, opt); }), "method.bad_param"));
}

TEST_CASE("traces record inputs and can be turned off", "[evaluate][trace]") {
  const plan p = small_plan();
  const auto st = store_of(p, {obs("2020", 0), obs("2023", 30)});
  auto ev = evaluate(p, st, std::nullopt);
  const auto traced_status = ev.series[0].outcome.status;
  const auto& tr = ev.series[0].outcome.trace;
  CHECK_FALSE(tr.rule.empty());
  CHECK(tr.points.size() == 2);
  CHECK_FALSE(tr.thresholds.empty());
  evaluation_options opt;
  opt.traces = false;
  ev = evaluate(p, st, std::nullopt, opt);
  CHECK(ev.series[0].outcome.trace.rule.empty());
  CHECK(ev.series[0].outcome.status == traced_status);  // traces never change the result
}

namespace {
/// A plan with many series: `n_ind` indicators × `n_ent` entities × 6 years, some without data.
struct batch {
  plan p = io::parse_plan(
      [] {
        std::string t = "indicator,direction,target,target_year,limit,base_year\n";
        for (int i = 0; i < 12; ++i) t += "I" + std::to_string(i) + (i % 2 ? ",-1," : ",1,") + (i % 3 ? "50" : "") + ",2030,,2015\n";
        return t;
      }(),
      io::plan_format::indicator_table, "batch.csv");
  observation_store s = [this] {
    std::string t = "indicator,entity,year,value\n";
    for (int i = 0; i < 11; ++i)  // I11 has no data: a no-data row
      for (int e = 0; e < 40; ++e)
        for (int y = 2015; y <= 2020; ++y) t += "I" + std::to_string(i) + ",E" + std::to_string(e) + "," + std::to_string(y) + "," + std::to_string(10 + i + e * 0.5 + (y - 2015) * (e % 5 - 2)) + "\n";
    return io::parse_observations(t, p, "batch_obs.csv");
  }();
};
std::string csv_of(const plan& p, const evaluation& ev) {
  std::ostringstream out;
  io::write_csv(out, p, ev);
  return out.str();
}
}  // namespace

TEST_CASE("results do not depend on the thread count or the block size", "[evaluate][parallel]") {
  batch b;
  evaluation_options one, many;
  one.threads = 1;
  many.threads = 7;
  const auto a = csv_of(b.p, evaluate(b.p, b.s, std::nullopt, one));
  CHECK(a == csv_of(b.p, evaluate(b.p, b.s, std::nullopt, many)));
  std::ostringstream streamed;
  io::evaluate_to_csv(streamed, b.p, b.s, std::nullopt, many);
  CHECK(streamed.str() == a);
  // Small blocks: many blocks, each cut into parts, each part handed over in runs of 5 rows.
  std::vector<std::string> rows;
  evaluate_in_blocks(
      b.p, b.s, std::nullopt, many, [&](std::size_t first, std::span<series_result> part) {
        static std::mutex m;
        const std::lock_guard<std::mutex> lock(m);
        if (rows.size() < first + part.size()) rows.resize(first + part.size());
        for (std::size_t k = 0; k < part.size(); ++k) rows[first + k] = part[k].indicator.str() + "/" + part[k].entity.str();
      },
      [] {}, 37, 5);
  REQUIRE(rows.size() == 11 * 40 + 1);
  CHECK(rows.front() == "I0/E0");
  CHECK(rows.back() == "I9/E9");
  CHECK(std::find(rows.begin(), rows.end(), "I11/") != rows.end());  // the no-data row, in id order
}

TEST_CASE("partitions are disjoint, cover everything and merge into the single run", "[evaluate][partition]") {
  batch b;
  const auto whole = evaluate(b.p, b.s, std::nullopt);
  std::vector<std::string> merged;
  std::size_t total = 0;
  for (unsigned k = 0; k < 3; ++k) {
    evaluation_options opt;
    opt.partition = evaluation_options::partition_spec{k, 3};
    const auto part = evaluate(b.p, b.s, std::nullopt, opt);
    CHECK(part.series.size() > 0);
    total += part.series.size();
    std::istringstream lines(csv_of(b.p, part));
    std::string l;
    std::getline(lines, l);  // header
    while (std::getline(lines, l)) merged.push_back(l);
  }
  CHECK(total == whole.series.size());
  std::sort(merged.begin(), merged.end());  // rows begin with indicator,entity,disaggregation
  std::istringstream lines(csv_of(b.p, whole));
  std::string l;
  std::getline(lines, l);
  std::vector<std::string> single;
  while (std::getline(lines, l)) single.push_back(l);
  CHECK(merged == single);
  CHECK(partition_of("I1", "E1", 3) == partition_of("I1", "E1", 3));
  CHECK(partition_of("I1", "E1", 1) == 0);
  evaluation_options bad;
  bad.partition = evaluation_options::partition_spec{3, 3};
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(b.p, b.s, std::nullopt, bad); }), "eval.bad_partition"));
}

TEST_CASE("live_evaluation: updates equal a full re-evaluation", "[evaluate][incremental]") {
  batch b;
  live_evaluation live(b.p, io::parse_observations([&] {
                         std::string t = "indicator,entity,year,value\n";
                         for (int e = 0; e < 5; ++e)
                           for (int y = 2015; y <= 2019; ++y) t += "I1,E" + std::to_string(e) + "," + std::to_string(y) + "," + std::to_string(20 + e + y % 7) + "\n";
                         return t;
                       }(),
                                                  b.p, "base.csv"),
                       std::nullopt);
  std::string all = "indicator,entity,year,value\n";
  for (int e = 0; e < 5; ++e)
    for (int y = 2015; y <= 2019; ++y) all += "I1,E" + std::to_string(e) + "," + std::to_string(y) + "," + std::to_string(20 + e + y % 7) + "\n";
  auto obs = [](const char* ind, const char* ent, int year, double v, const char* reported = nullptr) {
    observation o;
    o.indicator = indicator_id{ind};
    o.entity = entity_id{ent};
    o.period = period::year(year);
    o.amount = v;
    if (reported) o.reported_on = parse_date(reported);
    return o;
  };
  auto check_same = [&](const std::string& csv) {
    const auto full = evaluate(b.p, io::parse_observations(csv, b.p, "all.csv"), std::nullopt);
    CHECK(csv_of(b.p, live.snapshot()) == csv_of(b.p, full));
    CHECK(live.status_counts() == full.status_counts());
  };
  check_same(all);
  SECTION("a new year for an existing series, a new series, and an indicator that had no data") {
    const std::vector<observation> batch1 = {obs("I1", "E2", 2020, 40), obs("I1", "E9", 2016, 3), obs("I1", "E9", 2019, 9),
                                             obs("I7", "E0", 2015, 10), obs("I7", "E0", 2018, 12)};
    CHECK(live.update(batch1) == 3);
    check_same(all + "I1,E2,2020,40\nI1,E9,2016,3\nI1,E9,2019,9\nI7,E0,2015,10\nI7,E0,2018,12\n");
    // The same series again: its owned copy grows.
    CHECK(live.update(std::vector<observation>{obs("I1", "E2", 2021, 41)}) == 1);
    check_same(all + "I1,E2,2020,40\nI1,E9,2016,3\nI1,E9,2019,9\nI7,E0,2015,10\nI7,E0,2018,12\nI1,E2,2021,41\n");
  }
  SECTION("bad rows are all reported and change nothing") {
    const auto before = csv_of(b.p, live.snapshot());
    const auto ps = test::problems_of([&] {
      (void)live.update(std::vector<observation>{obs("I1", "E2", 2020, 40), obs("ZZ", "E2", 2020, 1), obs("I1", "E1", 2016, 1),
                                                 obs("I1", "E3", 2021, std::nan(""))});
    });
    CHECK(ps.size() == 3);
    CHECK(test::has_code(ps, "obs.unknown_indicator"));
    CHECK(test::has_code(ps, "obs.duplicate"));  // E1 2016 is already there without reported_on
    CHECK(test::has_code(ps, "obs.not_finite"));
    CHECK(csv_of(b.p, live.snapshot()) == before);
  }
}
