// The flagship HTML report: self-contained, every SVG parses as XML, and the plotted marks map the
// data through the chart's own axis ticks; deterministic bytes.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "flagship.hpp"
#include "waypoint/report/report.hpp"

using namespace waypoint;

namespace {

struct html_flagship : test::flagship {
  std::string html() const {
    std::ostringstream out;
    report::write_html(out, p, ev);
    return out.str();
  }
  /// The report with the observations: data tables with sources, the sources of each indicator.
  std::string html_with_observations() const {
    std::ostringstream out;
    report::report_options o;
    o.observations = &obs;
    report::write_html(out, p, ev, o);
    return out.str();
  }
};

/// Every `<svg ...>...</svg>` block (they do not nest).
std::vector<std::string> svg_blocks(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at)) {
    const std::size_t end = html.find("</svg>", at);
    REQUIRE(end != std::string::npos);
    out.push_back(html.substr(at, end + 6 - at));
    at = end;
  }
  return out;
}

/// A linear axis read back from two ticks of a chart: pixel = a + b·value.
struct scale {
  double a = 0, b = 0;
  double operator()(double v) const { return a + b * v; }
};
scale read_scale(const pugi::xml_node& svg, const char* cls, const char* coord) {
  std::vector<std::pair<double, double>> ticks;  // (value, pixel)
  for (const auto l : svg.children("line"))
    if (std::string(l.attribute("class").value()) == cls) ticks.emplace_back(l.attribute("data-value").as_double(), l.attribute(coord).as_double());
  REQUIRE(ticks.size() >= 2);
  const auto& [v0, p0] = ticks.front();
  const auto& [v1, p1] = ticks.back();
  REQUIRE(v1 != v0);
  const double b = (p1 - p0) / (v1 - v0);
  return {p0 - b * v0, b};
}

pugi::xml_node mark(const pugi::xml_node& svg, const char* cls) { return svg.find_child_by_attribute("circle", "class", cls); }

/// The text a reader sees: without the style sheet, the bodies of the traces (which keep the
/// evaluation's codes and full precision on purpose) and the tags.
std::string visible_text(std::string html) {
  const auto cut = [&](const std::string& open, const std::string& close) {
    for (std::size_t at; (at = html.find(open)) != std::string::npos;) html.erase(at, html.find(close, at) + close.size() - at);
  };
  cut("<style>", "</style>");
  cut("<p class=\"rule\">", "</ul>");  // a trace's body: its rule, then its list
  std::string out;
  bool tag = false;
  for (const char c : html) {
    if (c == '<') {
      tag = true;
    } else if (c == '>') {
      tag = false;
      out += ' ';  // cells and tick labels apart
    } else if (!tag) {
      out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the flagship HTML report is one self-contained file", "[html]") {
  const html_flagship f;
  const std::string html = f.html();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("url(http") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  // The only absolute URL is the SVG namespace name, which is never fetched.
  std::string rest = html;
  for (std::size_t at; (at = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(at, 26);
  CHECK(rest.find("http:") == std::string::npos);
  CHECK(rest.find("https:") == std::string::npos);
  // Title, as-of date, the summary, the challenges and every section.
  CHECK(html.find("<h1>Vientiane Capital Action Plan 2027–2031 (illustrative)</h1>") != std::string::npos);
  CHECK(html.find("as of <strong>30 June 2029</strong>") != std::string::npos);
  CHECK(html.find("<section id=\"challenges\">") != std::string::npos);
  for (const auto& s : f.p.sections()) CHECK(html.find("<h2>" + s.title + "</h2>") != std::string::npos);
  // A collapsible trace for every series, those of a national indicator's entities in one block.
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = 0; (at = html.find(needle, at)) != std::string::npos; ++at) ++n;
    return n;
  };
  CHECK(count("<details class=\"trace\">") == f.ev.series.size());
  std::map<indicator_id, std::size_t> per_indicator;
  for (const auto& s : f.ev.series) ++per_indicator[s.indicator];
  std::size_t national = 0;  // indicators with several series (C3, C5, N1, T2, V4)
  for (const auto& [id, n] : per_indicator) national += n > 1;
  CHECK(count("<details class=\"traces\">") == national);
  // The indicator-level results (sdg-canada), one table per indicator that has them.
  std::set<indicator_id> with_level;
  for (const auto& r : f.ev.indicators) with_level.insert(r.indicator);
  CHECK(count("<details class=\"indicator-level\">") == with_level.size());
  // Small enough to mail: the flagship's 154 series, with the data tables and CSVs of its charts.
  CHECK(html.size() < 1'000'000);
  CHECK(f.html_with_observations().size() < 1'000'000);
}

TEST_CASE("the flagship HTML report is byte-identical across runs", "[html]") {
  const html_flagship f;
  const std::string a = f.html();
  const std::string b = f.html_with_observations();
  const html_flagship g;
  CHECK(g.html() == a);
  CHECK(g.html_with_observations() == b);
}

TEST_CASE("every SVG of the flagship report parses, and its marks map the data", "[html][svg]") {
  const html_flagship f;
  const auto blocks = svg_blocks(f.html());
  std::map<std::tuple<std::string, std::string, std::string>, const series_result*> series;
  for (const auto& s : f.ev.series) series[{s.indicator.str(), s.entity.str(), s.disaggregation}] = &s;

  std::size_t charts = 0, targets = 0, milestones = 0, intervals = 0, bars = 0;
  for (const auto& text : blocks) {
    pugi::xml_document doc;
    const auto parsed = doc.load_string(text.c_str());
    INFO(text.substr(0, 200));
    REQUIRE(parsed);
    const auto svg = doc.child("svg");
    const std::string cls = svg.attribute("class").value();
    if (cls == "status-bars") {
      ++bars;
      continue;
    }
    if (cls != "chart") continue;
    ++charts;
    const auto it = series.find({svg.attribute("data-indicator").value(), svg.attribute("data-entity").value(),
                                 svg.attribute("data-disaggregation").value()});
    REQUIRE(it != series.end());
    const series_result& s = *it->second;
    const indicator& ind = *f.p.find(s.indicator);
    INFO(s.indicator.str() << ' ' << s.entity.str());
    const scale x = read_scale(svg, "xtick", "x1"), y = read_scale(svg, "ytick", "y1");
    // A count's value axis has whole-number ticks (no 2.5, 7.5).
    if (ind.measure == measure::count)
      for (const auto l : svg.children("line"))
        if (std::string(l.attribute("class").value()) == "ytick") CHECK(l.attribute("data-value").as_double() == std::floor(l.attribute("data-value").as_double()));
    CHECK(x.b > 0);  // time to the right
    CHECK(y.b < 0);  // values upwards
    // The target marker at the target's period and value.
    const auto target = mark(svg, "target");
    CHECK(static_cast<bool>(target) == s.target.has_value());
    if (s.target) {
      ++targets;
      CHECK(target.attribute("cx").as_double() == Approx(x(s.target->at.time())).margin(0.15));
      CHECK(target.attribute("cy").as_double() == Approx(y(s.target->amount)).margin(0.15));
    }
    // The base the method used.
    if (s.outcome.base) {
      const auto base = mark(svg, "baseline");
      REQUIRE(base);
      CHECK(base.attribute("cx").as_double() == Approx(x(s.outcome.base->time)).margin(0.15));
      CHECK(base.attribute("cy").as_double() == Approx(y(s.outcome.base->amount)).margin(0.15));
    }
    // One observed point per traced point, each where its period and value say.
    std::vector<pugi::xml_node> obs;
    for (const auto c : svg.children("circle"))
      if (std::string(c.attribute("class").value()) == "obs") obs.push_back(c);
    REQUIRE(obs.size() == s.outcome.trace.points.size());
    for (std::size_t k = 0; k < obs.size(); ++k) {
      const auto at = parse_period(s.outcome.trace.points[k].first);
      REQUIRE(at);
      CHECK(obs[k].attribute("cx").as_double() == Approx(x(at->time())).margin(0.15));
      CHECK(obs[k].attribute("cy").as_double() == Approx(y(s.outcome.trace.points[k].second)).margin(0.15));
    }
    // The projection of the trend at the target date.
    if (const auto pr = mark(svg, "projected")) {
      REQUIRE(s.projected_value);
      CHECK(pr.attribute("cx").as_double() == Approx(x(s.target->at.time())).margin(0.15));
      CHECK(pr.attribute("cy").as_double() == Approx(y(*s.projected_value)).margin(0.15));
    }
    // Milestones: one diamond per milestone of the indicator, centred on it.
    std::size_t k = 0;
    for (const auto r : svg.children("rect")) {
      if (std::string(r.attribute("class").value()).rfind("milestone", 0) != 0) continue;
      REQUIRE(k < ind.milestones.size());
      const auto& m = ind.milestones[k++];
      CHECK(r.attribute("x").as_double() + r.attribute("width").as_double() / 2 == Approx(x(m.when->time())).margin(0.15));
      CHECK(r.attribute("y").as_double() + r.attribute("height").as_double() / 2 == Approx(y(*m.amount.numeric())).margin(0.15));
      ++milestones;
    }
    if (svg.select_node(".//path[@class='interval']")) ++intervals;  // inside the clipped group
    // The badge names the status.
    const auto badge = svg.find_child_by_attribute("g", "class", "badge");
    REQUIRE(badge);
    std::string words(to_string(s.outcome.status));
    std::replace(words.begin(), words.end(), '_', ' ');
    CHECK(badge.child("text").text().get() == words);
  }
  // A chart for every series but the qualitative ones; the stacked bars once.
  std::size_t qualitative = 0;
  for (const auto& s : f.ev.series) qualitative += f.p.find(s.indicator)->measure == measure::qualitative;
  CHECK(charts == f.ev.series.size() - qualitative);
  CHECK(bars == 1);
  CHECK(targets > 50);
  CHECK(milestones > 10);
  CHECK(intervals > 50);
}

TEST_CASE("the flagship HTML report names entities and groups and says statuses in words", "[html][labels]") {
  const html_flagship f;
  const std::string html = f.html();
  // Entity names from the plan, with the code in a title attribute.
  CHECK(html.find("<span title=\"LAO\">Lao People's Democratic Republic</span>") != std::string::npos);
  CHECK(html.find("<td>LAO</td>") == std::string::npos);
  const std::string text = visible_text(html);
  CHECK(text.find("All States Parties") != std::string::npos);
  CHECK(text.find("All States Parties, female") != std::string::npos);
  CHECK(text.find("age 0–17") != std::string::npos);
  CHECK(text.find("[sex=") == std::string::npos);
  CHECK(text.find("on track") != std::string::npos);
  CHECK(text.find("(linear-trajectory:") == std::string::npos);
  // No code with '_' of a status, a milestone state or a category where people read.
  for (int k = 0; k < status_count; ++k) {
    const std::string code(to_string(static_cast<status>(k)));
    if (code.find('_') != std::string::npos) CHECK(text.find(code) == std::string::npos);
  }
  for (const char* code : {"at_risk", "moving_away", "target_achieved", "no_progress", "within_range", "substantial_progress", "moderate_progress"})
    CHECK(text.find(code) == std::string::npos);
}

namespace {
// Plain scanning, not std::regex: GCC 12 warns (maybe-uninitialized) inside <regex> in the
// sanitizer build, and warnings are errors.

/// A decimal number in a text: `[0-9][0-9,]*\.[0-9]+`, where it starts and ends.
struct decimal_at {
  std::string number;
  std::size_t begin, end;
};
std::vector<decimal_at> decimals_in(const std::string& t) {
  std::vector<decimal_at> out;
  const auto digit = [&](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
  for (std::size_t k = 0; k < t.size();) {
    if (!digit(k) || (k > 0 && (digit(k - 1) || t[k - 1] == ',' || t[k - 1] == '.'))) {
      ++k;
      continue;
    }
    std::size_t e = k;
    while (digit(e) || (t[e] == ',' && digit(e + 1))) ++e;
    if (e < t.size() && t[e] == '.' && digit(e + 1)) {
      std::size_t f = e + 1;
      while (digit(f)) ++f;
      out.push_back({t.substr(k, f - k), k, f});
      k = f;
    } else {
      k = e;
    }
  }
  return out;
}
}  // namespace

TEST_CASE("the flagship HTML report rounds its figures for reading", "[html][numbers]") {
  const html_flagship f;
  std::string html = f.html();
  for (std::size_t at; (at = html.find("<svg")) != std::string::npos;) html.erase(at, html.find("</svg>", at) + 6 - at);  // ticks: [chart]
  const std::string text = visible_text(html);
  // R² with two decimals, trends with two significant digits, other figures with at most three or
  // one decimal (a percentage: 104.7; a plan's narrative: 135.1 km²).
  CHECK(text.find("R² 0.") != std::string::npos);
  std::size_t decimals = 0;
  for (const auto& d : decimals_in(text)) {
    ++decimals;
    std::string digits;
    for (const char c : d.number)
      if (c >= '0' && c <= '9' && !(digits.empty() && c == '0')) digits += c;
    const std::size_t after_point = d.number.size() - d.number.find('.') - 1;
    INFO(text.substr(d.begin, d.end - d.begin + 8));
    if (d.begin >= 4 && text.compare(d.begin - 4, 4, "R² ") == 0) CHECK(after_point <= 2);
    if (text.compare(d.end, 3, "/yr") == 0) CHECK(digits.size() <= 2);
    else CHECK((digits.size() <= 3 || after_point == 1));
    // A count is a whole number: the figures of C1 (States Parties with clearance obligations).
    CHECK(text.compare(d.end, 7, " States") != 0);
  }
  CHECK(decimals > 100);
  // The share of the change still to go is at most 100%.
  const auto at = text.find("Challenges");
  const std::string challenges = text.substr(at, text.find("Section milestones", at) - at);
  CHECK(challenges.find("100% (and 138% lost)") != std::string::npos);
  for (std::size_t p = challenges.find('%'); p != std::string::npos; p = challenges.find('%', p + 1)) {
    if (challenges.compare(p + 1, 5, " lost") == 0) continue;  // a share, not the ground lost
    std::size_t b = p;
    while (b > 0 && challenges[b - 1] >= '0' && challenges[b - 1] <= '9') --b;
    if (b < p) CHECK(std::stoi(challenges.substr(b, p - b)) <= 100);
  }
}

TEST_CASE("HTML element ids are unique when plan ids differ only in punctuation", "[html][bad-input]") {
  const std::string yaml = R"(waypoint: 1
plan: {id: p, title: Anchors, period: 2027-01-01/2031-12-31}
sections:
  - id: a b
    title: Space
    actions:
      - {id: A1, text: x, indicators: [{id: I.1, measure: count, target: {value: 5, at: 2030}}]}
  - id: a_b
    title: Underscore
    actions:
      - {id: A2, text: x, indicators: [{id: I_1, measure: count, target: {value: 5, at: 2030}}]}
  - id: a.b
    title: Dot
    actions:
      - {id: A3, text: x, indicators: [{id: I 1, measure: count, target: {value: 5, at: 2030}}]}
)";
  const plan p = io::parse_plan(yaml, io::plan_format::yaml, "anchors.yaml");
  const auto obs = io::parse_observations("indicator,entity,period,value\nI.1,*,2027,2\nI_1,*,2027,2\nI 1,*,2027,2\n", p, "obs.csv");
  std::ostringstream out;
  report::write_html(out, p, evaluate(p, obs, parse_date("2028-06-30")));
  const std::string html = out.str();
  std::multiset<std::string> ids;
  for (auto at = html.find(" id=\""); at != std::string::npos; at = html.find(" id=\"", at + 1)) {
    const auto begin = at + 5;
    ids.insert(html.substr(begin, html.find('"', begin) - begin));
  }
  for (const auto& id : ids) CHECK(ids.count(id) == 1);
  // Each section and indicator has its own, and the navigation links to each section's.
  for (const char* id : {"sec-a_20b", "sec-a_5Fb", "sec-a.b", "ind-I.1", "ind-I_5F1", "ind-I_201"}) {
    CHECK(ids.count(id) == 1);
  }
  for (const char* href : {"href=\"#sec-a_20b\"", "href=\"#sec-a_5Fb\"", "href=\"#sec-a.b\""}) {
    CHECK(html.find(href) != std::string::npos);
  }
  // The indicators without a section (an indicator table) get an id no section id can give.
  const plan t = io::parse_plan("indicator,direction,target,target_year,limit,base_year\nindicators,1,5,2030,,2025\n", io::plan_format::indicator_table, "t.csv");
  std::ostringstream flat;
  report::write_html(flat, t, evaluate(t, io::parse_observations("indicator,entity,year,value\nindicators,E,2026,1\n", t, "o.csv"), std::nullopt));
  CHECK(flat.str().find(" id=\"no-section\"") != std::string::npos);
  CHECK(flat.str().find("href=\"#no-section\"") != std::string::npos);
}

namespace {

/// The `<details class="data">` block that follows the chart of (indicator, entity, group).
std::string data_block_text(const std::string& html, const std::string& indicator, const std::string& entity, const std::string& group = {}) {
  const std::string key = "data-indicator=\"" + indicator + "\" data-entity=\"" + entity + "\"" +
                          (group.empty() ? std::string(" role=") : " data-disaggregation=\"" + group + "\"");
  const std::size_t chart = html.find(key);
  REQUIRE(chart != std::string::npos);
  const std::size_t begin = html.find("<details class=\"data\">", chart);
  REQUIRE(begin != std::string::npos);
  CHECK(html.find("<svg", chart + 1) > begin);  // the block of this chart, not of the next one
  const std::size_t end = html.find("</details>", begin);
  return html.substr(begin, end + 10 - begin);
}

/// The rows of a data table: each row's cells' texts, and the value cells' `data-value`.
struct table_rows {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> exact;
};
table_rows read_table(const std::string& block) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(block.c_str()));
  table_rows out;
  for (const auto tr : doc.child("details").child("table").children("tr")) {
    if (tr.child("th")) {
      for (const auto th : tr.children("th")) out.head.emplace_back(th.text().get());
      continue;
    }
    std::vector<std::string> row;
    for (const auto td : tr.children("td")) row.emplace_back(td.text().get());
    out.cells.push_back(row);
    out.exact.emplace_back(tr.child("td").next_sibling("td").attribute("data-value").value());
  }
  return out;
}

/// The bytes of a percent-encoded text.
std::string percent_decoded(const std::string& s) {
  std::string out;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '%' && k + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(k + 1, 2), nullptr, 16));
      k += 2;
    } else {
      out += s[k];
    }
  }
  return out;
}

/// The fields of a CSV line (quoted fields may hold commas and doubled quotes).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    const char c = line[k];
    if (quoted && c == '"' && k + 1 < line.size() && line[k + 1] == '"') {
      out.back() += '"';
      ++k;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

const series_result& series_of(const evaluation& ev, const std::string& indicator, const std::string& entity, const std::string& group = {}) {
  for (const auto& s : ev.series)
    if (s.indicator.str() == indicator && s.entity.str() == entity && s.disaggregation == group) return s;
  FAIL("no series " << indicator << "/" << entity << "/" << group);
  return ev.series.front();
}

}  // namespace

TEST_CASE("each chart's data table lists the points it plots, with the source of the row the evaluation read", "[html][data]") {
  const html_flagship f;
  const std::string html = f.html_with_observations();
  // C2: a collective series whose 2025 value was revised (a provisional 205.0, then 214.6).
  const auto d = report::series_chart_data(f.p, f.ev, series_of(f.ev, "C2", "*"));
  REQUIRE(d.observed.size() >= 4);
  const table_rows t = read_table(data_block_text(html, "C2", "*"));
  // No point the evaluation read is flagged (the provisional 205.0 was revised): no flag column.
  CHECK(t.head == std::vector<std::string>{"period", "value", "source", "reported on"});
  REQUIRE(t.cells.size() == d.observed.size());
  bool revised = false;
  for (std::size_t k = 0; k < d.observed.size(); ++k) {
    INFO(d.observed[k].period);
    CHECK(t.cells[k][0] == d.observed[k].period);
    CHECK(std::stod(t.exact[k]) == d.observed[k].value);  // exact
    CHECK(!t.cells[k][2].empty());                          // every C2 row has a source
    if (d.observed[k].period == "2025") {
      revised = true;
      CHECK(t.cells[k][1] == "215");  // for reading: three significant digits
      CHECK(t.cells[k][2] == "illustrative: revised figure");  // the latest revision reported by the as-of date
      CHECK(t.cells[k][3] == "2026-09-10");
    }
    if (d.observed[k].period == "2020") CHECK(t.cells[k][2] == "Cluster Munition Monitor");
  }
  CHECK(revised);
  // V1: its 2025 value revised, its 2026 value provisional.
  const auto v1 = report::series_chart_data(f.p, f.ev, series_of(f.ev, "V1", "*"));
  const table_rows v = read_table(data_block_text(html, "V1", "*"));
  CHECK(v.head == std::vector<std::string>{"period", "value", "source", "flag", "reported on"});
  REQUIRE(v.cells.size() == v1.observed.size());
  std::size_t seen = 0;
  for (std::size_t k = 0; k < v.cells.size(); ++k) {
    const std::vector<std::string>& row = v.cells[k];
    if (row[0] == "2025") CHECK(row == std::vector<std::string>{"2025", "268", "illustrative: revised", "", "2026-09-10"});
    if (row[0] == "2026") CHECK(row == std::vector<std::string>{"2026", "402", "illustrative: provisional", "provisional", ""});
    seen += row[0] == "2025" || row[0] == "2026";
  }
  CHECK(seen == 2);
  // A small multiple has its table too: C3, Lao People's Democratic Republic.
  const auto lao = report::series_chart_data(f.p, f.ev, series_of(f.ev, "C3", "LAO"));
  const table_rows l = read_table(data_block_text(html, "C3", "LAO"));
  REQUIRE(l.cells.size() == lao.observed.size());
  for (std::size_t k = 0; k < lao.observed.size(); ++k) CHECK(std::stod(l.exact[k]) == lao.observed[k].value);
  // One table per chart that plots a point.
  std::size_t charts = 0, tables = 0;
  for (const auto& s : f.ev.series)
    if (f.p.find(s.indicator)->measure != measure::qualitative) charts += !report::series_chart_data(f.p, f.ev, s).observed.empty();
  for (std::size_t at = 0; (at = html.find("<details class=\"data\">", at)) != std::string::npos; ++at) ++tables;
  CHECK(charts > 100);
  CHECK(tables == charts);

  // Without the observations: period and value only.
  const std::string plain = f.html();
  const table_rows p = read_table(data_block_text(plain, "C2", "*"));
  CHECK(p.head == std::vector<std::string>{"period", "value"});
  CHECK(p.cells.size() == d.observed.size());
  CHECK(plain.find("<th>source</th>") == std::string::npos);
  CHECK(plain.find("<p class=\"sources\">") == std::string::npos);
}

TEST_CASE("each data table has its series as a CSV download in a data URI", "[html][data]") {
  const html_flagship f;
  const std::string html = f.html_with_observations();
  const auto d = report::series_chart_data(f.p, f.ev, series_of(f.ev, "R1", "*", "sex=female"));
  const std::string block = data_block_text(html, "R1", "*", "sex=female");
  pugi::xml_document doc;
  REQUIRE(doc.load_string(block.c_str()));
  const auto a = doc.select_node(".//a[@class='csv']").node();
  REQUIRE(a);
  CHECK(std::string(a.attribute("download").value()) == "R1_all_sex-female.csv");
  const std::string href = a.attribute("href").value();
  const std::string prefix = "data:text/csv;charset=utf-8,";
  REQUIRE(href.rfind(prefix, 0) == 0);
  CHECK(href.find_first_of(" \n\"<>&#") == std::string::npos);  // encoded
  const std::string csv = percent_decoded(href.substr(prefix.size()));
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < csv.size();) {
    const std::size_t nl = csv.find('\n', at);
    lines.push_back(csv.substr(at, nl - at));
    at = nl == std::string::npos ? csv.size() : nl + 1;
  }
  REQUIRE(lines.size() == d.observed.size() + 1);
  CHECK(lines[0] == "indicator,entity,disaggregation,period,value,source,flag,reported_on");
  for (std::size_t k = 0; k < d.observed.size(); ++k) {
    const auto fields = csv_fields(lines[k + 1]);
    REQUIRE(fields.size() == 8);
    CHECK(fields[0] == "R1");
    CHECK(fields[1] == "*");
    CHECK(fields[2] == "sex=female");
    CHECK(fields[3] == d.observed[k].period);
    CHECK(std::stod(fields[4]) == d.observed[k].value);
    CHECK(fields[5] == "illustrative");
  }
  // A source with a comma is quoted: U1's "UN depositary: accession of Vanuatu, 8 September 2025".
  const std::string u1 = data_block_text(html, "U1", "*");
  const auto href_at = u1.find("href=\"") + 6;
  const std::string u1_csv = percent_decoded(u1.substr(href_at, u1.find('"', href_at) - href_at).substr(prefix.size()));
  CHECK(u1_csv.find(",\"UN depositary: accession of Vanuatu, 8 September 2025\",") != std::string::npos);
}

TEST_CASE("each indicator lists its sources with the number of points from each", "[html][data]") {
  const html_flagship f;
  const std::string html = f.html_with_observations();
  // U1: four rows from Cluster Munition Monitor, four illustrative, two from the depositary; sorted without regard to case.
  CHECK(html.find("<p class=\"sources\">Sources: Cluster Munition Monitor (4 points) · illustrative (4 points) · UN depositary: accession of "
                  "Vanuatu, 8 September 2025 (1 point) · UN depositary: withdrawal of Lithuania effective 6 March 2025 (1 point)</p>") != std::string::npos);
  // C2: the revised 2025 value counts once, with the source of its revision.
  CHECK(html.find("<p class=\"sources\">Sources: Cluster Munition Monitor (3 points) · illustrative (3 points) · illustrative: revised figure (1 point)</p>") !=
        std::string::npos);
  // A collective indicator computed from national values says so.
  CHECK(html.find("Sources: computed by its aggregation rule (sum) from the values of C3</p>") != std::string::npos);
  // One line per indicator with observations or an aggregation rule.
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = html.find("<p class=\"sources\">", at)) != std::string::npos; ++at) ++lines;
  std::set<indicator_id> with;
  for (std::size_t k = 0; k < f.p.indicators().size(); ++k)
    if (f.obs.series_of(k).second > f.obs.series_of(k).first || f.p.indicators()[k].aggregate) with.insert(f.p.indicators()[k].id);
  CHECK(lines == with.size());
}

namespace {
/// The value ticks of each chart of indicator `id` in `html`, in document order.
std::vector<std::vector<double>> value_ticks(const std::string& html, const std::string& id) {
  std::vector<std::vector<double>> out;
  for (const auto& text : svg_blocks(html)) {
    if (text.find("class=\"chart\"") == std::string::npos || text.find("data-indicator=\"" + id + "\"") == std::string::npos) continue;
    pugi::xml_document doc;
    REQUIRE(doc.load_string(text.c_str()));
    std::vector<double> t;
    for (const auto l : doc.child("svg").children("line"))
      if (std::string(l.attribute("class").value()) == "ytick") t.push_back(l.attribute("data-value").as_double());
    out.push_back(t);
  }
  return out;
}

/// The text of the article of indicator `id`.
std::string article_of(const std::string& html, const std::string& id) {
  const auto at = html.find("<article class=\"indicator\" id=\"ind-" + id + "\"");
  REQUIRE(at != std::string::npos);
  return html.substr(at, html.find("</article>", at) - at);
}
}  // namespace

TEST_CASE("the small multiples of an indicator share one value axis", "[html][scale]") {
  const html_flagship f;
  const std::string html = f.html();
  // R1: people reached by risk education, the total (about 400,000) and its four groups (about
  // 200,000 each), so that the groups compare by eye with each other and the total.
  const auto r1 = value_ticks(html, "R1");
  REQUIRE(r1.size() == 5);
  for (const auto& t : r1) CHECK(t == r1.front());
  CHECK(r1.front().back() >= 520000);  // the total's target is on every chart
  CHECK(article_of(html, "R1").find("scale-note") == std::string::npos);
  // C3: area cleared per State Party, from under 0.1 km² to about 80 km² (Lao People's Democratic
  // Republic): each chart keeps its own scale, and the article says so, once.
  const auto c3 = value_ticks(html, "C3");
  REQUIRE(c3.size() == 10);
  CHECK(std::any_of(c3.begin(), c3.end(), [&](const std::vector<double>& t) { return t != c3.front(); }));
  const std::string a3 = article_of(html, "C3");
  const auto note = a3.find("<p class=\"meta scale-note\">Each chart has its own scale: the values differ by orders of magnitude.</p>");
  REQUIRE(note != std::string::npos);
  CHECK(note < a3.find("<div class=\"grid\">"));
  CHECK(a3.find("scale-note", a3.find("</p>", note)) == std::string::npos);
}

TEST_CASE("small multiples whose values differ by orders of magnitude keep their own scales, and the report says so", "[html][scale]") {
  const std::string yaml = R"(waypoint: 1
plan: {id: p, title: Scales, period: 2027-01-01/2031-12-31}
entities: [{id: AAA, name: Small}, {id: BBB, name: Large}, {id: CCC, name: Middle}]
sections:
  - id: s
    title: S
    actions:
      - {id: A1, text: x, indicators: [{id: I1, measure: amount, direction: increase, target: {value: 20, at: 2031}},
                                       {id: I2, measure: amount, direction: increase, target: {value: 20, at: 2031}}]}
)";
  const plan p = io::parse_plan(yaml, io::plan_format::yaml, "scales.yaml");
  // I1: AAA near 10, BBB near 10,000 (1000×); I2: AAA near 10, CCC near 30 (comparable).
  const auto obs = io::parse_observations("indicator,entity,period,value\nI1,AAA,2027,10\nI1,AAA,2028,12\nI1,BBB,2027,10000\nI1,BBB,2028,12000\n"
                                          "I2,AAA,2027,10\nI2,AAA,2028,12\nI2,CCC,2027,30\nI2,CCC,2028,31\n",
                                          p, "obs.csv");
  std::ostringstream out;
  report::write_html(out, p, evaluate(p, obs, parse_date("2028-12-31")));
  const std::string html = out.str();
  std::map<std::string, std::vector<std::vector<double>>> ticks = {{"I1", value_ticks(html, "I1")}, {"I2", value_ticks(html, "I2")}};
  REQUIRE(ticks["I1"].size() == 2);
  REQUIRE(ticks["I2"].size() == 2);
  CHECK(ticks["I1"][0] != ticks["I1"][1]);
  CHECK(ticks["I1"][0].back() < 100);    // AAA's own scale
  CHECK(ticks["I1"][1].back() > 10000);  // BBB's
  CHECK(ticks["I2"][0] == ticks["I2"][1]);
  // The note above I1's grid, not I2's.
  const std::string a1 = article_of(html, "I1");
  const auto at = a1.find("<p class=\"meta scale-note\">Each chart has its own scale: the values differ by orders of magnitude.</p>");
  REQUIRE(at != std::string::npos);
  CHECK(at < a1.find("<div class=\"grid\">"));
  CHECK(article_of(html, "I2").find("scale-note") == std::string::npos);
}

TEST_CASE("a small multiple of a collective's group is named by its group, which a cut would lose", "[html][groups]") {
  const html_flagship f;
  const auto& female = series_of(f.ev, "R1", "*", "sex=female");
  const auto d = report::series_chart_data(f.p, f.ev, female);
  CHECK(d.label == "All States Parties, female");
  CHECK(d.short_label == "female");
  const std::string svg = report::render_chart(d, report::layout_chart(d, true), "t");
  CHECK(svg.find("</title>female</text>") != std::string::npos);  // the name shown; the tooltip keeps the whole label
  CHECK(svg.find("<title>All States Parties, female</title>") != std::string::npos);
  const auto total = report::series_chart_data(f.p, f.ev, series_of(f.ev, "R1", "*"));
  CHECK(total.short_label == total.label);
  const auto fr = report::series_chart_data(f.p, f.ev, female, language::fr);
  CHECK(fr.short_label != "female");
  CHECK_FALSE(fr.short_label.empty());
}

TEST_CASE("a group's chart draws its own expected path, to its own target", "[html][groups]") {
  const html_flagship f;
  std::size_t groups = 0;
  for (const auto& s : f.ev.series) {
    if (s.indicator.str() != "R1" || s.disaggregation.empty()) continue;
    ++groups;
    INFO(s.disaggregation);
    const auto d = report::series_chart_data(f.p, f.ev, s);
    REQUIRE(s.target);
    REQUIRE(d.expected_path.size() >= 2);
    // The group's own target (group_targets of R1), not the total's 520,000.
    const indicator& r1 = *f.p.find(s.indicator);
    const auto own = std::find_if(r1.group_targets.begin(), r1.group_targets.end(), [&](const group_target& g) { return g.group == s.disaggregation; });
    REQUIRE(own != r1.group_targets.end());
    CHECK(d.expected_path.back().value == *own->target.amount.numeric());
    CHECK(d.expected_path.back().value == s.target->amount);
    CHECK(d.expected_path.back().time == s.target->at.time());
    CHECK(d.expected_path.back().value < 520000);
    // From the group's base.
    REQUIRE(s.outcome.base);
    CHECK(d.expected_path.front().value == s.outcome.base->amount);
  }
  CHECK(groups == 4);
}

TEST_CASE("the HTML report has a print style sheet for A4", "[html][print]") {
  const html_flagship f;
  const std::string html = f.html();
  const auto style = html.substr(html.find("<style>"), html.find("</style>") - html.find("<style>"));
  CHECK(style.find("@page{size:A4;margin:") != std::string::npos);
  const auto print = style.find("@media print{");
  REQUIRE(print != std::string::npos);
  const std::string rules = style.substr(print);
  for (const char* rule : {"print-color-adjust:exact", "break-inside:avoid", "nav,a.csv{display:none}", "details.trace,details.traces{display:none}",
                           "details:not([open]){display:none}", "max-width:180mm", "svg{max-width:100%;height:auto}"})
    CHECK(rules.find(rule) != std::string::npos);
  CHECK(rules.find("article.indicator") < rules.find("break-inside:avoid"));
}

TEST_CASE("the HTML report lists per instrument the indicators that serve it, in the nav too, and only when some indicator serves one", "[html][streamlined]") {
  const html_flagship f;
  const std::string html = f.html();
  const auto nav = html.substr(html.find("<nav>"), html.find("</nav>") - html.find("<nav>"));
  CHECK(nav.find("<a href=\"#milestones\">Milestones</a><a href=\"#streamlined\">Streamlined reporting</a>") != std::string::npos);
  const auto at = html.find("<section id=\"streamlined\"><h2>Streamlined reporting</h2>");
  REQUIRE(at != std::string::npos);
  const std::string part = html.substr(at, html.find("</section>", at) - at);
  // One row per link; each instrument's cell spans its rows, APMBC before CCW Protocol V.
  std::map<std::string, std::size_t> per_instrument;
  for (const auto& ind : f.p.indicators())
    for (const auto& link : ind.serves) {
      ++per_instrument[link.instrument];
      std::size_t series = 0;
      for (const auto& s : f.ev.series) series += s.indicator == ind.id;
      const std::string cells = "<td><a href=\"#ind-" + ind.id.str() + "\">" + ind.id.str() + "</a> " + ind.title + "</td><td>" + link.ref +
                                "</td><td class=\"n\">" + std::to_string(series) + "</td>";
      INFO(cells);
      CHECK(part.find(cells) != std::string::npos);
    }
  REQUIRE(per_instrument.size() == 2);
  const auto apmbc = part.find("<td rowspan=\"" + std::to_string(per_instrument["APMBC"]) + "\">APMBC</td>");
  const auto ccw = part.find("<td rowspan=\"" + std::to_string(per_instrument["CCW Protocol V"]) + "\">CCW Protocol V</td>");
  REQUIRE(apmbc != std::string::npos);
  CHECK(ccw > apmbc);
  CHECK(part.find("<td class=\"n\">10</td><td class=\"n\">74</td><td>2028</td>") != std::string::npos);  // C3, as run
  // A plan without links: no section and no nav entry.
  const plan p = io::parse_plan(R"(waypoint: 1
plan: {id: p, title: P, period: 2027-01-01/2031-12-31}
sections:
  - {id: s1, title: S1, actions: [{id: A1, text: Do it., indicators: [{id: I1, title: I, measure: count, target: {value: 5, at: 2030}}]}]}
)", io::plan_format::yaml, "p.yaml");
  std::ostringstream plain;
  report::write_html(plain, p, evaluate(p, io::parse_observations("indicator,entity,period,value\nI1,*,2027,2\n", p, "obs.csv"), parse_date("2028-06-30")));
  CHECK(plain.str().find("streamlined") == std::string::npos);
  CHECK(plain.str().find("Streamlined reporting") == std::string::npos);
}
