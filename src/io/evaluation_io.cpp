// SPDX-License-Identifier: Apache-2.0
// Evaluation writers: CSV, JSON and a terminal table.

#include "waypoint/io/evaluation_io.hpp"

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "waypoint/version.hpp"

namespace waypoint::io {
namespace {

using ojson = nlohmann::ordered_json;

std::string num(const std::optional<double>& v) { return v ? format_number(*v) : std::string(); }

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

ojson opt(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

std::string label(const indicator& ind, double v);

ojson anchor_json(const indicator& ind, const std::optional<anchor>& a) {
  if (!a) return nullptr;
  ojson j;
  j["period"] = a->at.str();
  j["value"] = a->amount;
  if (ind.measure == measure::binary || ind.measure == measure::ordinal) j["label"] = label(ind, a->amount);
  j["declared"] = a->declared;
  return j;
}

ojson due_json(const std::optional<due_value>& d) {
  if (!d) return nullptr;
  ojson j;
  j["period"] = d->at.str();
  j["value"] = d->amount;
  j["aspirational"] = d->aspirational;
  return j;
}

ojson trace_json(const trace& t) {
  ojson j;
  j["rule"] = t.rule;
  ojson in = ojson::object();
  for (const auto& [k, v] : t.inputs) in[k] = v;
  j["inputs"] = in;
  j["substitutions"] = t.substitutions;
  ojson th = ojson::array();
  for (const auto& x : t.thresholds) th.push_back({{"name", x.name}, {"value", x.amount}, {"inclusive", x.inclusive}});
  j["thresholds"] = th;
  ojson pts = ojson::array();
  for (const auto& [p, v] : t.points) pts.push_back({{"period", p}, {"value", v}});
  j["points"] = pts;
  return j;
}

/// A value as people read it: a level name, yes/no, or the number.
std::string label(const indicator& ind, double v) {
  if (ind.measure == measure::binary) return v == 1 ? "yes" : "no";
  if (ind.measure == measure::ordinal && v >= 0 && static_cast<std::size_t>(v) < ind.levels.size()) return ind.levels[static_cast<std::size_t>(v)];
  std::ostringstream ss;
  ss << std::setprecision(6) << v;
  return ss.str();
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> cols = {
      "indicator",     "entity",        "disaggregation", "method",         "status",         "category",
      "score",         "progress_value", "base_period",   "base_value",     "current_period", "current_value",
      "n_points",      "slope_per_year", "cagr",          "target_period",  "target_value",   "expected_value",
      "projected_value", "gap_to_target", "gap_to_trajectory", "reason",
      // Added after the stable columns:
      "intercept", "r_squared", "slope_std_error", "next_milestone_period", "next_milestone_value", "gap_to_milestone",
      "plan_total", "estimated_points", "provisional_points"};
  return cols;
}

void write_csv(std::ostream& out, const plan& /*p*/, const evaluation& ev) {
  const auto& cols = csv_columns();
  for (std::size_t k = 0; k < cols.size(); ++k) out << (k ? "," : "") << cols[k];
  out << '\n';
  std::string line;
  for (const auto& s : ev.series) {
    const auto& a = s.outcome;
    line.clear();
    auto put = [&](const std::string& v) {
      line += v;
      line += ',';
    };
    put(csv_escape(s.indicator.str()));
    put(csv_escape(s.entity.str()));
    put(csv_escape(s.disaggregation));
    put(s.method);
    put(std::string(to_string(a.status)));
    put(a.category);
    put(num(a.score));
    put(num(a.progress_value));
    put(a.base ? a.base->at.str() : "");
    put(a.base ? format_number(a.base->amount) : "");
    put(a.current ? a.current->at.str() : "");
    put(a.current ? format_number(a.current->amount) : "");
    put(std::to_string(s.n_points));
    put(num(s.trend.slope));
    put(num(s.cagr));
    put(s.target ? s.target->at.str() : "");
    put(s.target ? format_number(s.target->amount) : "");
    put(num(s.expected_value));
    put(num(s.projected_value));
    put(num(s.gap_to_target));
    put(num(s.gap_to_trajectory));
    put(csv_escape(a.reason));
    put(num(s.trend.intercept));
    put(num(s.trend.r_squared));
    put(num(s.trend.slope_std_error));
    put(s.next_milestone ? s.next_milestone->at.str() : "");
    put(s.next_milestone ? format_number(s.next_milestone->amount) : "");
    put(num(s.gap_to_milestone));
    put(num(s.plan_total));
    put(std::to_string(s.estimated_points));
    put(std::to_string(s.provisional_points));
    line.back() = '\n';
    out << line;
  }
}

void write_json(std::ostream& out, const plan& p, const evaluation& ev) {
  ojson j;
  j["format"] = "waypoint-evaluation";
  j["version"] = 1;
  j["generator"] = std::string("waypoint ") + version_string;
  j["plan"] = {{"id", p.id().str()}, {"title", p.title()}, {"period", p.period().str()}};
  j["as_of"] = ev.as_of ? ojson(to_string(*ev.as_of)) : ojson(nullptr);
  const auto counts = ev.status_counts();
  ojson summary = ojson::object();
  for (int k = 0; k < status_count; ++k) summary[std::string(to_string(static_cast<status>(k)))] = counts[static_cast<std::size_t>(k)];
  j["summary"] = summary;
  ojson series = ojson::array();
  for (const auto& s : ev.series) {
    const auto& a = s.outcome;
    ojson r;
    r["indicator"] = s.indicator.str();
    r["entity"] = s.entity.str();
    r["disaggregation"] = s.disaggregation;
    r["method"] = s.method;
    r["status"] = std::string(to_string(a.status));
    r["category"] = a.category;
    r["score"] = opt(a.score);
    r["progress_value"] = opt(a.progress_value);
    r["reason"] = a.reason;
    const indicator& ind = *p.find(s.indicator);
    r["base"] = anchor_json(ind, a.base);
    r["current"] = anchor_json(ind, a.current);
    if (!s.narrative.empty()) r["narrative"] = s.narrative;
    r["trend"] = {{"n_points", s.n_points},
                  {"slope_per_year", opt(s.trend.slope)},
                  {"intercept", opt(s.trend.intercept)},
                  {"r_squared", opt(s.trend.r_squared)},
                  {"slope_std_error", opt(s.trend.slope_std_error)},
                  {"cagr", opt(s.cagr)}};
    r["next_milestone"] = due_json(s.next_milestone);
    r["target"] = due_json(s.target);
    r["expected_value"] = opt(s.expected_value);
    r["projected_value"] = opt(s.projected_value);
    r["gaps"] = {{"to_milestone", opt(s.gap_to_milestone)}, {"to_target", opt(s.gap_to_target)}, {"to_trajectory", opt(s.gap_to_trajectory)}};
    r["plan_total"] = opt(s.plan_total);
    r["quality"] = {{"estimated_points", s.estimated_points}, {"provisional_points", s.provisional_points}};
    if (!a.trace.rule.empty() || !a.trace.inputs.empty()) r["trace"] = trace_json(a.trace);
    series.push_back(std::move(r));
  }
  j["series"] = std::move(series);
  out << j.dump(2) << '\n';
}

void write_table(std::ostream& out, const plan& p, const evaluation& ev) {
  const std::vector<std::string> head = {"indicator", "entity", "status", "category", "current", "target", "expected", "gap", "slope/yr"};
  std::vector<std::vector<std::string>> rows;
  auto short_num = [](const std::optional<double>& v) -> std::string {
    if (!v) return "-";
    std::ostringstream ss;
    ss << std::setprecision(6) << *v;
    return ss.str();
  };
  for (const auto& s : ev.series) {
    const auto& a = s.outcome;
    const indicator& ind = *p.find(s.indicator);
    std::string ent = s.entity.str() + (s.disaggregation.empty() ? "" : " [" + s.disaggregation + "]");
    std::string cur = "-";
    if (ind.measure == measure::qualitative && !s.narrative.empty())
      cur = (s.narrative.size() > 28 ? s.narrative.substr(0, 25) + "..." : s.narrative) + " (" + a.current->at.str() + ")";
    else if (a.current)
      cur = label(ind, a.current->amount) + " (" + a.current->at.str() + ")";
    std::string tgt = s.target ? label(ind, s.target->amount) + " (" + s.target->at.str() + ")" : "-";
    rows.push_back({s.indicator.str(), ent.empty() ? "-" : ent, std::string(to_string(a.status)), a.category, cur, tgt,
                    short_num(s.expected_value), short_num(s.gap_to_target), short_num(s.trend.slope)});
  }
  std::vector<std::size_t> w(head.size());
  for (std::size_t k = 0; k < head.size(); ++k) w[k] = head[k].size();
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) w[k] = std::max(w[k], r[k].size());
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (std::size_t k = 0; k < r.size(); ++k) {
      l += r[k];
      if (k + 1 < r.size()) l += std::string(w[k] - r[k].size() + 2, ' ');
    }
    out << l << '\n';
  };
  out << p.title() << " (" << p.id() << "), as of " << (ev.as_of ? to_string(*ev.as_of) : std::string("latest data")) << "\n\n";
  line(head);
  for (const auto& r : rows) line(r);
  const auto c = ev.status_counts();
  out << '\n' << ev.series.size() << " series:";
  for (int k = 0; k < status_count; ++k)
    if (c[static_cast<std::size_t>(k)]) out << ' ' << to_string(static_cast<status>(k)) << ' ' << c[static_cast<std::size_t>(k)] << ';';
  out << '\n';
}

}  // namespace waypoint::io
