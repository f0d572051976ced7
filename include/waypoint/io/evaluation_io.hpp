// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file evaluation_io.hpp
/// Writers for an `evaluation`: a human-readable table, CSV (one row per series, stable columns)
/// and versioned JSON. Output is byte-identical for the same input.

#include <ostream>
#include <string>
#include <vector>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io {

/// The first CSV columns, in order. Other tools rely on them; later columns may be added after.
const std::vector<std::string>& csv_columns();

/// One row per series, sorted by indicator, entity, disaggregation. Undefined values are empty;
/// numbers round-trip (shortest form from std::to_chars); a year period prints as `2015`.
/// `columns` picks and orders the columns by name (names from `csv_columns()`; empty = all, in
/// that order). Throws `waypoint::error` (`csv.unknown_column`, `csv.duplicate_column`) for a
/// name that is not a column or comes twice, before writing anything.
void write_csv(std::ostream& out, const plan& p, const evaluation& ev, const std::vector<std::string>& columns = {});

/// Evaluates `store` against `p` and writes the CSV of `write_csv` in one pass, block by block and
/// in parallel (`opt.threads`), so memory stays bounded however many series there are. Rows come
/// from the batch path (`evaluate_values_in_blocks`: no narrative or trace is built, and reasons
/// only for the rows that have one); each thread formats the rows it evaluated, and the text is
/// written in output order while the other rows are evaluated. The bytes written are identical to
/// `write_csv(out, p, evaluate(p, store, as_of, opt), columns)`. Throws like `evaluate` and
/// `write_csv` (bad columns before anything is written).
void evaluate_to_csv(std::ostream& out, const plan& p, const observation_store& store, const std::optional<date>& as_of,
                     const evaluation_options& opt, const std::vector<std::string>& columns = {});

/// The evaluation as JSON (format `waypoint-evaluation`, version 2; docs/formats.md, and the JSON
/// Schema docs/schema/evaluation.schema.json), with traces when they were recorded.
void write_json(std::ostream& out, const plan& p, const evaluation& ev);

/// `waypoint::value_label` (model/text.hpp), under its former name: a value as people read it.
using waypoint::value_label;

/// An aligned text table for terminals, followed by a status summary.
void write_table(std::ostream& out, const plan& p, const evaluation& ev);

}  // namespace waypoint::io
