// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint deadlines PLAN [-O OBS] [--as-of DATE] [--format table|csv]` (deadlines_cmd.cpp).

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `deadlines` subcommand: the obligations and deadlines per entity, overdue first,
/// and (with observations) the overdue and late reports. It runs from its CLI11 callback and ends
/// the parse with its exit status.
void add_deadlines_command(CLI::App& app);

}  // namespace waypoint::cli
