// SPDX-License-Identifier: Apache-2.0
// What the Markdown and HTML reports share: the plan's indicators grouped by section, the series
// of each indicator, and cell texts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../text/catalogue.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/report/chart.hpp"

namespace waypoint::report::detail {

/// A section of the report: a plan section with its indicators in natural id order (U1, U2, U10,
/// whatever the order of their actions; each indicator names its action), or the indicators
/// without a section (indicator tables, in natural id order), titled "Indicators". Titles in `lang`.
struct group {
  const section* sec = nullptr;  ///< nullptr for the indicators without a section
  std::string id, title;
  std::vector<const indicator*> indicators;
};

/// The report's sections, in plan order; a last group holds the indicators without a section.
std::vector<group> groups(language lang, const plan& p);

/// The series of each indicator, in the evaluation's order.
std::map<indicator_id, std::vector<const series_result*>> series_by_indicator(const evaluation& ev);

/// The series a challenge names, or nullptr. `ev.series` is sorted by indicator, entity, disaggregation.
const series_result* find_series(const evaluation& ev, const challenge& c);

/// A challenge's `normalised_gap` (the gap to the target over the whole change the plan asks
/// for, target − base) as the share of that change still to go, at most 100%: "70%"; a series
/// further from its target than at its base shows "100% (and 138% lost)"; "–" when absent.
std::string to_go_text(language lang, const std::optional<double>& share);

/// The lagging actions of milestone `m` of `ev`, one line each, with their lagging indicators and
/// how many of each indicator's total series lag, per status, worst first: "A9 (score 0.74): C3 2
/// regressing, 3 off track (5 of 10 series) · C9 needs acceleration" (a single-series indicator
/// has its status only).
std::vector<std::string> lagging_lines(language lang, const evaluation& ev, const milestone_check& m);

/// `a` before `b` in natural order: digit runs compare as numbers, so U2 < U10.
bool natural_less(std::string_view a, std::string_view b);

/// One sentence on what the roll-up counts (each indicator's total series, one per entity or `*`)
/// against the evaluation's series (which include the disaggregated groups), so that the two
/// totals agree; "" for an evaluation without roll-ups.
std::string series_count_note(language lang, const evaluation& ev);

/// One indicator that also serves another instrument's reporting (`indicator::serves`), with the
/// data points of the evaluation that serve it.
struct serving {
  const indicator* ind = nullptr;
  std::string ref;                ///< the reference in the other instrument, as the plan gives it
  std::size_t series = 0;         ///< the indicator's series in the evaluation, groups included
  std::size_t points = 0;         ///< the points their trends used, from the base to the current period
  std::optional<period> latest;   ///< the latest current period among them (by end, then start); none without data
};

/// The indicators serving one other instrument.
struct instrument_servings {
  std::string instrument;
  std::vector<serving> indicators;  ///< in natural id order, then by ref
};

/// What the streamlined-reporting table shows, in one sentence (both reports).
inline constexpr const char* streamlined_note = text::N_(
    "The indicators whose data also serve the reporting of other instruments, per instrument: the reference there, the "
    "indicator's series in this evaluation, the points their trends used (from the base to the latest period) and the "
    "latest period reported.");

/// The streamlined-reporting view: per instrument named by a `serves` link (sorted by name), the
/// indicators that serve it and their data points in `ev`. Empty when no indicator has `serves`.
std::vector<instrument_servings> streamlined_reporting(const plan& p, const evaluation& ev);

/// The status whose colour a milestone state takes in the HTML report.
status state_colour(milestone_state s);

/// "431 casualties per year (2028)", a narrative for qualitative indicators (cut to `max_text` characters), "–".
std::string current_text(language lang, const indicator& ind, const series_result& s, std::size_t max_text = 60);
/// "150 casualties per year (2031)" or "–"; a `maintain` indicator shows its range.
std::string target_text(language lang, const indicator& ind, const series_result& s);

/// The text of milestone `m` in `lang` (the plan's translation when it has one).
const std::string& milestone_text(language lang, const plan& p, const milestone_check& m);

/// A date in `lang` ("30 June 2029"), or what stands for none ("the latest data").
std::string as_of_text(language lang, const std::optional<date>& d);

/// The sources of indicator `ind` in words, one item each, sorted by text: "Cluster Munition
/// Monitor (4 points)", "no source given (2 points)"; for a collective indicator computed by its
/// aggregation rule, that rule and what it reads ("computed by its aggregation rule (sum) from the
/// values of C3") when `obs` has no rows of its own. Empty when `obs` is null.
std::vector<std::string> source_items(language lang, const plan& p, const indicator& ind, const observation_store* obs, const std::optional<date>& as_of);

/// The source a data table shows for a point that has no observation row (`data_row::observed`
/// false): "computed (sum of C3)" for a collective indicator with an aggregation rule, else "".
std::string computed_source(language lang, const indicator& ind);

}  // namespace waypoint::report::detail
