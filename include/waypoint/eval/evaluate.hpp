// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file evaluate.hpp
/// `evaluate(plan, observations, as_of, options) -> evaluation`: status, trend and gaps for every
/// indicator × entity × disaggregation series. Pure: no hidden state, and evaluating one series
/// depends only on that series (`evaluate_series`).

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <exception>
#include <mutex>
#include <numeric>
#include <span>
#include <thread>
#include <type_traits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/eval/aggregate.hpp"
#include "waypoint/eval/collective.hpp"
#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods.hpp"
#include "waypoint/eval/result.hpp"
#include "waypoint/eval/rollup.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// How to evaluate.
struct evaluation_options {
  /// Evaluate every indicator with this method instead of its own ("" = each indicator's method).
  std::string method;
  /// Parameters for the run, overriding the indicator's own (e.g. {"tolerance", "0.05"}).
  std::map<std::string, std::string> params;
  /// Record traces. Turn off for large batch runs that do not print them.
  bool traces = true;
  /// Threads to evaluate with; 0 = one per hardware thread. Results do not depend on it.
  unsigned threads = 0;
  /// Evaluate only partition `index` of `count` (0 <= index < count): the series whose
  /// `partition_of(indicator, entity, count)` is `index`. The partitions of one count are disjoint,
  /// cover every row, and merged in (indicator, entity, disaggregation) order give exactly the
  /// single run's rows. All disaggregations of an (indicator, entity) pair fall in one partition.
  struct partition_spec {
    unsigned index = 0;
    unsigned count = 1;
  };
  std::optional<partition_spec> partition;
};

/// The result of evaluating a plan as of a date.
struct evaluation {
  plan_id plan;
  std::optional<date> as_of;         ///< std::nullopt: all data
  std::vector<series_result> series; ///< sorted by indicator, entity, disaggregation
  /// Indicator-level results (per indicator and entity, over its series) for the methods that
  /// define one: today sdg-canada (aggregate.hpp). Sorted like `series`.
  std::vector<indicator_result> indicators;
  /// Roll-ups over the results graph (eval/rollup.hpp, docs/rollup.md); empty for a partition.
  std::vector<action_rollup> actions;    ///< plan order
  std::vector<section_rollup> sections;  ///< plan order
  rollup plan_rollup;
  std::vector<challenge> challenges;       ///< off track or regressing, worst first
  std::vector<milestone_check> milestones; ///< every section milestone, plan order
  bool rolled_up = false;                  ///< the members above are filled (not for a partition)

  /// Fills the roll-up members from `series` (over the graph `g` of `p`).
  void roll_up(const waypoint::plan& p, const results_graph& g) {
    auto r = compute_rollups(p, g, series, as_of);
    actions = std::move(r.actions);
    sections = std::move(r.sections);
    plan_rollup = r.plan;
    challenges = std::move(r.challenges);
    milestones = std::move(r.milestones);
    rolled_up = true;
  }

  /// How many series have each status, indexed by `status`.
  [[nodiscard]] std::array<std::size_t, status_count> status_counts() const {
    std::array<std::size_t, status_count> c{};
    for (const auto& s : series) ++c[static_cast<int>(s.outcome.status)];
    return c;
  }
};

/// A method per indicator, configured once for a run. Throws `waypoint::error` (`method.unknown`,
/// `method.bad_param`) when the options name a method or parameter that does not exist.
inline std::vector<std::unique_ptr<method>> configure_methods(const plan& p, const evaluation_options& opt) {
  std::vector<std::unique_ptr<method>> out;
  out.reserve(p.indicators().size());
  for (const auto& ind : p.indicators()) {
    const bool override_method = !opt.method.empty() && opt.method != ind.method.name;
    std::map<std::string, std::string> params = override_method ? std::map<std::string, std::string>{} : ind.method.params;
    for (const auto& [k, v] : opt.params) params[k] = v;
    try {
      out.push_back(make_method(override_method ? opt.method : ind.method.name, params, ind));
    } catch (const error& e) {
      throw error(e.code(), {}, "indicator " + ind.id.str() + ": " + e.problems().front().message);
    }
  }
  return out;
}

namespace detail {
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
/// and copying the whole indicator for every grouped series cost ~10% of its evaluation.
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

/// What the points of a series say besides their values, for the full result.
struct point_facts {
  std::string_view last_text;  ///< the latest narrative
  double plan_total = 0;       ///< flow indicators: the sum over the periods in the plan period
  bool any_in_plan = false;    ///< a period falls in the plan period
  std::size_t estimated = 0, provisional = 0;
  std::int32_t ref_day = 0;    ///< the cutoff; without one, the end of the latest period (the plan start without points)
};

/// The value of the period starting on `start`, after the accumulation (`running` is the sum so
/// far); a flow in the plan period adds to `f.plan_total`. Inlined into both loops of
/// `gather_points`, where `acc` is often a constant.
[[gnu::always_inline]] inline double accumulated(accumulation acc, double v, std::int32_t start, double& running, std::int32_t plan_start,
                                                 std::int32_t plan_end, point_facts& f) {
  if (acc == accumulation::cumulative) v = running += v;
  if (acc == accumulation::flow && plan_start <= start && start <= plan_end) {
    f.plan_total += v;
    f.any_in_plan = true;
  }
  return v;
}

/// The rows of a series whose periods (start, kind) decide, all known from the start. Each row
/// is a period of its own: a store holds no revision without a `reported_on` (the builder
/// rejects two rows with the same period and `reported_on`).
struct plain_rows {
  const std::int32_t* start;
  const period_kind* kind;
  const double* amount;
  std::size_t n;
  std::int32_t cutoff;
};
/// `gather_points` for `plain_rows` and no flag or narrative: writes the points to `out` (room
/// for `rows.n`) and returns how many; the accumulation is a template argument, so the loop has
/// no branch on it.
template <accumulation Acc>
std::size_t gather_plain(const plain_rows& rows, point* out, std::int32_t plan_start, std::int32_t plan_end, point_facts& f) {
  const std::int32_t* start_of = rows.start;
  const period_kind* kind_of = rows.kind;
  const std::size_t n = rows.n;
  std::size_t k = 0;
  double running = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t start = start_of[i];
    const period_kind kind = kind_of[i];
    const detail::period_facts facts = kind == period_kind::year ? detail::year_period_facts(start) : detail::period_facts_of(start, kind);
    if (facts.end <= rows.cutoff)
      out[k++] = point{period::from_days(start, facts.end, kind), facts.time, accumulated(Acc, rows.amount[i], start, running, plan_start, plan_end, f)};
  }
  return k;
}

/// The points of `s` known as of `as_of` (for revised periods, the latest revision reported by
/// then), after `ind`'s accumulation, into `pts` (cleared first).
inline point_facts gather_points(const plan& p, const indicator& ind, const series_view& s, const std::optional<date>& as_of,
                                 std::vector<point>& pts) {
  const std::int32_t cutoff = as_of ? day_number(*as_of) : std::numeric_limits<std::int32_t>::max();
  // What is read per point is hoisted into locals: the stores into `pts` cannot alias them.
  point_facts f;
  const accumulation acc = ind.accumulation;
  const std::int32_t plan_start = p.period().start_days(), plan_end = p.period().end_days();
  const std::int32_t* start_of = s.start.data();
  const period_kind* kind_of = s.kind.data();
  const double* amount = s.amount.data();
  const obs_flag* flags = s.flag_col.empty() ? nullptr : s.flag_col.data();
  const bool texts = !s.text_col.empty();
  if (s.end_col.empty() && s.reported_col.empty() && !flags && !texts) {
    // The common case, a loop of its own: 45 instead of 74 instructions per point (callgrind).
    const std::size_t n = s.size();
    // Written through a pointer into a vector at least n long, then cut to the points written:
    // no capacity check per point, and elements are constructed only past the longest series
    // this thread has seen.
    if (pts.size() < n) pts.resize(n, point{period::from_days(0, 0, period_kind::day), 0, 0});
    const plain_rows rows{start_of, kind_of, amount, n, cutoff};
    const std::size_t k = acc == accumulation::level        ? gather_plain<accumulation::level>(rows, pts.data(), plan_start, plan_end, f)
                          : acc == accumulation::flow       ? gather_plain<accumulation::flow>(rows, pts.data(), plan_start, plan_end, f)
                                                            : gather_plain<accumulation::cumulative>(rows, pts.data(), plan_start, plan_end, f);
    pts.erase(pts.begin() + static_cast<std::ptrdiff_t>(k), pts.end());
  } else {
    pts.clear();
    double running = 0;
    for_each_known_period(s, cutoff, [&](std::size_t /*first*/, std::size_t pick, const detail::period_facts& facts) {
      const std::int32_t start = start_of[pick];
      const double v = accumulated(acc, amount[pick], start, running, plan_start, plan_end, f);
      if (flags) {
        if (flags[pick] == obs_flag::estimated) ++f.estimated;
        if (flags[pick] == obs_flag::provisional) ++f.provisional;
      }
      if (texts && s.text(pick) != 0) f.last_text = s.narrative(pick);
      pts.push_back({period::from_days(start, facts.end, kind_of[pick]), facts.time, v});
    });
  }
  f.ref_day = as_of ? cutoff : (pts.empty() ? p.period().start_days() : pts.back().at.end_days());
  return f;
}

/// The trend over the points from the base to the current period.
struct base_trend {
  trend_fit fit;          ///< none for free text (qualitative)
  std::size_t n_points;   ///< the points from the base on
};
inline base_trend trend_from_base(const indicator& ind, std::span<const point> pts, const std::optional<anchor>& base) {
  std::size_t from = 0;
  if (base)
    while (from < pts.size() && pts[from].time < base->time) ++from;
  const auto used = pts.subspan(from);
  base_trend t{{}, used.size()};
  if (ind.measure != measure::qualitative)  // no trend in free text
    t.fit = detail::fit_ols_of(used.size(), [&](std::size_t k) { return used[k].time; }, [&](std::size_t k) { return used[k].amount; });
  return t;
}

/// True when `s`'s entity has left (its withdrawal is in effect on `ref_day`): it is no longer assessed.
inline const entity* withdrawn_entity(const plan& p, const series_view& s, std::int32_t ref_day) {
  if (p.entities().empty() || *s.entity == "*") return nullptr;
  const entity* e = p.find_entity(*s.entity);
  return e && e->membership.withdrawn && day_number(*e->membership.withdrawn) <= ref_day ? e : nullptr;
}

/// The fields of a row besides its assessment, trend and CAGR: plan total, target, projected
/// value, next milestone, gaps and the quality counts. The same for a `series_result` and a
/// `series_row`, whose members have the same names; `r.outcome` and `r.trend` must be set.
template <class Row>
void add_figures(const indicator& ind, const point_facts& facts, Row& r) {
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
  const auto& a = r.outcome;
  if (a.current && ind.measure != measure::qualitative) {
    const double cur = a.current->amount;
    if (ind.direction == direction::maintain && ind.range) {
      r.gap_to_target = detail::range_gap(*ind.range, cur);
    } else {
      if (r.target) r.gap_to_target = detail::direction_gap(ind, r.target->amount, cur);
      if (r.next_milestone) r.gap_to_milestone = detail::direction_gap(ind, r.next_milestone->amount, cur);
      std::optional<knot> base;
      if (a.base) base = knot{a.base->time, a.base->amount};
      thread_local std::vector<knot> path;
      make_path_into(path, ind, base);
      if (auto e = path_value(path, a.current->time)) {
        r.expected_value = *e;
        r.gap_to_trajectory = detail::direction_gap(ind, *e, cur);
      }
    }
  }
}

/// `evaluate_series` with the indicator already resolved: the series' own, or for a group its
/// `group_indicator`.
inline series_result evaluate_series_as(const plan& p, const indicator& ind, const method& m, const series_view& s,
                                        const std::optional<date>& as_of, const evaluation_options& opt) {
  // Scratch buffer reused across calls on the same thread: no allocation per series.
  thread_local std::vector<point> pts;
  const point_facts facts = gather_points(p, ind, s, as_of, pts);
  const std::string_view last_text = facts.last_text;
  const std::int32_t ref_day = facts.ref_day;

  // The assessment, built in place in the result (no move of its strings and trace per series).
  const auto assess = [&]() -> assessment {
    assessment a;
    if (ind.measure == measure::qualitative) {
      a.status = status::not_applicable;
      a.category = "not_assessable";
      a.reason = pts.empty() ? "qualitative indicator with no narrative yet" : "qualitative indicator: no computed status";
      if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
      a.trace.rule = "qualitative: the latest narrative is reported; no status is computed";
      if (!last_text.empty()) assign_status_from_narrative(a, last_text);  // `status:WORD; text` assigns one
      return a;
    }
    if (ind.measure == measure::binary) {
      a.trace.rule = "binary: achieved when it holds; otherwise not_due before the due date (target, else plan end) and overdue after";
      const std::int32_t due = ind.target ? ind.target->at.end_days() : p.period().end_days();
      a.trace.input("due", detail::iso_of_days(due));
      a.trace.input("reference_date", detail::iso_of_days(ref_day));
      if (!pts.empty()) a.current = anchor{pts.back().at, pts.back().time, pts.back().amount, false};
      if (!pts.empty() && pts.back().amount == 1) {
        a.status = status::achieved;
        a.category = "achieved";
      } else if (ref_day <= due) {
        a.status = status::not_due;
        a.category = "not_due";
        if (pts.empty()) a.reason = "no report yet; not due before " + detail::iso_of_days(due);
      } else {
        a.status = status::off_track;
        a.category = "overdue";
      }
      if (opt.traces) detail::trace_points(a.trace, pts);
      return a;
    }
    const detail::tracing_scope tracing(opt.traces);  // without traces, methods skip explaining
    return m.assess(series_input{ind, pts});
  };
  series_result r{.indicator = ind.id,
                  .entity = entity_id{*s.entity},
                  .disaggregation = *s.disaggregation,
                  .method = m.name(),
                  .outcome = assess(),
                  .n_points = 0,
                  .trend = {},
                  .cagr = {},
                  .next_milestone = {},
                  .target = {},
                  .expected_value = {},
                  .projected_value = {},
                  .gap_to_milestone = {},
                  .gap_to_target = {},
                  .gap_to_trajectory = {},
                  .plan_total = {},
                  .narrative = std::string(last_text),
                  .estimated_points = 0,
                  .provisional_points = 0,
                  .collective = {}};
  auto& a = r.outcome;
  // An entity that has left (withdrawal in effect on the reference date) is no longer assessed.
  if (const entity* e = withdrawn_entity(p, s, ref_day)) {
    a.status = status::not_applicable;
    a.category = "withdrawn";
    a.reason = e->id.str() + " is no longer a party: its withdrawal took effect on " + to_string(*e->membership.withdrawn);
  }
  if (!opt.traces) {
    a.trace = {};
  } else {
    if (!s.disaggregation->empty()) a.trace.input("group_target", group_target_source(ind, *s.disaggregation));
    for (std::size_t k = 0; k < ind.notes.size(); ++k) a.trace.input(k == 0 ? "note" : "note " + std::to_string(k + 1), ind.notes[k]);
  }

  const auto trend = trend_from_base(ind, pts, a.base);
  r.trend = trend.fit;
  r.n_points = trend.n_points;
  if (a.base && a.current) r.cagr = a.cagr ? a.cagr : cagr(cagr_from{.time = a.base->time, .value = a.base->amount}, cagr_to{.time = a.current->time, .value = a.current->amount});
  add_figures(ind, facts, r);
  return r;
}

}  // namespace detail

/// Evaluates one series. Uses the periods that ended by `as_of` and, where `reported_on` is given,
/// only values reported by then (the latest revision known then). A group's series (a non-empty
/// disaggregation) is assessed against its own group target, or the indicator's under the
/// `inherit` rule (`detail::group_indicator`). Never throws for odd data.
inline series_result evaluate_series(const plan& p, const method& m, const series_view& s, const std::optional<date>& as_of,
                                     const evaluation_options& opt) {
  const indicator& total = p.indicators()[s.indicator];
  if (s.disaggregation->empty()) return detail::evaluate_series_as(p, total, m, s, as_of, opt);
  return detail::evaluate_series_as(p, detail::group_indicator(total, *s.disaggregation), m, s, as_of, opt);
}

/// Evaluates the collective indicator at position `k` of `p.indicators()`, which has an
/// aggregation rule (eval/collective.hpp): its values per period go through method `m` like a
/// series of entity `*`, and the result carries the `collective_detail`. An empty population on
/// the reference date gives `not_applicable`; no member data gives `insufficient_data`.
inline series_result evaluate_collective(const plan& p, const method& m, const observation_store& store, std::size_t k,
                                         const std::optional<date>& as_of, const evaluation_options& opt) {
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
  series_result r = evaluate_series(p, m, v, as_of, opt);
  auto& a = r.outcome;
  const std::string& pop = cd.population.str();
  if (cd.members_now == 0) {
    a.status = status::not_applicable;
    a.category = "not_applicable";
    a.reason = "population " + pop + " is empty on " + to_string(cd.reference);
  } else if (amount.empty()) {
    a.status = status::insufficient_data;
    a.category = m.no_data_category();
    a.reason = cd.periods.empty() ? "no member of population " + pop + " reported" : "no period has a value: " + cd.periods.back().why;
  }
  if (opt.traces) {
    const detail::tracing_scope tracing(true);
    a.trace.input("aggregation", std::string(to_string(cd.rule)));
    a.trace.input("population", pop);
    a.trace.input("population_size_on_" + to_string(cd.reference), static_cast<double>(cd.members_now));
    a.trace.input("not_reported_policy", std::string(to_string(cd.policy)));
    if (!cd.periods.empty()) {
      const auto& last = cd.periods.back();
      const std::string at = " (" + last.at.str() + ")";
      a.trace.input("members" + at, static_cast<double>(last.members));
      for (const collective_group g : groups_of(cd.rule)) a.trace.input(std::string(to_string(g)) + at, detail::join_ids(last.group(g)));
    }
  }
  r.collective = std::move(detail_ptr);
  return r;
}

namespace detail {

/// One row of the output: a series of the store, or the no-data row of an indicator without observations.
struct output_item {
  std::uint32_t index;  ///< series index, or indicator index for a no-data row
  bool no_data;  ///< the row of an indicator without observations
};

/// The output order: by indicator id, then entity and disaggregation (the store's order), with one
/// no-data row for each indicator that has no series.
/// A column: ~8 bytes per series, so on huge pages for large stores (data/column.hpp).
inline column<output_item> output_order(const plan& p, const observation_store& store) {
  const std::size_t n = p.indicators().size();
  std::vector<std::uint32_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return p.indicators()[a].id < p.indicators()[b].id; });
  column<output_item> out;
  out.reserve(store.series_count() + n);
  for (const auto k : by_id) {
    const auto [first, end] = store.series_of(k);
    if (first == end) out.push_back({k, true});
    for (std::size_t i = first; i < end; ++i) out.push_back({static_cast<std::uint32_t>(i), false});
  }
  return out;
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and in every run.
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL) noexcept {
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

}  // namespace detail

/// The partition (0 ... count-1) of the series of `indicator` and `entity`: a stable hash, the same
/// on every machine, so partitions can be evaluated anywhere and merged.
constexpr unsigned partition_of(std::string_view indicator, std::string_view entity, unsigned count) noexcept {
  return count <= 1 ? 0u : static_cast<unsigned>(detail::fnv1a(entity, detail::fnv1a("\x1f", detail::fnv1a(indicator))) % count);
}

namespace detail {

/// The row of an indicator without observations.
inline series_result no_data_row(const indicator& ind, const method& m) {
  series_result r;
  r.indicator = ind.id;
  r.entity = ind.scope == scope::collective ? collective_entity() : entity_id{};
  r.method = m.name();
  r.outcome.status = status::insufficient_data;
  r.outcome.category = m.no_data_category();  // the method's own words: not_available, not_reporting...
  r.outcome.reason = "no observations for this indicator";
  if (ind.target && ind.target->amount.numeric()) r.target = due_value{ind.target->at, *ind.target->amount.numeric(), false};
  return r;
}

/// Converts to the `series_result` its function returns: `vector::emplace_back(in_place_result{f})`
/// then builds the result directly in the vector's storage.
template <class F>
struct in_place_result {
  F make;
  operator series_result() const { return make(); }  // NOLINT: implicit on purpose
};
template <class F>
in_place_result(F) -> in_place_result<F>;

inline unsigned thread_count(unsigned requested) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return requested == 0 ? hw : requested;
}

}  // namespace detail

namespace detail {

/// The output order of a run: every row, or only those of `opt.partition`. Throws
/// `waypoint::error` (`eval.bad_partition`) for a partition that does not exist.
inline column<output_item> run_order(const plan& p, const observation_store& store, const evaluation_options& opt) {
  auto order = output_order(p, store);
  if (opt.partition) {
    const unsigned index = opt.partition->index, count = opt.partition->count;  // not a structured binding: clang 14 cannot capture one
    if (count == 0 || index >= count)
      throw error("eval.bad_partition", {}, "partition " + std::to_string(index) + "/" + std::to_string(count) + " does not exist (need 0 <= K < N)");
    std::erase_if(order, [&](const output_item& it) {
      const auto& ind = p.indicators()[it.no_data ? it.index : store.series(it.index).indicator];
      const std::string_view entity = it.no_data ? (ind.scope == scope::collective ? std::string_view("*") : std::string_view())
                                                     : std::string_view(*store.series(it.index).entity);
      return partition_of(ind.id.str(), entity, count) != index;
    });
  }
  return order;
}

/// The block machinery of `evaluate_in_blocks` for rows of type `Row`: `emit(state, out, item)`
/// appends the row of `item` to `out`; each part has its own `State`, whose `start_run()` is called
/// before each run.
template <class Row, class State, class Emit, class OnPart, class OnBlock>
void run_blocks(const column<output_item>& order, unsigned requested_threads, Emit&& emit, OnPart&& on_part, OnBlock&& on_block,
                std::size_t block_size, std::size_t chunk_rows) {
  const std::size_t parts = std::max<std::size_t>(1, thread_count(requested_threads));
  const std::size_t chunk = std::max<std::size_t>(1, chunk_rows);
  std::vector<column<Row>> results(parts);
  std::vector<State> states(parts);
  std::vector<std::exception_ptr> failed(parts);
  for (std::size_t begin = 0; begin < order.size(); begin += block_size) {
    const std::size_t end = std::min(order.size(), begin + block_size);
    // The workers take the block's runs in turn (the next run not yet taken), so a worker slowed
    // by other work on the machine takes fewer runs instead of holding the block up.
    std::atomic<std::size_t> next{begin};
    auto work = [&](std::size_t k) {
      try {
        auto& out = results[k];
        // Runs of a few hundred results are written and read while in cache.
        for (std::size_t run = next.fetch_add(chunk); run < end; run = next.fetch_add(chunk)) {
          const std::size_t run_end = std::min(end, run + chunk);
          out.clear();
          out.reserve(run_end - run);
          states[k].start_run();
          for (std::size_t i = run; i < run_end; ++i) emit(states[k], out, order[i]);
          on_part(run, std::span<Row>(out));
        }
      } catch (...) {
        failed[k] = std::current_exception();
        next = end;  // the other workers stop at their next run
      }
    };
    if (parts == 1 || end - begin < 2 * parts) {
      for (std::size_t k = 0; k < parts; ++k) work(k);
    } else {
      std::vector<std::thread> pool;
      pool.reserve(parts - 1);
      for (std::size_t k = 1; k < parts; ++k) pool.emplace_back(work, k);
      work(0);
      for (auto& t : pool) t.join();
    }
    for (auto& e : failed)
      if (e) std::rethrow_exception(e);
    on_block();
  }
}

/// The full result of output row `item`.
inline series_result full_row(const plan& p, const observation_store& store, const std::optional<date>& as_of, const evaluation_options& opt,
                              const std::vector<std::unique_ptr<method>>& methods, group_indicators& groups, output_item item) {
  if (item.no_data && p.indicators()[item.index].aggregate) return evaluate_collective(p, *methods[item.index], store, item.index, as_of, opt);
  if (item.no_data) return no_data_row(p.indicators()[item.index], *methods[item.index]);
  const auto s = store.series(item.index);
  const method& m = *methods[s.indicator];
  if (s.disaggregation->empty()) return evaluate_series_as(p, p.indicators()[s.indicator], m, s, as_of, opt);
  return evaluate_series_as(p, groups.get(p, s.indicator, *s.disaggregation), m, s, as_of, opt);
}

struct full_state {
  group_indicators groups;
  void start_run() {}
};

/// The fast path of `evaluate_values_in_blocks` for one series: fills `v` and returns true, or
/// returns false when the series needs the full path (free text, binary, a withdrawn entity, a
/// method without `method::assess_values`, or for a `series_row` an assessment with a reason).
template <class Row>
bool evaluate_values_as(const plan& p, const indicator& ind, const method& m, const series_view& s, const std::optional<date>& as_of,
                        Row& v) {
  if (ind.measure == measure::qualitative || ind.measure == measure::binary) return false;
  thread_local std::vector<point> pts;
  const point_facts facts = gather_points(p, ind, s, as_of, pts);
  if (withdrawn_entity(p, s, facts.ref_day)) return false;
  auto& a = v.outcome;
  if (!m.assess_values(series_input{ind, pts}, a)) return false;
  constexpr bool whole_row = std::is_same_v<Row, series_row>;
  if (whole_row && a.has_reason) return false;  // the reason is built by the full path
  v.method = m.name();  // the registry's name: static storage
  const auto trend = trend_from_base(ind, pts, a.base);
  v.trend = trend.fit;
  v.n_points = trend.n_points;
  if (a.base && a.current) v.cagr = a.cagr ? a.cagr : cagr(cagr_from{.time = a.base->time, .value = a.base->amount}, cagr_to{.time = a.current->time, .value = a.current->amount});
  if constexpr (whole_row) add_figures(ind, facts, v);
  return true;
}

/// The row of a full result (the rows the fast path leaves to `full_row`). The category (and a
/// `series_row`'s reason) point into `r`.
template <class Row>
Row values_of(const series_result& r, std::uint32_t series, std::uint32_t indicator) {
  Row v;
  v.series = series;
  v.indicator = indicator;
  v.method = r.method;
  const auto& a = r.outcome;
  v.outcome = assessment_values{a.status, a.category, a.score, a.progress_value, a.base, a.current, !a.reason.empty(), a.cagr};
  v.n_points = r.n_points;
  v.trend = r.trend;
  v.cagr = r.cagr;
  if constexpr (std::is_same_v<Row, series_row>) {
    v.reason = a.reason;
    v.next_milestone = r.next_milestone;
    v.target = r.target;
    v.expected_value = r.expected_value;
    v.projected_value = r.projected_value;
    v.gap_to_milestone = r.gap_to_milestone;
    v.gap_to_target = r.gap_to_target;
    v.gap_to_trajectory = r.gap_to_trajectory;
    v.plan_total = r.plan_total;
    v.estimated_points = r.estimated_points;
    v.provisional_points = r.provisional_points;
    v.current_status = a.current_status;
    v.interval_low = a.interval_low;
    v.interval_high = a.interval_high;
  }
  return v;
}

struct values_state {
  group_indicators groups;
  std::deque<series_result> full;  ///< this run's full results, which the rows' categories point into (stable addresses)
  void start_run() { full.clear(); }
};

}  // namespace detail

/// Evaluates every series (and the rows of indicators without data) in output order,
/// in blocks of `block_size` rows spread over `opt.threads` threads. Each block is cut into runs
/// of at most `chunk_rows` consecutive rows, which the threads take in turn:
/// `on_part(first_row, std::span<series_result>)` runs on the worker thread that evaluated the run
/// (`first_row` is the run's position in the output; the runs of a block arrive in no set order,
/// and concurrently), and then `on_block()` runs on the calling thread once every run of the block
/// is done. The results of a run live only until its
/// `on_part` returns (move them out to keep them), so they stay in the processor's cache and
/// memory stays bounded whatever the store size. The first exception a callback throws is
/// rethrown after the block. Throws `waypoint::error` for bad options, like `evaluate`.
template <class OnPart, class OnBlock>
void evaluate_in_blocks(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                        const evaluation_options& opt, OnPart&& on_part, OnBlock&& on_block, std::size_t block_size = 16384,
                        std::size_t chunk_rows = 256) {
  const auto methods = configure_methods(p, opt);
  const auto order = detail::run_order(p, store, opt);
  detail::run_blocks<series_result, detail::full_state>(
      order, opt.threads,
      [&](detail::full_state& st, detail::column<series_result>& out, detail::output_item item) {
        // Built in place in `out` (guaranteed copy elision through the conversion): no 800-byte move per series.
        out.emplace_back(detail::in_place_result{[&] { return detail::full_row(p, store, as_of, opt, methods, st.groups, item); }});
      },
      on_part, on_block, block_size, chunk_rows);
}

/// `evaluate_in_blocks` for batch runs that need only each row's values: `Row` is `series_values`
/// (status, category, score, progress value, base, current, trend, CAGR) or `series_row` (those
/// and the rest of a CSV row: target, milestone, expected and projected values, gaps, plan total,
/// quality counts, reason), each equal to the same field of the full result. Where the method has
/// a fast path (`method::assess_values`; today sdg-canada) no string, reason or trace is built;
/// other rows (other methods, free text, binary, collective, withdrawn entities, indicators
/// without data, and for `series_row` assessments with a reason) are evaluated in full and
/// projected. `on_part(first_row, std::span<Row>)` and `on_block()` run as in
/// `evaluate_in_blocks`; a row's `outcome.category` (and `reason`) are valid until its `on_part`
/// returns. Throws like `evaluate_in_blocks`.
template <class Row = series_values, class OnPart, class OnBlock>
void evaluate_values_in_blocks(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                               const evaluation_options& opt, OnPart&& on_part, OnBlock&& on_block, std::size_t block_size = 16384,
                               std::size_t chunk_rows = 256) {
  static_assert(std::is_same_v<Row, series_values> || std::is_same_v<Row, series_row>, "Row is series_values or series_row");
  const auto methods = configure_methods(p, opt);
  const auto order = detail::run_order(p, store, opt);
  evaluation_options full_opt = opt;
  full_opt.traces = false;  // the values keep no trace
  // Which indicators' methods have a fast path (a property of the method, so asked once): the
  // others go straight to the full path instead of gathering their points twice.
  std::vector<char> fast(methods.size());
  for (std::size_t k = 0; k < methods.size(); ++k) {
    assessment_values probe;
    fast[k] = methods[k]->assess_values(series_input{p.indicators()[k], {}}, probe);
  }
  detail::run_blocks<Row, detail::values_state>(
      order, opt.threads,
      [&](detail::values_state& st, detail::column<Row>& out, detail::output_item item) {
        std::uint32_t series = series_values::no_series, k = item.index;
        if (!item.no_data) {
          const auto s = store.series(item.index);
          series = item.index;
          k = static_cast<std::uint32_t>(s.indicator);
          if (fast[k]) {
            const indicator& ind = s.disaggregation->empty() ? p.indicators()[k] : st.groups.get(p, k, *s.disaggregation);
            Row& v = out.emplace_back();
            v.series = series;
            v.indicator = k;
            if (detail::evaluate_values_as(p, ind, *methods[k], s, as_of, v)) return;
            out.pop_back();
          }
        }
        out.push_back(detail::values_of<Row>(st.full.emplace_back(detail::full_row(p, store, as_of, full_opt, methods, st.groups, item)), series, k));
      },
      on_part, on_block, block_size, chunk_rows);
}

/// Evaluates every series of `store` against `p`, as of `as_of` (std::nullopt: all data), in
/// parallel over `opt.threads` threads; the result does not depend on the thread count. Adds one
/// `insufficient_data` row (entity `*` for collective indicators, "" for national ones) for each
/// indicator without any observation. Throws `waypoint::error` only for bad options (unknown
/// method or parameter), and `cycle_error` (`graph.cycle`) for a plan built in code whose
/// `supports` links loop (plan files are checked when loaded); missing or odd data become
/// statuses with reasons. Fills the roll-ups, challenges and milestone checks (not for a partition).
inline evaluation evaluate(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                           const evaluation_options& opt = {}) {
  evaluation ev;
  ev.plan = p.id();
  ev.as_of = as_of;
  ev.series.resize(store.series_count() + p.indicators().size());
  std::size_t rows = 0;  // the output may hold fewer rows than reserved (a partition)
  std::mutex m;
  evaluate_in_blocks(
      p, store, as_of, opt,
      [&](std::size_t first, std::span<series_result> part) {
        std::move(part.begin(), part.end(), ev.series.begin() + static_cast<std::ptrdiff_t>(first));
        const std::lock_guard<std::mutex> lock(m);
        rows = std::max(rows, first + part.size());
      },
      [] {});
  ev.series.resize(rows);
  ev.indicators = aggregate_indicators(ev.series, opt.traces);
  if (!opt.partition) ev.roll_up(p, results_graph(p));  // a partition holds only some series: no roll-up
  return ev;
}

/// The values of every series, for batch runs that keep them in memory (`evaluate_batch`).
struct batch_evaluation {
  std::optional<date> as_of;          ///< std::nullopt: all data
  std::vector<series_values> series;  ///< sorted like `evaluation::series`, with the same rows
  /// The storage that the rows' `outcome.category` and `method` point into. Shared by copies, so
  /// the rows of a copy stay valid too.
  std::shared_ptr<const std::set<std::string, std::less<>>> labels;
};

/// `evaluate` for large batch runs that need only the values of each row (`series_values`, each
/// field equal to the same field of `evaluate`'s `series`): no roll-ups, indicator results,
/// reasons or traces, and on the fast path of `evaluate_values_in_blocks` no strings per series.
/// ~230 bytes a row. Throws like `evaluate`.
inline batch_evaluation evaluate_batch(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                                       const evaluation_options& opt = {}) {
  batch_evaluation b;
  b.as_of = as_of;
  b.series.resize(store.series_count() + p.indicators().size());
  auto labels = std::make_shared<std::set<std::string, std::less<>>>();
  std::size_t rows = 0;  // the output may hold fewer rows than reserved (a partition)
  std::mutex m;
  const auto intern = [&](std::string_view text) -> std::string_view {
    auto it = labels->find(text);
    if (it == labels->end()) it = labels->emplace(text).first;
    return *it;
  };
  evaluate_values_in_blocks(
      p, store, as_of, opt,
      [&](std::size_t first, std::span<series_values> part) {
        const std::lock_guard<std::mutex> lock(m);
        for (std::size_t k = 0; k < part.size(); ++k) {
          series_values& v = b.series[first + k];
          v = part[k];
          v.outcome.category = intern(v.outcome.category);
          v.method = intern(v.method);
        }
        rows = std::max(rows, first + part.size());
      },
      [] {});
  b.series.resize(rows);
  b.labels = std::move(labels);
  return b;
}

}  // namespace waypoint
