// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint challenges`, `waypoint graph` and `waypoint evaluate --level` (rollup_cmd.cpp).

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/io/output_format.hpp"
#include "waypoint/io/rollup_io.hpp"

namespace waypoint::cli {

/// Adds the `challenges` and `graph` subcommands. Each runs from its CLI11 callback and ends the
/// parse with its exit status (CLI::Success or CLI::RuntimeError), so `main` goes no further.
void add_rollup_commands(CLI::App& app);

/// `waypoint evaluate --level LEVEL` (not `all`): writes only the national or collective series,
/// or the section or plan roll-ups, as table, csv or json (docs/formats.md). Throws
/// waypoint::error (`cli.bad_option`) for a level or format it cannot write.
void write_level(std::ostream& out, const plan& p, const evaluation& ev, io::output_level level, io::output_format format);

}  // namespace waypoint::cli
