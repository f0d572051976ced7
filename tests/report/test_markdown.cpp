// The Markdown report and the challenge list it shares with the HTML report.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "flagship.hpp"
#include "waypoint/report/report.hpp"

using namespace waypoint;

namespace {
using test::flagship;

std::string line_with(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return {};
  const auto begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}
}  // namespace

TEST_CASE("the flagship Markdown report: title, as-of, summary, challenges, sections", "[markdown]") {
  const flagship f;
  std::ostringstream out;
  report::write_markdown(out, f.p, f.ev);
  const std::string md = out.str();
  CHECK(md.rfind("# Convention on Cluster Munitions", 0) == 0);
  CHECK(md.find("Evaluated as of 2029-06-30") != std::string::npos);
  // The plan row of the summary: the plan roll-up's status counts, its series and its score.
  REQUIRE(f.ev.rolled_up);
  std::string plan_row = "| **Plan** |";
  std::size_t n = 0;
  for (const auto c : f.ev.plan_rollup.counts) {
    plan_row += " " + (c ? std::to_string(c) : std::string()) + " |";
    n += c;
  }
  CHECK(n == f.ev.plan_rollup.series);
  const std::string plan_line = line_with(md, "| **Plan** |"), prefix = plan_row + " **" + std::to_string(n) + "** | ";
  REQUIRE(plan_line.rfind(prefix, 0) == 0);
  REQUIRE(f.ev.plan_rollup.score);
  CHECK(std::stod(plan_line.substr(prefix.size())) == Approx(*f.ev.plan_rollup.score).margin(0.005));
  // Every section, with its table.
  for (const auto& s : f.p.sections()) CHECK(md.find("\n## " + s.title + "\n") != std::string::npos);
  // A series row: indicator, entity, status, category, current, target, expected, gaps, trend
  // (C2, clearance in km², as in the README: 244.8 in 2028 against 260 in 2031, +8.41/yr).
  const auto& c2 = *std::find_if(f.ev.series.begin(), f.ev.series.end(), [](const series_result& s) { return s.indicator.str() == "C2"; });
  const std::string row = line_with(md, "| C2 ");
  CHECK(row.find("| \\* | `" + std::string(to_string(c2.outcome.status)) + "` | " + c2.outcome.category + " | 244.8 (2028) | 260 (2031) |") !=
        std::string::npos);
  CHECK(row.find("| 15.2 |") != std::string::npos);
  CHECK(row.find("| +8.41/yr |") != std::string::npos);
  // Challenges: the evaluation's, in its order (regressing first); V1 and C6 among them.
  const auto at = md.find("## Challenges");
  const auto ch = md.substr(at, md.find("\n## ", at + 5) - at);
  std::size_t last = 0;
  REQUIRE_FALSE(f.ev.challenges.empty());
  for (const auto& c : f.ev.challenges) {
    const auto pos = ch.find("| " + c.indicator.str() + " ", last);
    REQUIRE(pos != std::string::npos);
    CHECK(ch.substr(pos, ch.find('\n', pos) - pos).find("| " + (c.entity.str() == "*" ? std::string("\\*") : c.entity.str()) + " | `" + std::string(to_string(c.state)) + "` |") != std::string::npos);
    last = pos + 1;
  }
  CHECK(ch.find("| V1 ") != std::string::npos);
  CHECK(ch.find("| C6 ") != std::string::npos);
  // The section milestones, each with its state.
  REQUIRE_FALSE(f.ev.milestones.empty());
  for (const auto& m : f.ev.milestones)
    CHECK(md.find("| " + m.milestone.str() + " ") != std::string::npos);
  // Same input, same bytes.
  std::ostringstream again;
  report::write_markdown(again, f.p, f.ev);
  CHECK(again.str() == md);
}

TEST_CASE("plan texts reach the Markdown report as text: no raw HTML, links, emphasis or broken tables", "[markdown][bad-input]") {
  const std::string yaml = R"(waypoint: 1
plan: {id: "p`x", title: "<script>alert(1)</script> & co", period: 2027-01-01/2031-12-31}
entities:
  - {id: "=cmd", name: "<img src=x onerror=alert(2)>"}
sections:
  - id: s1
    title: "[click](javascript:alert(3)) *bold* _it_ ~~gone~~"
    chapeau: {narrative: "a\nb | c <b>bold</b>"}
    actions:
      - id: A1
        text: Do it.
        indicators:
          - {id: "I|1", title: "pipes | and `ticks` and \\ back", measure: count, baseline: {value: 1, period: 2026}, target: {value: 5, at: 2030}}
)";
  const plan p = io::parse_plan(yaml, io::plan_format::yaml, "hostile.yaml");
  const auto obs = io::parse_observations("indicator,entity,period,value\nI|1,=cmd,2027,2\n", p, "obs.csv");
  const evaluation ev = evaluate(p, obs, parse_date("2028-06-30"));
  std::ostringstream out;
  report::write_markdown(out, p, ev);
  const std::string md = out.str();
  // No raw HTML from the plan: every '<' of the output is an entity's.
  CHECK(md.find('<') == std::string::npos);
  CHECK(md.find("# &lt;script&gt;alert(1)&lt;/script&gt; &amp; co\n") != std::string::npos);
  CHECK(md.find("Plan p\\`x, period") != std::string::npos);
  // Link, emphasis and strikethrough punctuation after a backslash; a word's own '_' kept.
  CHECK(md.find("\n## \\[click\\](javascript:alert(3)) \\*bold\\* \\_it\\_ \\~\\~gone\\~\\~\n") != std::string::npos);
  CHECK(md.find("> a b \\| c &lt;b&gt;bold&lt;/b&gt;\n") != std::string::npos);
  // The indicator row: its pipes escaped, so the row keeps its ten cells.
  const std::string row = line_with(md, "| I\\|1 ");
  REQUIRE_FALSE(row.empty());
  CHECK(row.rfind("| I\\|1 pipes \\| and \\`ticks\\` and \\\\ back | =cmd | `", 0) == 0);
  std::size_t cells = 0;
  for (std::size_t k = 0; k < row.size(); ++k) cells += row[k] == '|' && (k == 0 || row[k - 1] != '\\');
  CHECK(cells == 11);
  CHECK(md.find("on\\_track") == std::string::npos);
}
