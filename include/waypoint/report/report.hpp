// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file report.hpp
/// Reports for people: Markdown, and one self-contained HTML file with inline SVG charts (no
/// scripts, no external assets). Both are byte-identical for the same input.

#include <ostream>
#include <vector>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/report/chart.hpp"

namespace waypoint::report {

/// Status counts per section of `p`, in plan order, then one row for the plan, with each roll-up
/// score (eval/rollup.hpp: total series; a cross-cutting action counts in every section it serves).
/// For an evaluation without roll-ups (a partition), only the plan row, over all its series.
std::vector<status_row> section_status_counts(const plan& p, const evaluation& ev);

/// A Markdown report: title, as-of date, status summary per section with the roll-up scores, the
/// challenges (`evaluation::challenges`: off track or regressing, worst first), the section
/// milestones with their state and lagging actions, and per section a table of its indicators'
/// series (status, current, target, expected, gaps, trend).
void write_markdown(std::ostream& out, const plan& p, const evaluation& ev);

/// One self-contained HTML file: the plan summary with status counts per section (stacked bars)
/// and roll-up scores, the challenges and section milestones tables, and per section and indicator an SVG chart per series (full size for a
/// collective or single series, small multiples for the entities of a national indicator), a
/// status badge, and each trace in a `<details>` block. `ev` should carry traces: they hold the
/// observed points the charts plot.
void write_html(std::ostream& out, const plan& p, const evaluation& ev);

}  // namespace waypoint::report
