// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file report.hpp
/// Reports for people: Markdown, and one self-contained HTML file with inline SVG charts (no
/// scripts, no external assets). Both are byte-identical for the same input.

#include <ostream>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/report/chart.hpp"

namespace waypoint::report {

/// The language of a report's fixed labels, numbers and dates: `waypoint::language`
/// (model/language.hpp: en 0, fr 1, es 2), whose labels come from the catalogues of `po/`.
using language = waypoint::language;

/// What a report shows beyond the plan and the evaluation.
struct report_options {
  /// The observations the evaluation ran on. When given, each chart's data table shows each
  /// point's source, flags and reporting date, and each indicator lists its sources. Must
  /// outlive the call.
  const observation_store* observations = nullptr;
  /// The language of the fixed labels, numbers ("12 345,6") and dates ("30 juin 2029"); the plan's
  /// texts in it when the plan translates them (docs/formats.md, "Translations"), else as written.
  report::language lang = language::en;
};

/// Status counts per section of `p`, in plan order, then one row for the plan, with each roll-up
/// score (eval/rollup.hpp: total series; a cross-cutting action counts in every section it serves).
/// For an evaluation without roll-ups (a partition), only the plan row, over all its series.
/// Section titles and the plan row's label in `lang`.
std::vector<status_row> section_status_counts(const plan& p, const evaluation& ev, language lang = language::en);

/// A Markdown report: title, as-of date, status summary per section with the roll-up scores, the
/// challenges (`evaluation::challenges`: off track or regressing, worst first), the section
/// milestones with their state and lagging actions, the streamlined reporting (only when some
/// indicator has `serves`: per other instrument, in name order, the indicators serving it, the
/// reference there and their series, trend points and latest period in `ev`), and per section a table of its indicators'
/// series (status, current, target, expected, gaps, trend), followed, with `opt.observations`, by
/// each indicator's sources and the number of points from each (`indicator_sources`).
void write_markdown(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt = {});

/// One self-contained HTML file: the plan summary with status counts per section (stacked bars)
/// and roll-up scores, the challenges, section milestones and streamlined reporting tables, and per section and indicator an SVG chart per series (full size for a
/// collective or single series, small multiples for the entities or groups of an indicator, on one
/// value axis unless their magnitudes differ more than `own_scale_ratio`), a status badge, under
/// each chart a `<details>` table of its points with a CSV download in a `data:` URI (with
/// `opt.observations`, each point's source, flag and reporting date: `chart_rows`), each
/// indicator's sources (with `opt.observations`), each trace in a `<details>` block, and a print
/// style sheet for A4. `ev` should carry traces: they hold the observed points the charts plot.
/// `opt.observations` must be the store `ev` was made from (same plan, same as-of date).
void write_html(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt = {});

}  // namespace waypoint::report
