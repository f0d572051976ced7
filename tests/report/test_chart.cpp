// Chart geometry: the layout maps data to pixels, ticks cover the data, the prediction interval
// follows its formula, and each rendered mark sits where the layout puts its data.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "support.hpp"
#include "waypoint/report/chart.hpp"

using namespace waypoint;
using namespace waypoint::report;

namespace {

chart_data sample() {
  chart_data d;
  d.indicator = "X1";
  d.entity = "*";
  d.status = status::off_track;
  d.plan_start = 2027;
  d.plan_end = 2032;
  d.as_of = 2029.5;
  d.observed = {{2020, 360, "2020"}, {2021, 149, "2021"}, {2022, 1172, "2022"}, {2023, 219, "2023"}, {2024, 314, "2024"}};
  d.baseline = xy{2020, 360, "2020"};
  d.milestones = {{{2029, 250, "2029"}, false}, {{2030, 200, "2030"}, true}};
  d.target = xy{2031, 150, "2031"};
  d.expected_path = {{2020, 360, ""}, {2029, 250, ""}, {2030, 200, ""}, {2031, 150, ""}};
  return d;
}

double num(const pugi::xml_node& n, const char* a) { return n.attribute(a).as_double(); }

}  // namespace

TEST_CASE("the layout maps the domain onto the plot area", "[chart]") {
  const auto d = sample();
  for (const bool compact : {false, true}) {
    const auto l = layout_chart(d, compact);
    CHECK(l.px(l.x.lo) == Approx(l.left));
    CHECK(l.px(l.x.hi) == Approx(l.width - l.right));
    CHECK(l.py(l.y.lo) == Approx(l.height - l.bottom));
    CHECK(l.py(l.y.hi) == Approx(l.top));
    // Time spans the data (2020) to the end of the plan (2032), on whole years.
    CHECK(l.x.lo == 2020);
    CHECK(l.x.hi == 2032);
    // Values span every mark: 149 ... 1172 inside [lo, hi].
    CHECK(l.y.lo <= 149);
    CHECK(l.y.hi >= 1172);
    REQUIRE(l.y.ticks.size() >= 2);
    CHECK(l.y.ticks.front() == l.y.lo);
    CHECK(l.y.ticks.back() <= l.y.hi);
    // Linear: the middle of the domain is the middle of the plot.
    CHECK(l.px((l.x.lo + l.x.hi) / 2) == Approx((l.left + l.width - l.right) / 2));
  }
  const auto full = layout_chart(d, false);
  CHECK(full.x.ticks.size() == 13);  // every year 2020..2032
  CHECK(full.y.lo == 0);
  CHECK(full.y.hi == 1250);  // steps of 250 (a nice step: 2.5 × 100)
}

TEST_CASE("a count's value axis has whole-number ticks", "[chart]") {
  // 0 to 7.5 States: an amount would tick every 2.5, a count every 2 (compact) or 1 (full size).
  chart_data d = sample();
  d.observed = {{2027, 0, "2027"}, {2028, 3, "2028"}, {2029, 6, "2029"}};
  d.baseline = xy{2027, 0, "2027"};
  d.milestones.clear();
  d.target = xy{2031, 7.5, "2031"};
  d.expected_path = {{2027, 0, ""}, {2031, 7.5, ""}};
  d.measure = measure::amount;
  const auto amount = layout_chart(d, true);
  CHECK(std::any_of(amount.y.ticks.begin(), amount.y.ticks.end(), [](double t) { return t != std::floor(t); }));
  d.measure = measure::count;
  for (const bool compact : {false, true}) {
    const auto l = layout_chart(d, compact);
    REQUIRE(l.y.ticks.size() >= 2);
    for (const double t : l.y.ticks) CHECK(t == std::floor(t));
    CHECK(l.y.ticks.back() >= 7.5);
  }
  // Tiny counts tick every 1, never every 0.5.
  d.observed = {{2027, 0, "2027"}, {2028, 1, "2028"}};
  d.target = xy{2031, 2, "2031"};
  d.expected_path = {{2027, 0, ""}, {2031, 2, ""}};
  for (const double t : layout_chart(d, false).y.ticks) CHECK(t == std::floor(t));
}

TEST_CASE("a shared value domain gives charts the same value ticks, unless magnitudes differ more than 100 times", "[chart][scale]") {
  chart_data a = sample();  // 149 ... 1172
  chart_data b = sample();
  for (auto& p : b.observed) p.value /= 10;  // 14.9 ... 117.2, still comparable with a's target of 150
  b.baseline->value /= 10;
  const std::vector<chart_data> both = {a, b};
  const auto shared = shared_value_domain(both);
  REQUIRE(shared);
  CHECK(shared->lo == Approx(14.9));
  CHECK(shared->hi == 1172);
  CHECK_FALSE(scales_differ(both));
  CHECK(layout_chart(a, true, shared).y.ticks == layout_chart(b, true, shared).y.ticks);
  CHECK(layout_chart(a, true).y.ticks != layout_chart(b, true).y.ticks);  // apart, each its own
  // 1000 times smaller, milestones and target too: each keeps its own scale.
  chart_data c = b;
  for (auto* v : {&c.baseline->value, &c.target->value}) *v = *v / 1000;
  for (auto& p : c.observed) p.value /= 1000;
  for (auto& m : c.milestones) m.at.value /= 1000;
  for (auto& k : c.expected_path) k.value /= 1000;
  const std::vector<chart_data> apart = {a, c};
  CHECK_FALSE(shared_value_domain(apart));
  CHECK(scales_differ(apart));
  // A series of zeros fits any scale; ordinal charts have the scale as their axis.
  chart_data zeros = a;
  for (auto& p : zeros.observed) p.value = 0;
  zeros.baseline->value = 0;
  zeros.milestones.clear();
  zeros.target->value = 0;
  zeros.expected_path.clear();
  CHECK_FALSE(scales_differ(std::vector<chart_data>{a, zeros}));
  chart_data ordinal = a;
  ordinal.levels = {"no", "yes"};
  CHECK_FALSE(plotted_values(ordinal));
  CHECK_FALSE(shared_value_domain(std::vector<chart_data>{ordinal, ordinal}));
}

TEST_CASE("ordinal and binary charts use the scale as the value axis", "[chart]") {
  auto d = sample();
  d.observed = {{2021, 0, "2021"}, {2024, 2, "2024"}};
  d.baseline.reset();
  d.milestones.clear();
  d.expected_path.clear();
  d.target = xy{2031, 3, "2031"};
  d.levels = {"none", "draft", "adopted", "in force"};
  const auto l = layout_chart(d, false);
  CHECK(l.y.lo == Approx(-0.3));  // room for the marks on the lowest and highest levels
  CHECK(l.y.hi == Approx(3.3));
  CHECK(l.y.ticks == std::vector<double>{0, 1, 2, 3});
  const std::string svg = render_chart(d, l, "c1");
  CHECK(svg.find(">in force<") != std::string::npos);
  // Names too long for a small multiple give way to the level numbers.
  d.levels.back() = "in force and applied";
  const std::string small = render_chart(d, layout_chart(d, true), "c2");
  CHECK(small.find(">in force") == std::string::npos);  // no axis label (tooltips still name the level)
  CHECK(small.find(">3</text>") != std::string::npos);
}

TEST_CASE("the prediction interval follows t·s·sqrt(1 + 1/n + (t - mean)^2/Sxx)", "[chart]") {
  // y = 0, 2, 1, 3 at t = 0..3: slope 0.8, intercept 0.3, residuals -0.3, 0.9, -0.9, 0.3.
  trend_line t;
  t.slope = 0.8;
  t.intercept = 0.3;
  trend_line::spread s;
  s.n = 4;
  s.centre = 1.5;
  s.sxx = 5;
  s.residual_sd = std::sqrt((0.09 + 0.81 + 0.81 + 0.09) / 2);
  s.t_quantile = 4.302652729911275;  // Student t, 2 df, 0.975
  t.interval = s;
  const auto at3 = trend_interval(t, 3);
  REQUIRE(at3);
  const double half = 4.302652729911275 * std::sqrt(0.9) * std::sqrt(1 + 0.25 + 2.25 / 5);
  CHECK((*at3)[0] == Approx(2.7 - half).epsilon(1e-12));
  CHECK((*at3)[1] == Approx(2.7 + half).epsilon(1e-12));
  // Narrowest at the mean time, wider further out.
  const auto mid = *trend_interval(t, 1.5), far = *trend_interval(t, 10);
  CHECK(mid[1] - mid[0] < (*at3)[1] - (*at3)[0]);
  CHECK((*at3)[1] - (*at3)[0] < far[1] - far[0]);
  t.interval.reset();
  CHECK_FALSE(trend_interval(t, 3));
}

TEST_CASE("each mark of a rendered chart sits at its data's pixel position", "[chart]") {
  const auto d = sample();
  const auto l = layout_chart(d, false);
  const std::string svg = render_chart(d, l, "c7");
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  const auto root = doc.child("svg");
  CHECK(std::string(root.attribute("data-indicator").value()) == "X1");
  const auto target = root.find_child_by_attribute("circle", "class", "target");
  REQUIRE(target);
  CHECK(num(target, "cx") == Approx(l.px(2031)).margin(0.05));
  CHECK(num(target, "cy") == Approx(l.py(150)).margin(0.05));
  const auto base = root.find_child_by_attribute("circle", "class", "baseline");
  CHECK(num(base, "cx") == Approx(l.px(2020)).margin(0.05));
  CHECK(num(base, "cy") == Approx(l.py(360)).margin(0.05));
  std::size_t obs = 0;
  for (const auto c : root.children("circle"))
    if (std::string(c.attribute("class").value()) == "obs") {
      const auto& p = d.observed[obs++];
      CHECK(num(c, "cx") == Approx(l.px(p.time)).margin(0.05));
      CHECK(num(c, "cy") == Approx(l.py(p.value)).margin(0.05));
    }
  CHECK(obs == d.observed.size());
  // Milestones: diamonds centred on (time, value); the aspirational one is marked so.
  std::size_t ms = 0;
  for (const auto r : root.children("rect")) {
    const std::string cls = r.attribute("class").value();
    if (cls.rfind("milestone", 0) != 0) continue;
    const auto& m = d.milestones[ms++];
    CHECK(num(r, "x") + num(r, "width") / 2 == Approx(l.px(m.at.time)).margin(0.1));
    CHECK(num(r, "y") + num(r, "height") / 2 == Approx(l.py(m.at.value)).margin(0.1));
    CHECK((cls.find("aspirational") != std::string::npos) == m.aspirational);
  }
  CHECK(ms == 2);
  // The clip path id is the one given, and the badge names the status.
  CHECK(svg.find("<clipPath id=\"c7\">") != std::string::npos);
  CHECK(svg.find(">off track</text></g>") != std::string::npos);
  // Same input, same bytes.
  CHECK(render_chart(d, layout_chart(d, false), "c7") == svg);
}

TEST_CASE("the population chart draws one bar per year, heights in proportion", "[chart]") {
  CHECK(render_population_chart({}, "States Parties").empty());
  const std::vector<population_point> sizes = {{2025, 111}, {2026, 112}, {2027, 56}};
  const std::string svg = render_population_chart(sizes, "States Parties");
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  std::vector<double> heights;
  for (const auto r : doc.child("svg").children("rect")) {
    CHECK(std::string(r.attribute("class").value()) == "pop");
    heights.push_back(num(r, "height"));
  }
  REQUIRE(heights.size() == 3);
  CHECK(heights[2] / heights[1] == Approx(0.5).margin(0.01));
  CHECK(heights[0] / heights[1] == Approx(111.0 / 112).margin(0.01));
  CHECK(svg.find("data-year=\"2026\" data-size=\"112\"") != std::string::npos);
}

TEST_CASE("status bars: each row's segments share the bar by count", "[chart]") {
  status_row a{"Universalisation", {}, std::nullopt}, b{"Plan", {}, 0.75};
  a.counts[static_cast<int>(status::achieved)] = 3;
  a.counts[static_cast<int>(status::off_track)] = 1;
  b.counts[static_cast<int>(status::on_track)] = 5;
  const std::vector<status_row> rows = {a, b};
  const std::string svg = render_status_bars(rows);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  std::vector<std::pair<std::string, double>> segs;
  for (const auto r : doc.child("svg").children("rect")) segs.emplace_back(r.attribute("data-status").value(), num(r, "width"));
  REQUIRE(segs.size() == 3);
  CHECK(segs[0].first == "achieved");
  CHECK(segs[0].second == Approx(300));
  CHECK(segs[1].first == "off_track");
  CHECK(segs[1].second == Approx(100));
  CHECK(segs[2].second == Approx(400));
}
