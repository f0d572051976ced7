// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file report.hpp
/// Reports for people: Markdown, and one self-contained HTML file with inline SVG charts (no
/// scripts, no external assets). Both are byte-identical for the same input.

#include <ostream>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/report/chart.hpp"

namespace waypoint::report {

/// The language of a report's fixed labels, numbers and dates.
enum class language { en, fr, es };

/// What a report shows beyond the plan and the evaluation.
struct report_options {
  /// The observations the evaluation ran on. When given, each chart's data table shows each
  /// point's source, flags and reporting date, and each indicator lists its sources. Must
  /// outlive the call.
  const observation_store* observations = nullptr;
  /// The language of the fixed labels, numbers and dates.
  report::language lang = language::en;
};

/// Status counts per section of `p`, in plan order, then one row for the plan, with each roll-up
/// score (eval/rollup.hpp: total series; a cross-cutting action counts in every section it serves).
/// For an evaluation without roll-ups (a partition), only the plan row, over all its series.
std::vector<status_row> section_status_counts(const plan& p, const evaluation& ev);

/// A Markdown report: title, as-of date, status summary per section with the roll-up scores, the challenges (`evaluation::challenges`:
/// off track or regressing, worst first), the section milestones with their state and lagging actions, the streamlined reporting
/// (only when some indicator has `serves`: per other instrument, in name order, the indicators serving it, the reference there and
/// their series, trend points and latest period in `ev`), and per section a table of its indicators' series (status, current, target, expected, gaps, trend).
void write_markdown(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt = {});

/// One self-contained HTML file: the plan summary with status counts per section (stacked bars)
/// and roll-up scores, the challenges, section milestones and streamlined reporting (as in `write_markdown`) tables, and per section
/// and indicator an SVG chart per series (full size for a collective or single series, small multiples for the entities of a national indicator), a
/// status badge, and each trace in a `<details>` block. `ev` should carry traces: they hold the
/// observed points the charts plot.
void write_html(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt = {});

}  // namespace waypoint::report
