// SPDX-License-Identifier: Apache-2.0
// `waypoint validate PLAN [--observations OBS]`

#include "validate_cmd.hpp"

#include "command.hpp"

#include <iostream>
#include <memory>
#include <string>

#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"

namespace waypoint::cli {
namespace {

struct validate_args {
  std::string plan, observations;
};

}  // namespace

void add_validate_command(CLI::App& app) {
  auto args = std::make_shared<validate_args>();
  auto* va = app.add_subcommand("validate", "Check a plan (and observations) and list every problem");
  va->add_option("plan", args->plan, "Plan file (.yaml, .yml, .json, or .csv indicator table; - for standard input)")->required();
  va->add_option("--observations,-O", args->observations, "Observations CSV to check against the plan");
  va->callback([args] {
    run_command([&] {
      const std::string& vplan = args->plan;
      const std::string& vobs = args->observations;
      const std::string text = vplan == "-" ? read_standard_input("PLAN") : std::string();  // "-": standard input
      std::optional<plan> built;
      auto problems = vplan == "-" ? io::validate_plan_text(text, plan_format_of_text(text), "<stdin>", &built) : io::validate_plan(vplan, &built);
      bool failed = false;
      for (const auto& p : problems) {
        std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
        failed = failed || !p.warning;
      }
      if (failed) {
        std::cerr << vplan << ": " << problems.size() << " problem(s)\n";
        throw CLI::RuntimeError(1);
      }
      const plan& p = *built;  // no error: built
      std::size_t rows = 0;
      if (!vobs.empty()) {
        const auto store = load_observations_arg(vobs, p);
        rows = store.row_count();
        for (const auto& w : store.warnings()) std::cerr << "warning: " << w.str() << '\n';
      }
      std::cout << vplan << ": ok (" << p.sections().size() << " sections, " << p.actions().size() << " actions, "
                << p.indicators().size() << " indicators)";
      if (!vobs.empty()) std::cout << "; " << vobs << ": ok (" << rows << " observations)";
      std::cout << '\n';
    });
  });
}

}  // namespace waypoint::cli
