// SPDX-License-Identifier: Apache-2.0
// `waypoint import iati ACTIVITIES.xml -o PLAN.yaml --observations OBS.csv [--activity ID]`
// `waypoint export iati PLAN.yaml --observations OBS.csv -o ACTIVITIES.xml`

#include "iati_cmd.hpp"

#include "command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "waypoint/io/iati.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/plan_writer.hpp"

namespace waypoint::cli {
namespace {

struct iati_args {
  std::string input, plan_out, obs_out, activity;  // import
  bool strict = false;
  std::string plan_in, obs_in, output;             // export
};


}  // namespace

void add_iati_commands(CLI::App& app) {
  auto args = std::make_shared<iati_args>();
  auto* imp = app.add_subcommand("import", "Read another format into a plan and observations");
  imp->require_subcommand(1);
  auto* ii = imp->add_subcommand("iati", "IATI 2.03 activity results -> plan YAML and observation CSV (docs/formats.md)");
  ii->add_option("activities", args->input, "IATI activity file (XML)")->required();
  ii->add_option("--output,-o", args->plan_out, "Plan file to write (YAML)")->required();
  ii->add_option("--observations,-O", args->obs_out, "Observations CSV to write (the period actuals)")->required();
  ii->add_option("--activity", args->activity, "iati-identifier of the activity to read when the file holds several");
  ii->add_flag("--strict", args->strict, "Any finding (warning or error) stops the import: exit 1, nothing written");
  ii->callback([args] {
    std::size_t skipped = 0;
    run_command([&] {
      io::iati_options opt;
      opt.activity = args->activity;
      opt.strict = args->strict;
      const auto a = io::load_iati(args->input, opt);
      // Each file is written straight to its atomic output, whose every write is checked: a
      // string built first could be cut short silently when memory ran out.
      with_output(args->plan_out, [&](std::ostream& out) { stage("writing the plan", args->plan_out, [&] { io::write_plan_yaml(out, a.plan); }); },
                  {args->input});
      with_output(args->obs_out, [&](std::ostream& out) {
        stage("writing the observations", args->obs_out, [&] { io::write_observations_csv(out, a.plan, a.observations); });
      }, {args->input});
      for (const auto& p : a.findings) std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
      std::cerr << args->input << ": " << a.plan.actions().size() << " results, " << a.plan.indicators().size() << " indicators, "
                << a.observations.row_count() << " actuals\n";
      skipped = a.skipped();
      if (skipped > 0) {
        std::string where;
        for (const auto& p : a.findings)
          if (!p.warning) where += (where.empty() ? "" : ", ") + p.where.str();
        std::cerr << skipped << " element(s) skipped, the rest imported: " << where << '\n';
        throw CLI::RuntimeError(1);  // the output is written; exit 1 says that something was left out
      }
    });
  });

  auto* exp = app.add_subcommand("export", "Write a plan and observations in another format");
  exp->require_subcommand(1);
  auto* ei = exp->add_subcommand("iati", "Plan and observations -> IATI 2.03 activity results (docs/formats.md)");
  ei->add_option("plan", args->plan_in, "Plan file (.yaml, .yml or .json; - for standard input)")->required();
  ei->add_option("--observations,-O", args->obs_in, "Observations CSV (written as period actuals)");
  ei->add_option("--output,-o", args->output, "IATI file to write (default: standard output)");
  ei->callback([args] {
    run_command([&] {
      const plan p = stage("loading the plan", args->plan_in, [&] { return load_plan_arg(args->plan_in); });
      const observation_store obs = stage("loading the observations", args->obs_in, [&] {
        return args->obs_in.empty() ? observation_builder(p).finish() : load_observations_arg(args->obs_in, p);
      });
      with_output(args->output, [&](std::ostream& out) { stage("writing the IATI file", args->output, [&] { io::write_iati(out, p, obs); }); },
                  {args->plan_in, args->obs_in});
    });
  });
}

}  // namespace waypoint::cli
