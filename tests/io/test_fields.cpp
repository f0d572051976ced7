// SPDX-License-Identifier: Apache-2.0
// The result vocabulary (eval/fields.hpp) is the one list of fields: the CSV header, the JSON keys
// of a series and the JSON Schema's series properties all follow it. The C API's names and the
// Python attributes are checked against it in tests/capi/test_api.c and tests/python.

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "waypoint/eval/fields.hpp"
#include "waypoint/io/evaluation_io.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"

using namespace waypoint;

namespace {
std::vector<std::string> series_fields(bool csv_only) {
  std::vector<std::string> out;
  for (const auto& f : fields())
    if (csv_only ? f.in_csv() : f.has(result_level::series)) out.emplace_back(f.name);
  return out;
}
}  // namespace

TEST_CASE("the vocabulary is well formed: unique names and C ids, one reader per scalar series field") {
  std::set<std::string_view> names;
  std::set<int> ids;
  for (const auto& f : fields()) {
    INFO(f.name);
    CHECK(names.insert(f.name).second);
    CHECK_FALSE(f.description.empty());
    CHECK(f.levels != 0);
    if (f.c_id != 0) CHECK(ids.insert(f.c_id).second);
    if (f.has(result_level::series)) CHECK(f.c_id != 0);
    const int readers = (f.text != nullptr) + (f.number != nullptr) + (f.integer != nullptr) + (f.at != nullptr) + (f.boolean != nullptr);
    if (f.in_csv()) {
      CHECK(readers == 1);
      CHECK((f.type == field_type::text) == (f.text != nullptr));
      CHECK((f.type == field_type::number) == (f.number != nullptr));
      CHECK((f.type == field_type::integer) == (f.integer != nullptr));
      CHECK((f.type == field_type::period) == (f.at != nullptr));
      CHECK((f.type == field_type::boolean) == (f.boolean != nullptr));
    } else {
      CHECK(readers == 0);
    }
    CHECK(find_field(f.name) == f.id);
  }
  CHECK_FALSE(find_field("colour"));
  // The CSV's first 34 columns keep their historical order (other tools read them by position).
  const std::vector<std::string> stable = {"indicator", "entity", "disaggregation", "method", "status", "category", "score", "progress_value",
      "base_period", "base_value", "current_period", "current_value", "n_points", "slope_per_year", "cagr", "target_period",
      "target_value", "expected_value", "projected_value", "gap_to_target", "gap_to_trajectory", "reason", "intercept", "r_squared",
      "slope_std_error", "next_milestone_period", "next_milestone_value", "gap_to_milestone", "plan_total", "estimated_points",
      "provisional_points", "current_status", "interval_low", "interval_high"};
  const auto csv = series_fields(true);
  REQUIRE(csv.size() >= stable.size());
  CHECK(std::vector<std::string>(csv.begin(), csv.begin() + static_cast<std::ptrdiff_t>(stable.size())) == stable);
}

TEST_CASE("the CSV header, the JSON keys and the JSON Schema follow the vocabulary") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const observation_store s = io::load_observations(dir + "observations.csv", p);
  const auto ev = evaluate(p, s, parse_date("2029-06-30"));
  // CSV: the scalar series fields, in order; csv_columns() is the same list.
  std::ostringstream csv;
  io::write_csv(csv, p, ev);
  const std::string header = csv.str().substr(0, csv.str().find('\n'));
  std::string want;
  for (const auto& n : series_fields(true)) want += (want.empty() ? "" : ",") + n;
  CHECK(header == want);
  CHECK(io::csv_columns() == series_fields(true));
  // JSON: every series object has every series field, in order.
  std::ostringstream json;
  io::write_json(json, p, ev);
  const auto doc = nlohmann::ordered_json::parse(json.str());
  for (const auto& series : doc["series"]) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : series.items()) keys.push_back(k);
    REQUIRE(keys == series_fields(false));
  }
  // The JSON Schema's series: the same properties, all required.
  std::ifstream in(std::string(WAYPOINT_SOURCE_DIR) + "/docs/schema/evaluation.schema.json");
  const auto schema = nlohmann::ordered_json::parse(in);
  const auto& def = schema["$defs"]["series"];
  std::vector<std::string> props;
  for (const auto& [k, v] : def["properties"].items()) props.push_back(k);
  CHECK(props == series_fields(false));
  CHECK(def["required"].get<std::vector<std::string>>() == series_fields(false));
  CHECK(def["additionalProperties"] == false);
}

TEST_CASE("column names come from the vocabulary: an object field or an unknown name is refused") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const observation_store s = io::load_observations(dir + "observations.csv", p);
  std::ostringstream out;
  CHECK(test::has_code(test::problems_of([&] { io::evaluate_to_csv(out, p, s, std::nullopt, {}, {"indicator", "trace"}); }), errc::csv_unknown_column));
  CHECK(test::has_code(test::problems_of([&] { io::evaluate_to_csv(out, p, s, std::nullopt, {}, {"status", "status"}); }), errc::csv_duplicate_column));
  CHECK(out.str().empty());
  io::evaluate_to_csv(out, p, s, parse_date("2029-06-30"), {}, {"narrative", "base_declared", "indicator"});
  CHECK(out.str().substr(0, out.str().find('\n')) == "narrative,base_declared,indicator");
}
