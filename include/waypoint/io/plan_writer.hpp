// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan_writer.hpp
/// Writers for the inputs: a plan as a YAML plan file and observations as an observation CSV, in
/// the formats `load_plan` and `load_observations` read (docs/formats.md). Importers of other
/// formats (IATI) use them; `load_plan(write_plan_yaml(p))` gives back the same plan.

#include <ostream>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// The parts of `p` that `write_plan_yaml` cannot write yet (the collective-monitoring parts:
/// populations, obligations, entity membership, aggregation rules, dimensions, group targets,
/// weights, links), one `plan.unsupported` problem each. Empty: the plan can be written whole.
std::vector<problem> unwritable_parts(const plan& p);

/// Writes `p` as a YAML plan file (format version 1): plan (with its extensions), calendar,
/// entities, sections, actions and indicators, with the translations of their texts (a map of
/// language code → text, docs/formats.md "Translations"), every string double-quoted so that it reads back
/// as text. Throws `waypoint::error` with the problems of `unwritable_parts` rather than drop data.
void write_plan_yaml(std::ostream& out, const plan& p);

/// Writes every row of `store` as observation CSV: `indicator,entity,period,value`, then
/// `reported_on`, `flag`, `source` and one `dim:<name>` column per dimension, each only when some
/// row uses it. Rows come in store order (series by key, then period and `reported_on`); values
/// in the measure's text form (number, yes/no, level name, narrative).
void write_observations_csv(std::ostream& out, const plan& p, const observation_store& store);

}  // namespace waypoint::io
