// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint validate PLAN [-O OBS]` (validate_cmd.cpp).

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `validate` subcommand: checks a plan (and observations against it) and lists every
/// problem. It runs from its CLI11 callback and ends the parse with its exit status (1 when a
/// problem is an error).
void add_validate_command(CLI::App& app);

}  // namespace waypoint::cli
