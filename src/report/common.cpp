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

std::vector<status_row> section_status_counts(const plan& p, const evaluation& ev, language lang) {
  std::vector<status_row> rows;
  if (!ev.rolled_up) return {{std::string(detail::tr(lang, "Plan (all series)")), ev.status_counts(), std::nullopt}};
  for (const auto& sr : ev.sections) {
    const section* sec = p.find(sr.section);
    rows.push_back({sec ? detail::title_of(lang, *sec) : sr.section.str(), sr.totals.counts, sr.totals.score});
  }
  rows.push_back({std::string(detail::tr(lang, "Plan")), ev.plan_rollup.counts, ev.plan_rollup.score});
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

std::vector<group> groups(language lang, const plan& p) {
  std::vector<group> out;
  std::set<indicator_id> placed;
  for (const auto& sec : p.sections()) {
    group g{&sec, sec.id.str(), title_of(lang, sec), {}};
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
  group rest{nullptr, "indicators", std::string(tr(lang, "Indicators")), {}};
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

std::string to_go_text(language lang, const std::optional<double>& share) {
  if (!share) return "–";
  if (*share <= 1) return share_text(lang, std::max(0.0, *share));
  return text::fill(tr(lang, "{all} (and {lost} lost)"), {{"all", share_text(lang, 1)}, {"lost", share_text(lang, *share - 1)}});
}

std::vector<std::string> lagging_lines(language lang, const evaluation& ev, const milestone_check& m) {
  // Worst first; `achieved` never lags.
  constexpr status order[] = {status::regressing, status::off_track,  status::needs_acceleration, status::on_track,
                              status::not_due,    status::insufficient_data, status::not_applicable};
  const bool missed = m.state == milestone_state::missed;
  std::vector<std::string> out;
  for (const auto& la : m.lagging) {
    std::string line = la.action.str();
    if (la.score) line.append(" (").append(tr(lang, "score")).append(" ").append(score_text(lang, *la.score)).append(")");
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
        line.append(status_words(lang, li.worst));
        continue;
      }
      std::size_t lagging = 0, shown = 0;
      for (const status st : order)
        if (const std::size_t c = counts[static_cast<std::size_t>(st)]) {
          line.append(shown++ ? ", " : "").append(std::to_string(c)).append(1, ' ').append(status_words(lang, st));
          lagging += c;
        }
      line.append(" (")
          .append(text::fill(text::trn(lang, "{n} of {total} series", "{n} of {total} series", total),
                             {{"n", std::to_string(lagging)}, {"total", std::to_string(total)}}))
          .append(")");
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::string series_count_note(language lang, const evaluation& ev) {
  if (!ev.rolled_up) return {};
  std::size_t groups = 0;
  std::vector<std::string> examples;  // the first two groups, in words
  for (const auto& s : ev.series) {
    if (s.disaggregation.empty()) continue;
    ++groups;
    const std::string words = group_words(lang, s.disaggregation);
    if (examples.size() < 2 && std::find(examples.begin(), examples.end(), words) == examples.end()) examples.push_back(words);
  }
  const std::size_t total = ev.series.size(), counted = ev.plan_rollup.series;
  const auto n = [](std::size_t k) { return std::to_string(k); };
  std::string out = text::fill(text::trn(lang,
                                         "The roll-up counts each indicator's total series once, one per State or one for the collective level, "
                                         "without disaggregated groups: {n} series.",
                                         "The roll-up counts each indicator's total series once, one per State or one for the collective level, "
                                         "without disaggregated groups: {n} series.",
                                         counted),
                               {{"n", n(counted)}});
  if (groups > 0) {
    const std::string such_as =
        examples.size() > 1 ? text::fill(tr(lang, "{first} or {second}"), {{"first", examples.front()}, {"second", examples.back()}}) : examples.front();
    out += ' ';
    out += text::fill(text::trn(lang, "The {total} series of the evaluation also include {n} series of groups (such as {examples})",
                                "The {total} series of the evaluation also include {n} series of groups (such as {examples})", groups),
                      {{"total", n(total)}, {"n", n(groups)}, {"examples", such_as}});
    if (total > counted + groups)
      out += text::fill(text::trn(lang, ", and {n} series outside the roll-up", ", and {n} series outside the roll-up", total - counted - groups),
                        {{"n", n(total - counted - groups)}});
    out += ".";
  } else if (total > counted) {
    out += ' ';
    out += text::fill(text::trn(lang, "The evaluation's other {n} series are outside the roll-up.", "The evaluation's other {n} series are outside the roll-up.",
                                total - counted),
                      {{"n", n(total - counted)}});
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

std::string current_text(language lang, const indicator& ind, const series_result& s, std::size_t max_text) {
  const auto& a = s.outcome;
  if (ind.measure == measure::qualitative && !s.narrative.empty()) {
    std::string t = s.narrative.size() > max_text ? std::string(utf8_prefix(s.narrative, max_text - 3)) + "..." : s.narrative;
    return a.current ? t + " (" + a.current->at.str() + ")" : t;
  }
  if (!a.current) return "–";
  return with_unit(lang, ind, a.current->amount) + " (" + a.current->at.str() + ")";
}

std::string target_text(language lang, const indicator& ind, const series_result& s) {
  if (ind.direction == direction::maintain && ind.range)
    return readable(lang, ind, ind.range->low) + "–" + with_unit(lang, ind, ind.range->high) + (s.target ? " (" + s.target->at.str() + ")" : "");
  if (!s.target) return "–";
  return with_unit(lang, ind, s.target->amount) + " (" + s.target->at.str() + ")";
}

const std::string& milestone_text(language lang, const plan& p, const milestone_check& m) {
  if (const section* sec = p.find(m.section))
    for (const auto& x : sec->milestones)
      if (x.id == m.milestone) return translated(x.translations, "text", lang, m.text);
  return m.text;
}

std::string as_of_text(language lang, const std::optional<date>& d) {
  return d ? text::long_date(lang, *d) : std::string(tr(lang, "the latest data"));
}

std::vector<std::string> source_items(language lang, const plan& p, const indicator& ind, const observation_store* obs,
                                      const std::optional<date>& as_of) {
  std::vector<std::string> out;
  if (obs == nullptr) return out;
  for (const auto& s : indicator_sources(p, *obs, ind.id, as_of))
    out.push_back(text::fill(text::trn(lang, "{source} ({n} point)", "{source} ({n} points)", s.points),
                             {{"source", s.source.empty() ? tr(lang, "no source given") : std::string_view(s.source)}, {"n", std::to_string(s.points)}}));
  if (out.empty() && ind.aggregate) {
    const auto& ag = *ind.aggregate;
    const std::string rule = words_of(to_string(ag.rule));
    out.push_back(ag.of.str().empty() ? text::fill(tr(lang, "computed by its aggregation rule ({rule})"), {{"rule", rule}})
                                      : text::fill(tr(lang, "computed by its aggregation rule ({rule}) from the values of {indicator}"),
                                                   {{"rule", rule}, {"indicator", ag.of.str()}}));
  }
  return out;
}

std::string computed_source(language lang, const indicator& ind) {
  if (!ind.aggregate) return {};
  const auto& ag = *ind.aggregate;
  const std::string rule = words_of(to_string(ag.rule));
  return ag.of.str().empty() ? text::fill(tr(lang, "computed ({rule})"), {{"rule", rule}})
                             : text::fill(tr(lang, "computed ({rule} of {indicator})"), {{"rule", rule}, {"indicator", ag.of.str()}});
}

}  // namespace detail
}  // namespace waypoint::report
