// The flagship HTML report: self-contained, every SVG parses as XML, and the plotted marks map the
// data through the chart's own axis ticks; deterministic bytes.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <cmath>
#include <map>
#include <tuple>
#include <set>
#include <sstream>
#include <string>

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
  CHECK(html.find("as of <strong>2029-06-30</strong>") != std::string::npos);
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
  // Small enough to mail: the flagship's 154 series.
  CHECK(html.size() < 1'000'000);
}

TEST_CASE("the flagship HTML report is byte-identical across runs", "[html]") {
  const html_flagship f;
  const std::string a = f.html();
  const html_flagship g;
  CHECK(g.html() == a);
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
