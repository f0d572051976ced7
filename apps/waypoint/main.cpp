// SPDX-License-Identifier: Apache-2.0
// The `waypoint` command: registers the subcommands, each in its own file, and turns the outcome
// of the parse into the exit status.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "deadlines_cmd.hpp"
#include "evaluate_cmd.hpp"
#include "fields_cmd.hpp"
#include "iati_cmd.hpp"
#include "methods_cmd.hpp"
#include "rollup_cmd.hpp"
#include "validate_cmd.hpp"
#include "waypoint/version.hpp"

namespace {
// Memory kept back for the way out of a failed allocation. Freeing a JSON tree allocates
// (nlohmann's destructor keeps a stack of the children), and a destructor that cannot allocate
// while an exception unwinds aborts the process. So the first allocation that fails gives this
// back and throws std::bad_alloc: the unwinding then has room, and the command reports
// sys.out_of_memory instead of aborting (tests/cli/out_of_memory.cmake).
std::unique_ptr<char[]> emergency_reserve;
void release_reserve_and_throw() {
  emergency_reserve.reset();
  throw std::bad_alloc();
}

// Under an address-space limit (ulimit -v) the heap can take all the room the main thread's stack
// would grow into, and a stack that cannot grow is a SIGSEGV, not an exception. Growing it by
// 2 MiB now, while there is room, keeps the way out of an allocation failure on mapped pages.
// The edit distance (Levenshtein) of `a` and `b`: what makes `evalute` mean `evaluate`.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// A first argument that is no option and no command: a usage error (exit 2) with a one-line hint,
// naming the nearest command when one is close ("evalute" -> "evaluate"). Returns true when it
// printed one.
bool unknown_command(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string_view word = argv[1];
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == word) return false;
    const std::size_t d = edit_distance(word, sub->get_name());
    if (d < best_d) best_d = d, best = sub->get_name();
  }
  std::cerr << "error: unknown command '" << word << "'";
  if (best_d <= std::max<std::size_t>(2, word.size() / 3)) std::cerr << "; did you mean '" << best << "'?";
  std::cerr << " (waypoint --help lists the commands)\n";
  return true;
}

[[gnu::noinline]] void grow_stack() {
  volatile char pad[std::size_t{2} << 20];
  pad[0] = 0;
  pad[sizeof pad - 1] = 0;
}
}  // namespace

int main(int argc, char** argv) {
  grow_stack();
  // Not written to: the reserve holds address space (what an address-space limit counts), not
  // memory; zero-filling it cost 32 MB of resident memory and a tenth of a second of page faults.
  emergency_reserve = std::make_unique_for_overwrite<char[]>(std::size_t{32} << 20);
  std::set_new_handler(release_reserve_and_throw);
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

  if (unknown_command(app, argc, argv)) return 2;
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
