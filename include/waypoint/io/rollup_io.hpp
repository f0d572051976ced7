// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file rollup_io.hpp
/// Writers for the roll-ups of an evaluation (eval/rollup.hpp): per section and per plan, the
/// section milestones checked, and the challenges, as a table, CSV or JSON (docs/formats.md,
/// "Roll-ups"); and the selection of one output level (`waypoint evaluate --level`).

#include <optional>
#include <ostream>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/io/output_format.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// What `waypoint evaluate --level` writes: every series and the roll-ups (`all`); only the
/// series of entities (`national`, entity ≠ `*`) or of the collective (`collective`, entity `*`);
/// or only the section (`section`) or plan (`plan`) roll-ups.
enum class output_level { all, national, collective, section, plan };

/// Parses `all`, `national`, `collective`, `section` or `plan`.
std::optional<output_level> parse_output_level(std::string_view s);

/// The name of `level`: `all`, `national`, `collective`, `section` or `plan`.
std::string_view level_name(output_level level) noexcept;

/// A copy of `ev` with only the series of `level` (national or collective) and their
/// indicator-level rows, and no roll-ups (those are the section and plan levels).
evaluation select_series(const evaluation& ev, output_level level);

/// The section roll-up table (one row per section, then the plan) and the section milestones with
/// the lagging actions; `level == output_level::plan` writes the plan row only.
void write_rollup_table(std::ostream& out, const plan& p, const evaluation& ev, output_level level = output_level::section);

/// Roll-up CSV: `level,id,title,weight,score,series,<one column per status>` — one row per
/// section (level `section`, in plan order) then the plan (level `plan`); `level ==
/// output_level::plan` writes the plan row only.
void write_rollup_csv(std::ostream& out, const plan& p, const evaluation& ev, output_level level = output_level::section);

/// Roll-up JSON (format `waypoint-rollup`, version 1): the plan roll-up, and for the section
/// level the sections, actions and milestones too.
void write_rollup_json(std::ostream& out, const plan& p, const evaluation& ev, output_level level = output_level::section);

/// The challenges (series off track or regressing, worst first) and the milestones at risk or
/// missed with the lagging actions that feed them, as `format` csv or json, or else a table.
void write_challenges(std::ostream& out, const plan& p, const evaluation& ev, output_format format);

}  // namespace waypoint::io
