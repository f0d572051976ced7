// SPDX-License-Identifier: Apache-2.0
// Internal: the roll-up parts of the evaluation JSON (rollup_io.cpp), for write_json.
#pragma once

#include <nlohmann/json.hpp>

#include "waypoint/eval/evaluate.hpp"

namespace waypoint::io::detail {

/// Adds the keys `rollup` ({plan, sections, actions}), `milestones` and `challenges` to `j`
/// when `ev.rolled_up` (docs/formats.md, "Roll-ups").
void append_rollup_json(nlohmann::ordered_json& j, const plan& p, const evaluation& ev);

}  // namespace waypoint::io::detail
