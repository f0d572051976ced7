// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint evaluate` (evaluate_cmd.cpp).

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `evaluate` subcommand: a plan (or an indicator table) against its observations, as a
/// table, CSV, JSON, Markdown or HTML; one level (--level, rollup_cmd.cpp) or several methods side
/// by side (--compare). It runs from its CLI11 callback and ends the parse with its exit status.
void add_evaluate_command(CLI::App& app);

}  // namespace waypoint::cli
