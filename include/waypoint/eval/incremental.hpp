// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file incremental.hpp
/// `live_evaluation`: an evaluation that takes new observations and re-evaluates only the series
/// they touch (and the roll-ups those series feed), at a cost that does not grow with the store.

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "waypoint/eval/evaluate.hpp"

namespace waypoint {

/// An evaluation kept up to date as observations arrive.
///
/// Construction evaluates everything once (like `evaluate`). `update` adds observations: each
/// touched series gets its own copy of its rows (the base store stays immutable) and is
/// re-evaluated; nothing else is. `snapshot()` is always identical to `evaluate()` on the base
/// store plus every update. Not thread-safe for concurrent updates; `snapshot` and
/// `status_counts` may run concurrently with each other.
class live_evaluation {
 public:
  /// Evaluates `store` against `p` as of `as_of`. The plan must outlive this object. Throws like
  /// `evaluate` (including `cycle_error` for a plan whose `supports` links loop).
  live_evaluation(const plan& p, observation_store store, std::optional<date> as_of, evaluation_options opt = {})
      : plan_(&p), base_(std::move(store)), as_of_(as_of), opt_(std::move(opt)), methods_(configure_methods(p, opt_)), graph_(p) {
    if (opt_.partition) throw error(errc::eval_bad_partition, {}, "a live evaluation covers every series; partitions are for batch runs");
    base_results_.resize(base_.series_count());
    overridden_.assign(base_.series_count(), false);
    series_per_indicator_.assign(p.indicators().size(), 0);
    for (std::size_t k = 0; k < p.indicators().size(); ++k) {
      const auto [first, end] = base_.series_of(k);
      series_per_indicator_[k] = end - first;
    }
    const auto order = detail::output_order(p, base_);
    for (std::size_t k = 0; k < p.indicators().size(); ++k)
      if (p.indicators()[k].aggregate) collective_.emplace(k, series_result{});
    evaluate_in_blocks(
        p, base_, as_of_, opt_,
        [&](std::size_t first, std::span<series_result> part) {
          // Rows arrive in output order; keep series rows by their store index (no-data rows are recomputed).
          for (std::size_t k = 0; k < part.size(); ++k) {
            const auto item = order[first + k];
            if (!item.no_data) base_results_[item.index] = std::move(part[k]);
            else if (p.indicators()[item.index].aggregate) collective_.at(item.index) = std::move(part[k]);  // keys made below, before any thread runs
          }
        },
        [] {});
    for (const auto& r : base_results_) ++counts_[static_cast<int>(r.outcome.status)];
    for (std::size_t k = 0; k < p.indicators().size(); ++k)
      if (series_per_indicator_[k] == 0) ++counts_[static_cast<int>(no_data(k).outcome.status)];
  }

  /// Adds `rows` and re-evaluates the series they belong to. Checks every row first, with the
  /// observation store's own checks (`detail::check_row`: unknown indicator or entity, a bad group,
  /// an aggregated indicator, NaN/inf, a percentage outside 0-100) and its duplicate rule (a
  /// period given twice with the same `reported_on`), so a row gets the code and message a loader
  /// would give it. On any problem, throws `waypoint::error` listing every one, ordered like a
  /// loader's, without changing anything. Returns the number of series re-evaluated.
  std::size_t update(std::span<const observation> rows) {
    std::vector<problem> problems;
    std::map<key, owned_series> staged;
    std::map<std::tuple<key, std::int32_t, std::int32_t, std::int32_t>, location> given;  // this update's rows: where a duplicate was first given
    const std::size_t texts_before = texts_.size();
    for (const auto& o : rows) {
      const auto idx = plan_->indicator_index(o.indicator);
      const indicator* ind = idx ? &plan_->indicators()[*idx] : nullptr;
      const auto where = [&] { return location{o.where.file, o.where.line, o.where.column, {}}; };  // as the store locates a row
      if (!detail::check_row(*plan_, ind, o.indicator.str(), o.entity.str(), o.disaggregation, o.amount, false, where, problems)) continue;
      if (!detail::check_row_texts(o.entity.str(), o.disaggregation, o.source, o.text, false, where, problems)) continue;
      const key k{o.indicator.str(), o.entity.str(), o.disaggregation};
      auto it = staged.find(k);
      if (it == staged.end()) it = staged.emplace(k, current_rows(*idx, k)).first;
      const std::int32_t rep = o.reported_on ? day_number(*o.reported_on) : no_report_date;
      const auto row = std::make_tuple(k, o.period.start_days(), o.period.end_days(), rep);
      if (it->second.insert(o, texts_)) {
        given.emplace(row, where());
      } else {
        const auto first = given.find(row);
        problems.push_back(detail::duplicate_row(*ind, o.entity.str(), o.disaggregation, o.period, where(), first == given.end() ? nullptr : &first->second));
      }
    }
    if (!problems.empty()) {
      texts_.resize(texts_before);  // the narratives staged above
      detail::sort_problems(problems);
      throw error(std::move(problems));
    }
    std::set<std::size_t> touched;
    for (auto& [k, s] : staged) {
      const auto base = base_.find_series(s.indicator, std::get<1>(k), std::get<2>(k));
      auto old = owned_.find(k);
      // Take the series' old status out of the counts: its own result, or its indicator's no-data row.
      if (old != owned_.end()) --counts_[static_cast<int>(old->second.result.outcome.status)];
      else if (base) --counts_[static_cast<int>(base_results_[*base].outcome.status)];
      else if (series_per_indicator_[s.indicator]++ == 0) --counts_[static_cast<int>(no_data(s.indicator).outcome.status)];
      if (base) overridden_[*base] = true;
      s.result = evaluate_series(*plan_, *methods_[s.indicator], s.view(texts_), as_of_, opt_);
      ++counts_[static_cast<int>(s.result.outcome.status)];
      touched.insert(s.indicator);
      owned_.insert_or_assign(k, std::move(s));
    }
    // Collective indicators computed from a touched indicator: re-aggregated from that indicator's rows only.
    std::size_t collective = 0;
    for (auto& [k, result] : collective_) {
      const auto& ag = *plan_->indicators()[k].aggregate;
      const bool affected = std::any_of(touched.begin(), touched.end(), [&](std::size_t t) {
        const auto& id = plan_->indicators()[t].id;
        return id == ag.of || id == ag.denominator;
      });
      if (!affected) continue;
      --counts_[static_cast<int>(result.outcome.status)];
      result = detail::evaluate_collective(*plan_, *methods_[k], sources_of(ag), k, as_of_, opt_.traces);
      ++counts_[static_cast<int>(result.outcome.status)];
      ++collective;
    }
    return staged.size() + collective;
  }

  /// Number of series per normalised status, kept up to date by `update` (indexed by `status`).
  [[nodiscard]] const std::array<std::size_t, status_count>& status_counts() const noexcept { return counts_; }

  /// The whole evaluation now: identical to `evaluate()` on the base store plus every update.
  [[nodiscard]] evaluation snapshot() const {
    evaluation ev;
    ev.plan = plan_->id();
    ev.as_of = as_of_;
    ev.series.reserve(base_results_.size() + owned_.size() + plan_->indicators().size());
    // The base store's output order (`detail::output_order`, as `evaluate` writes it), with each
    // updated series merged in at its key (owned_ is sorted by the same key).
    auto owned = owned_.begin();
    const auto take_owned_while = [&](auto&& before) {
      for (; owned != owned_.end() && before(owned->first); ++owned) ev.series.push_back(owned->second.result);
    };
    for (const auto item : detail::output_order(*plan_, base_)) {
      if (item.no_data) {  // an indicator without base series: its updated series, else its no-data row
        const std::string& id = plan_->indicators()[item.index].id.str();
        take_owned_while([&](const key& k) { return std::get<0>(k) < id; });
        if (series_per_indicator_[item.index] == 0) ev.series.push_back(no_data(item.index));
        else take_owned_while([&](const key& k) { return std::get<0>(k) == id; });
        continue;
      }
      const series_result& r = base_results_[item.index];
      take_owned_while([&](const key& k) { return std::tie(std::get<0>(k), std::get<1>(k), std::get<2>(k)) < std::tie(r.indicator.str(), r.entity.str(), r.disaggregation); });
      if (!overridden_[item.index]) ev.series.push_back(r);  // else its owned copy follows: the same key
    }
    take_owned_while([](const key&) { return true; });
    ev.indicators = aggregate_indicators(ev.series, opt_.traces);
    ev.roll_up(*plan_, graph_);  // small: recomputed whole, over the graph built once
    return ev;
  }

 private:
  using key = std::tuple<std::string, std::string, std::string>;  // indicator, entity, disaggregation

  /// The rows of one series touched by an update, owned here, all columns materialised.
  struct owned_series {
    std::size_t indicator = 0;
    std::string entity, disaggregation;
    std::vector<std::int32_t> start, end, reported;
    std::vector<period_kind> kind;
    std::vector<double> amount;
    std::vector<obs_flag> flag;
    std::vector<std::uint32_t> text;
    series_result result;

    /// Inserts in (start, end, reported) order; false when that triple is already there.
    bool insert(const observation& o, std::vector<std::string>& texts) {
      const std::int32_t rep = o.reported_on ? day_number(*o.reported_on) : no_report_date;
      const auto k = std::make_tuple(o.period.start_days(), o.period.end_days(), rep);
      std::size_t at = 0;
      while (at < start.size() && std::make_tuple(start[at], end[at], reported[at]) < k) ++at;
      if (at < start.size() && std::make_tuple(start[at], end[at], reported[at]) == k) return false;
      const auto pos = [&](auto& v) { return v.begin() + static_cast<std::ptrdiff_t>(at); };
      start.insert(pos(start), o.period.start_days());
      end.insert(pos(end), o.period.end_days());
      reported.insert(pos(reported), rep);
      kind.insert(pos(kind), o.period.kind());
      amount.insert(pos(amount), o.amount);
      flag.insert(pos(flag), o.flag);
      std::uint32_t t = 0;
      if (!o.text.empty()) {
        texts.push_back(o.text);
        t = static_cast<std::uint32_t>(texts.size() - 1);
      }
      text.insert(pos(text), t);
      return true;
    }
    [[nodiscard]] series_view view(const std::vector<std::string>& texts) const {
      return {.index = 0, .indicator = indicator, .entity = &entity, .disaggregation = &disaggregation, .start = start, .kind = kind, .amount = amount,
              .end_col = end, .reported_col = reported, .flag_col = flag, .text_col = text, .texts = texts.data()};
    }
  };

  /// The series' rows as they stand: its owned copy, else a copy of its base rows, else none.
  owned_series current_rows(std::size_t indicator, const key& k) {
    if (auto it = owned_.find(k); it != owned_.end()) return it->second;
    owned_series s;
    s.indicator = indicator;
    s.entity = std::get<1>(k);
    s.disaggregation = std::get<2>(k);
    if (auto i = base_.find_series(indicator, s.entity, s.disaggregation)) {
      const auto v = base_.series(*i);
      for (std::size_t r = 0; r < v.size(); ++r) {
        s.start.push_back(v.start[r]);
        s.end.push_back(v.end(r));
        s.reported.push_back(v.reported_on(r));
        s.kind.push_back(v.kind[r]);
        s.amount.push_back(v.amount[r]);
        s.flag.push_back(v.flag(r));
        std::uint32_t t = 0;
        if (v.text(r) != 0) {
          texts_.emplace_back(v.narrative(r));
          t = static_cast<std::uint32_t>(texts_.size() - 1);
        }
        s.text.push_back(t);
      }
    }
    return s;
  }

  /// The row of an indicator without series: its collective result when it has an aggregation
  /// rule, else its no-data row.
  [[nodiscard]] series_result no_data(std::size_t indicator) const {
    if (auto it = collective_.find(indicator); it != collective_.end()) return it->second;
    return detail::no_data_row(*plan_, indicator, *methods_[indicator]);
  }

  /// A store of the current rows (base and updates) of the indicators an aggregation reads.
  [[nodiscard]] observation_store sources_of(const aggregation& ag) const {
    observation_builder b(*plan_);
    auto add = [&](const series_view& v) {
      for (std::size_t r = 0; r < v.size(); ++r)
        b.append_checked(v.indicator, *v.entity, *v.disaggregation, v.period_of(r), v.amount[r], v.reported_on(r), v.flag(r), {}, v.narrative(r), 0, 0);
    };
    for (const auto* id : {&ag.of, &ag.denominator}) {
      if (id->empty()) continue;
      const auto k = plan_->indicator_index(*id);
      if (!k) continue;
      // Base series of the indicator not overridden by an update.
      const auto [first, end] = base_.series_of(*k);
      for (std::size_t i = first; i < end; ++i)
        if (!overridden_[i]) add(base_.series(i));
      for (const auto& [key, os] : owned_)
        if (os.indicator == *k) add(os.view(texts_));
    }
    return std::move(b).finish();
  }

  const plan* plan_;
  observation_store base_;
  std::optional<date> as_of_;
  evaluation_options opt_;
  std::vector<std::unique_ptr<method>> methods_;
  results_graph graph_;  // the plan's results graph, for the roll-ups of snapshot()
  std::vector<series_result> base_results_;  // by base series index
  std::vector<bool> overridden_;             // base series whose rows now live in owned_
  std::map<key, owned_series> owned_;
  std::vector<std::size_t> series_per_indicator_;
  std::map<std::size_t, series_result> collective_;  // indicators with an aggregation rule, by index
  std::vector<std::string> texts_{""};
  std::array<std::size_t, status_count> counts_{};
};

}  // namespace waypoint
