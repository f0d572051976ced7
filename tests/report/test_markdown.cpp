// The Markdown report and the challenge list it shares with the HTML report.
#include <catch2/catch.hpp>

#include <array>
#include <sstream>
#include <string>

#include "../src/report/common.hpp"
#include "../src/report/format.hpp"
#include "../src/report/labels.hpp"
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
  CHECK(md.rfind("# Vientiane Capital Action Plan 2027–2031 (illustrative)\n", 0) == 0);
  CHECK(md.find("Evaluated as of 30 June 2029") != std::string::npos);
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
  // A series row: indicator, entity, status (in words), current and target with their unit, expected,
  // gaps, trend (C2, clearance in km², as in the README: 244.8 in 2028 against 260 in 2031, +8.41/yr),
  // figures rounded to three significant digits and the trend to two.
  const std::string row = line_with(md, "| C2 ");
  CHECK(row.find("| All States Parties | on track | 245 km² per year (2028) | 260 km² per year (2031) | 237 | 15.2 | −7.5 | +8.4/yr |") !=
        std::string::npos);
  // Challenges: the evaluation's, in its order (regressing first); V1 and C6 among them.
  const auto at = md.find("## Challenges");
  const auto ch = md.substr(at, md.find("\n## ", at + 5) - at);
  std::size_t last = 0;
  REQUIRE_FALSE(f.ev.challenges.empty());
  for (const auto& c : f.ev.challenges) {
    const auto pos = ch.find("| " + c.indicator.str() + " ", last);
    REQUIRE(pos != std::string::npos);
    const indicator& ind = *f.p.find(c.indicator);
    const std::string name = report::detail::series_label(language::en, f.p, &ind, c.entity, c.disaggregation) + (c.entity.str() == "*" ? "" : " (" + c.entity.str() + ")");
    CHECK(ch.substr(pos, ch.find('\n', pos) - pos).find("| " + name + " | " + std::string(report::detail::status_words(language::en, c.state)) + " |") != std::string::npos);
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

TEST_CASE("the flagship Markdown report names entities and groups and says statuses in words", "[markdown][labels]") {
  const flagship f;
  std::ostringstream out;
  report::write_markdown(out, f.p, f.ev);
  const std::string md = out.str();
  // Names from the plan, the code once in parentheses; never a bare code cell.
  CHECK(md.find("| Lao People's Democratic Republic (LAO) |") != std::string::npos);
  CHECK(md.find("| LAO |") == std::string::npos);
  CHECK(md.find("| Iraq (IRQ) |") != std::string::npos);
  CHECK(md.find("| All States Parties |") != std::string::npos);
  CHECK(md.find("| \\* |") == std::string::npos);
  // Groups and statuses in words.
  CHECK(md.find("| All States Parties, female |") != std::string::npos);
  CHECK(md.find("age 0–17") != std::string::npos);
  CHECK(md.find("[sex=") == std::string::npos);
  for (int k = 0; k < status_count; ++k) {
    const std::string code(to_string(static_cast<status>(k)));
    if (code.find('_') != std::string::npos) CHECK(md.find(code) == std::string::npos);
  }
  CHECK(md.find("moving_away") == std::string::npos);
  CHECK(md.find("| needs acceleration (behind) |") != std::string::npos);
  CHECK(md.find("| on track |") != std::string::npos);
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
  // The indicator row: its pipes escaped, so the row keeps its nine cells; the entity's name is text too.
  const std::string row = line_with(md, "| I\\|1 ");
  REQUIRE_FALSE(row.empty());
  CHECK(row.rfind("| I\\|1 pipes \\| and \\`ticks\\` and \\\\ back | &lt;img src=x onerror=alert(2)&gt; (=cmd) | ", 0) == 0);
  std::size_t cells = 0;
  for (std::size_t k = 0; k < row.size(); ++k) cells += row[k] == '|' && (k == 0 || row[k - 1] != '\\');
  CHECK(cells == 10);
  CHECK(md.find("on\\_track") == std::string::npos);
}

TEST_CASE("report wording: statuses, categories, groups and the collective in words", "[markdown][labels]") {
  using namespace report::detail;
  CHECK(status_words(language::en, status::on_track) == "on track");
  CHECK(status_words(language::en, status::needs_acceleration) == "needs acceleration");
  CHECK(milestone_words(language::en, milestone_state::at_risk) == "at risk");
  // The category only where it says more than the status.
  CHECK(status_text(language::en, status::on_track, "on_track") == "on track");
  CHECK(status_text(language::en, status::achieved, "target_achieved") == "achieved");
  CHECK(status_text(language::en, status::needs_acceleration, "behind") == "needs acceleration (behind)");
  CHECK(status_text(language::en, status::regressing, "moving_away") == "regressing (moving away)");
  CHECK(group_words(language::en, "sex=female") == "female");
  CHECK(group_words(language::en, "age=0-17") == "age 0–17");
  CHECK(group_words(language::en, "age=18+;sex=male") == "age 18+, male");
  CHECK(group_words(language::en, "disability=yes") == "with disability");
  const flagship f;
  const indicator& v1 = *f.p.find(indicator_id("V1"));
  CHECK(entity_name(language::en, f.p, &v1, entity_id("LAO")) == "Lao People's Democratic Republic");
  CHECK(entity_name(language::en, f.p, &v1, entity_id("*")) == "All States Parties");
  CHECK(series_label(language::en, f.p, &v1, entity_id("*"), "sex=female") == "All States Parties, female");
}

TEST_CASE("report figures: counts whole, percentages to one decimal, three significant digits, thousands grouped", "[markdown][numbers]") {
  using namespace report::detail;
  const auto of = [](measure m, std::string unit) {
    indicator ind;
    ind.measure = m;
    ind.unit = std::move(unit);
    return ind;
  };
  const indicator count = of(measure::count, "States"), pct = of(measure::percentage, "% of casualties"), area = of(measure::amount, "km²");
  CHECK(readable(language::en, count, 116.671) == "117");
  CHECK(readable(language::en, count, 12345.4) == "12,345");
  CHECK(with_unit(language::en, count, 116.671) == "117 States");
  CHECK(readable(language::en, pct, 42.5678) == "42.6");
  CHECK(readable(language::en, pct, 40.0) == "40");
  CHECK(with_unit(language::en, pct, 42.5678) == "42.6% of casualties");
  CHECK(with_unit(language::en, area, 244.8) == "245 km²");
  CHECK(readable(language::en, area, 244.8) == "245");
  CHECK(readable(language::en, area, 5.5) == "5.5");
  CHECK(readable(language::en, area, 0.0369048) == "0.0369");
  CHECK(readable(language::en, area, 1234567.0) == "1,234,567");
  CHECK(readable(language::en, area, -12.2259) == "−12.2");
  trend_fit t;
  t.slope = -0.731667;
  t.r_squared = 0.983577;
  CHECK(slope_text(language::en, t) == "−0.73/yr");
  CHECK(r_squared_text(language::en, t) == "R² 0.98");
  t.slope = 8.41;
  CHECK(slope_text(language::en, t) == "+8.4/yr");
  // A challenge's share of the change still to go stays a percentage of at most 100%.
  CHECK(to_go_text(language::en, 0.7) == "70%");
  CHECK(to_go_text(language::en, 2.38) == "100% (and 138% lost)");
  CHECK(to_go_text(language::en, std::nullopt) == "–");
}

TEST_CASE("report order: indicators in natural id order within their section, sections in plan order", "[markdown][order]") {
  using report::detail::natural_less;
  CHECK(natural_less("U1", "U2"));
  CHECK(natural_less("U9", "U10"));
  CHECK_FALSE(natural_less("U10", "U9"));
  CHECK(natural_less("C-M2", "C-M10"));
  CHECK_FALSE(natural_less("U1", "U1"));
  const flagship f;
  std::ostringstream out;
  report::write_markdown(out, f.p, f.ev);
  const std::string md = out.str();
  const auto u1 = md.find("\n| U1 "), u2 = md.find("\n| U2 ");
  REQUIRE(u1 != std::string::npos);
  REQUIRE(u2 != std::string::npos);
  CHECK(u1 < u2);
  // U2 measures action A1 and U1 action A2: ids, not actions, order a section. Sections in plan order.
  std::size_t last = 0;
  for (const auto& sec : f.p.sections()) {
    const auto at = md.find("\n## " + sec.title + "\n");
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  for (const auto& g : report::detail::groups(language::en, f.p))
    for (std::size_t k = 1; k < g.indicators.size(); ++k)
      CHECK(natural_less(g.indicators[k - 1]->id.str(), g.indicators[k]->id.str()));
}

TEST_CASE("the milestone table counts each lagging indicator's series per status, and the summary explains the roll-up's count", "[markdown][rollup]") {
  const flagship f;
  std::ostringstream out;
  report::write_markdown(out, f.p, f.ev);
  const std::string md = out.str();
  std::size_t checked = 0;
  for (const auto& m : f.ev.milestones) {
    const std::string row = line_with(md, "| " + m.milestone.str() + " ");
    REQUIRE_FALSE(row.empty());
    const bool missed = m.state == milestone_state::missed;
    for (const auto& la : m.lagging)
      for (const auto& li : la.indicators) {
        std::array<std::size_t, status_count> counts{};
        std::size_t total = 0, lagging = 0;
        for (const auto& s : f.ev.series)
          if (s.indicator == li.indicator && s.disaggregation.empty()) {
            ++total;
            if (waypoint::detail::lags(s.outcome.status, missed)) {
              ++counts[static_cast<std::size_t>(s.outcome.status)];
              ++lagging;
            }
          }
        CHECK(lagging == li.series);
        if (total < 2) continue;
        const auto at = row.find(" " + li.indicator.str() + " ");
        REQUIRE(at != std::string::npos);
        const std::string cell = row.substr(at, row.find(" series)", at) - at);
        INFO(cell);
        for (int k = 0; k < status_count; ++k)
          if (const auto c = counts[static_cast<std::size_t>(k)])
            CHECK(cell.find(std::to_string(c) + " " + std::string(report::detail::status_words(language::en, static_cast<status>(k)))) != std::string::npos);
        CHECK(cell.find("(" + std::to_string(lagging) + " of " + std::to_string(total)) != std::string::npos);
        ++checked;
      }
    CHECK(row.find("×") == std::string::npos);
  }
  CHECK(checked > 0);
  // C3's ten lagging series of C-M1 are not all regressing.
  const std::string cm1 = line_with(md, "| C-M1 ");
  CHECK(cm1.find("C3 10 regressing") == std::string::npos);
  // One sentence reconciles the roll-up's total with the number of series.
  CHECK(md.find("The roll-up counts each indicator's total series once") != std::string::npos);
  CHECK(md.find("without disaggregated groups: " + std::to_string(f.ev.plan_rollup.series) + " series. The " + std::to_string(f.ev.series.size()) +
                " series of the evaluation") != std::string::npos);
}

TEST_CASE("the Markdown report lists each indicator's sources with their points when it has the observations", "[markdown][data]") {
  const flagship f;
  std::ostringstream plain, with;
  report::write_markdown(plain, f.p, f.ev);
  report::report_options o;
  o.observations = &f.obs;
  report::write_markdown(with, f.p, f.ev, o);
  CHECK(plain.str().find("Sources:") == std::string::npos);
  const std::string md = with.str();
  CHECK(md.find("\nSources:\n\n- U1: Cluster Munition Monitor (4 points); illustrative (4 points); UN depositary: accession of Vanuatu, 8 "
                "September 2025 (1 point); UN depositary: withdrawal of Lithuania effective 6 March 2025 (1 point)\n") != std::string::npos);
  CHECK(line_with(md, "- C2: ") == "- C2: Cluster Munition Monitor (3 points); illustrative (3 points); illustrative: revised figure (1 point)");
  CHECK(line_with(md, "- C9: ") == "- C9: computed by its aggregation rule (sum) from the values of C3");
}

namespace {
/// The indicator's series in `ev`, the points their trends used and the latest current period (by
/// end): what the streamlined-reporting table shows for an indicator.
std::string data_cells(const evaluation& ev, const indicator& ind) {
  std::size_t series = 0, points = 0;
  std::optional<period> latest;
  for (const auto& s : ev.series)
    if (s.indicator == ind.id) {
      ++series;
      points += s.n_points;
      if (s.outcome.current && (!latest || s.outcome.current->at.end() > latest->end())) latest = s.outcome.current->at;
    }
  return std::to_string(series) + " | " + std::to_string(points) + " | " + (latest ? latest->str() : "–");
}

const char* const serves_plan_yaml = R"(waypoint: 1
plan: {id: p, title: P, period: 2027-01-01/2031-12-31}
sections:
  - id: s1
    title: S1
    actions:
      - id: A1
        text: Do it.
        indicators:
          - id: I1
            title: Area cleared
            measure: amount
            baseline: {value: 1, period: 2026}
            target: {value: 5, at: 2030}
)";
}  // namespace

TEST_CASE("the Markdown report lists per instrument the indicators that serve it and their data points", "[markdown][streamlined]") {
  const flagship f;
  std::ostringstream out;
  report::write_markdown(out, f.p, f.ev);
  const std::string md = out.str();
  const auto at = md.find("\n## Streamlined reporting\n");
  REQUIRE(at != std::string::npos);
  CHECK(at > md.find("\n## Section milestones\n"));
  const std::string part = md.substr(at, md.find("\n## ", at + 5) - at);
  // The instruments in name order, each named once, on its first row.
  const auto apmbc = part.find("\n| APMBC | "), ccw = part.find("\n| CCW Protocol V | ");
  REQUIRE(apmbc != std::string::npos);
  REQUIRE(ccw != std::string::npos);
  CHECK(apmbc < ccw);
  CHECK(part.find("\n| APMBC | ", apmbc + 1) == std::string::npos);
  // Every `serves` link is a row of its instrument: the indicator, the ref, and its data points in the evaluation.
  std::size_t links = 0;
  for (const auto& ind : f.p.indicators())
    for (const auto& link : ind.serves) {
      ++links;
      const std::string row = "| " + ind.id.str() + " " + ind.title + " | " + link.ref + " | " + data_cells(f.ev, ind) + " |";
      INFO(row);
      const auto r = part.find(row);
      REQUIRE(r != std::string::npos);
      CHECK((link.instrument == "APMBC" ? r < ccw : r > ccw));
    }
  CHECK(links == 10);
  // As run: C3, the area each affected State Party cleared, 10 series whose trends used 74 points, up to 2028;
  // R1, risk education, its total and four groups.
  CHECK(part.find("| C3 Area cleared of cluster munition remnants by the State Party in the year | Article 7 report, paragraph 1(f): "
                  "programmes for the destruction of mines in mined areas | 10 | 74 | 2028 |") != std::string::npos);
  CHECK(line_with(part, "| R1 ").find(" | 5 | ") != std::string::npos);
}

TEST_CASE("the streamlined-reporting section is absent without serves links and shows an indicator without data", "[markdown][streamlined]") {
  const plan without = io::parse_plan(serves_plan_yaml, io::plan_format::yaml, "p.yaml");
  const auto obs = io::parse_observations("indicator,entity,period,value\nI1,*,2027,2\n", without, "obs.csv");
  std::ostringstream a;
  report::write_markdown(a, without, evaluate(without, obs, parse_date("2028-06-30")));
  CHECK(a.str().find("Streamlined reporting") == std::string::npos);
  // With a link and no observations: one series (insufficient data), no points, no period.
  const plan with = io::parse_plan(std::string(serves_plan_yaml) + "            serves: [{instrument: APMBC, ref: \"Form C | mined areas\"}]\n",
                                   io::plan_format::yaml, "p.yaml");
  std::ostringstream b;
  report::write_markdown(b, with, evaluate(with, io::parse_observations("indicator,entity,period,value\n", with, "obs.csv"), parse_date("2028-06-30")));
  CHECK(b.str().find("\n## Streamlined reporting\n") != std::string::npos);
  CHECK(b.str().find("\n| APMBC | I1 Area cleared | Form C \\| mined areas | 1 | 0 | – |\n") != std::string::npos);
}
