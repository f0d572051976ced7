// SPDX-License-Identifier: Apache-2.0
// Internal: the roll-up parts of the evaluation JSON (rollup_io.cpp), for write_json; and how
// every JSON document of the writers is printed.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <vector>

#include "waypoint/eval/evaluate.hpp"

namespace waypoint::io::detail {

/// Adds the keys `rollup` ({plan, sections, actions}), `milestones` and `challenges` to `j`
/// when `ev.rolled_up` (docs/formats.md, "Roll-ups").
void append_rollup_json(nlohmann::ordered_json& j, const plan& p, const evaluation& ev);

/// Prints `j` with a two-space indent and a newline after. A negative zero prints as 0.0, not
/// nlohmann's -0.0 (the CSV and the tables print it as 0).
void print_json(std::ostream& out, nlohmann::ordered_json& j);

/// An array printed one item at a time: `count` items, the k-th made by `item(k)`.
struct streamed_array {
  std::string_view key;
  std::size_t count = 0;
  std::function<nlohmann::ordered_json(std::size_t)> item;
};

/// Prints the object `j` as `print_json` does (the same bytes), except that each key of `arrays`
/// (which `j` holds, with any value, where the array goes) is printed from its items, made and
/// freed one at a time: the document is never in memory whole, whatever the number of series.
void print_json_streamed(std::ostream& out, nlohmann::ordered_json& j, const std::vector<streamed_array>& arrays);

}  // namespace waypoint::io::detail
