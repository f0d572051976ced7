// SPDX-License-Identifier: Apache-2.0
// The `waypoint` command: registers the subcommands, each in its own file, and turns the outcome
// of the parse into the exit status.

#include <CLI/CLI.hpp>

#include <csignal>
#include <string>

#include "deadlines_cmd.hpp"
#include "evaluate_cmd.hpp"
#include "fields_cmd.hpp"
#include "iati_cmd.hpp"
#include "methods_cmd.hpp"
#include "rollup_cmd.hpp"
#include "validate_cmd.hpp"
#include "waypoint/version.hpp"

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) makes a write fail instead of killing the process, so the
  // atomic output removes its temporary file and reports the error.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"waypoint: results-based monitoring of action plans"};
  app.set_version_flag("--version", std::string("waypoint ") + waypoint::version_string);
  app.require_subcommand(1);

  waypoint::cli::add_evaluate_command(app);   // evaluate (evaluate_cmd.cpp)
  waypoint::cli::add_validate_command(app);   // validate (validate_cmd.cpp)
  waypoint::cli::add_methods_command(app);    // methods (methods_cmd.cpp)
  waypoint::cli::add_fields_command(app);     // fields (fields_cmd.cpp)
  waypoint::cli::add_iati_commands(app);      // import iati, export iati (iati_cmd.cpp)
  waypoint::cli::add_rollup_commands(app);    // challenges, graph (rollup_cmd.cpp)
  waypoint::cli::add_deadlines_command(app);  // deadlines (deadlines_cmd.cpp)

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints the help, or the message
    // A subcommand's own status (run_command) and --help pass through; usage errors exit 2.
    if (rc == 0 || dynamic_cast<const CLI::RuntimeError*>(&e) != nullptr) return rc;
    return 2;
  }
  return 0;  // not reached: every subcommand ends the parse with its status
}
