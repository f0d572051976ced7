// SPDX-License-Identifier: Apache-2.0
// The `waypoint` command: evaluate and validate plans.

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "waypoint/waypoint.hpp"

namespace {

using namespace waypoint;

int report(const error& e) {
  for (const auto& p : e.problems()) std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"waypoint: results-based monitoring of action plans"};
  app.set_version_flag("--version", std::string("waypoint ") + version_string);
  app.require_subcommand(1);

  std::string plan_path, table_path, obs_path, as_of_text, method, format = "table", output;
  std::vector<std::string> params;
  bool no_trace = false;

  auto* ev = app.add_subcommand("evaluate", "Evaluate a plan against its observations: status, trend and gap per series");
  ev->add_option("plan", plan_path, "Plan file (.yaml, .yml or .json)");
  ev->add_option("--indicators", table_path, "Indicator table (.csv) instead of a plan file");
  ev->add_option("--observations,-O", obs_path, "Observations CSV")->required();
  ev->add_option("--as-of", as_of_text, "Evaluate as of this date (YYYY-MM-DD); default: all data");
  ev->add_option("--method", method, "Evaluate every indicator with this method");
  ev->add_option("--param", params, "Method parameter key=value (repeatable)");
  ev->add_option("--format,-f", format, "Output format")->check(CLI::IsMember({"table", "json", "csv"}));
  ev->add_option("--output,-o", output, "Write to this file instead of standard output");
  ev->add_flag("--no-trace", no_trace, "Leave traces out of the JSON output");

  std::string vplan, vobs;
  auto* va = app.add_subcommand("validate", "Check a plan (and observations) and list every problem");
  va->add_option("plan", vplan, "Plan file (.yaml, .yml, .json, or .csv indicator table)")->required();
  va->add_option("--observations,-O", vobs, "Observations CSV to check against the plan");

  auto* me = app.add_subcommand("methods", "List the assessment methods with their parameters and defaults");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*me) {
      for (const auto& m : methods()) {
        std::cout << m.name << (m.name == default_method_name() ? " (default)" : "") << "\n  " << m.summary << '\n';
        for (const auto& p : m.params) std::cout << "  --param " << p.name << "=<" << p.type << ">  default " << p.default_value << ": " << p.help << '\n';
      }
      return 0;
    }
    if (*va) {
      auto problems = io::validate_plan(vplan);
      bool failed = false;
      for (const auto& p : problems) {
        std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
        failed = failed || !p.warning;
      }
      if (failed) {
        std::cerr << vplan << ": " << problems.size() << " problem(s)\n";
        return 1;
      }
      const plan p = io::load_plan(vplan);
      std::size_t rows = 0;
      if (!vobs.empty()) rows = io::load_observations(vobs, p).row_count();
      std::cout << vplan << ": ok (" << p.sections().size() << " sections, " << p.actions().size() << " actions, "
                << p.indicators().size() << " indicators)";
      if (!vobs.empty()) std::cout << "; " << vobs << ": ok (" << rows << " observations)";
      std::cout << '\n';
      return 0;
    }
    if (plan_path.empty() == table_path.empty()) {
      std::cerr << "error: give either a plan file or --indicators TABLE.csv\n";
      return 2;
    }
    const plan p = table_path.empty() ? io::load_plan(plan_path) : io::load_plan(table_path, io::plan_format::indicator_table);
    std::optional<date> as_of;
    if (!as_of_text.empty()) {
      as_of = parse_date(as_of_text);
      if (!as_of) throw error("cli.bad_date", location{"--as-of", 0, 0, {}}, "expected YYYY-MM-DD, got '" + as_of_text + "'");
    }
    evaluation_options opt;
    opt.method = method;
    opt.traces = format == "json" && !no_trace;
    for (const auto& kv : params) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw error("cli.bad_param", location{"--param", 0, 0, {}}, "expected key=value, got '" + kv + "'");
      opt.params[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    const observation_store store = io::load_observations(obs_path, p);
    const evaluation result = evaluate(p, store, as_of, opt);
    std::ofstream file;
    if (!output.empty()) {
      file.open(output, std::ios::binary);
      if (!file) throw error("cli.io", location{output, 0, 0, {}}, "cannot write file");
    }
    std::ostream& out = output.empty() ? std::cout : file;
    if (format == "csv") io::write_csv(out, p, result);
    else if (format == "json") io::write_json(out, p, result);
    else io::write_table(out, p, result);
    out.flush();
    if (!out) throw error("cli.io", location{output.empty() ? "<stdout>" : output, 0, 0, {}}, "write failed");
    return 0;
  } catch (const error& e) {
    return report(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
