// SPDX-License-Identifier: Apache-2.0
// `waypoint evaluate PLAN|--indicators TABLE.csv -O OBS [--as-of DATE] [--method M] [--param K=V]...
//  [--compare M1,M2...] [--format table|json|csv|markdown|html] [--lang en|fr|es] [--level LEVEL] [--columns C1,C2...]
//  [--partition K/N] [--threads N] [--no-trace] [-o FILE]`

#include "evaluate_cmd.hpp"

#include "command.hpp"

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "rollup_cmd.hpp"
#include "waypoint/waypoint.hpp"
#include "waypoint/report/report.hpp"

namespace waypoint::cli {
namespace {

// --compare: the same plan and data under several methods, one evaluation per method.
struct method_comparison {
  std::vector<std::string> names;
  std::vector<evaluation> runs;  // aligned with names; every run has the same series in the same order
};

/// The parameters of `params` that method `name` has ("" = none); marks them in `used`.
std::map<std::string, std::string> params_for(const std::string& name, const std::map<std::string, std::string>& params,
                                              std::map<std::string, bool>& used) {
  std::map<std::string, std::string> out;
  if (name.empty()) return out;
  const auto info = std::find_if(methods().begin(), methods().end(), [&](const method_info& m) { return m.name == name; });
  if (info == methods().end()) (void)make_method(name, {}, indicator{});  // throws method.unknown with the known names
  for (const auto& [k, v] : params)
    if (std::any_of(info->params.begin(), info->params.end(), [&](const param_info& pi) { return pi.name == k; })) {
      out[k] = v;
      used[k] = true;
    }
  return out;
}

/// Evaluates under each method of the comma-separated `list`, and under `opt` itself (each
/// indicator's own method, or --method) as the base. Each `--param` goes to the methods that
/// have it; a parameter none of them has is an error.
method_comparison compare_methods(const std::string& list, const plan& p, const observation_store& store, const std::optional<date>& as_of,
                           evaluation_options& opt) {
  method_comparison c;
  std::stringstream ss(list);
  for (std::string name; std::getline(ss, name, ',');)
    if (!name.empty()) c.names.push_back(name);
  std::map<std::string, bool> used;
  for (const auto& kv : opt.params) used[kv.first] = false;
  for (const auto& name : c.names) {
    evaluation_options o = opt;
    o.method = name;
    o.traces = false;
    o.params = params_for(name, opt.params, used);
    c.runs.push_back(evaluate(p, store, as_of, o));
  }
  opt.params = params_for(opt.method, opt.params, used);
  for (const auto& [k, u] : used)
    if (!u) throw error(errc::cli_bad_param, location{"--param", 0, 0, {}}, "no compared method has a parameter '" + k + "'");
  return c;
}

std::string series_label(const series_result& s) {
  return s.entity.str() + (s.disaggregation.empty() ? "" : " [" + s.disaggregation + "]");
}

/// One row per series: indicator, entity, then status/category under each method; then each
/// method's status counts.
void write_compare_table(std::ostream& out, const plan& p, const evaluation& base, const method_comparison& c) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"indicator", "entity"};
  head.insert(head.end(), c.names.begin(), c.names.end());
  rows.push_back(head);
  for (std::size_t i = 0; i < base.series.size(); ++i) {
    std::vector<std::string> r = {base.series[i].indicator.str(), series_label(base.series[i])};
    for (const auto& run : c.runs) r.push_back(std::string(to_string(run.series[i].outcome.status)) + "/" + run.series[i].outcome.category);
    rows.push_back(std::move(r));
  }
  std::vector<std::size_t> w(head.size(), 0);
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) w[k] = std::max(w[k], r[k].size());
  out << p.title() << " (" << p.id() << "), as of " << (base.as_of ? to_string(*base.as_of) : std::string("latest data"))
      << "; one column per method\n\n";
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t k = 0; k < r.size(); ++k) line += r[k] + (k + 1 < r.size() ? std::string(w[k] - r[k].size() + 2, ' ') : "");
    out << line << '\n';
  }
  out << '\n';
  for (std::size_t m = 0; m < c.names.size(); ++m) {
    const auto counts = c.runs[m].status_counts();
    out << c.names[m] << ':';
    for (int k = 0; k < status_count; ++k)
      if (counts[static_cast<std::size_t>(k)]) out << ' ' << to_string(static_cast<status>(k)) << ' ' << counts[static_cast<std::size_t>(k)] << ';';
    out << '\n';
  }
}

/// The usual CSV (each indicator's own method, or --method), with the `compared_fields` of each
/// compared method added: NAME.status, NAME.category, NAME.score, NAME.progress_value.
/// The fields each compared method adds to the CSV, as NAME.FIELD columns.
constexpr std::array<field, 4> compared_fields = {field::status, field::category, field::score, field::progress_value};

void write_compare_csv(std::ostream& out, const plan& p, const evaluation& base, const method_comparison& c) {
  std::ostringstream plain;
  io::write_csv(plain, p, base);
  const std::string text = plain.str();
  std::vector<std::string> records;  // split at newlines outside quotes
  bool quoted = false;
  std::string cur;
  for (char ch : text) {
    if (ch == '"') quoted = !quoted;
    if (ch == '\n' && !quoted) {
      records.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (records.size() != base.series.size() + 1) throw error(errc::cli_internal, {}, "--compare: the CSV rows do not match the series");
  out << records[0];
  for (const auto& n : c.names)
    for (const field f : compared_fields) out << ',' << n << '.' << info(f).name;
  out << '\n';
  std::string cells;
  for (std::size_t i = 0; i < base.series.size(); ++i) {
    cells = records[i + 1] + ',';
    for (const auto& run : c.runs)
      for (const field f : compared_fields) io::append_csv_cell(cells, info(f), row_view::of(run.series[i]));
    cells.back() = '\n';
    out << cells;
  }
}

std::string_view language_name(language l) noexcept { return to_string(l); }

struct evaluate_args {
  std::string plan_path, table_path, obs_path, as_of_text, method, compare, output, partition;
  std::vector<std::string> params, columns;
  io::output_format format = io::output_format::table;
  io::output_level level = io::output_level::all;
  language lang = language::en;
  bool no_trace = false;
  unsigned threads = 0;
};

/// Writes `result` (no --level, no --compare) as `format`: the table, Markdown and HTML in `lang`
/// (CSV and JSON keep their codes); the reports show the sources of the observations `result` was
/// made from, `store`.
void write_evaluation(std::ostream& out, const plan& p, const evaluation& result, const observation_store& store, io::output_format format,
                      language lang) {
  report::report_options ro;
  ro.observations = &store;
  ro.lang = lang;
  switch (format) {
    case io::output_format::csv: io::write_csv(out, p, result); break;
    case io::output_format::json: io::write_json(out, p, result); break;
    case io::output_format::markdown: report::write_markdown(out, p, result, ro); break;
    case io::output_format::html: report::write_html(out, p, result, ro); break;
    case io::output_format::table:
    case io::output_format::dot:  // not offered by evaluate
      io::write_table(out, p, result, lang);
      break;
  }
}

void run_evaluate(const evaluate_args& a) {
  using io::output_format;
  if (a.plan_path.empty() == a.table_path.empty()) {
    std::cerr << "error: give either a plan file or --indicators TABLE.csv\n";
    throw CLI::RuntimeError(2);
  }
  if (!a.method.empty()) {  // before any file is read, and blamed on the command line
    try {
      (void)make_method(a.method, {}, indicator{});
    } catch (const error& e) {
      std::vector<problem> ps = e.problems();
      for (auto& q : ps) q.where = location{"--method", 0, 0, {}};
      throw error(std::move(ps));
    }
  }
  const std::string& plan_file = a.table_path.empty() ? a.plan_path : a.table_path;
  const plan p = stage("loading the plan", plan_file, [&] {
    return a.table_path.empty() ? load_plan_arg(a.plan_path) : load_plan_arg(a.table_path, io::plan_format::indicator_table);
  });
  std::optional<date> as_of;
  if (!a.as_of_text.empty()) {
    as_of = parse_date(a.as_of_text);
    if (!as_of) throw error(errc::cli_bad_date, location{"--as-of", 0, 0, {}}, "expected YYYY-MM-DD, got '" + a.as_of_text + "'");
  }
  evaluation_options opt;
  opt.method = a.method;
  opt.traces = (a.format == output_format::json || a.format == output_format::html) && !a.no_trace;  // the HTML charts plot the traced points
  opt.threads = a.threads;
  if (!a.partition.empty()) {
    unsigned k = 0, n = 0;
    const auto slash = a.partition.find('/');
    const bool ok = slash != std::string::npos && waypoint::detail::parse_uint(a.partition.substr(0, slash), k) &&
                    waypoint::detail::parse_uint(a.partition.substr(slash + 1), n) && n > 0 && k < n;
    if (!ok) throw error(errc::cli_bad_partition, location{"--partition", 0, 0, {}}, "expected K/N with 0 <= K < N, got '" + a.partition + "'");
    opt.partition = evaluation_options::partition_spec{k, n};
  }
  for (const auto& kv : a.params) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw error(errc::cli_bad_param, location{"--param", 0, 0, {}}, "expected key=value, got '" + kv + "'");
    opt.params[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  const bool csv = a.format == output_format::csv;
  if (!a.compare.empty() && !csv && a.format != output_format::table)
    throw error(errc::cli_bad_option, location{"--compare", 0, 0, {}}, "--compare writes table or csv");
  if (!a.columns.empty() && (!csv || !a.compare.empty() || a.level != io::output_level::all))
    throw error(errc::cli_bad_option, location{"--columns", 0, 0, {}}, "--columns applies to --format csv (without --compare or --level)");
  const observation_store store = stage("loading the observations", a.obs_path, [&] { return load_observations_arg(a.obs_path, p); });
  for (const auto& w : store.warnings()) std::cerr << "warning: " << w.str() << '\n';
  std::optional<method_comparison> compared;
  if (!a.compare.empty()) compared = stage("comparing the methods", "", [&] { return compare_methods(a.compare, p, store, as_of, opt); });
  const std::string writing = "evaluating and writing the " + std::string(io::format_name(a.format)) + " output";
  with_output(a.output, [&](std::ostream& out) { stage(writing, a.output, [&] {
    if (a.level != io::output_level::all) {  // --level (rollup_cmd.cpp)
      if (compared) throw error(errc::cli_bad_option, location{"--level", 0, 0, {}}, "--level does not combine with --compare");
      write_level(out, p, evaluate(p, store, as_of, opt), a.level, a.format);
      return;
    }
    if (!compared && csv) {
      // Large batches: evaluate and write block by block, in parallel, with bounded memory.
      io::evaluate_to_csv(out, p, store, as_of, opt, a.columns);
      return;
    }
    const evaluation result = evaluate(p, store, as_of, opt);
    if (compared && csv) write_compare_csv(out, p, result, *compared);
    else if (compared) write_compare_table(out, p, result, *compared);
    else write_evaluation(out, p, result, store, a.format, a.lang);
  }); }, {a.plan_path, a.table_path, a.obs_path});
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto args = std::make_shared<evaluate_args>();
  auto* ev = app.add_subcommand("evaluate", "Evaluate a plan against its observations: status, trend and gap per series");
  ev->add_option("plan", args->plan_path, "Plan file (.yaml, .yml or .json; - for standard input)");
  ev->add_option("--indicators", args->table_path, "Indicator table (.csv) instead of a plan file");
  ev->add_option("--observations,-O", args->obs_path, "Observations CSV (- for standard input)")->required();
  ev->add_option("--as-of", args->as_of_text, "Evaluate as of this date (YYYY-MM-DD); default: all data");
  ev->add_option("--method", args->method, "Evaluate every indicator with this method");
  ev->add_option("--param", args->params, "Method parameter key=value (repeatable)");
  ev->add_option("--compare", args->compare,
                 "Also evaluate with each of these methods (comma-separated, e.g. eurostat,unsd-2023,sdg-canada): one column "
                 "per method (table) or NAME.status/category/score/progress_value columns (csv); each --param goes to the methods that have it");
  add_choice(ev, "--format,-f", args->format, "Output format",
             {io::output_format::table, io::output_format::json, io::output_format::csv, io::output_format::markdown, io::output_format::html},
             io::format_name);
  add_choice(ev, "--lang", args->lang,
             "Language of the table, Markdown and HTML: their labels, numbers and dates, and the plan's texts where it translates them "
             "(en, fr, es; default en). CSV and JSON keep their codes",
             {languages.begin(), languages.end()}, language_name);
  ev->add_option("--output,-o", args->output, "Write to this file instead of standard output (- is standard output)");
  add_choice(ev, "--level", args->level,
             "Write one level: national (series of entities), collective (series of `*`), section or plan (roll-ups; table, "
             "csv or json); default all",
             {io::output_level::all, io::output_level::national, io::output_level::collective, io::output_level::section, io::output_level::plan},
             io::level_name);
  ev->add_flag("--no-trace", args->no_trace, "Leave traces out of the JSON output (HTML: the charts then show only the base and current points)");
  ev->add_option("--threads", args->threads, "Threads to evaluate with (default: one per core); results do not depend on it")
      ->check(CLI::Range(0u, max_threads));
  ev->add_option_function<std::string>(
      "--columns",
      [args](const std::string& list) {
        // Split here, not by CLI11, which drops empty names: "a,,b" is an error, not "a,b".
        args->columns.clear();
        std::size_t from = 0;
        for (std::size_t comma; (comma = list.find(',', from)) != std::string::npos; from = comma + 1)
          args->columns.push_back(list.substr(from, comma - from));
        args->columns.push_back(list.substr(from));
      },
      "CSV only: write these columns, in this order (comma-separated names from the CSV header, e.g. "
      "indicator,entity,category,score); default all");
  ev->add_option("--partition", args->partition,
                 "Evaluate only partition K of N (K/N, 0 <= K < N): a stable hash of (indicator, entity). "
                 "Partitions merged in sorted order give exactly the single-run output");
  ev->callback([args] { run_command([&] { run_evaluate(*args); }); });
}

}  // namespace waypoint::cli
