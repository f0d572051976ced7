// The 14 published Statistics Canada / Open SDG series (tests/data/sdg_canada_examples.csv, a copy
// of ../shared/vectors): progress value, score and category to 1e-9 relative.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace waypoint;

namespace {
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool q = false;
  for (char c : line) {
    if (c == '"') q = !q;
    else if (c == ',' && !q) {
      out.push_back(cur);
      cur.clear();
    } else cur += c;
  }
  out.push_back(cur);
  return out;
}
std::optional<double> opt_num(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::stod(s);
}
}  // namespace

TEST_CASE("sdg-canada reproduces the 14 published series", "[sdg-canada][vectors]") {
  std::ifstream in(std::string(WAYPOINT_TEST_DATA) + "/sdg_canada_examples.csv");
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  int rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split(line);
    REQUIRE(f.size() == 12);
    ++rows;
    INFO("series " << f[0]);
    const int base_year = static_cast<int>(std::stod(f[1]));
    const int cur_year = static_cast<int>(std::stod(f[3]));
    const int target_year = static_cast<int>(std::stod(f[6]));
    indicator ind;
    ind.id = indicator_id{f[0]};
    ind.direction = std::stod(f[7]) < 0 ? direction::decrease : direction::increase;
    if (auto t = opt_num(f[5])) ind.target = target{value::number(*t), period::year(target_year)};
    ind.limit = opt_num(f[8]);
    std::vector<point> pts{test::pt(base_year, std::stod(f[2]))};
    if (cur_year != base_year) pts.push_back(test::pt(cur_year, std::stod(f[4])));
    const auto m = make_method("sdg-canada", {{"base_year", std::to_string(base_year)}, {"target_year", std::to_string(target_year)}}, ind);
    const assessment a = m->assess(series_input{ind, pts});
    CHECK(a.category == f[11]);
    CHECK(test::same(a.progress_value, opt_num(f[9])));
    CHECK(test::same(a.score, opt_num(f[10])));
    // The batch path gives exactly the same values, with no reason or trace.
    assessment_values v;
    REQUIRE(m->assess_values(series_input{ind, pts}, v));
    CHECK(v.status == a.status);
    CHECK(v.category == a.category);
    CHECK(v.progress_value == a.progress_value);
    CHECK(v.score == a.score);
    CHECK(v.base->amount == a.base->amount);
    CHECK(v.current->at == a.current->at);
  }
  CHECK(rows == 14);
}

TEST_CASE("sdg-canada maps categories onto the normalised status", "[sdg-canada]") {
  indicator ind;
  ind.id = indicator_id{"x"};
  ind.target = target{value::number(80), period::year(2030)};
  const auto m = make_method("sdg-canada", {{"base_year", "2015"}}, ind);
  auto run = [&](double yt) { return m->assess(series_input{ind, std::vector<point>{test::pt(2015, 60), test::pt(2022, yt)}}); };
  CHECK(run(80).status == status::achieved);
  CHECK(run(80).score == 5.0);
  CHECK(run(79).status == status::on_track);              // substantial
  CHECK(run(66).status == status::needs_acceleration);    // moderate (Eurostat case A data: P = 0.708)
  CHECK(run(61).status == status::off_track);             // limited
  CHECK(run(55).status == status::regressing);            // deterioration
}

TEST_CASE("sdg-canada substitutes and explains", "[sdg-canada][trace]") {
  indicator ind;
  ind.id = indicator_id{"x"};
  ind.target = target{value::number(0), period::year(2030)};
  ind.direction = direction::decrease;
  const auto m = make_method("sdg-canada", {{"base_year", "2015"}}, ind);
  SECTION("missing base year: next later year, recorded") {
    const auto a = m->assess(series_input{ind, std::vector<point>{test::pt(2014, 9), test::pt(2017, 10), test::pt(2020, 8)}});
    REQUIRE(a.base);
    CHECK(a.base->at.str() == "2017");
    CHECK(test::contains(a.trace.substitutions, "base year 2015 has no value"));
    CHECK(test::contains(a.trace.substitutions, "target 0 replaced by 0.001"));
  }
  SECTION("a single point is not available, even when it meets the target") {
    const auto a = m->assess(series_input{ind, std::vector<point>{test::pt(2016, 0)}});
    CHECK(a.category == "not_available");
    CHECK(a.status == status::insufficient_data);
    CHECK_FALSE(a.score);
    CHECK_FALSE(a.reason.empty());
  }
  SECTION("opposite signs are not available") {
    indicator up = ind;
    up.target.reset();
    up.direction = direction::increase;
    const auto m2 = make_method("sdg-canada", {}, up);
    const auto a = m2->assess(series_input{up, std::vector<point>{test::pt(2015, 2), test::pt(2020, -1)}});
    CHECK(a.category == "not_available");
    CHECK_FALSE(a.progress_value);
  }
  SECTION("a base of 0 becomes 0.001") {
    indicator up = ind;
    up.target.reset();
    up.direction = direction::increase;
    const auto m2 = make_method("sdg-canada", {}, up);
    const auto a = m2->assess(series_input{up, std::vector<point>{test::pt(2015, 0), test::pt(2020, 1)}});
    CHECK(test::contains(a.trace.substitutions, "base value 0 replaced by 0.001"));
    REQUIRE(a.progress_value);
    CHECK(test::same(a.progress_value, std::pow(1 / 0.001, 1.0 / 5) - 1));
  }
}

TEST_CASE("sdg-canada thresholds are inclusive at the lower edge", "[sdg-canada][boundary]") {
  // No target, no limit: P = CAGR. Choose y_t so that P is exactly representable around 0.015.
  indicator ind;
  ind.id = indicator_id{"x"};
  const auto m = make_method("sdg-canada", {{"base_year", "2015"}}, ind);
  auto category_for = [&](double growth) {
    return m->assess(series_input{ind, std::vector<point>{test::pt(2015, 1), test::pt(2016, 1 + growth)}}).category;
  };
  // With one year, P = (1+g) - 1, which may differ from g by an ulp; test just below and at/above.
  CHECK(category_for(0.0150001) == "substantial_progress");
  CHECK(category_for(0.0149999) == "moderate_progress");
  CHECK(category_for(0.0050001) == "moderate_progress");
  CHECK(category_for(0.0049999) == "limited_progress");
  CHECK(category_for(0.0) == "limited_progress");  // P == 0 exactly: inclusive, limited not deterioration
  CHECK(category_for(-0.0000001) == "deterioration");
}
