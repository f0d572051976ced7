// SPDX-License-Identifier: Apache-2.0
// What the Markdown and HTML reports share: the plan's indicators grouped by section, the series
// of each indicator, and cell texts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::report::detail {

/// A section of the report: a plan section with its indicators in plan order, or the indicators
/// without a section (indicator tables), titled "Indicators".
struct group {
  const section* sec = nullptr;  ///< nullptr for the indicators without a section
  std::string id, title;
  std::vector<const indicator*> indicators;
};

/// The report's sections, in plan order; a last group holds the indicators without a section.
std::vector<group> groups(const plan& p);

/// The series of each indicator, in the evaluation's order.
std::map<indicator_id, std::vector<const series_result*>> series_by_indicator(const evaluation& ev);

/// The series a challenge names, or nullptr. `ev.series` is sorted by indicator, entity, disaggregation.
const series_result* find_series(const evaluation& ev, const challenge& c);

/// A challenge's `normalised_gap` (the gap to the target over the whole change the plan asks
/// for, target − base) as the share of that change still to go, at most 100%: "70%"; a series
/// further from its target than at its base shows "100% (and 138% lost)"; "–" when absent.
std::string to_go_text(const std::optional<double>& share);

/// "AFG: N1 (regressing, 1 series), ...": the lagging actions of a milestone and their indicators.
std::string lagging_text(const milestone_check& m);

/// The status whose colour a milestone state takes in the HTML report.
status state_colour(milestone_state s);

/// "431 casualties per year (2028)", a narrative for qualitative indicators (cut to `max_text` characters), "–".
std::string current_text(const indicator& ind, const series_result& s, std::size_t max_text = 60);
/// "150 casualties per year (2031)" or "–"; a `maintain` indicator shows its range.
std::string target_text(const indicator& ind, const series_result& s);

}  // namespace waypoint::report::detail
