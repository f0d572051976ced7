// SPDX-License-Identifier: Apache-2.0
// `waypoint challenges PLAN -O OBS [--as-of DATE] [--format table|csv|json] [-o FILE]`
// `waypoint graph PLAN [--format dot|csv] [-o FILE]`
// `waypoint evaluate ... --level national|collective|section|plan`

#include "rollup_cmd.hpp"

#include "command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "waypoint/eval/graph.hpp"
#include "waypoint/io/evaluation_io.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/rollup_io.hpp"

namespace waypoint::cli {
namespace {

struct rollup_args {
  std::string plan, observations, as_of, output;
  io::output_format format = io::output_format::table;
  std::string graph_plan, graph_output;
  io::output_format graph_format = io::output_format::dot;
};

}  // namespace

void write_level(std::ostream& out, const plan& p, const evaluation& ev, io::output_level level, io::output_format format) {
  using io::output_format;
  if (level == io::output_level::all)
    throw error(errc::cli_bad_option, location{"--level", 0, 0, {}}, "expected national, collective, section or plan, got 'all'");
  if (format != output_format::table && format != output_format::csv && format != output_format::json)
    throw error(errc::cli_bad_option, location{"--level", 0, 0, {}}, "--level " + std::string(io::level_name(level)) + " writes table, csv or json");
  if (level == io::output_level::section || level == io::output_level::plan) {
    if (format == output_format::csv) io::write_rollup_csv(out, p, ev, level);
    else if (format == output_format::json) io::write_rollup_json(out, p, ev, level);
    else io::write_rollup_table(out, p, ev, level);
    return;
  }
  const evaluation sel = io::select_series(ev, level);
  if (format == output_format::csv) io::write_csv(out, p, sel);
  else if (format == output_format::json) io::write_json(out, p, sel);
  else io::write_table(out, p, sel);
}

void add_rollup_commands(CLI::App& app) {
  auto args = std::make_shared<rollup_args>();
  auto* ch = app.add_subcommand("challenges",
                                "The series off track or regressing (regressing first, then by normalised gap) and the section "
                                "milestones at risk or missed, with the lagging actions that feed them");
  ch->add_option("plan", args->plan, "Plan file (.yaml, .yml, .json, or .csv indicator table; - for standard input)")->required();
  ch->add_option("--observations,-O", args->observations, "Observations CSV")->required();
  ch->add_option("--as-of", args->as_of, "Evaluate as of this date (YYYY-MM-DD); default: all data");
  add_choice(ch, "--format,-f", args->format, "Output format (csv: the challenges only)",
             {io::output_format::table, io::output_format::csv, io::output_format::json}, io::format_name);
  ch->add_option("--output,-o", args->output, "Write to this file instead of standard output (- is standard output)");
  ch->callback([args] {
    run_command([&] { with_output(args->output, [&](std::ostream& out) {
      const plan p = load_plan_arg(args->plan);
      std::optional<date> as_of;
      if (!args->as_of.empty()) {
        as_of = parse_date(args->as_of);
        if (!as_of) throw error(errc::cli_bad_date, location{"--as-of", 0, 0, {}}, "expected YYYY-MM-DD, got '" + args->as_of + "'");
      }
      evaluation_options opt;
      opt.traces = false;
      const evaluation ev = evaluate(p, load_observations_arg(args->observations, p), as_of, opt);
      io::write_challenges(out, p, ev, args->format);
    }, {args->plan, args->observations}); });
  });

  auto* gr = app.add_subcommand("graph", "The plan's results graph: Graphviz DOT, or its links as CSV (from_kind,from,relation,to_kind,to)");
  gr->add_option("plan", args->graph_plan, "Plan file (.yaml, .yml or .json; - for standard input)")->required();
  add_choice(gr, "--format,-f", args->graph_format, "Output format", {io::output_format::dot, io::output_format::csv}, io::format_name);
  gr->add_option("--output,-o", args->graph_output, "Write to this file instead of standard output (- is standard output)");
  gr->callback([args] {
    run_command([&] { with_output(args->graph_output, [&](std::ostream& out) {
      const plan p = load_plan_arg(args->graph_plan);  // a cycle fails here, with graph.cycle
      const results_graph g(p);
      if (args->graph_format == io::output_format::csv) write_links_csv(out, g);
      else write_dot(out, g);
    }, {args->graph_plan}); });
  });
}

}  // namespace waypoint::cli
