// SPDX-License-Identifier: Apache-2.0
#pragma once
// `waypoint fields` (fields_cmd.cpp): the result vocabulary.

#include <CLI/CLI.hpp>

namespace waypoint::cli {

/// Adds the `fields` subcommand: every field of the result vocabulary (eval/fields.hpp) with its
/// type, unit, levels, C id and description, as table, csv or json. Runs from its CLI11 callback
/// and ends the parse with its exit status.
void add_fields_command(CLI::App& app);

}  // namespace waypoint::cli
