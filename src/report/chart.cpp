// SPDX-License-Identifier: Apache-2.0
// Chart data, layout and inline SVG for the HTML report.

#include "waypoint/report/chart.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>

#include "format.hpp"
#include "labels.hpp"
#include "waypoint/eval/detail/kernel.hpp"  // group_indicator
#include "waypoint/eval/stats.hpp"  // student_t_quantile
#include "waypoint/eval/trajectory.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::report {

using detail::escape;
using detail::fixed;
using detail::short_number;
using text::N_;

std::optional<std::array<double, 2>> trend_interval(const trend_line& t, double time) {
  if (!t.interval) return std::nullopt;
  const auto& s = *t.interval;
  const double d = time - s.centre;
  const double half = s.t_quantile * s.residual_sd * std::sqrt(1 + 1 / s.n + d * d / s.sxx);
  return std::array<double, 2>{t.at(time) - half, t.at(time) + half};
}

namespace {

/// The trend of `s` over the observed points from the base on, with its interval when the points
/// reproduce the evaluation's fit (same count and slope); the bare line otherwise.
std::optional<trend_line> trend_of(const series_result& s, const chart_data& d) {
  if (!s.trend.slope || !s.trend.intercept) return std::nullopt;
  trend_line t;
  t.slope = *s.trend.slope;
  t.intercept = *s.trend.intercept;
  std::vector<double> tt, yy;
  for (const auto& p : d.observed)
    if (!d.baseline || p.time >= d.baseline->time) {
      tt.push_back(p.time);
      yy.push_back(p.value);
    }
  const trend_fit refit = fit_ols(tt, yy);
  const bool same = tt.size() == s.n_points && refit.slope &&
                    std::abs(*refit.slope - t.slope) <= 1e-9 * std::max(1.0, std::abs(t.slope));
  if (same) {
    t.from = tt.front();
    t.to = tt.back();
    if (tt.size() >= 3) {
      trend_line::spread sp;
      sp.n = static_cast<double>(tt.size());
      for (double x : tt) sp.centre += x;
      sp.centre /= sp.n;
      double sse = 0;
      for (std::size_t k = 0; k < tt.size(); ++k) {
        sp.sxx += (tt[k] - sp.centre) * (tt[k] - sp.centre);
        sse += (yy[k] - t.at(tt[k])) * (yy[k] - t.at(tt[k]));
      }
      sp.residual_sd = std::sqrt(sse / (sp.n - 2));
      sp.t_quantile = student_t_quantile(0.5 + t.confidence / 2, sp.n - 2);
      t.interval = sp;
    }
  } else if (s.outcome.base && s.outcome.current) {
    t.from = s.outcome.base->time;
    t.to = s.outcome.current->time;
  } else {
    return std::nullopt;
  }
  t.until = d.target ? std::max(t.to, d.target->time) : t.to;
  return t;
}

}  // namespace

chart_data series_chart_data(const plan& p, const evaluation& ev, const series_result& s, language lang) {
  const indicator& total = *p.find(s.indicator);
  // A group is assessed against its own indicator (target, milestones), as the evaluation does.
  std::optional<indicator> group;
  if (!s.disaggregation.empty()) group = waypoint::detail::group_indicator(total, s.disaggregation);
  const indicator& ind = group ? *group : total;
  const auto& a = s.outcome;
  chart_data d;
  d.indicator = s.indicator.str();
  d.entity = s.entity.str();
  d.disaggregation = s.disaggregation;
  d.lang = lang;
  d.label = detail::series_label(lang, p, &total, s.entity, s.disaggregation);
  d.short_label = s.entity.str() == "*" && !s.disaggregation.empty() ? detail::group_words(lang, s.disaggregation) : d.label;
  d.measure = ind.measure;
  d.status = a.status;
  d.unit = detail::unit_of(lang, ind);
  d.plan_start = p.period().time();
  d.plan_end = fractional_year(p.period().end() + boost::gregorian::days(1));
  if (ev.as_of) d.as_of = fractional_year(*ev.as_of);
  for (const auto& [text, v] : a.trace.points)
    if (const auto at = parse_period(text)) d.observed.push_back({at->time(), v, text});
  if (d.observed.empty()) {  // no trace: the anchors the method reported
    if (a.base && !a.base->declared) d.observed.push_back({a.base->time, a.base->amount, a.base->at.str()});
    if (a.current && (!a.base || a.current->time != a.base->time)) d.observed.push_back({a.current->time, a.current->amount, a.current->at.str()});
  }
  std::stable_sort(d.observed.begin(), d.observed.end(), [](const xy& x, const xy& y) { return x.time < y.time; });
  if (a.base) {
    d.baseline = xy{a.base->time, a.base->amount, a.base->at.str()};
    d.baseline_declared = a.base->declared;
  }
  for (const auto& m : ind.milestones)
    if (m.when && m.amount.numeric()) d.milestones.push_back({{m.when->time(), *m.amount.numeric(), m.when->str()}, m.aspirational});
  if (s.target) d.target = xy{s.target->at.time(), s.target->amount, s.target->at.str()};
  if (ind.direction == direction::maintain) {
    d.range = ind.range;
  } else if (a.base) {
    for (const auto& k : make_path(ind, knot{a.base->time, a.base->amount})) d.expected_path.push_back({k.time, k.amount, {}});
  }
  if (ind.measure == measure::ordinal) d.levels = ind.levels;
  if (ind.measure == measure::binary) d.levels = {std::string(detail::yes_no(lang, false)), std::string(detail::yes_no(lang, true))};
  if (is_quantitative(ind.measure) || ind.measure == measure::ordinal) d.trend = trend_of(s, d);
  if (d.trend && d.target && s.projected_value) d.projected = xy{d.target->time, *s.projected_value, d.target->period};
  return d;
}

namespace {

/// The day by which the evaluation as of `as_of` reads a value (gather_points, eval/detail/points.hpp).
std::int32_t cutoff_of(const std::optional<date>& as_of) { return as_of ? day_number(*as_of) : std::numeric_limits<std::int32_t>::max(); }

/// The store's absolute position of row `i` of series `v` (for `source_of_row`).
std::size_t row_of(const observation_store& obs, const series_view& v, std::size_t i) {
  return static_cast<std::size_t>(&v.amount[i] - obs.series(0).amount.data());
}

}  // namespace

std::vector<data_row> chart_rows(const plan& p, const chart_data& d, const observation_store* obs, const std::optional<date>& as_of) {
  std::vector<data_row> out;
  for (const auto& pt : d.observed) out.push_back({pt.period, pt.value, false, {}, obs_flag::none, {}});
  if (obs == nullptr) return out;
  const auto k = p.indicator_index(indicator_id{d.indicator});
  const auto series = k ? obs->find_series(*k, d.entity, d.disaggregation) : std::nullopt;
  if (!series) return out;
  const series_view v = obs->series(*series);
  std::map<std::string, std::size_t, std::less<>> pick_of;  // period → the row the evaluation read
  for_each_known_period(v, cutoff_of(as_of), [&](std::size_t, std::size_t pick, const waypoint::detail::period_facts&) {
    pick_of.emplace(v.period_of(pick).str(), pick);
  });
  for (auto& r : out) {
    const auto it = pick_of.find(r.period);
    if (it == pick_of.end()) continue;
    const std::size_t i = it->second;
    r.observed = true;
    r.source = obs->source_of_row(row_of(*obs, v, i));
    r.flag = v.flag(i);
    if (v.reported_on(i) != no_report_date) r.reported_on = iso_date(v.reported_on(i));
  }
  return out;
}

std::vector<source_count> indicator_sources(const plan& p, const observation_store& obs, const indicator_id& id, const std::optional<date>& as_of) {
  std::map<std::string, std::size_t> counts;
  const auto k = p.indicator_index(id);
  if (!k) return {};
  const auto [first, end] = obs.series_of(*k);
  for (std::size_t s = first; s < end; ++s) {
    const series_view v = obs.series(s);
    for_each_known_period(v, cutoff_of(as_of), [&](std::size_t, std::size_t pick, const waypoint::detail::period_facts&) {
      ++counts[obs.source_of_row(row_of(obs, v, pick))];
    });
  }
  std::vector<source_count> out;
  for (auto& [source, n] : counts) out.push_back({source, n});
  // As people sort: letters without regard to case (byte order breaks ties).
  const auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::stable_sort(out.begin(), out.end(), [&](const source_count& a, const source_count& b) { return lower(a.source) < lower(b.source); });
  return out;
}

namespace {

/// Ticks `lo, lo + step, ...` up to `hi`, counted (not accumulated) so they stay exact.
std::vector<double> ticks(double lo, double hi, double step) {
  std::vector<double> out;
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first; k * step <= hi + step * 1e-9; k += 1) out.push_back(k * step);
  return out;
}

/// A "nice" step (1, 2, 2.5 or 5 times a power of ten) for about `n` intervals over `span`; with
/// `whole`, a whole number (at least 1, and 2 rather than 2.5).
double nice_step(double span, int n, bool whole) {
  const double raw = span / n;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  if (!whole) return step;
  return step < 1 ? 1 : step == std::floor(step) ? step : std::floor(step);
}

}  // namespace

std::optional<value_domain> plotted_values(const chart_data& d) {
  if (!d.levels.empty()) return std::nullopt;
  std::vector<double> v;
  for (const auto& p : d.observed) v.push_back(p.value);
  if (d.baseline) v.push_back(d.baseline->value);
  for (const auto& m : d.milestones) v.push_back(m.at.value);
  if (d.target) v.push_back(d.target->value);
  for (const auto& k : d.expected_path) v.push_back(k.value);
  if (d.range) {
    v.push_back(d.range->low);
    v.push_back(d.range->high);
  }
  if (d.trend) {
    v.push_back(d.trend->at(d.trend->from));
    v.push_back(d.trend->at(d.trend->until));
  }
  if (d.projected) v.push_back(d.projected->value);
  if (v.empty()) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return value_domain{*lo, *hi};
}

namespace {

/// The union of the `plotted_values` of `charts`, and whether their magnitudes differ by more than
/// `own_scale_ratio`; no domain when one chart's axis is a scale or none plots a value.
std::pair<std::optional<value_domain>, bool> union_of_values(std::span<const chart_data> charts) {
  std::optional<value_domain> all;
  double smallest = 0, largest = 0;  // magnitudes, zeros aside
  for (const auto& d : charts) {
    if (!d.levels.empty()) return {std::nullopt, false};
    const auto v = plotted_values(d);
    if (!v) continue;
    all = all ? value_domain{std::min(all->lo, v->lo), std::max(all->hi, v->hi)} : *v;
    const double magnitude = std::max(std::abs(v->lo), std::abs(v->hi));
    if (magnitude > 0) {
      smallest = smallest > 0 ? std::min(smallest, magnitude) : magnitude;
      largest = std::max(largest, magnitude);
    }
  }
  return {all, smallest > 0 && largest > own_scale_ratio * smallest};
}

}  // namespace

std::optional<value_domain> shared_value_domain(std::span<const chart_data> charts) {
  const auto [all, differ] = union_of_values(charts);
  return differ ? std::nullopt : all;
}

bool scales_differ(std::span<const chart_data> charts) { return union_of_values(charts).second; }

chart_layout layout_chart(const chart_data& d, bool compact, const std::optional<value_domain>& values) {
  chart_layout l;
  if (compact) {
    l.width = 216;
    l.height = 132;
    l.left = 40;
    l.right = 14;
    l.top = 22;
    l.bottom = 18;
  }
  // Time: the data, the plan period, milestones, the target and the evaluation date, on whole years.
  double lo = d.plan_start, hi = d.plan_end;
  auto span_time = [&](double t) {
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  };
  for (const auto& p : d.observed) span_time(p.time);
  if (d.baseline) span_time(d.baseline->time);
  for (const auto& m : d.milestones) span_time(m.at.time);
  if (d.target) span_time(d.target->time);
  if (d.as_of) span_time(*d.as_of);
  l.x.lo = std::floor(lo);
  l.x.hi = std::max(std::ceil(hi), l.x.lo + 1);
  const double years = l.x.hi - l.x.lo;
  l.x.ticks = ticks(l.x.lo, l.x.hi, compact ? (years <= 6 ? 2 : years <= 16 ? 4 : 10) : (years <= 12 ? 1 : years <= 24 ? 2 : 5));

  if (!d.levels.empty()) {  // ordinal and binary: the scale itself, with room for the marks at either end
    const double top_level = std::max<double>(1, static_cast<double>(d.levels.size() - 1));
    l.y.lo = -0.3;
    l.y.hi = top_level + 0.3;
    l.y.ticks = ticks(0, top_level, d.levels.size() > 8 ? std::ceil(static_cast<double>(d.levels.size()) / 8) : 1);
    return l;
  }
  // Values: every plotted value but the interval (clipped instead, so it cannot squash the data),
  // or the domain given.
  const std::optional<value_domain> own = values ? values : plotted_values(d);
  double ylo = own ? own->lo : 0, yhi = own ? own->hi : 1;
  if (!(yhi > ylo)) {
    const double pad = ylo == 0 ? 1 : std::abs(ylo) * 0.1;
    ylo -= pad;
    yhi += pad;
  }
  const double step = nice_step(yhi - ylo, compact ? 3 : 5, d.measure == measure::count);
  l.y.lo = std::floor(ylo / step) * step;
  l.y.hi = std::ceil(yhi / step) * step;
  if (l.y.hi == yhi) l.y.hi += step;                      // room above the highest mark
  if (l.y.lo == ylo && !(ylo >= 0 && ylo < step)) l.y.lo -= step;  // and below the lowest (0 stays the floor)
  l.y.ticks = ticks(l.y.lo, l.y.hi, step);
  return l;
}

namespace {

/// ` name="v"`. Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on `" " + std::string(...)` at -O2.
std::string attr(std::string_view name, double v) {
  std::string out(1, ' ');
  out.append(name).append("=\"").append(fixed(v)).append(1, '"');
  return out;
}

std::string point_title(const xy& p, std::string_view what, const chart_data& d) {
  const auto& levels = d.levels;
  std::string value = detail::readable_number(d.lang, d.measure, p.value);
  if (!levels.empty() && p.value >= 0 && p.value < static_cast<double>(levels.size()) && p.value == std::floor(p.value))
    value = levels[static_cast<std::size_t>(p.value)];
  return "<title>" + escape(std::string(detail::tr(d.lang, what)) + (p.period.empty() ? "" : " " + p.period) + ": " + value) + "</title>";
}


}  // namespace

std::string render_chart(const chart_data& d, const chart_layout& l, std::string_view id) {
  const bool compact = l.width < 400;
  const double x0 = l.left, x1 = l.width - l.right, y0 = l.top, y1 = l.height - l.bottom;
  std::string o;
  o.reserve(4096);
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + fixed(l.width) + " " + fixed(l.height) + "\"" +
       attr("width", l.width) + attr("height", l.height) + " data-indicator=\"" + escape(d.indicator) + "\" data-entity=\"" +
       escape(d.entity) + "\"" + (d.disaggregation.empty() ? "" : " data-disaggregation=\"" + escape(d.disaggregation) + "\"") +
       " role=\"img\" aria-label=\"" + escape(d.indicator + " " + d.label + ": " + std::string(detail::status_words(d.lang, d.status))) + "\">";
  o += "<defs><clipPath id=\"" + std::string(id) + "\"><rect" + attr("x", x0) + attr("y", y0) + attr("width", x1 - x0) +
       attr("height", y1 - y0) + "/></clipPath></defs>";
  o += "<rect class=\"plot\"" + attr("x", x0) + attr("y", y0) + attr("width", x1 - x0) + attr("height", y1 - y0) + "/>";
  // The plan period, shaded.
  const double ps = std::clamp(l.px(d.plan_start), x0, x1), pe = std::clamp(l.px(d.plan_end), x0, x1);
  o += "<rect class=\"plan\"" + attr("x", ps) + attr("y", y0) + attr("width", pe - ps) + attr("height", y1 - y0) + "><title>" + std::string(detail::tr(d.lang, "plan period")) + "</title></rect>";
  const std::string fs = compact ? "9" : "10";
  for (const double t : l.x.ticks) {
    o += "<line class=\"xtick\"" + attr("x1", l.px(t)) + attr("y1", y0) + attr("x2", l.px(t)) + attr("y2", y1) + " data-value=\"" + short_number(t) + "\"/>";
    o += "<text class=\"xl\"" + attr("x", l.px(t)) + attr("y", y1 + (compact ? 11 : 14)) + " text-anchor=\"middle\" font-size=\"" + fs + "\">" +
         short_number(t) + "</text>";
  }
  // Level names label an ordinal axis when they fit; else the level numbers do (the report lists the scale).
  const std::size_t max_chars = compact ? 7 : 9;
  const bool names = std::all_of(d.levels.begin(), d.levels.end(), [&](const std::string& n) { return n.size() <= max_chars; });
  for (const double v : l.y.ticks) {
    std::string text = detail::grouped(d.lang, fixed(v, 6));
    if (names && !d.levels.empty() && v >= 0 && v < static_cast<double>(d.levels.size())) text = d.levels[static_cast<std::size_t>(v)];
    o += "<line class=\"ytick\"" + attr("x1", x0) + attr("y1", l.py(v)) + attr("x2", x1) + attr("y2", l.py(v)) + " data-value=\"" + short_number(v) + "\"/>";
    o += "<text class=\"yl\"" + attr("x", x0 - 3) + attr("y", l.py(v) + 3) + " text-anchor=\"end\" font-size=\"" + fs + "\">" + escape(text) + "</text>";
  }
  o += "<g clip-path=\"url(#" + std::string(id) + ")\">";
  if (d.range)
    o += "<rect class=\"range\"" + attr("x", x0) + attr("y", l.py(d.range->high)) + attr("width", x1 - x0) +
         attr("height", l.py(d.range->low) - l.py(d.range->high)) + "><title>" +
         text::fill(detail::tr(d.lang, "range {low}–{high}"),
                    {{"low", detail::readable_number(d.lang, d.measure, d.range->low)}, {"high", detail::readable_number(d.lang, d.measure, d.range->high)}}) +
         "</title></rect>";
  if (d.trend && d.trend->interval && d.trend->until > d.trend->from) {
    constexpr int steps = 24;
    std::string up, down;
    for (int k = 0; k <= steps; ++k) {
      const double t = d.trend->from + (d.trend->until - d.trend->from) * k / steps;
      const auto iv = *trend_interval(*d.trend, t);
      up += (k ? " L" : "M") + fixed(l.px(t)) + " " + fixed(l.py(iv[1]));
      down = " L" + fixed(l.px(t)) + " " + fixed(l.py(iv[0])) + down;
    }
    o += "<path class=\"interval\" d=\"" + up + down + " Z\"><title>" +
         text::fill(detail::tr(d.lang, "{share} prediction interval of the trend"), {{"share", text::percent(d.lang, fixed(d.trend->confidence * 100, 0))}}) +
         "</title></path>";
  }
  if (!d.expected_path.empty()) {
    o += "<polyline class=\"path\" points=\"";
    for (std::size_t k = 0; k < d.expected_path.size(); ++k)
      o += (k ? " " : "") + fixed(l.px(d.expected_path[k].time)) + "," + fixed(l.py(d.expected_path[k].value));
    o += "\"><title>" + std::string(detail::tr(d.lang, "expected path: baseline → milestones → target")) + "</title></polyline>";
  }
  if (d.trend) {
    const auto& t = *d.trend;
    o += "<line class=\"trend\"" + attr("x1", l.px(t.from)) + attr("y1", l.py(t.at(t.from))) + attr("x2", l.px(t.to)) + attr("y2", l.py(t.at(t.to))) +
         "><title>" + text::fill(detail::tr(d.lang, "trend {slope}"), {{"slope", detail::per_year(d.lang, t.slope)}}) + "</title></line>";
    if (t.until > t.to)
      o += "<line class=\"projection\"" + attr("x1", l.px(t.to)) + attr("y1", l.py(t.at(t.to))) + attr("x2", l.px(t.until)) +
           attr("y2", l.py(t.at(t.until))) + "/>";
  }
  if (d.as_of)
    o += "<line class=\"asof\"" + attr("x1", l.px(*d.as_of)) + attr("y1", y0) + attr("x2", l.px(*d.as_of)) + attr("y2", y1) + "><title>" + std::string(detail::tr(d.lang, "as of")) + "</title></line>";
  o += "</g>";
  // Marks, on top.
  const double r = compact ? 2.2 : 3;
  for (const auto& p : d.observed)
    o += "<circle class=\"obs\"" + attr("cx", l.px(p.time)) + attr("cy", l.py(p.value)) + attr("r", r) + ">" + point_title(p, N_("observed"), d) + "</circle>";
  if (d.baseline)
    o += "<circle class=\"baseline\"" + attr("cx", l.px(d.baseline->time)) + attr("cy", l.py(d.baseline->value)) + attr("r", r + 2) + ">" +
         point_title(*d.baseline, d.baseline_declared ? N_("baseline (plan)") : N_("base (data)"), d) + "</circle>";
  const double h = compact ? 3 : 4;
  for (const auto& m : d.milestones) {
    const double cx = l.px(m.at.time), cy = l.py(m.at.value);
    o += "<rect class=\"milestone" + std::string(m.aspirational ? " aspirational" : "") + "\"" + attr("x", cx - h) + attr("y", cy - h) +
         attr("width", 2 * h) + attr("height", 2 * h) + " transform=\"rotate(45 " + fixed(cx) + " " + fixed(cy) + ")\">" +
         point_title(m.at, m.aspirational ? N_("aspirational milestone") : N_("milestone"), d) + "</rect>";
  }
  if (d.target)
    o += "<circle class=\"target\"" + attr("cx", l.px(d.target->time)) + attr("cy", l.py(d.target->value)) + attr("r", r + 3) + ">" +
         point_title(*d.target, N_("target"), d) + "</circle>";
  if (d.projected)
    o += "<circle class=\"projected\"" + attr("cx", l.px(d.projected->time)) + attr("cy", l.py(d.projected->value)) + attr("r", r) + ">" +
         point_title(*d.projected, N_("trend projected to"), d) + "</circle>";
  // The status badge, top right; the series name (small multiples) or the unit, top left.
  const std::string words(detail::status_words(d.lang, d.status));
  const double bw = static_cast<double>(text::length(words)) * (compact ? 5.2 : 6.2) + 10, bh = compact ? 14 : 17;
  o += "<g class=\"badge\"><rect class=\"s-" + std::string(to_string(d.status)) + "\"" + attr("x", x1 - bw) + attr("y", compact ? 3 : 4) +
       attr("width", bw) + attr("height", bh) + " rx=\"3\"/><text" + attr("x", x1 - bw / 2) + attr("y", compact ? 13.5 : 16) +
       " text-anchor=\"middle\" font-size=\"" + fs + "\">" + words + "</text></g>";
  // A small multiple's name is cut to the room left of the badge; its tooltip has it whole, with the entity's code.
  std::string name = compact ? (d.short_label.empty() ? d.label : d.short_label) : d.unit, tip;
  if (compact) {
    const auto room = static_cast<std::size_t>(std::max(0.0, (x1 - bw - 8) / 5.6));
    if (name.size() > room && room > 1) name = std::string(utf8_prefix(name, room - 1)) + "…";
    tip = "<title>" + escape(d.label + (d.entity == "*" ? "" : " (" + d.entity + ")")) + "</title>";
  }
  if (!name.empty())
    o += "<text class=\"cn\"" + attr("x", compact ? 2 : x0) + attr("y", compact ? 13.5 : 16) + " font-size=\"" + (compact ? "10" : "11") + "\">" + tip +
         escape(name) + "</text>";
  o += "</svg>";
  return o;
}

std::string render_population_chart(std::span<const population_point> sizes, std::string_view title, language lang) {
  if (sizes.empty()) return {};
  const double w = 360, h = 120, left = 8, right = 8, top = 22, bottom = 18;
  double hi = 0;
  for (const auto& p : sizes) hi = std::max(hi, p.size);
  if (!(hi > 0)) hi = 1;
  const double slot = (w - left - right) / static_cast<double>(sizes.size());
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"population\" viewBox=\"0 0 360 120\" width=\"360\" height=\"120\" role=\"img\" aria-label=\"" +
                  escape(title) + "\"><text class=\"cn\" x=\"8\" y=\"14\" font-size=\"11\">" + escape(title) + "</text>";
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const auto& p = sizes[k];
    const double bh = std::max(0.0, p.size) / hi * (h - top - bottom - 12);
    const double x = left + slot * static_cast<double>(k) + slot * 0.15, bw = slot * 0.7, y = h - bottom - bh;
    o += "<rect class=\"pop\"" + attr("x", x) + attr("y", y) + attr("width", bw) + attr("height", bh) + " data-year=\"" + std::to_string(p.year) +
         "\" data-size=\"" + short_number(p.size) + "\"><title>" + std::to_string(p.year) + ": " + text::number(lang, short_number(p.size)) + "</title></rect>";
    o += "<text" + attr("x", x + bw / 2) + attr("y", y - 2) + " text-anchor=\"middle\" font-size=\"9\">" + text::number(lang, short_number(p.size)) + "</text>";
    o += "<text" + attr("x", x + bw / 2) + attr("y", h - 5) + " text-anchor=\"middle\" font-size=\"9\">" + std::to_string(p.year) + "</text>";
  }
  return o + "</svg>";
}

std::string render_status_bars(std::span<const status_row> rows, language lang) {
  const double w = 820, label_w = 310, bar_w = 400, row_h = 24, bar_h = 16;
  const double h = row_h * static_cast<double>(rows.size()) + 4;
  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"status-bars\" viewBox=\"0 0 " + fixed(w) + " " + fixed(h) + "\"" +
                  attr("width", w) + attr("height", h) + " role=\"img\" aria-label=\"" + escape(detail::tr(lang, "status counts per section")) + "\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const double y = 4 + row_h * static_cast<double>(i);
    std::size_t total = 0;
    for (const auto c : row.counts) total += c;
    std::string label = row.label;
    if (label.size() > 50) label = std::string(utf8_prefix(label, 48)) + "…";
    o += "<text x=\"0\"" + attr("y", y + 12.5) + " font-size=\"12\"" + (i + 1 == rows.size() ? " font-weight=\"bold\"" : "") + ">" + escape(label) + "</text>";
    double x = label_w;
    for (int k = 0; k < status_count; ++k) {
      const std::size_t c = row.counts[static_cast<std::size_t>(k)];
      if (c == 0) continue;
      const double sw = bar_w * static_cast<double>(c) / static_cast<double>(total);
      const std::string name(to_string(static_cast<status>(k)));
      o += "<rect class=\"seg s-" + name + "\"" + attr("x", x) + attr("y", y) + attr("width", sw) + attr("height", bar_h) +
           " data-status=\"" + name + "\" data-count=\"" + std::to_string(c) + "\"><title>" + escape(row.label) + ": " + std::string(detail::status_words(lang, static_cast<status>(k))) + " " +
           std::to_string(c) + "</title></rect>";
      if (sw >= 14) o += "<text class=\"segn\"" + attr("x", x + sw / 2) + attr("y", y + 12) + " text-anchor=\"middle\" font-size=\"10\">" + std::to_string(c) + "</text>";
      x += sw;
    }
    o += "<text" + attr("x", label_w + bar_w + 8) + attr("y", y + 12.5) + " font-size=\"12\">" + std::to_string(total) +
         (row.score ? " · " + std::string(detail::tr(lang, "score")) + " " + detail::score_text(lang, *row.score) : std::string()) + "</text>";
  }
  return o + "</svg>";
}

}  // namespace waypoint::report
