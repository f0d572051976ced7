// SPDX-License-Identifier: Apache-2.0
// Evaluation writers: CSV, JSON and a terminal table.

#include "waypoint/io/evaluation_io.hpp"

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <type_traits>
#include <utility>

#include "rollup_json.hpp"
#include "waypoint/io/rollup_io.hpp"
#include "waypoint/version.hpp"

namespace waypoint::io {
namespace {

using ojson = nlohmann::ordered_json;

ojson opt(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

std::string label(const indicator& ind, double v) { return value_label(ind, v); }

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

/// The plan's structure: its sections, each with its indicators (plan order); indicators without a
/// section (indicator tables) under `"indicators"`.
ojson plan_json(const plan& p) {
  auto ind_json = [](const indicator& ind) {
    return ojson{{"id", ind.id.str()},
                 {"title", ind.title},
                 {"action", ind.action.str().empty() ? ojson(nullptr) : ojson(ind.action.str())},
                 {"measure", std::string(to_string(ind.measure))},
                 {"unit", ind.unit},
                 {"direction", std::string(to_string(ind.direction))},
                 {"accumulation", std::string(to_string(ind.accumulation))},
                 {"scope", std::string(to_string(ind.scope))},
                 {"method", ind.method.name.empty() ? ojson(nullptr) : ojson(ind.method.name)}};
  };
  ojson j = {{"id", p.id().str()}, {"title", p.title()}, {"period", p.period().str()}};
  ojson sections = ojson::array(), loose = ojson::array();
  std::vector<bool> placed(p.indicators().size(), false);
  for (const auto& sec : p.sections()) {
    ojson inds = ojson::array();
    for (const auto& aid : sec.actions)
      if (const action* a = p.find(aid))
        for (const auto& iid : a->indicators)
          if (const auto k = p.indicator_index(iid)) {
            inds.push_back(ind_json(p.indicators()[*k]));
            placed[*k] = true;
          }
    sections.push_back({{"id", sec.id.str()}, {"title", sec.title}, {"indicators", std::move(inds)}});
  }
  for (std::size_t k = 0; k < p.indicators().size(); ++k)
    if (!placed[k]) loose.push_back(ind_json(p.indicators()[k]));
  j["sections"] = std::move(sections);
  j["indicators"] = std::move(loose);
  return j;
}

ojson indicator_result_json(const indicator_result& r) {
  ojson j = {{"indicator", r.indicator.str()}, {"entity", r.entity.str()}, {"method", r.method},
             {"n_series", r.n_series}, {"n_scored", r.n_scored}, {"status", std::string(to_string(r.status))},
             {"category", r.category}, {"score", opt(r.score)}, {"reason", r.reason}};
  if (!r.trace.rule.empty() || !r.trace.inputs.empty()) j["trace"] = trace_json(r.trace);
  return j;
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
      "plan_total", "estimated_points", "provisional_points",
      // Figures of one method (empty for the others): escap's CS, ols-projection's interval.
      "current_status", "interval_low", "interval_high"};
  return cols;
}

namespace {

void put_text(std::string& line, std::string_view v) {
  // One pass of comparisons: find_first_of would search the set once per character.
  const bool plain = std::none_of(v.begin(), v.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  if (plain) {
    line += v;
  } else {
    line += '"';
    for (char c : v) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += ',';
}
void put_number(std::string& line, const std::optional<double>& v) {
  if (v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v);
    line.append(buf, static_cast<std::size_t>(r.ptr - buf));  // (pointer, length): append(first, last) goes through replace
  }
  line += ',';
}
void put_count(std::string& line, std::size_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  line.append(buf, static_cast<std::size_t>(r.ptr - buf));
  line += ',';
}

/// Appends a period as it is written (`2015`, `2015-Q2`, ...) and a comma; years without a temporary string.
void put_period(std::string& line, const std::optional<period>& at) {
  if (at && at->kind() == period_kind::year) {
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, at->start_year());
    line.append(buf, static_cast<std::size_t>(r.ptr - buf));
    line += ',';
  } else {
    put_text(line, at ? at->str() : std::string());
  }
}
template <class T>
std::optional<period> period_of(const std::optional<T>& x) {
  return x ? std::optional<period>(x->at) : std::nullopt;
}
template <class T>
std::optional<double> amount_of(const std::optional<T>& x) {
  return x ? std::optional<double>(x->amount) : std::nullopt;
}

/// Appends the field of column `col` (an index into `csv_columns()`) and a comma when it is one of
/// the columns a row's values hold (`values_cover`): the same for a `series_result` and for the
/// `series_values` of a batch run, whose members have the same names. Returns false for the others.
template <class Row>
bool put_value_column(std::string& line, const Row& s, std::size_t col) {
  const auto& a = s.outcome;
  switch (col) {
    case 4: put_text(line, to_string(a.status)); return true;
    case 5: put_text(line, a.category); return true;
    case 6: put_number(line, a.score); return true;
    case 7: put_number(line, a.progress_value); return true;
    case 8: put_period(line, period_of(a.base)); return true;
    case 9: put_number(line, amount_of(a.base)); return true;
    case 10: put_period(line, period_of(a.current)); return true;
    case 11: put_number(line, amount_of(a.current)); return true;
    case 12: put_count(line, s.n_points); return true;
    case 13: put_number(line, s.trend.slope); return true;
    case 14: put_number(line, s.cagr); return true;
    case 22: put_number(line, s.trend.intercept); return true;
    case 23: put_number(line, s.trend.r_squared); return true;
    case 24: put_number(line, s.trend.slope_std_error); return true;
    default: return false;
  }
}

/// The figures of one method: in the assessment of a full result, in a batch row itself.
const assessment& method_figures(const series_result& s) { return s.outcome; }
const series_row& method_figures(const series_row& s) { return s; }

/// Appends the field of column `col` for the columns a `series_result` and a `series_row` both
/// hold under the same names (all but the ids and the reason). Returns false for the others.
template <class Row>
bool put_figure_column(std::string& line, const Row& s, std::size_t col) {
  if (put_value_column(line, s, col)) return true;
  switch (col) {
    case 15: put_period(line, period_of(s.target)); return true;
    case 16: put_number(line, amount_of(s.target)); return true;
    case 17: put_number(line, s.expected_value); return true;
    case 18: put_number(line, s.projected_value); return true;
    case 19: put_number(line, s.gap_to_target); return true;
    case 20: put_number(line, s.gap_to_trajectory); return true;
    case 25: put_period(line, period_of(s.next_milestone)); return true;
    case 26: put_number(line, amount_of(s.next_milestone)); return true;
    case 27: put_number(line, s.gap_to_milestone); return true;
    case 28: put_number(line, s.plan_total); return true;
    case 29: put_count(line, s.estimated_points); return true;
    case 30: put_count(line, s.provisional_points); return true;
    case 31: put_number(line, method_figures(s).current_status); return true;
    case 32: put_number(line, method_figures(s).interval_low); return true;
    case 33: put_number(line, method_figures(s).interval_high); return true;
    default: return false;
  }
}

/// Appends the field of column `col` (an index into `csv_columns()`) and a comma.
void put_field(std::string& line, const series_result& s, std::size_t col) {
  if (put_figure_column(line, s, col)) return;
  switch (col) {
    case 0: return put_text(line, s.indicator.str());
    case 1: return put_text(line, s.entity.str());
    case 2: return put_text(line, s.disaggregation);
    case 3: return put_text(line, s.method);
    case 21: return put_text(line, s.outcome.reason);
    default: return;
  }
}

/// Appends one CSV row (with its newline) for `s`: the fields of `cols`, in that order.
void append_csv_row(std::string& line, const series_result& s, const std::vector<std::size_t>& cols) {
  for (const std::size_t c : cols) put_field(line, s, c);
  line.back() = '\n';
}

/// The columns that `series_values` holds (indices into `csv_columns()`); the others need a
/// `series_row`.
bool values_cover(const std::vector<std::size_t>& cols) {
  return std::all_of(cols.begin(), cols.end(), [](std::size_t c) { return c <= 14 || (c >= 22 && c <= 24); });
}

/// `put_field` from a batch row (`series_values` for the columns `values_cover` accepts, else a
/// `series_row`): the same text.
template <class Row>
void put_row_field(std::string& line, const plan& p, const observation_store& store, const Row& v, std::size_t col) {
  if constexpr (std::is_same_v<Row, series_row>) {
    if (put_figure_column(line, v, col)) return;
    if (col == 21) return put_text(line, v.reason);
  } else {
    if (put_value_column(line, v, col)) return;
  }
  const bool no_data = v.series == series_values::no_series;  // the row of `detail::no_data_row`
  switch (col) {
    case 0: return put_text(line, p.indicators()[v.indicator].id.str());
    case 1:
      if (!no_data) return put_text(line, *store.series(v.series).entity);
      return put_text(line, p.indicators()[v.indicator].scope == scope::collective ? std::string_view("*") : std::string_view());
    case 2: return put_text(line, no_data ? std::string_view() : std::string_view(*store.series(v.series).disaggregation));
    case 3: return put_text(line, v.method);
    default: return;
  }
}

/// The positions in `csv_columns()` of `names` (every column when empty). Throws
/// `waypoint::error` (`csv.unknown_column`, `csv.duplicate_column`) naming the column.
std::vector<std::size_t> select_columns(const std::vector<std::string>& names) {
  const auto& all = csv_columns();
  std::vector<std::size_t> cols;
  if (names.empty()) {
    for (std::size_t k = 0; k < all.size(); ++k) cols.push_back(k);
    return cols;
  }
  for (const auto& n : names) {
    const auto it = std::find(all.begin(), all.end(), n);
    if (it == all.end()) {
      std::string known;
      for (const auto& c : all) known += (known.empty() ? "" : ", ") + c;
      throw error("csv.unknown_column", location{"--columns", 0, 0, {}}, "unknown column '" + n + "' (the columns are " + known + ")");
    }
    const auto k = static_cast<std::size_t>(it - all.begin());
    if (std::find(cols.begin(), cols.end(), k) != cols.end())
      throw error("csv.duplicate_column", location{"--columns", 0, 0, {}}, "column '" + n + "' is asked for twice");
    cols.push_back(k);
  }
  return cols;
}

void write_csv_header(std::ostream& out, const std::vector<std::size_t>& cols) {
  const auto& names = csv_columns();
  for (std::size_t k = 0; k < cols.size(); ++k) out << (k ? "," : "") << names[cols[k]];
  out << '\n';
}

}  // namespace

void write_csv(std::ostream& out, const plan& /*p*/, const evaluation& ev, const std::vector<std::string>& columns) {
  const auto cols = select_columns(columns);
  write_csv_header(out, cols);
  std::string buf;
  for (const auto& s : ev.series) {
    append_csv_row(buf, s, cols);
    if (buf.size() > (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

void evaluate_to_csv(std::ostream& out, const plan& p, const observation_store& store, const std::optional<date>& as_of,
                     const evaluation_options& opt, const std::vector<std::string>& columns) {
  const auto cols = select_columns(columns);
  write_csv_header(out, cols);
  // Each run formats into its own buffer on its worker thread, and the runs are written in output
  // order by whichever worker finds the next one ready (one writer at a time, outside the lock), so
  // writing overlaps the evaluation of the other runs instead of stopping both cores between blocks.
  // Buffers are reused (`spare`): fresh memory costs page faults.
  std::map<std::size_t, std::pair<std::size_t, std::string>> ready;  // first row -> (rows, text), not yet written
  std::vector<std::string> spare;
  std::size_t written = 0;  // the rows written so far
  bool writing = false;     // a worker is writing: the others only queue their text
  std::mutex m;
  const auto format_part = [&](std::size_t first, auto rows, const auto& append_row) {
    std::string text;
    {
      const std::lock_guard<std::mutex> lock(m);
      if (!spare.empty()) {
        text = std::move(spare.back());
        spare.pop_back();
      }
    }
    text.clear();
    text.reserve(rows.size() * 12 * cols.size());
    for (const auto& r : rows) append_row(text, r);
    std::unique_lock<std::mutex> lock(m);
    ready.emplace(first, std::pair(rows.size(), std::move(text)));
    if (writing) return;  // the writer takes it when its turn comes
    writing = true;
    while (!ready.empty() && ready.begin()->first == written) {
      auto run = ready.extract(ready.begin());
      lock.unlock();
      auto& [n, buf] = run.mapped();
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      lock.lock();
      written += n;
      spare.push_back(std::move(buf));
    }
    writing = false;
  };
  const auto write_block = [] {};  // every run of a block is written by the time the block ends
  // The batch path (no narrative, trace or collective detail; reasons only where asked for): the
  // same text as `write_csv(evaluate(...))`.
  const auto run = [&]<class Row>(std::type_identity<Row>) {
    evaluate_values_in_blocks<Row>(
        p, store, as_of, opt,
        [&](std::size_t first, std::span<Row> rows) {
          format_part(first, rows, [&](std::string& line, const Row& v) {
            for (const std::size_t c : cols) put_row_field(line, p, store, v, c);
            line.back() = '\n';
          });
        },
        write_block);
  };
  if (values_cover(cols))
    run(std::type_identity<series_values>{});
  else
    run(std::type_identity<series_row>{});
}

void write_json(std::ostream& out, const plan& p, const evaluation& ev) {
  ojson j;
  j["format"] = "waypoint-evaluation";
  j["version"] = 2;
  j["generator"] = std::string("waypoint ") + version_string;
  j["plan"] = plan_json(p);
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
    if (s.collective) {
      const auto& c = *s.collective;
      auto ids = [](const std::vector<entity_id>& v) {
        ojson a = ojson::array();
        for (const auto& e : v) a.push_back(e.str());
        return a;
      };
      ojson periods = ojson::array();
      for (const auto& cp : c.periods) {
        ojson period = {{"period", cp.at.str()}, {"on", to_string(cp.on)}, {"members", cp.members}, {"value", opt(cp.value)}};
        for (const collective_group g : groups_of(c.rule)) period[std::string(to_string(g))] = ids(cp.group(g));  // the rule's groups
        period["why"] = cp.why;
        periods.push_back(std::move(period));
      }
      r["collective"] = {{"population", c.population.str()}, {"rule", std::string(to_string(c.rule))},
                         {"not_reported_policy", std::string(to_string(c.policy))}, {"reference", to_string(c.reference)},
                         {"members", c.members_now}, {"periods", std::move(periods)}};
    }
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
  ojson indicators = ojson::array();
  for (const auto& r : ev.indicators) indicators.push_back(indicator_result_json(r));
  j["indicators"] = std::move(indicators);
  detail::append_rollup_json(j, p, ev);  // rollup, milestones, challenges (rollup_io.cpp)
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
  if (ev.rolled_up) {  // the section and plan roll-ups and the section milestones (rollup_io.cpp)
    out << '\n';
    write_rollup_table(out, p, ev);
  }
}

}  // namespace waypoint::io
