// SPDX-License-Identifier: Apache-2.0
// `waypoint deadlines PLAN [-O OBS] [--as-of DATE] [--format table|csv] [-o FILE]`

#include "deadlines_cmd.hpp"

#include "command.hpp"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "waypoint/eval/deadlines.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/output_format.hpp"
#include "waypoint/io/plan_io.hpp"

namespace waypoint::cli {
namespace {

struct deadline_args {
  std::string plan, observations, as_of, output;
  io::output_format format = io::output_format::table;
};

std::string opt_date(const std::optional<date>& d) { return d ? to_string(*d) : ""; }

void write_rows(std::ostream& out, const std::vector<deadline_row>& rows, io::output_format format, const date& as_of) {
  if (format == io::output_format::csv) {
    out << "entity,obligation,state,deadline,original_deadline,extensions,completed,days\n";
    for (const auto& r : rows)
      out << csv_text(r.entity.str()) << ',' << csv_text(r.what) << ',' << to_string(r.state) << ',' << opt_date(r.deadline) << ',' << opt_date(r.original) << ','
          << r.extensions << ',' << opt_date(r.completed) << ',' << (r.days ? std::to_string(*r.days) : std::string()) << '\n';
    return;
  }
  out << "Obligations and deadlines as of " << to_string(as_of) << " (overdue first)\n";
  out << std::left << std::setw(8) << "entity" << std::setw(24) << "obligation" << std::setw(13) << "state" << std::setw(12) << "deadline"
      << std::setw(12) << "original" << std::setw(5) << "ext" << std::setw(12) << "completed" << "days\n";
  for (const auto& r : rows) {
    std::string days;
    if (!r.days) days = "";
    else if (*r.days > 0) days = std::to_string(*r.days) + (r.state == deadline_state::late ? " late" : " overdue");
    else if (*r.days < 0) days = std::to_string(-*r.days) + " left";
    else days = "due today";
    out << std::setw(8) << r.entity.str() << std::setw(24) << r.what << std::setw(13) << to_string(r.state) << std::setw(12) << opt_date(r.deadline)
        << std::setw(12) << opt_date(r.original) << std::setw(5) << r.extensions << std::setw(12) << opt_date(r.completed) << days << '\n';
  }
  std::size_t overdue = 0;
  for (const auto& r : rows) overdue += r.state == deadline_state::overdue ? 1 : 0;
  out << rows.size() << " row(s), " << overdue << " overdue\n";
}

}  // namespace

void add_deadlines_command(CLI::App& app) {
  auto args = std::make_shared<deadline_args>();
  auto* dl = app.add_subcommand("deadlines",
                                "Obligations and deadlines per entity (after extensions decided by the date), overdue first; "
                                "with -O, also the overdue and late reports");
  dl->add_option("plan", args->plan, "Plan file (.yaml, .yml or .json; - for standard input)")->required();
  dl->add_option("--observations,-O", args->observations, "Observations CSV (for the reports under calendar.reporting)");
  dl->add_option("--as-of", args->as_of, "As of this date (YYYY-MM-DD); default: the plan's last day");
  add_choice(dl, "--format,-f", args->format, "Output format", {io::output_format::table, io::output_format::csv}, io::format_name);
  dl->add_option("--output,-o", args->output, "Write to this file instead of standard output (- is standard output)");
  dl->callback([args] {
    run_command([&] {
      const plan p = load_plan_arg(args->plan);
      date as_of = p.period().end();
      if (!args->as_of.empty()) {
        auto d = parse_date(args->as_of);
        if (!d) throw error(errc::cli_bad_date, location{"--as-of", 0, 0, {}}, "expected YYYY-MM-DD, got '" + args->as_of + "'");
        as_of = *d;
      }
      std::optional<observation_store> store;
      if (!args->observations.empty()) store = load_observations_arg(args->observations, p);
      const auto rows = deadlines(p, as_of, store ? &*store : nullptr);
      with_output(args->output, [&](std::ostream& out) { write_rows(out, rows, args->format, as_of); }, {args->plan, args->observations});
    });
  });
}

}  // namespace waypoint::cli
