// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint import iati` and `waypoint export iati` (iati_cmd.cpp).

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `import` and `export` subcommands with their `iati` subcommands. Each runs from its
/// CLI11 callback and ends the parse with its exit status (CLI::Success or CLI::RuntimeError),
/// so `main` goes no further.
void add_iati_commands(CLI::App& app);

}  // namespace waypoint::cli
