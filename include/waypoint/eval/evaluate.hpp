// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file evaluate.hpp
/// `evaluate(plan, observations, as_of, options) -> evaluation`: status, trend and gaps for every
/// indicator × entity × disaggregation series. Pure: no hidden state, and evaluating one series
/// depends only on that series (`evaluate_series`).
///
/// What a user calls:
/// - `evaluate`: the whole evaluation in memory, with roll-ups (`evaluation`);
/// - `evaluate_in_blocks<Row>`: the rows streamed in output order, in bounded memory, as full
///   results (`series_result`) or as batch rows (`series_row`, what the CSV writer uses);
/// - `evaluate_series`: one series;
/// - `configure_methods`, `partition_of`: the pieces of a run a host may want on their own.
///
/// Where things are: the evaluation of one series is `detail::evaluate_into` in
/// eval/detail/kernel.hpp; the output order, partitions and threads are eval/detail/scheduler.hpp;
/// the fields of a result are eval/fields.hpp.

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
#include "waypoint/eval/detail/kernel.hpp"
#include "waypoint/eval/detail/scheduler.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// The most threads a run may ask for: more is a mistake (e.g. -1 read as unsigned), refused
/// before anything is allocated (`eval.bad_threads`).
inline constexpr unsigned max_threads = 1024;

/// How to evaluate.
struct evaluation_options {
  /// Evaluate every indicator with this method instead of its own ("" = each indicator's method).
  std::string method;
  /// Parameters for the run, overriding the indicator's own (e.g. {"tolerance", "0.05"}).
  std::map<std::string, std::string> params;
  /// Record traces. Turn off for large batch runs that do not print them.
  bool traces = true;
  /// Threads to evaluate with; 0 = one per hardware thread; at most `max_threads`. Results do not
  /// depend on it.
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

/// Streams every row of the evaluation (the series, and a row for each indicator without
/// observations) in output order, in bounded memory: rows are evaluated in blocks of
/// `block_size`, each cut into runs of at most `chunk_rows` consecutive rows that `opt.threads`
/// threads take in turn. `Row` is `series_result` (everything, as `evaluate` gives it) or
/// `series_row` (the same fields without trace or collective detail, texts as views; `needs`
/// says which figures and reasons to compute, and where the method has a fast path no string is
/// built). After each run, `on_part(first_row, std::span<Row>)` runs on the worker thread that
/// evaluated it (`first_row` is the run's position in the output; the runs of a block arrive in
/// no set order, and concurrently); then `on_block()` runs on the calling thread once every run of
/// the block is done. A run's rows live only until its `on_part` returns (move full results out to
/// keep them; a `series_row`'s views are valid until then). The first exception a callback throws
/// is rethrown after its block. Throws `waypoint::error` for bad options, like `evaluate`
/// (`eval.bad_threads` for more than `max_threads`).
template <class Row = series_result, class OnPart, class OnBlock>
void evaluate_in_blocks(const plan& p, const observation_store& store, const std::optional<date>& as_of, const evaluation_options& opt,
                        OnPart&& on_part, OnBlock&& on_block, detail::row_needs needs = {}, std::size_t block_size = 16384,
                        std::size_t chunk_rows = 256) {
  static_assert(std::is_same_v<Row, series_result> || std::is_same_v<Row, series_row>, "Row is series_result or series_row");
  if (opt.threads > max_threads)
    throw error(errc::eval_bad_threads, {}, "threads " + std::to_string(opt.threads) + ": at most " + std::to_string(max_threads));
  const auto methods = configure_methods(p, opt);
  std::optional<detail::partition_index> part;
  if (opt.partition) part = detail::partition_index{opt.partition->index, opt.partition->count};
  const auto order = detail::run_order(p, store, part);
  const detail::kernel_run run(p, store, as_of, opt.traces && std::is_same_v<Row, series_result>, methods, needs);
  detail::run_blocks<Row, detail::kernel_scratch>(
      order, opt.threads, [&](detail::kernel_scratch& sc, Row& r, detail::output_item item) { run.row(item, sc, r); }, on_part, on_block,
      block_size, chunk_rows);
}

/// Evaluates one series of a store with method `m` (see `configure_methods`). Uses the periods
/// that ended by `as_of` and, where `reported_on` is given, only values reported by then (the
/// latest revision known then). A group's series (a non-empty disaggregation) is assessed against
/// its own group target, or the indicator's under the `inherit` rule. Never throws for odd data.
inline series_result evaluate_series(const plan& p, const method& m, const series_view& s, const std::optional<date>& as_of,
                                     const evaluation_options& opt) {
  detail::kernel_scratch sc;
  const indicator& ind = s.disaggregation->empty() ? p.indicators()[s.indicator] : sc.groups.get(p, s.indicator, *s.disaggregation);
  series_result r;
  detail::evaluate_into(p, ind, m, s, as_of, opt.traces, false, {}, sc, r);
  return r;
}

/// Evaluates every series of `store` against `p`, as of `as_of` (std::nullopt: all data), in
/// parallel over `opt.threads` threads; the result does not depend on the thread count. Adds one
/// `insufficient_data` row (entity `*` for collective indicators, "" for national ones) for each
/// indicator without any observation. Throws `waypoint::error` only for bad options (unknown
/// method or parameter, `eval.bad_partition`), and `cycle_error` (`graph.cycle`) for a plan built
/// in code whose `supports` links loop (plan files are checked when loaded); missing or odd data
/// become statuses with reasons. Fills the roll-ups, challenges and milestone checks (not for a
/// partition).
inline evaluation evaluate(const plan& p, const observation_store& store, const std::optional<date>& as_of,
                           const evaluation_options& opt = {}) {
  evaluation ev;
  ev.plan = p.id();
  ev.as_of = as_of;
  ev.series.resize(store.series_count() + p.indicators().size());
  std::size_t rows = 0;  // the output may hold fewer rows than reserved (a partition)
  std::mutex m;
  evaluate_in_blocks<series_result>(
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

}  // namespace waypoint
