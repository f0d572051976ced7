// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file observations_io.hpp
/// Observation CSV: `indicator,entity,period|year,value[,reported_on,flag,source,dim:<name>...]`.
/// See docs/formats.md.

#include <string>
#include <string_view>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// Reads observations for plan `p` from a CSV file.
/// Throws `waypoint::error` listing every bad row (`obs.*`, each at `file:line:column`, saying what
/// was expected): unknown ids, values that do not fit the measure, NaN/inf, bad periods or dates,
/// duplicates that are not revisions. Either every valid row is loaded or the call throws.
/// Unreadable file: `obs.io`. A regular file of 4 MB or more without quotes is read in parallel
/// parts, 2 MiB at a time per part (`pread`); other files are memory-mapped and read in one pass.
/// Either way the rows, problems and line numbers are those of `parse_observations` on its text.
observation_store load_observations(const std::string& path, const plan& p);

/// Same as `load_observations` for text; `name` is used in locations.
observation_store parse_observations(std::string_view text, const plan& p, const std::string& name = "<input>");

/// Appends the rows of a CSV text to `builder` without finishing it, so several files can make one
/// store. Problems are recorded in the builder; a syntax error (bad quoting, wrong field count)
/// throws at once.
void append_observations(std::string_view text, const plan& p, observation_builder& builder, const std::string& name);

}  // namespace waypoint::io
