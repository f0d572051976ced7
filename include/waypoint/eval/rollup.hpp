// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file rollup.hpp
/// Roll-ups over the results graph: a count per status and a weighted score per action, section
/// and plan; the sections' aspirational milestones checked; the challenges (series off track or
/// regressing, worst first); the milestones at risk with the lagging actions that feed them.
/// docs/rollup.md gives every formula with a worked example.
///
/// In short:
/// - A series scores 1 (achieved, on_track), 0.5 (needs_acceleration) or 0 (off_track,
///   regressing); not_due, insufficient_data and not_applicable have no score (`status_score`).
/// - Counts and scores use each indicator's total series (disaggregation ""), one per entity
///   (national) or `*` (collective), so a disaggregated indicator weighs no more than another.
/// - indicator score = the mean score of its scored total series (a national indicator: the mean
///   over its entities).
/// - action score = Σ w·s / Σ w over its scored indicators (w = indicator.weight) and the actions
///   that support it (w = that action's weight, s = its score, already computed: topological
///   order).
/// - section score = Σ w·s / Σ w over its actions and the actions that contribute to it
///   (w = action.weight); the plan score = Σ w·s / Σ w over its sections (w = section.weight), or,
///   for a plan without sections, over all indicators (w = indicator.weight).
/// - A weight of 0 takes a part out of its parent's score; a part without a score is left out.

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/eval/graph.hpp"
#include "waypoint/eval/result.hpp"
#include "waypoint/eval/status.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// The score of a status in roll-ups: achieved and on_track 1, needs_acceleration 0.5,
/// off_track and regressing 0; std::nullopt (left out) for not_due, insufficient_data and
/// not_applicable.
constexpr std::optional<double> status_score(status s) noexcept {
  switch (s) {
    case status::achieved:
    case status::on_track: return 1.0;
    case status::needs_acceleration: return 0.5;
    case status::off_track:
    case status::regressing: return 0.0;
    default: return std::nullopt;
  }
}

/// Counts and weighted score of a part of the plan.
struct rollup {
  std::array<std::size_t, status_count> counts{};  ///< total series per status, indexed by `status`
  std::size_t series = 0;                          ///< Σ counts
  std::optional<double> score;                     ///< weighted score in [0, 1]; none when nothing is scored
  [[nodiscard]] std::size_t count(status s) const noexcept { return counts[static_cast<std::size_t>(s)]; }
};

/// The roll-up of one action: counts over its own indicators; the score also takes the actions
/// that support it.
struct action_rollup {
  action_id action;
  rollup totals;
};

/// The roll-up of one section: counts over the indicators of its own actions and of the actions
/// that contribute to it (cross-cutting ones count in every section they serve).
struct section_rollup {
  section_id section;
  std::vector<action_id> actions;  ///< own actions, then contributing ones, in plan order
  rollup totals;
};

/// The state of a section's aspirational milestone.
enum class milestone_state : std::uint8_t {
  met,       ///< every scored series that feeds it is achieved
  on_track,  ///< not due yet; none of its series is off track or regressing
  at_risk,   ///< not due yet; at least one of its series is off track or regressing
  missed,    ///< due date passed and not met
  not_due,   ///< not due yet and nothing that feeds it can be scored yet
};
constexpr std::string_view to_string(milestone_state s) noexcept {
  constexpr std::string_view n[] = {"met", "on_track", "at_risk", "missed", "not_due"};
  return n[static_cast<int>(s)];
}

/// An indicator behind schedule, under a lagging action.
struct lagging_indicator {
  indicator_id indicator;
  status worst = status::off_track;  ///< its worst lagging status (regressing worst)
  std::size_t series = 0;            ///< how many of its total series lag
};

/// An action that feeds an at-risk or missed milestone and lags.
struct lagging_action {
  action_id action;
  std::optional<double> score;  ///< the action's roll-up score
  std::vector<lagging_indicator> indicators;  ///< in plan order
};

/// A section milestone checked against the statuses of what feeds it.
struct milestone_check {
  section_id section;
  milestone_id milestone;
  std::string text;
  std::optional<date> due;
  milestone_state state = milestone_state::not_due;
  std::vector<action_id> feeding;  ///< `fed_by` plus the actions that support them (transitively), plan order
  rollup feed;                     ///< counts over the feeding actions' indicators; score like a section's (equal action weights as declared)
  std::vector<lagging_action> lagging;  ///< at_risk: actions with a series off track or regressing; missed: any not achieved
};

/// A series off track or regressing.
struct challenge {
  indicator_id indicator;
  entity_id entity;  ///< `*` for the collective
  std::string disaggregation;
  status state = status::off_track;
  std::optional<double> gap_to_target;
  /// gap_to_target / |target − base|: the share of the whole way still to go (> 1: further than
  /// at the base). std::nullopt when a term is missing or target = base.
  std::optional<double> normalised_gap;
  section_id section;
  action_id action;
};

/// Everything rolled up from one evaluation.
struct rollups {
  std::vector<action_rollup> actions;    ///< plan order
  std::vector<section_rollup> sections;  ///< plan order
  rollup plan;
  std::vector<challenge> challenges;       ///< regressing first, then off track; larger normalised gap first; then ids
  std::vector<milestone_check> milestones; ///< every section milestone, in plan order
};

namespace detail {

/// Whether a series lags for a milestone in `state`.
constexpr bool lags(status s, bool missed) noexcept {
  if (s == status::off_track || s == status::regressing) return true;
  return missed && s != status::achieved && s != status::not_applicable;
}
constexpr int severity(status s) noexcept { return s == status::regressing ? 2 : s == status::off_track ? 1 : 0; }

struct weighted {
  double sum = 0, weight = 0;
  void add(const std::optional<double>& s, double w) {
    if (s && w > 0) {
      sum += w * *s;
      weight += w;
    }
  }
  [[nodiscard]] std::optional<double> mean() const { return weight > 0 ? std::optional<double>(sum / weight) : std::nullopt; }
};

inline void add_counts(rollup& into, const rollup& from) {
  for (std::size_t k = 0; k < into.counts.size(); ++k) into.counts[k] += from.counts[k];
  into.series += from.series;
}

}  // namespace detail

/// Rolls `series` (the rows of an evaluation of `p`, as `evaluate` makes them) up over `g` (the
/// graph of `p`), as of `as_of` (std::nullopt: the end of the latest period with data). Pure and
/// deterministic.
inline rollups compute_rollups(const plan& p, const results_graph& g, std::span<const series_result> series,
                               const std::optional<date>& as_of) {
  const auto& inds = p.indicators();
  const auto& acts = p.actions();
  // Per indicator: counts over its total series and its score (mean over scored series).
  std::vector<rollup> ind_roll(inds.size());
  std::vector<detail::weighted> ind_mean(inds.size());
  std::vector<status> ind_worst(inds.size(), status::achieved);
  std::optional<std::int32_t> latest;
  std::size_t hint = 0;
  for (const auto& s : series) {
    // Rows come grouped by indicator: reuse the last lookup.
    if (hint >= inds.size() || inds[hint].id != s.indicator) {
      const auto i = p.indicator_index(s.indicator);
      if (!i) continue;
      hint = *i;
    }
    if (s.outcome.current) latest = std::max(latest.value_or(s.outcome.current->at.end_days()), s.outcome.current->at.end_days());
    if (!s.disaggregation.empty()) continue;
    ++ind_roll[hint].counts[static_cast<std::size_t>(s.outcome.status)];
    ++ind_roll[hint].series;
    ind_mean[hint].add(status_score(s.outcome.status), 1.0);
  }
  for (std::size_t i = 0; i < inds.size(); ++i) ind_roll[i].score = ind_mean[i].mean();

  rollups out;
  out.actions.resize(acts.size());
  out.sections.resize(p.sections().size());
  const auto& G = g.graph();
  // Sources first: indicators, then each action after those that support it, sections, the plan.
  for (const auto v : g.topological_order()) {
    const graph_node& n = G[v];
    if (n.key.kind == node_kind::action) {
      auto& ar = out.actions[n.index];
      ar.action = acts[n.index].id;
      detail::weighted w;
      for (auto [e, end] = boost::in_edges(v, G); e != end; ++e) {
        const graph_node& from = G[boost::source(*e, G)];
        if (G[*e].kind == edge_kind::measures) {
          detail::add_counts(ar.totals, ind_roll[from.index]);
          w.add(ind_roll[from.index].score, inds[from.index].weight);
        } else if (G[*e].kind == edge_kind::supports) {
          w.add(out.actions[from.index].totals.score, acts[from.index].weight);
        }
      }
      ar.totals.score = w.mean();
    } else if (n.key.kind == node_kind::section) {
      auto& sr = out.sections[n.index];
      sr.section = p.sections()[n.index].id;
      std::vector<std::size_t> members;
      for (auto [e, end] = boost::in_edges(v, G); e != end; ++e) members.push_back(G[boost::source(*e, G)].index);
      std::sort(members.begin(), members.end());  // plan order; own actions come first below
      detail::weighted w;
      for (int own = 1; own >= 0; --own)
        for (const auto a : members) {
          if ((acts[a].section == sr.section) != static_cast<bool>(own)) continue;
          sr.actions.push_back(acts[a].id);
          detail::add_counts(sr.totals, out.actions[a].totals);
          w.add(out.actions[a].totals.score, acts[a].weight);
        }
      sr.totals.score = w.mean();
    } else if (n.key.kind == node_kind::plan) {
      detail::weighted w;
      for (std::size_t s = 0; s < out.sections.size(); ++s) w.add(out.sections[s].totals.score, p.sections()[s].weight);
      if (p.sections().empty())
        for (std::size_t i = 0; i < inds.size(); ++i) w.add(ind_roll[i].score, inds[i].weight);
      out.plan.score = w.mean();
    }
  }
  // Plan counts: every total series once (a cross-cutting action counts in several sections, not twice here).
  for (const auto& r : ind_roll) detail::add_counts(out.plan, r);

  // Challenges.
  for (const auto& s : series) {
    if (s.outcome.status != status::off_track && s.outcome.status != status::regressing) continue;
    challenge c{s.indicator, s.entity, s.disaggregation, s.outcome.status, s.gap_to_target, std::nullopt, {}, {}};
    if (s.gap_to_target && s.target && s.outcome.base) {
      const double span = std::abs(s.target->amount - s.outcome.base->amount);
      if (span > 0) c.normalised_gap = *s.gap_to_target / span;
    }
    if (const indicator* ind = p.find(s.indicator)) {
      c.section = ind->section;
      c.action = ind->action;
    }
    out.challenges.push_back(std::move(c));
  }
  std::stable_sort(out.challenges.begin(), out.challenges.end(), [](const challenge& a, const challenge& b) {
    if (detail::severity(a.state) != detail::severity(b.state)) return detail::severity(a.state) > detail::severity(b.state);
    if (a.normalised_gap.has_value() != b.normalised_gap.has_value()) return a.normalised_gap.has_value();
    if (a.normalised_gap && *a.normalised_gap != *b.normalised_gap) return *a.normalised_gap > *b.normalised_gap;
    return std::tie(a.indicator, a.entity, a.disaggregation) < std::tie(b.indicator, b.entity, b.disaggregation);
  });

  // Milestones: each section milestone against the series of what feeds it.
  const std::optional<std::int32_t> ref = as_of ? std::optional<std::int32_t>(day_number(*as_of)) : latest;
  std::map<std::string, std::size_t> action_pos;
  for (std::size_t a = 0; a < acts.size(); ++a) action_pos.emplace(acts[a].id.str(), a);
  std::vector<std::vector<std::size_t>> supporters(acts.size());
  for (std::size_t a = 0; a < acts.size(); ++a)
    for (const auto& b : acts[a].supports)
      if (auto it = action_pos.find(b.str()); it != action_pos.end()) supporters[it->second].push_back(a);
  std::vector<std::vector<std::size_t>> ind_series(inds.size());  // total series of each indicator, for lagging lists
  for (std::size_t k = 0; k < series.size(); ++k)
    if (series[k].disaggregation.empty())
      if (auto i = p.indicator_index(series[k].indicator)) ind_series[*i].push_back(k);
  for (const auto& sec : p.sections())
    for (const auto& m : sec.milestones) {
      milestone_check mc;
      mc.section = sec.id;
      mc.milestone = m.id;
      mc.text = m.text;
      mc.due = m.due;
      // The fed_by actions and, transitively, the actions that support them.
      std::vector<bool> in(acts.size(), false);
      std::vector<std::size_t> stack;
      for (const auto& a : m.fed_by)
        if (auto it = action_pos.find(a.str()); it != action_pos.end()) stack.push_back(it->second);
      while (!stack.empty()) {
        const std::size_t a = stack.back();
        stack.pop_back();
        if (in[a]) continue;
        in[a] = true;
        for (const auto s : supporters[a]) stack.push_back(s);
      }
      detail::weighted w;
      for (std::size_t a = 0; a < acts.size(); ++a)
        if (in[a]) {
          mc.feeding.push_back(acts[a].id);
          for (const auto& iid : acts[a].indicators)
            if (auto i = p.indicator_index(iid)) detail::add_counts(mc.feed, ind_roll[*i]);
          w.add(out.actions[a].totals.score, acts[a].weight);
        }
      mc.feed.score = w.mean();
      const auto& c = mc.feed.counts;
      const std::size_t scored = c[0] + c[1] + c[2] + c[3] + c[4];
      const bool all_achieved = scored > 0 && mc.feed.count(status::achieved) == scored;
      const bool lagging = mc.feed.count(status::off_track) + mc.feed.count(status::regressing) > 0;
      const bool passed = mc.due && ref && day_number(*mc.due) < *ref;
      if (all_achieved) mc.state = milestone_state::met;
      else if (passed) mc.state = milestone_state::missed;
      else if (scored == 0) mc.state = milestone_state::not_due;
      else mc.state = lagging ? milestone_state::at_risk : milestone_state::on_track;
      if (mc.state == milestone_state::at_risk || mc.state == milestone_state::missed) {
        const bool missed = mc.state == milestone_state::missed;
        for (std::size_t a = 0; a < acts.size(); ++a) {
          if (!in[a]) continue;
          lagging_action la{acts[a].id, out.actions[a].totals.score, {}};
          for (const auto& iid : acts[a].indicators) {
            const auto i = p.indicator_index(iid);
            if (!i) continue;
            lagging_indicator li{iid, status::achieved, 0};
            for (const auto k : ind_series[*i]) {
              const status st = series[k].outcome.status;
              if (!detail::lags(st, missed)) continue;
              ++li.series;
              if (li.series == 1 || detail::severity(st) > detail::severity(li.worst)) li.worst = st;
            }
            if (li.series > 0) la.indicators.push_back(li);
          }
          if (!la.indicators.empty()) mc.lagging.push_back(std::move(la));
        }
      }
      out.milestones.push_back(std::move(mc));
    }
  return out;
}

/// Builds the graph of `p` and rolls `series` up over it. Throws `cycle_error` like `results_graph`.
inline rollups compute_rollups(const plan& p, std::span<const series_result> series, const std::optional<date>& as_of) {
  return compute_rollups(p, results_graph(p), series, as_of);
}

}  // namespace waypoint
