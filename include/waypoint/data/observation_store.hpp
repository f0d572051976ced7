// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file observation_store.hpp
/// The columnar observation store. Series are keyed by (indicator, entity, disaggregation) and
/// sorted by that key; each series holds its rows sorted by period (then by `reported_on`) in
/// contiguous arrays. Evaluating a series needs only its `series_view`.

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {

/// A data-quality flag on an observation.
enum class obs_flag : std::uint8_t { none, estimated, provisional };

constexpr std::string_view to_string(obs_flag f) noexcept {
  return f == obs_flag::none ? "" : f == obs_flag::estimated ? "estimated" : "provisional";
}

/// `reported_on` of a row that has none: known from the start.
inline constexpr std::int32_t no_report_date = std::numeric_limits<std::int32_t>::min();

/// One observation, as a host application appends it.
struct observation {
  indicator_id indicator;
  entity_id entity;             ///< `*` for the collective
  std::string disaggregation;   ///< canonical "dim=value;dim=value" (sorted by dim), "" for the total
  waypoint::period period = period::year(2000);
  double amount = 0;            ///< numeric form: the number, 1/0 for yes/no, the level index
  std::optional<date> reported_on;
  obs_flag flag = obs_flag::none;
  std::string source;
  std::string text;             ///< the narrative of a qualitative observation
  location where;               ///< where it came from (file and line), for error messages
};

/// A read-only view of one series: its key and its rows, sorted by period then `reported_on`.
struct series_view {
  std::size_t index = 0;  ///< position in the store
  std::size_t indicator = 0;  ///< position of the indicator in `plan::indicators()`
  const std::string* entity = nullptr;
  const std::string* disaggregation = nullptr;
  std::span<const std::int32_t> start;  ///< period start, days since 1970-01-01
  std::span<const std::int32_t> end;    ///< period end (inclusive)
  std::span<const period_kind> kind;
  std::span<const double> amount;
  std::span<const std::int32_t> reported_on;  ///< `no_report_date` when not given
  std::span<const obs_flag> flag;
  std::span<const std::uint32_t> text;  ///< index into `observation_store::text()`, 0 = none
  [[nodiscard]] std::size_t size() const noexcept { return amount.size(); }
};

class observation_builder;

/// Observations, columnar. Built by `observation_builder`; immutable afterwards.
class observation_store {
 public:
  [[nodiscard]] std::size_t series_count() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  [[nodiscard]] std::size_t row_count() const noexcept { return amount_.size(); }

  /// The i-th series, in (indicator id, entity id, disaggregation) order. Needs i < series_count().
  [[nodiscard]] series_view series(std::size_t i) const noexcept {
    const std::size_t a = offsets_[i], n = offsets_[i + 1] - a;
    series_view v;
    v.index = i;
    v.indicator = series_indicator_[i];
    v.entity = &entities_[series_entity_[i]];
    v.disaggregation = &disaggregations_[series_disaggregation_[i]];
    v.start = {start_.data() + a, n};
    v.end = {end_.data() + a, n};
    v.kind = {kind_.data() + a, n};
    v.amount = {amount_.data() + a, n};
    v.reported_on = {reported_.data() + a, n};
    v.flag = {flag_.data() + a, n};
    v.text = {text_.data() + a, n};
    return v;
  }
  /// The narrative texts of qualitative rows; index 0 is "".
  [[nodiscard]] const std::string& text(std::uint32_t i) const noexcept { return texts_[i]; }
  /// The source of the row at absolute position `row` ("" when none).
  [[nodiscard]] const std::string& source_of_row(std::size_t row) const noexcept { return sources_[source_[row]]; }

 private:
  friend class observation_builder;
  std::vector<std::size_t> offsets_;
  std::vector<std::size_t> series_indicator_;
  std::vector<std::uint32_t> series_entity_, series_disaggregation_;
  std::vector<std::string> entities_, disaggregations_, texts_{""}, sources_{""};
  std::vector<std::int32_t> start_, end_, reported_;
  std::vector<period_kind> kind_;
  std::vector<double> amount_;
  std::vector<obs_flag> flag_;
  std::vector<std::uint32_t> text_, source_;
};

/// Collects observations for one plan and makes an `observation_store`.
///
/// `append` checks each observation against the plan (unknown indicator or entity, a value that
/// does not fit the measure) and records problems instead of throwing, so a loader can report
/// them all. `finish()` sorts, detects duplicates and throws `waypoint::error` listing every
/// problem, if there is any. Rows that were fine are never dropped silently: either the store
/// holds every valid row, or `finish()` throws.
class observation_builder {
 public:
  /// A builder for observations of `p`. The plan must outlive the builder.
  explicit observation_builder(const plan& p) : plan_(&p) {}

  /// Checks and adds one observation. Problems are kept for `finish()` (see `problems()`).
  void append(const observation& o) {
    auto idx = plan_->indicator_index(o.indicator);
    if (!idx) {
      problems_.push_back({"obs.unknown_indicator", o.where, "unknown indicator '" + o.indicator.str() + "'"});
      return;
    }
    append_checked(*idx, o.entity.str(), o.disaggregation, o.period, o.amount, o.reported_on ? day_number(*o.reported_on) : no_report_date,
                   o.flag, o.source, o.text, o.where);
  }

  /// The fast path for loaders: the indicator is already resolved to its index in the plan.
  /// Checks the entity and the value, then adds the row.
  void append_checked(std::size_t indicator, std::string_view entity, std::string_view disaggregation, const period& p,
                      double amount, std::int32_t reported_on, obs_flag flag, std::string_view source,
                      std::string_view text, const location& where) {
    const auto& ind = plan_->indicators()[indicator];
    if (!(entity == "*") && !plan_->open_entities() && plan_->find(entity_id{entity}) == nullptr) {
      problems_.push_back({"obs.unknown_entity", where, "unknown entity '" + std::string(entity) + "'"});
      return;
    }
    if (ind.measure != measure::qualitative) {
      if (!std::isfinite(amount)) {
        problems_.push_back({"obs.not_finite", where, "value must be finite (NaN and infinity are not data)"});
        return;
      }
      if (ind.measure == measure::percentage && (amount < 0 || amount > 100)) {
        problems_.push_back({"obs.out_of_range", where, "a percentage must lie in 0-100, got " + std::to_string(amount)});
        return;
      }
    }
    rows_.push_back(staged{static_cast<std::uint32_t>(indicator), intern(entities_, entity_ix_, entity),
                           intern(disaggregations_, disaggregation_ix_, disaggregation), p.start_days(), p.end_days(),
                           p.kind(), flag, reported_on, amount, text.empty() ? 0u : add_text(text),
                           source.empty() ? 0u : intern(sources_, source_ix_, source),
                           static_cast<std::uint32_t>(where.line), file_index(where.file)});
  }

  /// Records a problem found by a loader (e.g. a value that is not a number), for `finish()`.
  void add_problem(problem p) { problems_.push_back(std::move(p)); }
  /// Problems so far (before the duplicate check of `finish()`).
  [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }

  /// Sorts, checks duplicates and returns the store. Throws `waypoint::error` listing every
  /// problem (bad rows and duplicates, in input order) when there is any.
  [[nodiscard]] observation_store finish() && {
    observation_store s;
    const std::size_t n = rows_.size();
    // Rank interned keys by their text so that series come out in id order (determinism).
    auto ranks = [](const std::vector<std::string>& v) {
      std::vector<std::uint32_t> order(v.size()), rank(v.size());
      std::iota(order.begin(), order.end(), 0u);
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
      for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
      return rank;
    };
    const auto& inds = plan_->indicators();
    std::vector<std::uint32_t> ind_rank(inds.size());
    {
      std::vector<std::uint32_t> order(inds.size());
      std::iota(order.begin(), order.end(), 0u);
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return inds[a].id < inds[b].id; });
      for (std::uint32_t r = 0; r < order.size(); ++r) ind_rank[order[r]] = r;
    }
    const auto ent_rank = ranks(entities_), dis_rank = ranks(disaggregations_);
    std::vector<std::uint32_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0u);
    std::stable_sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
      const staged &x = rows_[a], &y = rows_[b];
      if (x.indicator != y.indicator) return ind_rank[x.indicator] < ind_rank[y.indicator];
      if (x.entity != y.entity) return ent_rank[x.entity] < ent_rank[y.entity];
      if (x.disaggregation != y.disaggregation) return dis_rank[x.disaggregation] < dis_rank[y.disaggregation];
      if (x.start != y.start) return x.start < y.start;
      if (x.end != y.end) return x.end < y.end;
      return x.reported < y.reported;
    });
    s.offsets_.reserve(n / 8 + 2);
    s.start_.resize(n);
    s.end_.resize(n);
    s.kind_.resize(n);
    s.amount_.resize(n);
    s.reported_.resize(n);
    s.flag_.resize(n);
    s.text_.resize(n);
    s.source_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      const staged& r = rows_[perm[k]];
      const bool new_series = k == 0 || !same_series(rows_[perm[k - 1]], r);
      if (new_series) {
        s.offsets_.push_back(k);
        s.series_indicator_.push_back(r.indicator);
        s.series_entity_.push_back(r.entity);
        s.series_disaggregation_.push_back(r.disaggregation);
      } else {
        const staged& q = rows_[perm[k - 1]];
        if (q.start == r.start && q.end == r.end && q.reported == r.reported) {
          const staged& first = q.line <= r.line ? q : r;
          const staged& second = q.line <= r.line ? r : q;
          const location here{files_[second.file], second.line, 0, {}}, there{files_[first.file], first.line, 0, {}};
          problems_.push_back({"obs.duplicate", here,
                               "duplicate value for " + inds[r.indicator].id.str() + "/" + entities_[r.entity] +
                                   (disaggregations_[r.disaggregation].empty() ? "" : "/" + disaggregations_[r.disaggregation]) + " period " +
                                   period::from_days(r.start, r.end, r.kind).str() + ", first given at " + there.str() +
                                   " (a revision needs a different reported_on)"});
        }
      }
      s.start_[k] = r.start;
      s.end_[k] = r.end;
      s.kind_[k] = r.kind;
      s.amount_[k] = r.amount;
      s.reported_[k] = r.reported;
      s.flag_[k] = r.flag;
      s.text_[k] = r.text;
      s.source_[k] = r.source;
    }
    s.offsets_.push_back(n);
    if (!problems_.empty()) {
      std::stable_sort(problems_.begin(), problems_.end(), [](const problem& a, const problem& b) {
        return a.where.file != b.where.file ? a.where.file < b.where.file : a.where.line < b.where.line;
      });
      throw error(std::move(problems_));
    }
    s.entities_ = std::move(entities_);
    s.disaggregations_ = std::move(disaggregations_);
    s.texts_ = std::move(texts_);
    s.sources_ = std::move(sources_);
    return s;
  }

 private:
  struct staged {
    std::uint32_t indicator, entity, disaggregation;
    std::int32_t start, end;
    period_kind kind;
    obs_flag flag;
    std::int32_t reported;
    double amount;
    std::uint32_t text, source, line;
    std::uint16_t file;
  };
  static bool same_series(const staged& a, const staged& b) noexcept {
    return a.indicator == b.indicator && a.entity == b.entity && a.disaggregation == b.disaggregation;
  }
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using intern_map = std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>>;
  static std::uint32_t intern(std::vector<std::string>& pool, intern_map& ix, std::string_view key) {
    auto it = ix.find(key);
    if (it != ix.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(pool.size());
    pool.emplace_back(key);
    ix.emplace(pool.back(), id);
    return id;
  }
  std::uint32_t add_text(std::string_view t) {
    texts_.emplace_back(t);
    return static_cast<std::uint32_t>(texts_.size() - 1);
  }
  std::uint16_t file_index(const std::string& f) {
    for (std::size_t i = 0; i < files_.size(); ++i)
      if (files_[i] == f) return static_cast<std::uint16_t>(i);
    files_.push_back(f);
    return static_cast<std::uint16_t>(files_.size() - 1);
  }

  const plan* plan_;
  std::vector<staged> rows_;
  std::vector<problem> problems_;
  std::vector<std::string> entities_, disaggregations_, texts_{""}, sources_{""}, files_;
  intern_map entity_ix_, disaggregation_ix_, source_ix_;
};

}  // namespace waypoint
