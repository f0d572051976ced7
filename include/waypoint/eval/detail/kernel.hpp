// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file kernel.hpp
/// The kernel: the evaluation of one series, in one place. `evaluate_into` turns the points of a
/// series into one result, of either row type: a `series_result` (with ids, reason, narrative
/// and trace) or a `series_row` (the same figures, texts as views, no trace), the batch rows of
/// the CSV writer. Every entry point (`evaluate`, `evaluate_series`, `evaluate_in_blocks`, the
/// CSV writer, partitions, `live_evaluation`, collective series, the C API) comes here; the
/// scheduler (eval/detail/scheduler.hpp) decides only which rows, in which order, on which thread.
///
/// The steps, in order: gather the points known as of the date (eval/detail/points.hpp); assess
/// them with the method (for batch rows, its fast path `method::assess_values` where it has one);
/// mark a withdrawn entity; fit the trend from the base; the CAGR; then target, milestone,
/// expected path, gaps, plan total and quality counts (`add_figures`).

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/collective.hpp"
#include "waypoint/eval/detail/points.hpp"
#include "waypoint/eval/detail/scheduler.hpp"
#include "waypoint/eval/method.hpp"
#include "waypoint/eval/result.hpp"
#include "waypoint/eval/trajectory.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::detail {

inline double direction_gap(const indicator& ind, double goal, double current) {
  return (ind.direction == direction::decrease ? -1.0 : 1.0) * (goal - current);
}
inline double range_gap(const value_range& r, double v) { return v < r.low ? r.low - v : v > r.high ? v - r.high : 0.0; }

/// Where the target of group `group` of `total` comes from (`group_target_rule`,
/// docs/collective.md): its own `group_targets` entry when it has one and the rule is not `none`;
/// else, under `inherit`, the total's target and milestones; else no target.
enum class group_target_origin : std::uint8_t { own, inherited, none };
inline std::pair<group_target_origin, const group_target*> group_target_of(const indicator& total, const std::string& group) {
  const group_target_rule rule = group_rule_of(total);
  const auto it = std::find_if(total.group_targets.begin(), total.group_targets.end(), [&](const group_target& t) { return t.group == group; });
  if (it != total.group_targets.end() && rule != group_target_rule::none) return {group_target_origin::own, &*it};
  return {rule == group_target_rule::inherit ? group_target_origin::inherited : group_target_origin::none, nullptr};
}

/// The indicator that the series of one group (e.g. sex=female) of `total` is assessed against
/// (`group_target_of`): its own target without milestones, the total's target and milestones, or
/// no target. The total's baseline value never applies: the group's base is its own value at the
/// baseline period.
inline indicator group_indicator(const indicator& total, const std::string& group) {
  indicator g = total;
  if (g.baseline) g.baseline->amount.reset();
  const auto [origin, own] = group_target_of(total, group);
  if (origin != group_target_origin::inherited) {
    g.milestones.clear();
    g.target.reset();
    if (own != nullptr) g.target = own->target;
  }
  return g;
}

/// Where the target of group `group` of `ind` comes from, for the trace: "own (group_targets)",
/// "inherited from the indicator (rule inherit)", or "none (rule own)".
inline std::string group_target_source(const indicator& ind, const std::string& group) {
  switch (group_target_of(ind, group).first) {
    case group_target_origin::own: return "own (group_targets)";
    case group_target_origin::inherited:
      return ind.target ? "inherited from the indicator (rule inherit)" : "none: the indicator has no target (rule inherit)";
    case group_target_origin::none: break;
  }
  return "none (rule " + std::string(to_string(group_rule_of(ind))) + ")";
}

/// The group indicators of one indicator at a time, each built once: a run of series in output
/// order (sorted by indicator, entity, group) asks for the same few groups entity after entity,
/// and copying the whole indicator for every grouped series was measurable (benchmarks/README.md).
class group_indicators {
 public:
  /// The indicator for group `group` of `p.indicators()[k]`. The reference lives until the next
  /// call with another indicator.
  const indicator& get(const plan& p, std::size_t k, const std::string& group) {
    if (k != indicator_) {
      groups_.clear();
      indicator_ = k;
    }
    auto it = groups_.find(group);
    if (it == groups_.end()) it = groups_.emplace(group, group_indicator(p.indicators()[k], group)).first;
    return it->second;
  }

 private:
  std::size_t indicator_ = static_cast<std::size_t>(-1);
  std::map<std::string, indicator, std::less<>> groups_;
};


/// True when `s`'s entity has left (its withdrawal is in effect on `ref_day`): it is no longer assessed.
inline const entity* withdrawn_entity(const plan& p, const series_view& s, std::int32_t ref_day) {
  if (p.entities().empty() || *s.entity == "*") return nullptr;
  const entity* e = p.find_entity(*s.entity);
  return e && e->membership.withdrawn && day_number(*e->membership.withdrawn) <= ref_day ? e : nullptr;
}


/// What a worker keeps between series: buffers reused from series to series (no allocation per
/// series, and no hidden thread-local state), the group indicators of the current indicator, and
/// the words of this run's batch rows that were assessed in full (their views point here).
struct kernel_scratch {
  std::vector<point> pts;
  std::vector<knot> path;
  group_indicators groups;
  std::deque<std::string> words;

  /// Called by the scheduler before each run: the rows of the last run are gone.
  void start_run() { words.clear(); }
  /// Keeps `text` for this run and returns a view of it.
  std::string_view keep(std::string text) { return text.empty() ? std::string_view() : std::string_view(words.emplace_back(std::move(text))); }
};

/// What a batch row must hold. A `series_result` always holds everything.
struct row_needs {
  bool figures = true;  ///< target, milestone, expected and projected values, gaps, plan total, quality counts
  bool reasons = true;  ///< the reason's text (a fast-path row with a reason is then assessed in full)
};

/// The fields of a row besides its assessment, trend and CAGR: plan total, target, projected
/// value, next milestone, gaps and the quality counts, from the assessment `a` and the trend
/// already in `r`. `path` is scratch.
inline void add_figures(const indicator& ind, const point_facts& facts, const assessment_figures& a, std::vector<knot>& path, series_figures& r) {
  r.estimated_points = facts.estimated;
  r.provisional_points = facts.provisional;
  if (facts.any_in_plan) r.plan_total = facts.plan_total;
  if (ind.target)
    if (const auto goal = ind.target->amount.numeric()) r.target = due_value{ind.target->at, *goal, false};
  if (r.target && r.trend.slope) r.projected_value = r.trend.at(ind.target->at.time());
  for (const auto& ms : ind.milestones)
    if (ms.when && ms.amount.numeric() && ms.when->start_days() > facts.ref_day) {
      r.next_milestone = due_value{*ms.when, *ms.amount.numeric(), ms.aspirational};
      break;
    }
  if (a.current && ind.measure != measure::qualitative) {
    const double cur = a.current->amount;
    if (ind.direction == direction::maintain && ind.range) {
      r.gap_to_target = range_gap(*ind.range, cur);
    } else {
      if (r.target) r.gap_to_target = direction_gap(ind, r.target->amount, cur);
      if (r.next_milestone) r.gap_to_milestone = direction_gap(ind, r.next_milestone->amount, cur);
      std::optional<knot> base;
      if (a.base) base = knot{a.base->time, a.base->amount};
      make_path_into(path, ind, base);
      if (auto e = path_value(path, a.current->time)) {
        r.expected_value = *e;
        r.gap_to_trajectory = direction_gap(ind, *e, cur);
      }
    }
  }
}

/// The assessment of the points `pts` of a series: a free-text or yes/no indicator by its own
/// rule, any other by the method. `traces` false: the trace records nothing.
inline assessment assess_full(const plan& p, const indicator& ind, const method& m, std::span<const point> pts, const point_facts& facts,
                              bool traces) {
  const series_input in{ind, pts, traces};
  if (ind.measure == measure::qualitative) {
    assessment a = in.start();
    a.status = status::not_applicable;
    a.category = "not_assessable";
    a.reason = pts.empty() ? "qualitative indicator with no narrative yet" : "qualitative indicator: no computed status";
    if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
    a.trace.rule = "qualitative: the latest narrative is reported; no status is computed";
    if (!facts.last_text.empty()) assign_status_from_narrative(a, facts.last_text);  // `status:WORD; text` assigns one
    return a;
  }
  if (ind.measure == measure::binary) {
    assessment a = in.start();
    a.trace.rule = "binary: achieved when it holds; otherwise not_due before the due date (target, else plan end) and overdue after";
    const std::int32_t due = ind.target ? ind.target->at.end_days() : p.period().end_days();
    a.trace.input("due", iso_of_days(due));
    a.trace.input("reference_date", iso_of_days(facts.ref_day));
    if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
    if (!pts.empty() && pts.back().amount == 1) {
      a.status = status::achieved;
      a.category = "achieved";
    } else if (facts.ref_day <= due) {
      a.status = status::not_due;
      a.category = "not_due";
      if (pts.empty()) a.reason = "no report yet; not due before " + iso_of_days(due);
    } else {
      a.status = status::off_track;
      a.category = "overdue";
    }
    if (traces) trace_points(a.trace, pts);
    return a;
  }
  return m.assess(in);
}

/// Sets the category and reason of a row (a full result copies them; a batch row views the
/// category, which must be static or live in the plan, and keeps the reason in `sc`).
inline void set_words(series_result& r, kernel_scratch& /*sc*/, std::string_view category, std::string reason) {
  r.outcome.category = category;
  r.outcome.reason = std::move(reason);
}
inline void set_words(series_row& r, kernel_scratch& sc, std::string_view category, std::string reason) {
  r.outcome.category = category;
  r.outcome.has_reason = !reason.empty();
  r.reason = sc.keep(std::move(reason));
}

/// Evaluates series `s` with indicator `ind` (its own, or for a group its `group_indicator`) and
/// method `m` as of `as_of`, into `r`: the one evaluation of a series. `Out` is `series_result`
/// (everything, with a trace when `traces`) or `series_row` (what `needs` asks for; `fast`: `m`
/// has a fast path, `method::assess_values`, used where it applies). `r` is default-constructed.
/// Never throws for odd data.
template <class Out>
void evaluate_into(const plan& p, const indicator& ind, const method& m, const series_view& s, const std::optional<date>& as_of, bool traces,
                   bool fast, row_needs needs, kernel_scratch& sc, Out& r) {
  static_assert(std::is_same_v<Out, series_result> || std::is_same_v<Out, series_row>, "a kernel row is a series_result or a series_row");
  constexpr bool full = std::is_same_v<Out, series_result>;
  const point_facts facts = gather_points(p, ind, s, as_of, sc.pts);
  const std::span<const point> pts = sc.pts;
  auto& a = r.outcome;
  // Ids and the assessment.
  if constexpr (full) {
    r.indicator = ind.id;
    r.entity = entity_id{*s.entity};
    r.disaggregation = *s.disaggregation;
    r.method = m.name();
    r.narrative = facts.last_text;
    a = assess_full(p, ind, m, pts, facts, traces);
  } else {
    r.series = static_cast<std::uint32_t>(s.index);
    r.indicator_index = static_cast<std::uint32_t>(s.indicator);
    r.indicator = p.indicators()[s.indicator].id.str();  // not `ind`: a group's copy lives only as long as its run
    r.entity = *s.entity;
    r.disaggregation = *s.disaggregation;
    r.method = m.name();
    r.narrative = facts.last_text;
    const bool numeric = ind.measure != measure::qualitative && ind.measure != measure::binary;
    if (!(fast && numeric && m.assess_values(series_input{ind, pts, false}, a) && !(needs.reasons && a.has_reason))) {
      assessment whole = assess_full(p, ind, m, pts, facts, false);
      a = assessment_values{};
      static_cast<assessment_figures&>(a) = whole;
      set_words(r, sc, sc.keep(std::move(whole.category)), std::move(whole.reason));
    }
  }
  // An entity that has left (withdrawal in effect on the reference date) is no longer assessed.
  if (const entity* e = withdrawn_entity(p, s, facts.ref_day)) {
    a.status = status::not_applicable;
    set_words(r, sc, "withdrawn", e->id.str() + " is no longer a party: its withdrawal took effect on " + to_string(*e->membership.withdrawn));
  }
  if constexpr (full) {
    if (!traces) {
      a.trace = {};
    } else {
      if (!s.disaggregation->empty()) a.trace.input("group_target", group_target_source(ind, *s.disaggregation));
      for (std::size_t k = 0; k < ind.notes.size(); ++k) a.trace.input(k == 0 ? "note" : "note " + std::to_string(k + 1), ind.notes[k]);
    }
  }
  // The trend, the CAGR and the figures.
  const auto trend = trend_from_base(ind, pts, a.base);
  r.trend = trend.fit;
  r.n_points = trend.n_points;
  // The method's own rate when it computed exactly this one (sdg-canada): the same value, one
  // `pow` fewer per series.
  if (a.base && a.current)
    r.cagr = a.cagr ? a.cagr : cagr(cagr_from{.time = a.base->time, .value = a.base->amount}, cagr_to{.time = a.current->time, .value = a.current->amount});
  if (full || needs.figures) add_figures(ind, facts, a, sc.path, r);
}

/// The row of an indicator without observations (`k` in `p.indicators()`).
template <class Out>
void no_data_into(const plan& p, std::size_t k, const method& m, kernel_scratch& sc, Out& r) {
  const indicator& ind = p.indicators()[k];
  const bool collective = ind.scope == scope::collective;
  if constexpr (std::is_same_v<Out, series_result>) {
    r.indicator = ind.id;
    r.entity = collective ? collective_entity() : entity_id{};
    r.method = m.name();
  } else {
    r.indicator_index = static_cast<std::uint32_t>(k);
    r.indicator = ind.id.str();
    r.entity = collective ? std::string_view("*") : std::string_view();
    r.method = m.name();
  }
  r.outcome.status = status::insufficient_data;
  set_words(r, sc, m.no_data_category(), "no observations for this indicator");  // the method's own words: not_available, not_reporting...
  if (ind.target && ind.target->amount.numeric()) r.target = due_value{ind.target->at, *ind.target->amount.numeric(), false};
}

/// Evaluates the collective indicator `k` of `p`, which has an aggregation rule
/// (eval/collective.hpp), into `r`: its values per period go through method `m` like a series of
/// entity `*`; a full result also carries the `collective_detail`. An empty population on the
/// reference date gives `not_applicable`; no member data gives `insufficient_data`.
template <class Out>
void collective_into(const plan& p, const method& m, const observation_store& store, std::size_t k, const std::optional<date>& as_of,
                     bool traces, row_needs needs, kernel_scratch& sc, Out& r) {
  auto detail_ptr = std::make_shared<collective_detail>(aggregate_collective(p, store, k, as_of));
  const collective_detail& cd = *detail_ptr;
  std::vector<std::int32_t> start, end;
  std::vector<period_kind> kind;
  std::vector<double> amount;
  for (const auto& cp : cd.periods)
    if (cp.value) {
      start.push_back(cp.at.start_days());
      end.push_back(cp.at.end_days());
      kind.push_back(cp.at.kind());
      amount.push_back(*cp.value);
    }
  static const std::string star = "*", total;
  const series_view v{.index = 0, .indicator = k, .entity = &star, .disaggregation = &total, .start = start, .kind = kind, .amount = amount,
                      .end_col = end, .reported_col = {}, .flag_col = {}, .text_col = {}, .texts = nullptr};
  evaluate_into(p, p.indicators()[k], m, v, as_of, traces, false, needs, sc, r);
  auto& a = r.outcome;
  const std::string& pop = cd.population.str();
  if (cd.members_now == 0) {
    a.status = status::not_applicable;
    set_words(r, sc, "not_applicable", "population " + pop + " is empty on " + to_string(cd.reference));
  } else if (amount.empty()) {
    a.status = status::insufficient_data;
    set_words(r, sc, m.no_data_category(),
              cd.periods.empty() ? "no member of population " + pop + " reported" : "no period has a value: " + cd.periods.back().why);
  }
  if constexpr (std::is_same_v<Out, series_result>) {
    if (traces) {
      a.trace.input("aggregation", std::string(to_string(cd.rule)));
      a.trace.input("population", pop);
      a.trace.input("population_size_on_" + to_string(cd.reference), static_cast<double>(cd.members_now));
      a.trace.input("not_reported_policy", std::string(to_string(cd.policy)));
      if (!cd.periods.empty()) {
        const auto& last = cd.periods.back();
        const std::string at = " (" + last.at.str() + ")";
        a.trace.input("members" + at, static_cast<double>(last.members));
        for (const collective_group g : groups_of(cd.rule)) a.trace.input(std::string(to_string(g)) + at, join_ids(last.group(g)));
      }
    }
    r.collective = std::move(detail_ptr);
  } else {
    r.series = series_row::no_series;
  }
}

/// `no_data_into` as a full result, for callers that evaluate one row at a time (`live_evaluation`).
inline series_result no_data_row(const plan& p, std::size_t k, const method& m) {
  kernel_scratch sc;
  series_result r;
  no_data_into(p, k, m, sc, r);
  return r;
}

/// `collective_into` as a full result, for callers that evaluate one row at a time (`live_evaluation`).
inline series_result evaluate_collective(const plan& p, const method& m, const observation_store& store, std::size_t k,
                                         const std::optional<date>& as_of, bool traces) {
  kernel_scratch sc;
  series_result r;
  collective_into(p, m, store, k, as_of, traces, {}, sc, r);
  return r;
}

/// What is fixed for the rows of one run: the plan, the date, the configured methods, and which
/// of them have a fast path.
struct kernel_run {
  const plan& p;
  const observation_store& store;
  std::optional<date> as_of;
  bool traces;
  const std::vector<std::unique_ptr<method>>& methods;
  std::vector<char> fast;  ///< per indicator: its method has `method::assess_values`
  row_needs needs;

  kernel_run(const plan& plan_, const observation_store& store_, std::optional<date> as_of_, bool traces_,
             const std::vector<std::unique_ptr<method>>& methods_, row_needs needs_)
      : p(plan_), store(store_), as_of(as_of_), traces(traces_), methods(methods_), fast(methods_.size()), needs(needs_) {
    // A property of the method, so asked once.
    for (std::size_t k = 0; k < methods.size(); ++k) {
      assessment_values probe;
      fast[k] = methods[k]->assess_values(series_input{p.indicators()[k], {}, false}, probe);
    }
  }

  /// Evaluates output row `item` into `r`.
  template <class Out>
  void row(output_item item, kernel_scratch& sc, Out& r) const {
    if (item.no_data) {
      const method& m = *methods[item.index];
      if (p.indicators()[item.index].aggregate) return collective_into(p, m, store, item.index, as_of, traces, needs, sc, r);
      return no_data_into(p, item.index, m, sc, r);
    }
    const auto s = store.series(item.index);
    const indicator& ind = s.disaggregation->empty() ? p.indicators()[s.indicator] : sc.groups.get(p, s.indicator, *s.disaggregation);
    evaluate_into(p, ind, *methods[s.indicator], s, as_of, traces, fast[s.indicator] != 0, needs, sc, r);
  }
};

}  // namespace waypoint::detail
