// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file iati.hpp
/// IATI 2.03 activity files (results part), both ways. An `iati-activity` becomes a plan, each
/// `result` an action in its own section, each result `indicator` an indicator, its baseline the
/// baseline, its period targets milestones and target, and its period actuals observations (entity
/// `*`, or the actual's location). What the model does not represent is kept verbatim in the
/// `extensions` of the plan, action and indicator and written back by `write_iati`, so
/// `write_iati(read_iati(x))` gives back `x` (docs/formats.md, "IATI 2.03 results").
/// waypoint semantics IATI lacks travel as attributes in the namespace `iati_extension_namespace`.

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// The XML namespace of waypoint's IATI extension attributes (prefix `waypoint:`).
inline constexpr std::string_view iati_extension_namespace = "https://waypoint.example/iati-extension/1";

/// How deep IATI elements may nest (the standard itself nests about eight deep); a file nested
/// deeper is refused with `iati.too_deep` at the first element past the limit (docs/robustness.md).
inline constexpr std::size_t max_iati_depth = 64;

struct iati_options {
  /// The `iati-identifier` of the activity to read when the file holds several; "" = the only one.
  std::string activity;
  /// true: every finding, warning or error, stops the import (`waypoint import iati --strict`).
  bool strict = false;
};

/// A plan read from an IATI activity, with the observations its actuals give.
struct iati_activity {
  waypoint::plan plan;
  observation_store observations;
  /// What the import read past, in file order: warnings (`problem::warning`; a rule breach
  /// whose data are still clear, read and flagged) and errors (the element concerned was
  /// skipped, and is kept verbatim so that the export writes it back).
  std::vector<problem> findings;

  /// How many elements were skipped (the error-level findings).
  [[nodiscard]] std::size_t skipped() const noexcept {
    return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [](const problem& p) { return !p.warning; }));
  }
};

/// Reads the results of one activity of an IATI 2.01, 2.02 or 2.03 file, grading the IATI rules
/// as the IATI validator does:
/// - **warnings** (read, returned in `findings`, and noted on the indicator so that the trace
///   shows them): a `reference` at both result and indicator level; a result without a known
///   @type; a file without @version;
/// - **errors** (the element is skipped, the rest imports, returned in `findings`): a baseline,
///   target or actual without a value for measures 1-4 or with one for measure 5, or whose value
///   is not a decimal number; a date that is not YYYY-MM-DD; period-start after period-end (the
///   period's targets and actuals); a bad dimension or location on an actual;
/// - **fatal** (throws one `waypoint::error` listing every problem at `file:line:column`):
///   malformed XML (`iati.syntax`), not an IATI file, a 1.x file (`iati.version`), an
///   indicator without a known @measure, a bad `waypoint:` attribute, a missing identifier or
///   plan period, the plan's and the observations' own rules (`plan.*`, `obs.*`); with
///   `options.strict`, any finding. Unreadable file: `iati.io`.
iati_activity load_iati(const std::string& path, const iati_options& options = {});

/// Same as `load_iati` for text; `name` is used in locations.
iati_activity parse_iati(std::string_view xml, const std::string& name = "<input>", const iati_options& options = {});

/// Writes `p` and its observations as an IATI 2.03 activity file (`iati-activities` with one
/// `iati-activity`), merging back what the plan's `iati-*` extensions kept. Observations are the
/// period actuals (the latest revision of each); their `reported_on`, flag and source are not
/// written. Throws `waypoint::error` (`iati.unsupported`) for what IATI cannot carry, e.g. an
/// extension that is not well-formed XML.
void write_iati(std::ostream& out, const plan& p, const observation_store& observations);

}  // namespace waypoint::io
