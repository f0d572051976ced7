// The evaluator: as-of filtering, revisions, accumulation kinds, non-numeric measures, gaps,
// trend and projection, and determinism.
#include <catch2/catch.hpp>

#include <mutex>
#include <set>
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

}  // namespace

TEST_CASE("as-of uses periods ended by the date and values reported by then", "[evaluate][as-of]") {
  const plan p = small_plan();
  const auto st = test::store_of(p, {obs("2020", 0), obs("2022", 20, "2023-04-30"), obs("2022", 30, "2023-09-01"), obs("2023", 40)});
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
  const auto st = test::store_of(p, {obs("2020", 0), obs("2021", 10), obs("2022", 22), obs("2023", 30)});
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
    const auto ev = evaluate(p, test::store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 20)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 35);
    CHECK(ev.series[0].outcome.base->amount == 5);
  }
  SECTION("flow: per period, plus the total over the plan period") {
    const plan p = small_plan(accumulation::flow);
    const auto ev = evaluate(p, test::store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 20)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 20);
    CHECK(test::same(ev.series[0].plan_total, 30.0));  // 2020 is before the plan period
  }
  SECTION("level: the latest value") {
    const plan p = small_plan(accumulation::level);
    const auto ev = evaluate(p, test::store_of(p, {obs("2020", 5), obs("2021", 10), obs("2022", 7)}), std::nullopt);
    CHECK(ev.series[0].outcome.current->amount == 7);
    CHECK_FALSE(ev.series[0].plan_total);
  }
}

TEST_CASE("binary and qualitative measures", "[evaluate][measures]") {
  SECTION("binary: achieved, not due, overdue") {
    const plan p = small_plan(accumulation::level, measure::binary);
    const auto st = test::store_of(p, {obs("2022", 0, nullptr, "A"), obs("2022", 1, nullptr, "B")});
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
    const auto ev = evaluate(p, test::store_of(p, {o}), std::nullopt);
    CHECK(ev.series[0].outcome.status == status::not_applicable);
    CHECK(ev.series[0].outcome.category == "not_assessable");
    CHECK(ev.series[0].narrative == "Consultations under way");
  }
}

TEST_CASE("missing data never throws: insufficient_data with a reason", "[evaluate][insufficient]") {
  const plan p = small_plan();
  SECTION("an indicator without observations gets a row") {
    const auto ev = evaluate(p, test::store_of(p, {}), std::nullopt);
    REQUIRE(ev.series.size() == 1);
    CHECK(ev.series[0].outcome.status == status::insufficient_data);
    CHECK(ev.series[0].outcome.reason == "no observations for this indicator");
  }
  SECTION("all data after the as-of date") {
    const auto ev = evaluate(p, test::store_of(p, {obs("2025", 5)}), parse_date("2022-01-01"));
    CHECK(ev.series[0].outcome.status == status::insufficient_data);
    CHECK_FALSE(ev.series[0].outcome.reason.empty());
  }
}

TEST_CASE("run-wide method and parameter overrides", "[evaluate][methods]") {
  const plan p = small_plan();
  const auto st = test::store_of(p, {obs("2020", 10), obs("2023", 30)});
  evaluation_options opt;
  opt.method = "sdg-canada";
  opt.params = {{"base_year", "2020"}};
  const auto ev = evaluate(p, st, std::nullopt, opt);
  CHECK(ev.series[0].method == "sdg-canada");
  CHECK(ev.series[0].outcome.category == "substantial_progress");
  opt.method = "nope";
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, st, std::nullopt, opt); }), errc::method_unknown));
  opt.method = "";
  opt.params = {{"tolerance", "x"}};
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, st, std::nullopt, opt); }), errc::method_bad_param));
}

TEST_CASE("traces record inputs and can be turned off", "[evaluate][trace]") {
  const plan p = small_plan();
  const auto st = test::store_of(p, {obs("2020", 0), obs("2023", 30)});
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
std::string csv_of(const plan& p, const evaluation& ev) {
  std::ostringstream out;
  io::write_csv(out, p, ev);
  return out.str();
}
}  // namespace

TEST_CASE("results do not depend on the thread count or the block size", "[evaluate][parallel]") {
  const test::batch b;
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
      [] {}, {}, 37, 5);
  REQUIRE(rows.size() == 11 * 40 + 1);
  CHECK(rows.front() == "I0/E0");
  CHECK(rows.back() == "I9/E9");
  CHECK(std::find(rows.begin(), rows.end(), "I11/") != rows.end());  // the no-data row, in id order
}

TEST_CASE("partitions are disjoint, cover everything and merge into the single run", "[evaluate][partition]") {
  const test::batch b;
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
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(b.p, b.s, std::nullopt, bad); }), errc::eval_bad_partition));
}

TEST_CASE("live_evaluation: updates equal a full re-evaluation", "[evaluate][incremental]") {
  const test::batch b;
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
    CHECK(test::has_code(ps, errc::obs_unknown_indicator));
    CHECK(test::has_code(ps, errc::obs_duplicate));  // E1 2016 is already there without reported_on
    CHECK(test::has_code(ps, errc::obs_not_finite));
    CHECK(csv_of(b.p, live.snapshot()) == before);
  }
}

namespace {
/// Every field of a batch row equals the same field of the full result, read through the field
/// table (so a new field is checked too), but the figures and the reason when `needs` left them out.
void check_same_row(const series_row& v, const series_result& r, detail::row_needs needs) {
  INFO(r.indicator.str() << " / " << r.entity.str() << " / " << r.disaggregation);
  const row_view a = row_view::of(v), b = row_view::of(r);
  for (const field_info& f : fields()) {
    if (!f.in_csv() || (f.figure && !needs.figures) || (f.id == field::reason && !needs.reasons)) continue;
    INFO("field " << f.name);
    switch (f.type) {
      case field_type::text: CHECK(f.text(a) == f.text(b)); break;
      case field_type::number: CHECK(f.number(a) == f.number(b)); break;  // exactly: the same arithmetic
      case field_type::integer: CHECK(f.integer(a) == f.integer(b)); break;
      case field_type::period: CHECK(f.at(a) == f.at(b)); break;
      case field_type::boolean: CHECK(f.boolean(a) == f.boolean(b)); break;
      case field_type::object: break;
    }
  }
  const auto same_anchor = [](const std::optional<anchor>& x, const std::optional<anchor>& y) {
    if (!x || !y) return !x && !y;
    return x->at == y->at && x->time == y->time && x->amount == y->amount && x->declared == y->declared;
  };
  CHECK(same_anchor(v.outcome.base, r.outcome.base));
  CHECK(same_anchor(v.outcome.current, r.outcome.current));
  CHECK(v.outcome.has_reason == !r.outcome.reason.empty());
}

/// Streams batch rows in small blocks and runs, checks each against `full` while it is valid, and
/// returns how many rows came.
std::size_t stream_and_check(const plan& p, const observation_store& s, const std::optional<date>& as_of, const evaluation_options& opt,
                             const evaluation& full, detail::row_needs needs) {
  std::vector<char> seen(full.series.size());
  std::mutex m;
  evaluate_in_blocks<series_row>(
      p, s, as_of, opt,
      [&](std::size_t first, std::span<series_row> part) {
        const std::lock_guard<std::mutex> lock(m);
        REQUIRE(first + part.size() <= full.series.size());
        for (std::size_t k = 0; k < part.size(); ++k) {
          check_same_row(part[k], full.series[first + k], needs);  // while the category and reason are valid
          seen[first + k] = 1;
        }
      },
      [] {}, needs, 7, 3);
  return static_cast<std::size_t>(std::count(seen.begin(), seen.end(), 1));
}

/// Every combination of what a batch row holds.
constexpr std::array<detail::row_needs, 4> all_needs = {{{true, true}, {true, false}, {false, true}, {false, false}}};

/// sdg-canada's cases in one store: targets and none, limits, zero and negative bases and targets,
/// opposite signs, a base year without data, one point, decreasing indicators, a maintain
/// indicator, groups with and without a group target, a withdrawn entity, revisions reported
/// later, a cumulative indicator and an indicator without data.
struct sdg_cases {
  plan p = [] {
    plan_builder b(plan_id{"p"}, "SDG cases", *parse_period("2015-01-01/2030-12-31"));
    entity e;
    e.id = entity_id{"GONE"};
    e.membership.entry_into_force = *parse_date("2010-08-01");
    e.membership.withdrawn = *parse_date("2019-06-30");
    b.add_entity(e);
    for (const auto& name : {"A", "B", "C"}) {
      entity x;
      x.id = entity_id{name};
      b.add_entity(x);
    }
    const auto add = [&](const char* id, direction d, std::optional<double> target, std::optional<double> limit,
                         accumulation acc = accumulation::level) {
      indicator i;
      i.id = indicator_id{id};
      i.direction = d;
      i.accumulation = acc;
      if (target) i.target = waypoint::target{value::number(*target), period::year(2030)};
      i.limit = limit;
      if (d == direction::maintain) i.range = value_range{5, 15};
      i.method = method_spec{"sdg-canada", {{"base_year", "2015"}}};
      if (std::string(id) == "T1") i.group_targets.push_back({"sex=female", waypoint::target{value::number(90), period::year(2030)}});
      b.add_indicator(i);
    };
    add("T1", direction::increase, 80, std::nullopt);
    add("T2", direction::decrease, 0, std::nullopt);
    add("T3", direction::increase, std::nullopt, 100);
    add("T4", direction::decrease, std::nullopt, std::nullopt);
    add("T5", direction::maintain, 10, std::nullopt);
    add("T6", direction::increase, 50, std::nullopt, accumulation::cumulative);
    add("T7", direction::increase, 50, std::nullopt);  // no data
    b.set_method_check(method_checker());
    return std::move(b).build();
  }();
  observation_store s = [this] {
    std::string t = "indicator,entity,dim:sex,year,value,reported_on\n";
    const char* inds[] = {"T1", "T2", "T3", "T4", "T5", "T6"};
    const char* ents[] = {"A", "B", "C", "GONE"};
    // Per entity a shape: rising, falling through zero, starting at zero, negative, gap at the base year, one point.
    for (int i = 0; i < 6; ++i)
      for (int e = 0; e < 4; ++e)
        for (int y = 2015; y <= 2022; ++y) {
          const int shape = (i + e) % 6;
          if (shape == 4 && y == 2015) continue;  // no value in the base year
          if (shape == 5 && y > 2015) continue;   // one point
          const double v = shape == 0 ? 20 + 3.5 * (y - 2015)
                           : shape == 1 ? 6 - 1.5 * (y - 2015)
                           : shape == 2 ? (y == 2015 ? 0 : 2.0 * (y - 2015))
                           : shape == 3 ? -10 + 0.25 * (y - 2015) * (y - 2015)
                                        : 70 - (y - 2015) * 1.25;
          t += std::string(inds[i]) + "," + ents[e] + ",," + std::to_string(y) + "," + std::to_string(v) + ",\n";
          if (i == 0 && e < 2) t += std::string(inds[i]) + "," + ents[e] + "," + (e ? "male" : "female") + "," + std::to_string(y) + "," + std::to_string(v / 2 + y % 3) + ",\n";
        }
    // A revision of the latest value, reported in 2024.
    t += "T1,A,,2022,99,2024-03-01\n";
    return io::parse_observations(t, p, "sdg_cases.csv");
  }();
};
}  // namespace

TEST_CASE("batch values equal the full results field by field, on every path", "[evaluate][batch]") {
  sdg_cases c;
  for (const auto& as_of : {std::optional<date>{}, std::optional<date>{*parse_date("2023-12-31")}, std::optional<date>{*parse_date("2019-12-31")}}) {
    for (const unsigned threads : {1u, 3u}) {
      INFO("as of " << (as_of ? to_string(*as_of) : std::string("latest")) << ", " << threads << " threads");
      evaluation_options opt;
      opt.threads = threads;
      const auto full = evaluate(c.p, c.s, as_of, opt);
      // The cases are all there: every sdg-canada category, a withdrawn entity, a no-data row.
      std::set<std::string> categories;
      for (const auto& r : full.series) categories.insert(r.outcome.category);
      if (!as_of) {
        for (const auto* want : {"target_achieved", "substantial_progress", "deterioration", "not_available", "withdrawn"})
          CHECK(categories.count(want) == 1);
        // The no-data row says it in sdg-canada's words.
        CHECK(std::any_of(full.series.begin(), full.series.end(), [](const series_result& r) {
          return r.outcome.reason == "no observations for this indicator" && r.outcome.category == "not_available";
        }));
      }
      // Small blocks and runs, many threads: the streamed rows are the same, whatever they hold.
      for (const auto needs : all_needs) CHECK(stream_and_check(c.p, c.s, as_of, opt, full, needs) == full.series.size());
    }
  }
}

TEST_CASE("batch values cover other methods, free text, binary and collective rows through the full path", "[evaluate][batch]") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const observation_store s = io::load_observations(dir + "observations.csv", p);
  for (const std::string method : {"", "sdg-canada"}) {
    evaluation_options opt;
    opt.method = method;
    const auto full = evaluate(p, s, parse_date("2029-06-30"), opt);
    for (const auto needs : all_needs) CHECK(stream_and_check(p, s, parse_date("2029-06-30"), opt, full, needs) == full.series.size());
    // The whole CSV (reasons with commas, milestones, plan totals, collective rows) from the batch path.
    std::ostringstream from_full, streamed;
    io::write_csv(from_full, p, full);
    io::evaluate_to_csv(streamed, p, s, parse_date("2029-06-30"), opt);
    CHECK(streamed.str() == from_full.str());
  }
}

TEST_CASE("the CSV is written from the batch path with the same bytes", "[evaluate][batch][csv]") {
  sdg_cases c;
  const std::vector<std::string> peer{"indicator", "entity", "base_period", "current_period", "n_points", "progress_value", "score", "category", "slope_per_year"};
  const std::vector<std::string> all_values{"indicator", "entity", "disaggregation", "method", "status", "category", "score", "progress_value",
                                            "base_period", "base_value", "current_period", "current_value", "n_points", "slope_per_year", "cagr",
                                            "intercept", "r_squared", "slope_std_error"};
  const std::vector<std::string> reason_and_gaps{"entity", "reason", "gap_to_target", "expected_value", "plan_total", "estimated_points"};
  for (const auto& cols : {peer, all_values, reason_and_gaps, std::vector<std::string>{}}) {  // {}: all 31 columns
    for (const auto& as_of : {std::optional<date>{}, std::optional<date>{*parse_date("2020-12-31")}}) {
      evaluation_options opt;
      opt.threads = 2;
      std::ostringstream from_full, streamed;
      io::write_csv(from_full, c.p, evaluate(c.p, c.s, as_of, opt), cols);
      io::evaluate_to_csv(streamed, c.p, c.s, as_of, opt, cols);
      const std::string text = streamed.str();
      CHECK(text == from_full.str());
      CHECK(std::count(text.begin(), text.end(), '\n') == 1 + 6 * 4 + 2 + 1);  // header, series, groups, the no-data row
    }
  }
}

TEST_CASE("the points are the same from the plain-rows loop and the general one", "[evaluate][points]") {
  // gather_points takes its own loop when no row of the store has a range period, a report date,
  // a flag or a narrative. The same rows in a store where another entity's row has a report date
  // and a flag (the columns then exist for every series) take the general loop.
  for (const accumulation acc : {accumulation::level, accumulation::flow, accumulation::cumulative}) {
    INFO("accumulation " << static_cast<int>(acc));
    const plan p = small_plan(acc);
    const std::vector<observation> rows = {
        obs("2019", 1),    obs("2020", 4),    obs("2021", 3),    obs("2021-Q1", 5),  // the year and its first quarter share a start
        obs("2021-Q2", 6), obs("2021-06", 7), obs("2022", 8),    obs("2023", 9, nullptr, "B"),
        obs("2024", 10, nullptr, "B"),        obs("2031-03", 12, nullptr, "B"),  // after the plan period
    };
    std::vector<observation> with_dated = rows;
    with_dated.push_back(obs("2022", 1, "2023-01-15", "Z"));
    with_dated.back().flag = obs_flag::estimated;
    const auto plain = test::store_of(p, rows), general = test::store_of(p, with_dated);
    REQUIRE(plain.series(0).reported_col.empty());
    REQUIRE_FALSE(general.series(0).reported_col.empty());
    REQUIRE_FALSE(general.series(0).flag_col.empty());
    std::vector<point> a, b;  // reused, as the evaluator reuses its buffer: longer than the next series at times
    for (const auto& as_of : {std::optional<date>{}, std::optional<date>{test::d("2021-06-30")}, std::optional<date>{test::d("2020-12-30")}}) {
      for (std::size_t k = 0; k < 2; ++k) {  // entities A and B, in both stores
        INFO("series " << k << ", as of " << (as_of ? to_string(*as_of) : std::string("latest")));
        const auto fa = detail::gather_points(p, p.indicators()[0], plain.series(k), as_of, a);
        const auto fb = detail::gather_points(p, p.indicators()[0], general.series(k), as_of, b);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
          CHECK(a[i].at == b[i].at);
          CHECK(a[i].at.kind() == b[i].at.kind());
          CHECK(a[i].time == b[i].time);
          CHECK(a[i].amount == b[i].amount);
        }
        CHECK(fa.plan_total == fb.plan_total);
        CHECK(fa.any_in_plan == fb.any_in_plan);
        CHECK(fa.ref_day == fb.ref_day);
        CHECK(fa.estimated + fa.provisional + fb.estimated + fb.provisional == 0);
      }
    }
    // The values themselves, for entity A as of the latest data, in (start, end) order: 2019, 2020,
    // 2021-Q1, 2021, 2021-Q2, 2021-06, 2022.
    const auto f = detail::gather_points(p, p.indicators()[0], plain.series(0), std::nullopt, a);
    REQUIRE(a.size() == 7);
    CHECK(a[1].amount == (acc == accumulation::cumulative ? 5 : 4));
    CHECK(a[6].amount == (acc == accumulation::cumulative ? 34 : 8));
    CHECK(a[4].at.str() == "2021-Q2");
    CHECK(a[5].at.str() == "2021-06");
    CHECK(f.plan_total == (acc == accumulation::flow ? 5 + 3 + 6 + 7 + 8 : 0));  // flow: the periods from 2021 on
    CHECK(f.ref_day == day_number(test::d("2022-12-31")));
  }
}

TEST_CASE("more threads than max_threads is refused before anything is allocated") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const observation_store s = io::load_observations(dir + "observations.csv", p);
  evaluation_options opt;
  opt.threads = 4294967295u;  // -1 read as unsigned
  CHECK(test::has_code(test::problems_of([&] { (void)evaluate(p, s, std::nullopt, opt); }), errc::eval_bad_threads));
  opt.threads = max_threads;
  CHECK(evaluate(p, s, std::nullopt, opt).series.size() > 100);
}
