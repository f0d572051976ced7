// SPDX-License-Identifier: Apache-2.0
// Internal: the roll-up parts of the evaluation JSON (rollup_io.cpp), for write_json; and how
// every JSON document of the writers is printed.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "waypoint/eval/evaluate.hpp"

namespace waypoint::io::detail {

/// Adds the keys `rollup` ({plan, sections, actions}), `milestones` and `challenges` to `j`
/// when `ev.rolled_up` (docs/formats.md, "Roll-ups").
void append_rollup_json(nlohmann::ordered_json& j, const plan& p, const evaluation& ev);

/// Prints `j` with a two-space indent and a newline after. A negative zero prints as 0.0, not
/// nlohmann's -0.0 (the CSV and the tables print it as 0).
void print_json(std::ostream& out, nlohmann::ordered_json& j);

}  // namespace waypoint::io::detail
