// SPDX-License-Identifier: Apache-2.0
// Challenges, section counts and the helpers both report writers use.

#include "common.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <utility>

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

bool natural_less(std::string_view a, std::string_view b) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      std::string_view x = a.substr(i, ie - i), y = b.substr(j, je - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);  // 007 is 7
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;  // equal up to leading zeros: a total order all the same
}

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
    // By id, not by action: readers look for U1 before U2 even when U2 measures the first action.
    std::stable_sort(g.indicators.begin(), g.indicators.end(), [](const indicator* x, const indicator* y) { return natural_less(x->id.str(), y->id.str()); });
    out.push_back(std::move(g));
  }
  group rest{nullptr, "indicators", "Indicators", {}};
  for (const auto& ind : p.indicators())
    if (!placed.count(ind.id)) rest.indicators.push_back(&ind);
  std::stable_sort(rest.indicators.begin(), rest.indicators.end(),
                   [](const indicator* a, const indicator* b) { return natural_less(a->id.str(), b->id.str()); });
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

std::vector<std::string> lagging_lines(const evaluation& ev, const milestone_check& m) {
  // Worst first; `achieved` never lags.
  constexpr status order[] = {status::regressing, status::off_track,  status::needs_acceleration, status::on_track,
                              status::not_due,    status::insufficient_data, status::not_applicable};
  const bool missed = m.state == milestone_state::missed;
  std::vector<std::string> out;
  for (const auto& la : m.lagging) {
    std::string line = la.action.str();
    if (la.score) line.append(" (score ").append(fixed(*la.score, 2)).append(")");
    line += ':';
    for (std::size_t k = 0; k < la.indicators.size(); ++k) {
      const auto& li = la.indicators[k];
      // The indicator's total series (one per entity or `*`), as the roll-up counts them, and those that lag, per status.
      std::array<std::size_t, status_count> counts{};
      std::size_t total = 0;
      for (const auto& s : ev.series)
        if (s.indicator == li.indicator && s.disaggregation.empty()) {
          ++total;
          if (waypoint::detail::lags(s.outcome.status, missed)) ++counts[static_cast<std::size_t>(s.outcome.status)];
        }
      line.append(k ? " · " : " ").append(li.indicator.str()).append(1, ' ');
      if (total <= 1) {
        line.append(status_words(li.worst));
        continue;
      }
      std::size_t lagging = 0, shown = 0;
      for (const status st : order)
        if (const std::size_t c = counts[static_cast<std::size_t>(st)]) {
          line.append(shown++ ? ", " : "").append(std::to_string(c)).append(1, ' ').append(status_words(st));
          lagging += c;
        }
      line.append(" (").append(std::to_string(lagging)).append(" of ").append(std::to_string(total)).append(" series)");
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::string series_count_note(const evaluation& ev) {
  if (!ev.rolled_up) return {};
  std::size_t groups = 0;
  std::vector<std::string> examples;  // the first two groups, in words
  for (const auto& s : ev.series) {
    if (s.disaggregation.empty()) continue;
    ++groups;
    const std::string words = group_words(s.disaggregation);
    if (examples.size() < 2 && std::find(examples.begin(), examples.end(), words) == examples.end()) examples.push_back(words);
  }
  const std::size_t total = ev.series.size(), counted = ev.plan_rollup.series;
  std::string out = "The roll-up counts each indicator's total series once, one per State or one for the collective level, "
                    "without disaggregated groups: " + std::to_string(counted) + " series.";
  if (groups > 0) {
    out += " The " + std::to_string(total) + " series of the evaluation also include " + std::to_string(groups) + " series of groups (such as " +
           examples.front() + (examples.size() > 1 ? " or " + examples.back() : std::string()) + ")";
    if (total > counted + groups) out += ", and " + std::to_string(total - counted - groups) + " series outside the roll-up";
    out += ".";
  } else if (total > counted) {
    out += " The evaluation's other " + std::to_string(total - counted) + " series are outside the roll-up.";
  }
  return out;
}

std::vector<instrument_servings> streamlined_reporting(const plan& p, const evaluation& ev) {
  std::map<std::string, std::vector<serving>> by_instrument;  // sorted by instrument name
  const auto by_indicator = series_by_indicator(ev);
  for (const auto& ind : p.indicators())
    for (const auto& link : ind.serves) {
      serving row{&ind, link.ref, 0, 0, std::nullopt};
      if (const auto it = by_indicator.find(ind.id); it != by_indicator.end())
        for (const series_result* s : it->second) {
          ++row.series;
          row.points += s->n_points;
          if (const auto& c = s->outcome.current; c && (!row.latest || std::pair(c->at.end(), c->at.start()) > std::pair(row.latest->end(), row.latest->start())))
            row.latest = c->at;
        }
      by_instrument[link.instrument].push_back(std::move(row));
    }
  std::vector<instrument_servings> out;
  for (auto& [instrument, rows] : by_instrument) {
    std::stable_sort(rows.begin(), rows.end(), [](const serving& a, const serving& b) {
      if (a.ind != b.ind) return natural_less(a.ind->id.str(), b.ind->id.str());
      return a.ref < b.ref;
    });
    out.push_back({instrument, std::move(rows)});
  }
  return out;
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
