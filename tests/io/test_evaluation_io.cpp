// Evaluation writers: the stable CSV columns, number formatting, JSON structure, determinism, and
// the flagship example end to end.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <chrono>
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "support.hpp"
#include "waypoint/io/rollup_io.hpp"

using namespace waypoint;

namespace {
struct fixture {
  plan p = io::parse_plan(
      "indicator,direction,target,target_year,limit,base_year\n1-2-1,-1,7.25,2030,,2015\nx,1,,2030,,2015\n",
      io::plan_format::indicator_table, "ind.csv");
  observation_store s = io::parse_observations(
      "indicator,entity,year,value\n1-2-1,CAN,2015,14.5\n1-2-1,CAN,2023,10.2\nx,CAN,2015,1\n", p, "obs.csv");
};
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("CSV output: stable columns, round-trip numbers, empty undefined fields", "[evaluation_io]") {
  fixture f;
  const auto ev = evaluate(f.p, f.s, std::nullopt);
  std::ostringstream out;
  io::write_csv(out, f.p, ev);
  const auto l = lines(out.str());
  REQUIRE(l.size() == 3);
  CHECK(l[0].rfind(
            "indicator,entity,disaggregation,method,status,category,score,progress_value,base_period,base_value,"
            "current_period,current_value,n_points,slope_per_year,cagr,target_period,target_value,expected_value,"
            "projected_value,gap_to_target,gap_to_trajectory,reason",
            0) == 0);
  // The published 1-2-1 series: progress 0.9525901792032172, score 2.5185563910306596.
  CHECK(l[1].rfind("1-2-1,CAN,,sdg-canada,on_track,substantial_progress,2.5185563910306596,0.9525901792032172,2015,14.5,2023,10.2,2,", 0) == 0);
  CHECK(l[2].rfind("x,CAN,,sdg-canada,insufficient_data,not_available,,,2015,1,2015,1,1,,,,,", 0) == 0);
  // Numbers read back exactly.
  const auto& r = ev.series[0];
  CHECK(std::stod(format_number(*r.outcome.score)) == *r.outcome.score);
}

TEST_CASE("CSV output quotes fields with commas, quotes or line breaks, and only those", "[evaluation_io]") {
  fixture f;
  auto ev = evaluate(f.p, f.s, std::nullopt);
  ev.series.resize(1);
  ev.series[0].outcome.reason = "base, \"moved\"\nto 2016";
  ev.series[0].disaggregation = "sex=female";
  std::ostringstream out;
  io::write_csv(out, f.p, ev, {"indicator", "disaggregation", "reason", "status"});
  CHECK(out.str() == "indicator,disaggregation,reason,status\n1-2-1,sex=female,\"base, \"\"moved\"\"\nto 2016\",on_track\n");
}

TEST_CASE("CSV text cells a spreadsheet would run as formulas are written after a quote mark, numbers keep their sign", "[evaluation_io][bad-input]") {
  // Open entities: any id in the data is accepted, so a hostile one reaches the CSV.
  const plan p = io::parse_plan("indicator,direction,target,target_year,limit,base_year\n@I,-1,6,2031,,2025\n", io::plan_format::indicator_table,
                                "ind.csv");
  const observation_store s = io::parse_observations(
      "indicator,entity,year,value\n@I,\"=HYPERLINK(\"\"x\"\")\",2025,10\n@I,\"=HYPERLINK(\"\"x\"\")\",2028,11\n@I,+1,2025,10\n@I,-E,2025,10\n@I,E,2025,10\n@I,E,2028,5\n", p,
      "obs.csv");
  const evaluation ev = evaluate(p, s, std::nullopt);
  std::ostringstream csv, streamed;
  io::write_csv(csv, p, ev, {"indicator", "entity", "gap_to_target"});
  io::evaluate_to_csv(streamed, p, s, std::nullopt, {}, {"indicator", "entity", "gap_to_target"});
  CHECK(streamed.str() == csv.str());
  const std::string out = csv.str();
  CHECK(out.find("'@I,'+1,") != std::string::npos);
  CHECK(out.find("'@I,'-E,") != std::string::npos);
  CHECK(out.find("'@I,E,-1\n") != std::string::npos);  // below the target of a decrease: the number keeps its sign
  CHECK(out.find("'@I,\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);  // after the mark, then quoted
  CHECK(csv_text("=1+1") == "'=1+1");
  CHECK(csv_text("a,=b") == "\"a,=b\"");
  CHECK(csv_text("-") == "'-");
  CHECK(csv_text("plain") == "plain");
  CHECK(csv_text("") == "");
}

TEST_CASE("JSON output is versioned and deterministic", "[evaluation_io]") {
  fixture f;
  std::ostringstream a, b;
  io::write_json(a, f.p, evaluate(f.p, f.s, std::nullopt));
  io::write_json(b, f.p, evaluate(f.p, f.s, std::nullopt));
  CHECK(a.str() == b.str());
  CHECK(a.str().find("\"format\": \"waypoint-evaluation\"") != std::string::npos);
  CHECK(a.str().find("\"version\": 3") != std::string::npos);
  // Version 2: the plan's indicators (a table has no sections) and the indicator-level results.
  const auto j = nlohmann::json::parse(a.str());
  CHECK(j["plan"]["sections"].empty());
  REQUIRE(j["plan"]["indicators"].size() == 2);
  CHECK(j["plan"]["indicators"][0]["id"] == "1-2-1");
  CHECK(j["plan"]["indicators"][0]["direction"] == "decrease");
  REQUIRE(j["indicators"].size() == 2);  // sdg-canada defines one per indicator and entity
  CHECK(j["indicators"][0]["indicator"] == "1-2-1");
  CHECK(j["indicators"][0]["status"] == "on_track");
  CHECK(j["indicators"][0]["n_scored"] == 1);
  CHECK(a.str().find("\"trace\"") != std::string::npos);
  CHECK(a.str().find("NaN") == std::string::npos);
}

TEST_CASE("the flagship example evaluates end to end", "[evaluation_io][example]") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const auto s = io::load_observations(dir + "observations.csv", p);
  const auto ev = evaluate(p, s, parse_date("2029-06-30"));
  CHECK(p.indicators().size() >= 25);
  CHECK(p.actions().size() >= 20);
  // Every indicator appears, and a variety of statuses comes out.
  std::set<std::string> seen;
  for (const auto& r : ev.series) seen.insert(r.indicator.str());
  CHECK(seen.size() == p.indicators().size());
  const auto c = ev.status_counts();
  CHECK(c[static_cast<int>(status::on_track)] > 0);
  CHECK(c[static_cast<int>(status::regressing)] > 0);
  std::ostringstream t1, t2;
  io::write_csv(t1, p, ev);
  io::write_csv(t2, p, evaluate(p, s, parse_date("2029-06-30")));
  CHECK(t1.str() == t2.str());
}

TEST_CASE("the flagship follows the working paper on the elements of the Vientiane Capital Action Plan", "[evaluation_io][example]") {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  const plan p = io::load_plan(dir + "plan.yaml");
  const auto s = io::load_observations(dir + "observations.csv", p);
  const auto ev = evaluate(p, s, parse_date("2029-06-30"));
  // The name.
  CHECK(p.title().rfind("Vientiane Capital Action Plan 2027–2031", 0) == 0);
  CHECK(p.title().find("illustrative") != std::string::npos);
  // Paragraph 11: dedicated Risk Education, Transparency and Compliance sections, in the order of
  // the Convention (risk education after survey and clearance, before victim assistance).
  std::vector<std::string> order;
  for (const auto& sec : p.sections()) order.push_back(sec.id.str());
  const auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  for (const char* id : {"clearance", "risk-education", "victim-assistance", "transparency", "compliance"}) CHECK(pos(id) < static_cast<long>(order.size()));
  CHECK(pos("clearance") + 1 == pos("risk-education"));
  CHECK(pos("risk-education") + 1 == pos("victim-assistance"));
  const auto section_indicators = [&](const char* id) {
    std::set<std::string> out;
    const section* sec = p.find(section_id{id});
    REQUIRE(sec != nullptr);
    for (const auto& aid : sec->actions)
      for (const auto& iid : p.find(aid)->indicators) out.insert(iid.str());
    return out;
  };
  const auto risk = section_indicators("risk-education");
  CHECK(risk.count("R1") == 1);
  CHECK(risk.count("R2") == 1);
  for (const auto& id : section_indicators("clearance")) CHECK(p.find(indicator_id{id})->title.find("risk education") == std::string::npos);
  CHECK(p.find(section_id{"clearance"})->title.find("risk education") == std::string::npos);
  // Paragraph 12: indicators that also serve the APMBC's and CCW Protocol V's reporting, on survey
  // (C4), clearance (C3), stockpile destruction (S1), risk education (R1) and victim assistance (V8).
  std::map<std::string, std::set<std::string>> serving;  // instrument -> indicators
  for (const auto& ind : p.indicators())
    for (const auto& link : ind.serves) {
      CHECK_FALSE(link.ref.empty());
      serving[link.instrument].insert(ind.id.str());
    }
  CHECK(serving.size() == 2);
  for (const char* id : {"C3", "C4", "S1", "R1", "V8"}) CHECK(serving["APMBC"].count(id) == 1);
  for (const char* id : {"C3", "C4", "R1", "V8"}) CHECK(serving["CCW Protocol V"].count(id) == 1);
  // Paragraph 14: participation in the Convention's meetings, disaggregated by sex, with a target
  // for women (half of the delegates), and evaluated for each sex.
  const indicator* x4 = p.find(indicator_id{"X4"});
  REQUIRE(x4 != nullptr);
  REQUIRE(x4->dimensions.size() == 1);
  CHECK(x4->dimensions[0].id == "sex");
  REQUIRE(x4->group_targets.size() == 1);
  CHECK(x4->group_targets[0].group == "sex=female");
  std::set<std::string> groups;
  for (const auto& r : ev.series)
    if (r.indicator.str() == "X4") groups.insert(r.disaggregation);
  CHECK(groups == std::set<std::string>{"", "sex=female", "sex=male"});
  // Paragraph 10: country coalitions, an entity attribute, and a population an indicator (K5, the
  // sum of C3 over the coalitions' affected States Parties) is computed over.
  const population* coalition = p.find(population_id{"coalition-affected"});
  REQUIRE(coalition != nullptr);
  std::vector<std::string> members;
  for (const auto i : p.members_on(*coalition, *parse_date("2029-06-30"))) members.push_back(p.entities()[i].id.str());
  CHECK(members == std::vector<std::string>{"IRQ", "LAO", "LBN", "TCD"});
  const indicator* k5 = p.find(indicator_id{"K5"});
  REQUIRE(k5 != nullptr);
  REQUIRE(k5->aggregate);
  CHECK(k5->aggregate->population == population_id{"coalition-affected"});
  const auto k5_series = std::find_if(ev.series.begin(), ev.series.end(), [](const series_result& r) { return r.indicator.str() == "K5"; });
  REQUIRE(k5_series != ev.series.end());
  REQUIRE(k5_series->outcome.current);
  // 2028: LAO 68.7 + IRQ 5.5 + LBN 2.0 + TCD 0.2 km².
  CHECK(k5_series->outcome.current->amount == Approx(76.4));
  // Paragraph 15: linkages, as action tags.
  std::set<std::string> tags;
  for (const auto& a : p.actions()) tags.insert(a.tags.begin(), a.tags.end());
  for (const char* t : {"protection-of-civilians", "human-rights", "sustainable-development", "youth", "conflict-sensitivity", "environment"})
    CHECK(tags.count(t) == 1);
}

TEST_CASE("CSV output: --columns picks and orders columns, and unknown and repeated names are errors", "[evaluation_io][bad-input]") {
  fixture f;
  const auto ev = evaluate(f.p, f.s, std::nullopt);
  std::ostringstream all, some, streamed;
  io::write_csv(all, f.p, ev);
  const std::vector<std::string> cols{"category", "entity", "base_period", "score", "indicator"};
  io::write_csv(some, f.p, ev, cols);
  const auto l = lines(some.str());
  REQUIRE(l.size() == 3);
  CHECK(l[0] == "category,entity,base_period,score,indicator");
  // Each selected field equals the same field of the full output.
  const auto full = lines(all.str());
  auto split = [](const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
      if (c == ',') {
        out.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    out.push_back(cur);
    return out;
  };
  const auto header = split(full[0]);
  for (std::size_t row = 1; row < 3; ++row) {
    const auto fields = split(full[row]), picked = split(l[row]);
    REQUIRE(picked.size() == cols.size());
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const auto at = std::find(header.begin(), header.end(), cols[k]) - header.begin();
      CHECK(picked[k] == fields[static_cast<std::size_t>(at)]);
    }
  }
  CHECK(split(l[1])[2] == "2015");  // a year period prints as the year
  // The streaming writer gives the same bytes.
  evaluation_options opt;
  io::evaluate_to_csv(streamed, f.p, f.s, std::nullopt, opt, cols);
  CHECK(streamed.str() == some.str());
  // Bad names: a clear error naming the column, and nothing written.
  std::ostringstream bad;
  CHECK_THROWS_WITH(io::write_csv(bad, f.p, ev, {"indicator", "colour"}), Catch::Contains("unknown column 'colour'"));
  CHECK_THROWS_WITH(io::write_csv(bad, f.p, ev, {"score", "score"}), Catch::Contains("column 'score' is asked for twice"));
  CHECK(bad.str().empty());
}

namespace {
/// A sink that writes slowly (a pause per write), so the runs evaluated meanwhile queue up and the
/// writer drains them later: the in-order writer of `evaluate_to_csv` sees runs arrive out of order.
class slow_sink : public std::streambuf {
 public:
  std::string text;
  std::size_t writes = 0;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    ++writes;
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) text += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
};
}  // namespace

TEST_CASE("the streaming CSV writer keeps output order when many runs arrive out of order", "[evaluation_io][parallel]") {
  // 12 indicators x 900 entities x 3 years: 10,800 series, about 43 runs of 256 rows in one block.
  std::string ind = "indicator,direction,target,target_year,limit,base_year\n", obs = "indicator,entity,year,value\n";
  for (int i = 0; i < 12; ++i) ind += "I" + std::to_string(i) + (i % 2 ? ",-1," : ",1,") + (i % 3 ? "50" : "") + ",2030,,2015\n";
  for (int i = 0; i < 12; ++i)
    for (int e = 0; e < 900; ++e)
      for (int y = 2015; y <= 2017; ++y)
        obs += "I" + std::to_string(i) + ",E" + std::to_string(e) + "," + std::to_string(y) + "," + std::to_string(20 + i + (e % 7) * (y - 2015) - e % 3) + "\n";
  const plan p = io::parse_plan(ind, io::plan_format::indicator_table, "many_ind.csv");
  const observation_store s = io::parse_observations(obs, p, "many_obs.csv");
  REQUIRE(s.series_count() == 10800);
  evaluation_options one, many;
  one.threads = 1;
  many.threads = 8;  // more workers than cores: runs finish in no set order while the sink is slow
  const evaluation ev = evaluate(p, s, std::nullopt, one);
  // All columns (series_row rows) and a subset (series_values rows): both batch row types.
  for (const std::vector<std::string>& cols : {std::vector<std::string>{}, std::vector<std::string>{"indicator", "entity", "status", "score"}}) {
    std::ostringstream expected;
    io::write_csv(expected, p, ev, cols);
    slow_sink sink;
    std::ostream out(&sink);
    io::evaluate_to_csv(out, p, s, std::nullopt, many, cols);
    CHECK(sink.text == expected.str());
    CHECK(sink.writes >= 40);  // the header, then one write per run: the output really came in many runs
  }
}

TEST_CASE("Output formats and levels: each name reads back, and the writers take the enum", "[evaluation_io][rollup]") {
  for (std::size_t k = 0; k < io::output_format_names.size(); ++k) {
    const auto f = static_cast<io::output_format>(k);
    CHECK(io::parse_output_format(io::format_name(f)) == f);
  }
  CHECK(io::format_name(io::output_format::markdown) == "markdown");
  CHECK_FALSE(io::parse_output_format("xlsx"));
  for (const auto l : {io::output_level::all, io::output_level::national, io::output_level::collective, io::output_level::section, io::output_level::plan})
    CHECK(io::parse_output_level(io::level_name(l)) == l);
  CHECK(io::level_name(io::output_level::collective) == "collective");
  CHECK_FALSE(io::parse_output_level("series"));

  fixture f;
  const evaluation ev = evaluate(f.p, f.s, std::nullopt);
  std::ostringstream csv, json, table;
  io::write_challenges(csv, f.p, ev, io::output_format::csv);
  io::write_challenges(json, f.p, ev, io::output_format::json);
  io::write_challenges(table, f.p, ev, io::output_format::table);
  CHECK(csv.str().rfind("rank,indicator,entity,disaggregation,level,status,", 0) == 0);
  CHECK(nlohmann::json::parse(json.str())["format"] == "waypoint-challenges");
  CHECK(table.str().rfind("Challenges: ", 0) == 0);
}

TEST_CASE("A negative zero prints as 0 in the CSV and the JSON", "[evaluation_io][negative-zero]") {
  // Decrease from 10 (2025) to 6: still at 10 in 2028, so linear-trajectory's progress is
  // (10 - 10) / (6 - 10) = -0, as for C1 of the flagship.
  const plan p = io::parse_plan("indicator,direction,target,target_year,limit,base_year\nD,-1,6,2031,,2025\n", io::plan_format::indicator_table,
                                "ind.csv");
  const observation_store s = io::parse_observations("indicator,entity,year,value\nD,E1,2025,10\nD,E1,2028,10\n", p, "obs.csv");
  const evaluation ev = evaluate(p, s, std::nullopt);
  REQUIRE(ev.series.size() == 1);
  REQUIRE(ev.series[0].outcome.progress_value);
  CHECK(*ev.series[0].outcome.progress_value == 0);
  INFO("progress computed as a negative zero: " << std::signbit(*ev.series[0].outcome.progress_value));

  std::ostringstream csv, streamed, json, table;
  io::write_csv(csv, p, ev);
  io::evaluate_to_csv(streamed, p, s, std::nullopt, {});
  CHECK(streamed.str() == csv.str());
  const std::string row = csv.str().substr(csv.str().find('\n') + 1);
  const auto& cols = io::csv_columns();
  const auto k = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "progress_value") - cols.begin());
  std::vector<std::string> cells;
  std::stringstream ss(row.substr(0, row.find('\n')));
  for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
  REQUIRE(cells.size() > k);
  CHECK(cells[k] == "0");
  CHECK(csv.str().find("-0,") == std::string::npos);

  evaluation_options traced;
  traced.traces = true;
  io::write_json(json, p, evaluate(p, s, std::nullopt, traced));
  CHECK(json.str().find("\"progress_value\": 0.0") != std::string::npos);
  const auto negative_zero = [](const std::string& text) {  // "-0.0" not followed by a digit
    for (auto k = text.find("-0.0"); k != std::string::npos; k = text.find("-0.0", k + 1))
      if (k + 4 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[k + 4]))) return true;
    return false;
  };
  CHECK_FALSE(negative_zero(json.str()));
  CHECK(json.str().find("\"-0\"") == std::string::npos);  // the trace's inputs (format_number)

  io::write_table(table, p, ev);
  CHECK(table.str().find(" -0 ") == std::string::npos);

  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(-1e-300) == "-1e-300");
  CHECK(io::value_label(p.indicators()[0], -0.0) == "0");
}
