// Disaggregated observations: groups checked against the indicator's dimensions, parts checked
// against the total and a categorical breakdown against its population, per-group targets.
#include "support.hpp"

using namespace waypoint;
using test::d;

namespace {
const std::string disaggregation_plan_text = R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
populations: [{id: parties}]
entities: [{id: AAA}, {id: BBB}]
)" + test::one_action_yaml + R"(          - id: CAS
            measure: count
            scope: national
            direction: decrease
            dimensions: [{id: sex, categories: [female, male]}, {id: age, categories: [0-17, 18+]}]
            parts_tolerance: 0.5
          - id: VA
            measure: count
            scope: collective
            baseline: {value: 100, period: 2020}
            target: {value: 200, at: 2030}
            dimensions: [{id: sex, categories: [female, male]}]
            group_targets: [{group: sex=female, value: 150, at: 2030}]
)";
}  // namespace

TEST_CASE("parts that do not add up to the total are flagged with the total's line, and no data is lost") {
  const plan p = io::parse_plan(disaggregation_plan_text, io::plan_format::yaml, "d.yaml");
  const auto store = io::parse_observations(R"(indicator,entity,period,value,dim:age,dim:sex
CAS,AAA,2024,10,,
CAS,AAA,2024,4,,female
CAS,AAA,2024,6,,male
CAS,AAA,2024,3,0-17,
CAS,AAA,2024,7.4,18+,
CAS,AAA,2025,10,,
CAS,AAA,2025,4,,female
CAS,AAA,2025,8,,male
CAS,BBB,2025,5,,
CAS,BBB,2025,7,,female
)",
                                            p, "d.csv");
  CHECK(store.row_count() == 10);  // warnings drop nothing
  const auto& w = store.warnings();
  REQUIRE(w.size() == 2);
  CHECK(w[0].code == errc::data_parts_sum);
  CHECK(w[0].warning);
  CHECK(w[0].where.str() == "d.csv:7");  // AAA 2025 total: 4 + 8 = 12, not 10
  CHECK(w[0].message.find("sex parts 4+8 = 12 do not add up to the total 10") != std::string::npos);
  CHECK(w[1].code == errc::data_parts_exceed_total);  // BBB: female alone 7 > 5
  CHECK(w[1].where.str() == "d.csv:10");
  // AAA 2024: age parts 3 + 7.4 = 10.4 are within the 0.5 tolerance of 10.
}

TEST_CASE("a group outside the indicator's dimensions is an error at its line") {
  const plan p = io::parse_plan(disaggregation_plan_text, io::plan_format::yaml, "d.yaml");
  auto ps = test::problems_of([&] {
    (void)io::parse_observations("indicator,entity,period,value,dim:sex,dim:region\nCAS,AAA,2024,4,female,\nCAS,AAA,2024,4,other,\nCAS,AAA,2024,4,,north\n", p, "g.csv");
  });
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].code == errc::obs_bad_group);
  CHECK(ps[0].where.line == 3);
  CHECK(ps[0].message.find("'other' is not a category of dimension 'sex'") != std::string::npos);
  CHECK(ps[1].message.find("unknown dimension 'region'") != std::string::npos);
}

TEST_CASE("a categorical breakdown that does not cover its population is flagged: 26+20+16+16+22 of 102") {
  std::string text = R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
populations: [{id: parties}]
entities:
)";
  for (int i = 0; i < 102; ++i) text += "  - {id: E" + std::to_string(100 + i) + "}\n";
  text += R"()" + test::one_action_yaml + R"(          - id: ART9
            measure: count
            scope: collective
            breakdown_of: parties
            dimensions: [{id: status, categories: [specific, sufficient, considering, unclear, none]}]
)";
  const plan p = io::parse_plan(text, io::plan_format::yaml, "art9.yaml");
  const auto store = io::parse_observations(R"(indicator,entity,period,value,dim:status
ART9,*,2015,26,specific
ART9,*,2015,20,sufficient
ART9,*,2015,16,considering
ART9,*,2015,16,unclear
ART9,*,2015,22,none
ART9,*,2016,26,specific
ART9,*,2016,20,sufficient
ART9,*,2016,16,considering
ART9,*,2016,16,unclear
ART9,*,2016,24,none
)",
                                            p, "art9.csv");
  REQUIRE(store.warnings().size() == 1);
  const auto& w = store.warnings().front();
  CHECK(w.code == errc::data_breakdown_coverage);
  CHECK(w.where.str() == "art9.csv:4");  // the first part of 2015 in key order: status=considering
  CHECK(w.message.find("cover 100 of the 102 members of population parties on 2015-12-31") != std::string::npos);
}

TEST_CASE("status and gap are evaluated per group, with the group's own target") {
  const plan p = io::parse_plan(disaggregation_plan_text, io::plan_format::yaml, "d.yaml");
  const auto store = io::parse_observations(R"(indicator,entity,period,value,dim:sex
VA,*,2020,100,
VA,*,2020,50,female
VA,*,2020,50,male
VA,*,2025,150,
VA,*,2025,75,female
VA,*,2025,75,male
)",
                                            p, "va.csv");
  CHECK(store.warnings().empty());
  const auto all = evaluate(p, store, *parse_date("2026-06-30"));
  std::vector<series_result> va;
  for (const auto& s : all.series)
    if (s.indicator.str() == "VA") va.push_back(s);
  REQUIRE(va.size() == 3);
  CHECK(va[0].disaggregation.empty());
  CHECK(va[1].disaggregation == "sex=female");
  CHECK(va[2].disaggregation == "sex=male");
  CHECK(test::same(va[0].gap_to_target, 50.0));
  CHECK(test::same(va[1].gap_to_target, 75.0));  // its own target: 150
  REQUIRE(va[1].target);
  CHECK(va[1].target->amount == 150.0);
  // A group without a target of its own is not held to the total's target.
  CHECK_FALSE(va[2].target);
  CHECK_FALSE(va[2].gap_to_target);
  CHECK(va[2].outcome.status == status::insufficient_data);
}

TEST_CASE("batch evaluation reuses each group's indicator across entities and gives what evaluate_series gives") {
  // evaluate_in_blocks builds a group's indicator once per indicator and run of series
  // (detail::group_indicators); evaluate_series builds it per call. Two indicators whose groups
  // have different targets, three entities, blocks and runs smaller than one indicator's series.
  const plan p = io::parse_plan(std::string(R"(waypoint: 1
plan: {id: p, title: t, period: 2020-01-01/2031-12-31}
entities: [{id: AAA}, {id: BBB}, {id: CCC}]
)") + test::one_action_yaml + R"(          - id: UP
            measure: count
            baseline: {value: 10, period: 2020}
            target: {value: 40, at: 2030}
            dimensions: [{id: sex, categories: [female, male]}]
            group_targets: [{group: sex=male, value: 30, at: 2030}, {group: sex=female, value: 12, at: 2030}]
          - id: DOWN
            measure: count
            direction: decrease
            target: {value: 2, at: 2030}
            dimensions: [{id: sex, categories: [female, male]}]
            group_targets: [{group: sex=female, value: 1, at: 2030}]
)",
                                 io::plan_format::yaml, "g.yaml");
  std::string csv = "indicator,entity,period,value,dim:sex\n";
  int k = 0;
  for (const char* ind : {"UP", "DOWN"})
    for (const char* e : {"AAA", "BBB", "CCC"})
      for (int y = 2020; y <= 2024; ++y) {
        const int female = 1 + (k++ % 7), male = 2 + (k % 5);
        const std::string row = std::string(ind) + "," + e + "," + std::to_string(y) + ",";
        csv += row + std::to_string(female + male) + ",\n" + row + std::to_string(female) + ",female\n" + row + std::to_string(male) + ",male\n";
      }
  const auto store = io::parse_observations(csv, p, "g.csv");
  REQUIRE(store.series_count() == 18);
  // One thread and one block (the cache sees both indicators), or two threads with blocks and runs
  // smaller than one indicator's series.
  const auto [threads, block_size] = GENERATE(std::pair<unsigned, std::size_t>{1, 16384}, std::pair<unsigned, std::size_t>{2, 5});
  evaluation_options opt;
  opt.threads = threads;
  const auto methods = configure_methods(p, opt);
  std::vector<series_result> batch(store.series_count() + p.indicators().size());
  evaluate_in_blocks(
      p, store, std::nullopt, opt,
      [&](std::size_t first, std::span<series_result> part) { std::move(part.begin(), part.end(), batch.begin() + static_cast<std::ptrdiff_t>(first)); },
      [] {}, {}, block_size, /*chunk_rows=*/2);
  std::size_t grouped = 0, with_group_target = 0;
  for (std::size_t i = 0; i < store.series_count(); ++i) {
    const auto s = store.series(i);
    const series_result one = evaluate_series(p, *methods[s.indicator], s, std::nullopt, opt);
    const series_result& b = batch[i];
    INFO(one.indicator.str() << " " << one.entity.str() << " " << one.disaggregation);
    REQUIRE(b.indicator == one.indicator);
    REQUIRE(b.entity == one.entity);
    REQUIRE(b.disaggregation == one.disaggregation);
    CHECK(b.outcome.category == one.outcome.category);
    CHECK(b.outcome.status == one.outcome.status);
    CHECK(b.outcome.reason == one.outcome.reason);
    CHECK(test::same(b.outcome.score, one.outcome.score));
    CHECK(test::same(b.gap_to_target, one.gap_to_target));
    CHECK(test::same(b.expected_value, one.expected_value));
    CHECK(b.target.has_value() == one.target.has_value());
    if (b.target && one.target) CHECK(b.target->amount == one.target->amount);
    grouped += !one.disaggregation.empty();
    with_group_target += !one.disaggregation.empty() && one.target.has_value();
  }
  CHECK(grouped == 12);
  CHECK(with_group_target == 9);  // UP female and male, DOWN female; DOWN male has none
  // Each group is held to its own target, not to the first group's of its indicator.
  for (std::size_t i = 0; i < store.series_count(); ++i)
    if (batch[i].indicator.str() == "UP" && batch[i].disaggregation == "sex=female") CHECK(batch[i].target->amount == 12.0);
}
