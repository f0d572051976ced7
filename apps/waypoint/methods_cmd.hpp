// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint methods` (methods_cmd.cpp).

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `methods` subcommand: the assessment methods with their parameters and defaults. It
/// runs from its CLI11 callback and ends the parse with its exit status.
void add_methods_command(CLI::App& app);

}  // namespace waypoint::cli
