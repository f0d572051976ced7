// Plan files: YAML and JSON share one schema; every problem has a code and a location.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace waypoint;

namespace {
const char* kYaml = R"(waypoint: 1
plan:
  id: demo
  title: Demo plan
  period: 2027-01-01/2031-12-31
calendar:
  events:
    - {id: 14MSP, title: Fourteenth MSP, date: 2027-09-14}
  reporting: {due: "04-30", grace_days: 5}
entities:
  - {id: LAO, name: Lao PDR}
sections:
  - id: uni
    title: Universalisation
    chapeau:
      narrative: 112 States Parties.
      date: 2026-09-01
      figures: {states_parties: 112}
    milestones:
      - {id: M1, text: More States Parties, by: 14MSP}
    actions:
      - id: A1
        text: Accede.
        tags: [cross-cutting]
        indicators:
          - id: U1
            title: States Parties
            measure: count
            unit: States
            direction: increase
            scope: collective
            baseline: {value: 112, period: 2026, source: chapeau}
            milestones:
              - {value: 115, at: 14MSP, aspirational: true}
            target: {value: 120, at: 2031}
            method: {name: linear-trajectory, params: {tolerance: 0.05}}
          - id: U2
            measure: ordinal
            levels: [none, draft, adopted]
            baseline: {value: none, period: 2026}
            target: {value: adopted, at: 2031}
)";

const char* kJson = R"({"waypoint": 1,
 "plan": {"id": "demo", "title": "Demo plan", "period": "2027-01-01/2031-12-31"},
 "calendar": {"events": [{"id": "14MSP", "title": "Fourteenth MSP", "date": "2027-09-14"}],
              "reporting": {"due": "04-30", "grace_days": 5}},
 "entities": [{"id": "LAO", "name": "Lao PDR"}],
 "sections": [{"id": "uni", "title": "Universalisation",
   "chapeau": {"narrative": "112 States Parties.", "date": "2026-09-01", "figures": {"states_parties": 112}},
   "milestones": [{"id": "M1", "text": "More States Parties", "by": "14MSP"}],
   "actions": [{"id": "A1", "text": "Accede.", "tags": ["cross-cutting"], "indicators": [
     {"id": "U1", "title": "States Parties", "measure": "count", "unit": "States", "direction": "increase",
      "scope": "collective", "baseline": {"value": 112, "period": "2026", "source": "chapeau"},
      "milestones": [{"value": 115, "at": "14MSP", "aspirational": true}],
      "target": {"value": 120, "at": "2031"},
      "method": {"name": "linear-trajectory", "params": {"tolerance": 0.05}}},
     {"id": "U2", "measure": "ordinal", "levels": ["none", "draft", "adopted"],
      "baseline": {"value": "none", "period": "2026"}, "target": {"value": "adopted", "at": "2031"}}]}]}]}
)";

std::vector<problem> yaml_problems(const std::string& text) {
  return io::validate_plan_text(text, io::plan_format::yaml, "plan.yaml");
}
}  // namespace

TEST_CASE("YAML and JSON plans load to the same model", "[plan_io]") {
  const plan y = io::parse_plan(kYaml, io::plan_format::yaml, "plan.yaml");
  const plan j = io::parse_plan(kJson, io::plan_format::json, "plan.json");
  for (const plan* p : {&y, &j}) {
    CHECK(p->id().str() == "demo");
    CHECK(p->period().str() == "2027-01-01/2031-12-31");
    CHECK(p->calendar().reporting->grace_days == 5);
    CHECK(p->sections().at(0).chapeau.figures.at(0).amount == 112);
    CHECK(p->sections().at(0).milestones.at(0).due == parse_date("2027-09-14"));
    const auto& u1 = *p->find(indicator_id{"U1"});
    CHECK(u1.scope == scope::collective);
    CHECK(u1.milestones.at(0).when->str() == "2027-09-14");
    CHECK(u1.milestones.at(0).aspirational);
    CHECK(u1.method.params.at("tolerance") == "0.05");
    CHECK(p->find(indicator_id{"U2"})->target->amount.numeric() == 2.0);
    CHECK(p->find(action_id{"A1"})->tags == std::vector<std::string>{"cross-cutting"});
  }
  CHECK(y.indicators().size() == j.indicators().size());
}

TEST_CASE("problems in YAML carry file:line:column and a JSON pointer", "[plan_io][bad-input]") {
  std::string text = kYaml;
  text.replace(text.find("target: {value: 120, at: 2031}"), 30, "target: {value: 120, at: 2035}");
  text.replace(text.find("measure: count"), 14, "measure: counts");
  text.replace(text.find("at: 14MSP"), 9, "at: 99MSP");
  const auto ps = yaml_problems(text);
  const auto outside = test::find_code(ps, errc::plan_outside_period);
  CHECK(outside.where.file == "plan.yaml");
  CHECK(outside.where.line == 35);
  CHECK(outside.where.pointer == "/sections/0/actions/0/indicators/0/target/at");
  const auto bad_enum = test::find_code(ps, errc::plan_bad_enum);
  CHECK(bad_enum.where.line == 28);
  CHECK(bad_enum.where.column == 22);
  CHECK(bad_enum.message.find("counts") != std::string::npos);
  CHECK(test::find_code(ps, errc::plan_unknown_event).where.line == 34);
  CHECK(ps.size() == 3);  // every problem, not just the first
}

TEST_CASE("malformed, empty and misspelt plan files", "[plan_io][bad-input]") {
  SECTION("YAML syntax error with line") {
    const auto ps = yaml_problems("waypoint: 1\nplan: {id: x\n  period: 2027\n");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].code == errc::plan_syntax);
    CHECK(ps[0].where.line >= 2);
  }
  SECTION("JSON syntax error with line and column") {
    const auto ps = io::validate_plan_text("{\"waypoint\": 1,\n \"plan\": {\"id\": }\n}", io::plan_format::json, "p.json");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].code == errc::plan_syntax);
    CHECK(ps[0].where.line == 2);
    CHECK(ps[0].where.column == 17);  // the '}' where a value was expected
  }
  SECTION("JSON semantic errors carry the pointer") {
    std::string text = kJson;
    text.replace(text.find("\"unit\": \"States\""), 16, "\"units\": \"States\"");
    const auto ps = io::validate_plan_text(text, io::plan_format::json, "p.json");
    const auto p = test::find_code(ps, errc::plan_unknown_key);
    CHECK(p.where.pointer == "/sections/0/actions/0/indicators/0/units");
    CHECK(p.where.str().find("p.json") == 0);
  }
  SECTION("empty files") {
    CHECK(yaml_problems("")[0].code == errc::plan_empty);
    CHECK(yaml_problems("  \n\n")[0].code == errc::plan_empty);
    CHECK(io::validate_plan_text("", io::plan_format::json, "p.json")[0].code == errc::plan_empty);
  }
  SECTION("missing required keys and wrong version") {
    const auto ps = yaml_problems("waypoint: 2\nplan: {title: x}\n");
    CHECK(test::has_code(ps, errc::plan_bad_version));
    CHECK(ps.size() >= 3);  // version, id, period
    CHECK(test::has_code(ps, errc::plan_missing_key));
  }
  SECTION("duplicate ids name both places") {
    std::string text = kYaml;
    text.replace(text.find("id: U2"), 6, "id: U1");
    const auto p = test::find_code(yaml_problems(text), errc::plan_duplicate_id);
    CHECK(p.where.line == 37);
    CHECK(p.message.find("plan.yaml:26") != std::string::npos);
  }
  SECTION("a level not on the scale, NaN and a bad period") {
    std::string text = kYaml;
    text.replace(text.find("value: adopted"), 14, "value: enacted");
    text.replace(text.find("value: 115"), 10, "value: .nan");
    text.replace(text.find("period: 2026, source"), 12, "period: 2026-13");
    const auto ps = yaml_problems(text);
    CHECK(test::has_code(ps, errc::plan_bad_period));
    bool level = false, finite = false;
    for (const auto& p : ps) {
      level = level || p.message.find("'enacted' is not on the scale") != std::string::npos;
      finite = finite || (p.code == errc::plan_bad_value && p.message.find("finite") != std::string::npos);
    }
    CHECK(level);
    CHECK(finite);
  }
  SECTION("a file that does not exist") {
    CHECK(test::find_code(test::problems_of([] { (void)io::load_plan("/nonexistent/plan.yaml"); }), errc::plan_io).where.file == "/nonexistent/plan.yaml");
  }
}

TEST_CASE("indicator tables", "[plan_io][table]") {
  const std::string table = "indicator,direction,target,target_year,limit,base_year\n1-2-1,-1,7.25,2030,,2015\n3-1-1,1,,2030,100,2015\n";
  const plan p = io::parse_plan(table, io::plan_format::indicator_table, "ind.csv");
  REQUIRE(p.indicators().size() == 2);
  const auto& a = *p.find(indicator_id{"1-2-1"});
  CHECK(a.direction == direction::decrease);
  CHECK(a.target->amount.numeric() == 7.25);
  CHECK(a.method.name == "sdg-canada");
  CHECK(p.open_entities());
  CHECK(p.find(indicator_id{"3-1-1"})->limit == 100.0);
  SECTION("bad rows are located") {
    const auto ps = io::validate_plan_text("indicator,direction,target\nx,up,\ny,1,abc\n", io::plan_format::indicator_table, "t.csv");
    CHECK(test::find_code(ps, errc::plan_bad_enum).where.str() == "t.csv:2:3");
    CHECK(test::find_code(ps, errc::plan_bad_value).where.str() == "t.csv:3:5");
  }
}

TEST_CASE("the flagship plan validates", "[plan_io][example]") {
  const auto ps = io::validate_plan(std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/plan.yaml");
  for (const auto& p : ps) INFO(p.str());
  CHECK(ps.empty());
}

TEST_CASE("hostile plan documents: duplicate keys, overflowing numbers, alias bombs, deep nesting, several documents", "[plan_io][bad-input]") {
  const auto json_problems = [](const std::string& text) { return io::validate_plan_text(text, io::plan_format::json, "plan.json"); };
  SECTION("a JSON key given twice is an error at its pointer, not a silent loss") {
    std::string text = kJson;
    text.insert(text.rfind('}'), ", \"sections\": []");
    const auto ps = json_problems(text);
    const auto p = test::find_code(ps, errc::plan_duplicate_key);
    CHECK(p.where.file == "plan.json");
    CHECK(p.where.pointer == "/sections");
    // Deeper down, with array indices in the pointer.
    const auto deep = json_problems(R"({"sections": [{"id": "a"}, {"id": "b", "title": "x", "title": "y"}]})");
    CHECK(test::find_code(deep, errc::plan_duplicate_key).where.pointer == "/sections/1/title");
  }
  SECTION("a number too large for a double is a located syntax error") {
    const auto ps = json_problems("{\"waypoint\": 1,\n \"plan\": {\"id\": \"p\", \"x\": 1e999}}");
    const auto p = test::find_code(ps, errc::plan_syntax);
    CHECK(p.where.file == "plan.json");
    CHECK(p.where.line == 2);
    CHECK(p.message.find("1e999") != std::string::npos);
    CHECK(p.message.find("json.exception") == std::string::npos);
  }
  SECTION("nesting past the limit is plan.too_deep, in JSON and in YAML, quickly") {
    const std::string deep_json = std::string(100000, '[') + std::string(100000, ']');
    CHECK(test::has_code(json_problems(deep_json), errc::plan_too_deep));
    std::string deep_yaml = "plan:\n  x: ";
    for (int k = 0; k < 300; ++k) deep_yaml += "[";
    for (int k = 0; k < 300; ++k) deep_yaml += "]";
    const auto ps = yaml_problems(deep_yaml + "\n");
    CHECK((test::has_code(ps, errc::plan_too_deep) || test::has_code(ps, errc::plan_syntax)));
    CHECK(ps.front().where.file == "plan.yaml");
  }
  SECTION("nested aliases (billion laughs) stop at the node limit with a located error") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c)
      bomb += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" +
              static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" +
              static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" +
              static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + "]\n";
    CHECK(bomb.size() < 600);  // 10^10 nodes once expanded
    const auto ps = yaml_problems(bomb);
    const auto p = test::find_code(ps, errc::plan_alias_limit);
    CHECK(p.where.file == "plan.yaml");
    CHECK(p.where.line > 0);
  }
  SECTION("a YAML duplicate key names the file") {
    const auto ps = yaml_problems("waypoint: 1\nwaypoint: 1\n");
    const auto p = test::find_code(ps, errc::plan_duplicate_key);
    CHECK(p.where.file == "plan.yaml");
    CHECK(p.where.line == 2);
  }
  SECTION("a second YAML document is an error, not ignored") {
    const auto ps = yaml_problems(std::string(kYaml) + "---\nplan: {id: other}\n");
    const auto p = test::find_code(ps, errc::plan_multiple_documents);
    CHECK(p.where.file == "plan.yaml");
    CHECK(p.where.line > 40);
  }
  SECTION("an empty trailing document is not a second plan") {
    CHECK(yaml_problems(std::string(kYaml) + "---\n").empty());
  }
}

TEST_CASE("plan texts that are not UTF-8 or hold control characters are refused, located", "[plan_io][bad-input][text]") {
  SECTION("YAML: a Latin-1 title, at its line") {
    const auto ps = io::validate_plan_text("waypoint: 1\nplan: {id: p, period: 2027-01-01/2031-12-31, title: \"caf\xE9\"}\n", io::plan_format::yaml, "p.yaml");
    const auto p = test::find_code(ps, errc::plan_bad_text);
    CHECK(p.where.file == "p.yaml");
    CHECK(p.where.line == 2);
    CHECK(p.message.find("invalid UTF-8 (byte 0xE9)") != std::string::npos);
  }
  SECTION("JSON: a control character written as an escape, at its pointer") {
    const auto ps = io::validate_plan_text(R"({"waypoint": 1, "plan": {"id": "p", "period": "2027-01-01/2031-12-31", "title": "a\u0001b"}})", io::plan_format::json, "p.json");
    const auto p = test::find_code(ps, errc::plan_bad_text);
    CHECK(p.where.pointer == "/plan/title");
    CHECK(p.message.find("U+0001") != std::string::npos);
  }
}

TEST_CASE("a range bound that is not a finite number is named as such, not as low above high", "[plan_io][bad-input]") {
  const auto plan_with = [](const std::string& range) {
    return "waypoint: 1\nplan: {id: p, period: 2027-01-01/2031-12-31}\nsections:\n  - id: s\n    actions:\n      - id: a\n        indicators:\n"
           "          - {id: M, measure: percentage, direction: maintain, range: " + range + "}\n";
  };
  for (const auto& [range, shown] : {std::pair<std::string, std::string>{"[.nan, 1]", "[nan, 1]"}, {"[1, .inf]", "[1, inf]"}, {"[-.inf, .nan]", "[-inf, nan]"}}) {
    INFO(range);
    const auto ps = yaml_problems(plan_with(range));
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].code == errc::plan_bad_range);
    CHECK(ps[0].where.pointer == "/sections/0/actions/0/indicators/0/range");
    CHECK(ps[0].message.find("range bounds must be finite numbers, got " + shown) != std::string::npos);
    CHECK(ps[0].message.find("above") == std::string::npos);
  }
  CHECK(yaml_problems(plan_with("[2, 1]")).at(0).message.find("range low is above high") != std::string::npos);
  // One '+' is a sign; "+-5" is no number (it once read as -5) and is named as text.
  CHECK(yaml_problems(plan_with("[+0, +5]")).empty());
  const auto ps = yaml_problems(plan_with("[+-5, 1]"));  // read as -5 it was a valid range
  REQUIRE_FALSE(ps.empty());
  CHECK(std::any_of(ps.begin(), ps.end(), [](const problem& q) { return q.where.pointer.find("/range") != std::string::npos; }));
}

TEST_CASE("a large plan without aliases always fits the YAML node budget", "[plan_io][bad-input]") {
  // 40,000 actions in one supports chain: ~200,000 nodes, more than the fixed 100,000 of old.
  std::string yaml = "waypoint: 1\nplan: {id: p, period: 2027-01-01/2031-12-31}\nsections:\n  - id: s\n    actions:\n";
  const int n = 40000;
  for (int i = 0; i < n; ++i)
    yaml += "      - {id: a" + std::to_string(i) + ", text: t" + (i + 1 < n ? ", supports: [a" + std::to_string(i + 1) + "]" : std::string()) + "}\n";
  const plan p = io::parse_plan(yaml, io::plan_format::yaml, "chain.yaml");
  CHECK(p.actions().size() == 40000);
  CHECK(p.find(action_id{"a39999"}) == &p.actions().back());
  CHECK(p.find(action_id{"a4"})->supports.at(0).str() == "a5");
  CHECK(p.find(action_id{"nope"}) == nullptr);
}
