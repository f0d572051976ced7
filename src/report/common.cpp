// SPDX-License-Identifier: Apache-2.0
// Challenges, section counts and the helpers both report writers use.

#include "common.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "format.hpp"
#include "labels.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/report/report.hpp"

namespace waypoint::report {

std::vector<status_row> section_status_counts(const plan& p, const evaluation& ev) {
  std::vector<status_row> rows;
  if (!ev.rolled_up) return {{"Plan (all series)", ev.status_counts(), std::nullopt}};
  for (const auto& sr : ev.sections) {
    const section* sec = p.find(sr.section);
    rows.push_back({sec ? sec->title : sr.section.str(), sr.totals.counts, sr.totals.score});
  }
  rows.push_back({"Plan", ev.plan_rollup.counts, ev.plan_rollup.score});
  return rows;
}

namespace detail {

std::vector<group> groups(const plan& p) {
  std::vector<group> out;
  std::set<indicator_id> placed;
  for (const auto& sec : p.sections()) {
    group g{&sec, sec.id.str(), sec.title, {}};
    for (const auto& aid : sec.actions)
      if (const action* act = p.find(aid))
        for (const auto& iid : act->indicators)
          if (const indicator* ind = p.find(iid)) {
            g.indicators.push_back(ind);
            placed.insert(iid);
          }
    out.push_back(std::move(g));
  }
  group rest{nullptr, "indicators", "Indicators", {}};
  for (const auto& ind : p.indicators())
    if (!placed.count(ind.id)) rest.indicators.push_back(&ind);
  std::stable_sort(rest.indicators.begin(), rest.indicators.end(), [](const indicator* a, const indicator* b) { return a->id < b->id; });
  if (!rest.indicators.empty()) out.push_back(std::move(rest));
  return out;
}

std::map<indicator_id, std::vector<const series_result*>> series_by_indicator(const evaluation& ev) {
  std::map<indicator_id, std::vector<const series_result*>> out;
  for (const auto& s : ev.series) out[s.indicator].push_back(&s);
  return out;
}

const series_result* find_series(const evaluation& ev, const challenge& c) {
  const auto it = std::find_if(ev.series.begin(), ev.series.end(), [&](const series_result& s) {
    return s.indicator == c.indicator && s.entity == c.entity && s.disaggregation == c.disaggregation;
  });
  return it == ev.series.end() ? nullptr : &*it;
}

std::string to_go_text(const std::optional<double>& share) {
  if (!share) return "–";
  if (*share <= 1) return fixed(std::max(0.0, *share) * 100, 0) + "%";
  return "100% (and " + fixed((*share - 1) * 100, 0) + "% lost)";
}

std::string lagging_text(const milestone_check& m) {
  std::string out;
  for (const auto& la : m.lagging) {
    if (!out.empty()) out += "; ";
    out += la.action.str();
    if (la.score) out.append(" (score ").append(fixed(*la.score, 2)).append(")");
    out += ':';
    for (const auto& li : la.indicators)
      out.append(" ").append(li.indicator.str()).append(" ").append(status_words(li.worst)).append(" ×").append(std::to_string(li.series));
  }
  return out.empty() ? "–" : out;
}

status state_colour(milestone_state s) {
  switch (s) {
    case milestone_state::met: return status::achieved;
    case milestone_state::on_track: return status::on_track;
    case milestone_state::at_risk: return status::off_track;
    case milestone_state::missed: return status::regressing;
    case milestone_state::not_due: break;
  }
  return status::not_due;
}

std::string current_text(const indicator& ind, const series_result& s, std::size_t max_text) {
  const auto& a = s.outcome;
  if (ind.measure == measure::qualitative && !s.narrative.empty()) {
    std::string t = s.narrative.size() > max_text ? std::string(utf8_prefix(s.narrative, max_text - 3)) + "..." : s.narrative;
    return a.current ? t + " (" + a.current->at.str() + ")" : t;
  }
  if (!a.current) return "–";
  return with_unit(ind, a.current->amount) + " (" + a.current->at.str() + ")";
}

std::string target_text(const indicator& ind, const series_result& s) {
  if (ind.direction == direction::maintain && ind.range)
    return readable(ind, ind.range->low) + "–" + with_unit(ind, ind.range->high) + (s.target ? " (" + s.target->at.str() + ")" : "");
  if (!s.target) return "–";
  return with_unit(ind, s.target->amount) + " (" + s.target->at.str() + ")";
}

}  // namespace detail
}  // namespace waypoint::report
