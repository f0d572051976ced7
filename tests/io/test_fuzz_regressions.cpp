// Inputs the fuzzers (tests/fuzz, scripts/fuzz) found: each must now give a clean waypoint::error
// (or load), never another exception or a crash. Files: tests/data/fuzz/<parser>-<what>.<ext>.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "support.hpp"
#include "waypoint/io/iati.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/plan_writer.hpp"
#include "waypoint/report/report.hpp"

using namespace waypoint;

namespace {
std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What tests/fuzz/fuzz_iati.cpp checks: an IATI file read, written as plan YAML and observation
// CSV, read back and exported gives a file that imports and exports to the same bytes.
void check_iati_round_trip(const io::iati_activity& a) try {
  std::ostringstream yaml, csv, xml, again;
  io::write_plan_yaml(yaml, a.plan);
  io::write_observations_csv(csv, a.plan, a.observations);
  const plan p = io::parse_plan(yaml.str(), io::plan_format::yaml, "plan.yaml");
  const auto obs = io::parse_observations(csv.str(), p, "obs.csv");
  io::write_iati(xml, p, obs);
  const auto b = io::parse_iati(xml.str(), "export.xml");
  io::write_iati(again, b.plan, b.observations);
  CHECK(again.str() == xml.str());
} catch (const error& e) {
  FAIL("the round trip of an IATI file that reads throws: " << e.what());
}
// What tests/fuzz/fuzz_report.cpp checks, in short: a plan (YAML), then optionally a line
// "# observations [as of YYYY-MM-DD]" and an observation CSV, evaluated and written as HTML and
// Markdown. Both reports must be valid texts (no character cut in two), and in the Markdown no
// text may make markup: no '<' at all, and as many headings as the HTML has h1 and h2.
void check_reports(const std::string& text, const std::string& name) {
  const auto sep = text.find("\n# observations");
  const plan p = io::parse_plan(text.substr(0, sep == std::string::npos ? text.size() : sep + 1), io::plan_format::yaml, name);
  std::optional<date> as_of;
  std::optional<observation_store> obs;
  if (sep != std::string::npos) {
    const auto eol = text.find('\n', sep + 1);
    const std::string head = text.substr(sep + 1, eol - sep - 1);
    if (const auto at = head.find(" as of "); at != std::string::npos) as_of = parse_date(head.substr(at + 7));
    obs.emplace(io::parse_observations(eol == std::string::npos ? std::string() : text.substr(eol + 1), p, name));
  } else {
    obs.emplace(observation_builder(p).finish());
  }
  const evaluation ev = evaluate(p, *obs, as_of);
  std::ostringstream html, md;
  report::write_html(html, p, ev);
  report::write_markdown(md, p, ev);
  CHECK_FALSE(text_fault_of(html.str()));
  CHECK_FALSE(text_fault_of(md.str()));
  CHECK(md.str().find('<') == std::string::npos);
  const auto count = [](const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("\n" + md.str(), "\n#") == count(html.str(), "<h1") + count(html.str(), "<h2"));
}
}  // namespace

TEST_CASE("Fuzz regressions: every kept input gives a waypoint::error or a result", "[fuzz]") {
  std::size_t n = 0;
  for (const auto& f : std::filesystem::directory_iterator(std::string(WAYPOINT_TEST_DATA) + "/fuzz")) {
    const std::string name = f.path().filename().string();
    const std::string text = slurp(f.path());
    INFO(name);
    ++n;
    try {
      if (name.rfind("plan-", 0) == 0) {
        for (auto fmt : {io::plan_format::yaml, io::plan_format::json, io::plan_format::indicator_table}) {
          try {
            (void)io::parse_plan(text, fmt, name);
          } catch (const error&) {
          }
        }
      } else if (name.rfind("iati-", 0) == 0) {
        std::optional<io::iati_activity> a;
        try {
          a.emplace(io::parse_iati(text, name));
        } catch (const error&) {
        }
        if (a) check_iati_round_trip(*a);
      } else if (name.rfind("report-", 0) == 0) {
        check_reports(text, name);
      } else {
        FAIL("unknown kind of fuzz input: " << name);
      }
    } catch (const error&) {
    }
  }
  CHECK(n >= 1);
}

TEST_CASE("Fuzz regression: a format version that is not UTF-8 is reported as a bad text, not thrown as a JSON error", "[fuzz]") {
  const std::string path = WAYPOINT_TEST_DATA "/fuzz/plan-invalid-utf8-version.yaml";  // one literal: GCC 12 gives a false -Warray-bounds on string + literal here
  const auto ps = test::problems_of([&] { (void)io::parse_plan(slurp(path), io::plan_format::yaml, "v.yaml"); });
  CHECK(test::find_code(ps, errc::plan_bad_text).where.line == 1);  // every text is checked at load (issue 20, item 8)
}

TEST_CASE("Fuzz regression: a waypoint: name whose prefix no xmlns declares is refused where it is, not kept and bound on export", "[fuzz]") {
  const std::string path = WAYPOINT_TEST_DATA "/fuzz/iati-undeclared-prefix.xml";
  const auto ps = test::problems_of([&] { (void)io::parse_iati(slurp(path), "u.xml"); });
  const auto& p = test::find_code(ps, errc::iati_syntax);
  CHECK(p.where.line == 3);
  CHECK(p.message == "attribute waypoint:period uses the namespace prefix 'waypoint', which no xmlns:waypoint declares");
  // Declared on an ancestor, any prefix is fine; xml: needs no declaration.
  const std::string ok = "<iati-activities version=\"2.03\" xmlns:acme=\"https://acme.example/ns\"><iati-activity xml:lang=\"en\" acme:x=\"1\">"
                         "<iati-identifier>x</iati-identifier><activity-date iso-date=\"2027-01-01\" type=\"1\"/>"
                         "<activity-date iso-date=\"2031-12-31\" type=\"3\"/><acme:note>kept</acme:note></iati-activity></iati-activities>";
  CHECK_NOTHROW(io::parse_iati(ok, "ok.xml"));
}
