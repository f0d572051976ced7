// linear-trajectory (methods.md §5): the published example, Eurostat case A, milestones splitting
// the path, tolerance and boundaries, maintain ranges.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

namespace {
indicator make(direction d, double base, int base_year, double tgt, int target_year) {
  indicator ind;
  ind.id = indicator_id{"x"};
  ind.direction = d;
  ind.baseline = baseline{value::number(base), period::year(base_year), ""};
  ind.target = target{value::number(tgt), period::year(target_year)};
  return ind;
}
assessment run(const indicator& ind, std::vector<point> pts, std::map<std::string, std::string> params = {}) {
  return make_method("linear-trajectory", params, ind)->assess(series_input{ind, pts});
}
}  // namespace

TEST_CASE("published example: 10,000 → 7,000, target 5,000 is on track", "[linear][vectors]") {
  const auto ind = make(direction::decrease, 10000, 2020, 5000, 2030);
  const auto a = run(ind, {test::pt(2020, 10000), test::pt(2025, 7000)});
  CHECK(test::same(a.progress_value, 0.6));
  CHECK(test::same(a.score, 0.6 - 0.5));
  CHECK(a.status == status::on_track);
  CHECK(a.category == "on_track");
  REQUIRE(a.base);
  CHECK(a.base->declared);
}

TEST_CASE("Eurostat case A under linear-trajectory: p = 0.30 < e = 0.4667, behind", "[linear][vectors]") {
  const auto ind = make(direction::increase, 60, 2015, 80, 2030);
  const auto a = run(ind, {test::pt(2015, 60), test::pt(2022, 66)});
  CHECK(test::same(a.progress_value, 0.3));
  CHECK(test::same(a.score, 0.3 - 7.0 / 15.0));
  CHECK(a.status == status::needs_acceleration);
  CHECK(a.category == "behind");
  SECTION("a tolerance of 0.17 puts it on track; 0.16 does not") {
    CHECK(run(ind, {test::pt(2022, 66)}, {{"tolerance", "0.17"}}).status == status::on_track);
    CHECK(run(ind, {test::pt(2022, 66)}, {{"tolerance", "0.16"}}).status == status::needs_acceleration);
  }
}

TEST_CASE("linear-trajectory boundaries and directions", "[linear][boundary]") {
  const auto ind = make(direction::increase, 0, 2020, 100, 2030);
  // At 2025, e = 0.5 exactly: 50 is on track (inclusive), 49.999 is behind.
  CHECK(run(ind, {test::pt(2025, 50)}).status == status::on_track);
  CHECK(run(ind, {test::pt(2025, 49.999)}).status == status::needs_acceleration);
  CHECK(run(ind, {test::pt(2025, 0)}).category == "no_progress");
  CHECK(run(ind, {test::pt(2025, 0)}).status == status::off_track);
  CHECK(run(ind, {test::pt(2025, -1)}).status == status::regressing);
  CHECK(run(ind, {test::pt(2025, 100)}).status == status::achieved);
  SECTION("direction symmetry: mirror the series and target about the baseline") {
    const auto mirrored = make(direction::decrease, 0, 2020, -100, 2030);
    for (double v : {50.0, 49.999, 0.0, -1.0, 100.0, 120.0})
      CHECK(run(ind, {test::pt(2025, v)}).category == run(mirrored, {test::pt(2025, -v)}).category);
  }
}

TEST_CASE("milestones split the path", "[linear][milestones]") {
  auto ind = make(direction::increase, 0, 2020, 100, 2030);
  ind.milestones.push_back({value::number(80), time_ref{period::year(2022)}, false, period::year(2022)});
  const auto path = make_path(ind, knot{2020, 0});
  REQUIRE(path.size() == 3);
  CHECK(test::same(path_value(path, 2021), 40.0));
  CHECK(test::same(path_value(path, 2022), 80.0));
  CHECK(test::same(path_value(path, 2026), 90.0));
  CHECK(test::same(path_value(path, 2019), 0.0));   // flat before the baseline
  CHECK(test::same(path_value(path, 2035), 100.0)); // flat after the target
  // 60 in 2021 is ahead of the straight line (expected 10) and of the milestone path (40).
  CHECK(run(ind, {test::pt(2021, 60)}).status == status::on_track);
  // 30 in 2021 would be on track without the milestone (expected 10) but is behind with it (40).
  CHECK(run(ind, {test::pt(2021, 30)}).status == status::needs_acceleration);
  indicator plain = make(direction::increase, 0, 2020, 100, 2030);
  CHECK(run(plain, {test::pt(2021, 30)}).status == status::on_track);
}

TEST_CASE("linear-trajectory without enough data says why", "[linear][insufficient]") {
  const auto ind = make(direction::increase, 0, 2020, 100, 2030);
  auto a = run(ind, {});
  CHECK(a.status == status::insufficient_data);
  CHECK(a.reason.find("no observations") != std::string::npos);
  a = run(ind, {test::pt(2020, 5)});
  CHECK(a.status == status::insufficient_data);
  CHECK(a.reason.find("after the baseline") != std::string::npos);
  indicator no_target = ind;
  no_target.target.reset();
  CHECK(run(no_target, {test::pt(2025, 5)}).reason.find("no numeric target") != std::string::npos);
  SECTION("baseline without a value takes the series' own value, next later period when missing") {
    indicator b = ind;
    b.baseline->amount.reset();
    const auto r = run(b, {test::pt(2021, 10), test::pt(2025, 60)});
    REQUIRE(r.base);
    CHECK_FALSE(r.base->declared);
    CHECK(r.base->at.str() == "2021");
    CHECK(test::contains(r.trace.substitutions, "next later period 2021"));
  }
  SECTION("target equal to the baseline") {
    const auto flat = make(direction::increase, 50, 2020, 50, 2030);
    CHECK(run(flat, {test::pt(2025, 50)}).status == status::achieved);
    CHECK(run(flat, {test::pt(2025, 49)}).status == status::regressing);
  }
}

TEST_CASE("maintain within a range", "[linear][maintain]") {
  indicator ind;
  ind.id = indicator_id{"k"};
  ind.direction = direction::maintain;
  ind.range = value_range{15, 25};
  CHECK(run(ind, {test::pt(2025, 15)}).status == status::on_track);
  CHECK(run(ind, {test::pt(2025, 25)}).status == status::on_track);
  CHECK(run(ind, {test::pt(2025, 25.5)}).category == "outside_range");
  CHECK(run(ind, {test::pt(2025, 14)}).status == status::off_track);
}

TEST_CASE("method registry rejects unknown methods and parameters", "[methods]") {
  indicator ind;
  ind.id = indicator_id{"x"};
  CHECK(test::find_code(test::problems_of([&] { (void)make_method("no-such", {}, ind); }), errc::method_unknown).message.find("linear-trajectory") != std::string::npos);
  CHECK(test::has_code(test::problems_of([&] { (void)make_method("linear-trajectory", {{"tolerence", "1"}}, ind); }), errc::method_bad_param));
  CHECK(test::has_code(test::problems_of([&] { (void)make_method("linear-trajectory", {{"tolerance", "abc"}}, ind); }), errc::method_bad_param));
  CHECK(test::has_code(test::problems_of([&] { (void)make_method("linear-trajectory", {{"tolerance", "-0.1"}}, ind); }), errc::method_bad_param));
  CHECK(test::has_code(test::problems_of([&] { (void)make_method("sdg-canada", {{"base_year", "2015.5"}}, ind); }), errc::method_bad_param));
  CHECK(make_method("", {}, ind)->name() == "linear-trajectory");
  CHECK(methods().size() >= 2);
}
