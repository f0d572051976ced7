// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file evaluation_io.hpp
/// Writers for an `evaluation`: a human-readable table, CSV (one row per series, stable columns)
/// and versioned JSON. Output is byte-identical for the same input.

#include <ostream>
#include <string>
#include <vector>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/eval/fields.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io {

/// The first CSV columns, in order. Other tools rely on them; later columns may be added after.
const std::vector<std::string>& csv_columns();

/// One row per series, sorted by indicator, entity, disaggregation. Undefined values are empty;
/// numbers round-trip (shortest form from std::to_chars), a negative zero as `0`; a year period
/// prints as `2015`.
/// `columns` picks and orders the columns by name (names from `csv_columns()`; empty = all, in
/// that order). Throws `waypoint::error` (`csv.unknown_column`, `csv.duplicate_column`) for a
/// name that is not a column or comes twice, before writing anything.
void write_csv(std::ostream& out, const plan& p, const evaluation& ev, const std::vector<std::string>& columns = {});

/// Evaluates `store` against `p` and writes the CSV of `write_csv` in one pass, block by block and
/// in parallel (`opt.threads`), so memory stays bounded however many series there are. Rows come
/// are `series_row`s from the kernel (`evaluate_in_blocks<series_row>`: no trace is built, and
/// figures and reasons only when a column shows them); each thread formats the rows it evaluated, and the text is
/// written in output order while the other rows are evaluated. The bytes written are identical to
/// `write_csv(out, p, evaluate(p, store, as_of, opt), columns)`. Throws like `evaluate` and
/// `write_csv` (bad columns before anything is written).
void evaluate_to_csv(std::ostream& out, const plan& p, const observation_store& store, const std::optional<date>& as_of,
                     const evaluation_options& opt, const std::vector<std::string>& columns = {});

/// The evaluation as JSON (format `waypoint-evaluation`, version 3; docs/formats.md, and the JSON
/// Schema docs/schema/evaluation.schema.json): each series is an object with one key per series
/// field of eval/fields.hpp, in that order (`trace` is null when traces were off).
void write_json(std::ostream& out, const plan& p, const evaluation& ev);

/// Appends the CSV cell of field `f` of row `r` and a comma, as `write_csv` writes it (nothing
/// but the comma for an object field).
void append_csv_cell(std::string& line, const field_info& f, const row_view& r);

/// Object field `f` (`field::trace` or `field::collective`) of row `r` as JSON text, as
/// `write_json` writes it; "null" when the row has none.
std::string object_field_json(const row_view& r, field f);

/// `waypoint::value_label` (model/text.hpp), under its former name: a value as people read it.
using waypoint::value_label;

/// An aligned text table for terminals, followed by a status summary (and the roll-ups, which
/// stay in English with codes). In English the table shows status and category codes and ISO
/// dates, as it always has; in French and Spanish (`lang`) its headers, the title line, the
/// summary, statuses and categories are in words of the language (po/ catalogues), with its dates
/// ("30 juin 2029") and decimal mark, and the plan's texts in the language when it translates them.
void write_table(std::ostream& out, const plan& p, const evaluation& ev, language lang = language::en);

}  // namespace waypoint::io
