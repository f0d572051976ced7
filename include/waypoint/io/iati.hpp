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

#include <ostream>
#include <string>
#include <string_view>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// The XML namespace of waypoint's IATI extension attributes (prefix `waypoint:`).
inline constexpr std::string_view iati_extension_namespace = "https://waypoint.example/iati-extension/1";

struct iati_options {
  /// The `iati-identifier` of the activity to read when the file holds several; "" = the only one.
  std::string activity;
};

/// A plan read from an IATI activity, with the observations its actuals give.
struct iati_activity {
  waypoint::plan plan;
  observation_store observations;
};

/// Reads the results of one activity of an IATI 2.03 file. Checks the IATI rules (period-start
/// not after period-end; a value for measures 1-4, none for measure 5; `reference` at result or at
/// indicator level, not both; known codes; ISO dates) and the plan, and throws one
/// `waypoint::error` listing every problem at `file:line:column` (`iati.*`, `plan.*`, `obs.*`).
/// Malformed XML: `iati.syntax`; unreadable file: `iati.io`.
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
