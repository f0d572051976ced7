// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file observation_store.hpp
/// The columnar observation store. Series are keyed by (indicator, entity, disaggregation) and
/// sorted by that key; each series holds its rows sorted by period (then by `reported_on`) in
/// contiguous arrays. Evaluating a series needs only its `series_view`.
///
/// Columns that a data set does not use (period ends of non-range periods, `reported_on`, flags,
/// narratives, sources) take no memory: their spans are empty and the accessors of
/// `series_view` supply the defaults.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <charconv>
#include <utility>
#include <vector>

#include "waypoint/data/column.hpp"
#include "waypoint/data/parallel.hpp"
#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint {

/// A data-quality flag on an observation.
enum class obs_flag : std::uint8_t { none, estimated, provisional };

constexpr std::string_view to_string(obs_flag f) noexcept {
  return f == obs_flag::none ? "" : f == obs_flag::estimated ? "estimated" : "provisional";
}

/// `reported_on` of a row that has none: known from the start.
inline constexpr std::int32_t no_report_date = std::numeric_limits<std::int32_t>::min();

namespace detail {
/// Equality of two short texts (ids, keys) without a library call: ids are a few bytes long, so
/// they are compared in words, not bytes (4 to 8 bytes as two overlapping 4-byte words, longer
/// ones 8 bytes at a time, the last word overlapping the one before). Called for every row that a
/// loader reads.
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* const p = a.data();
  const char* const q = b.data();
  const auto word = [](const char* s, auto w) {
    std::memcpy(&w, s, sizeof w);
    return w;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (word(p + i, std::uint64_t{}) != word(q + i, std::uint64_t{})) return false;
    return word(p + n - 8, std::uint64_t{}) == word(q + n - 8, std::uint64_t{});
  }
  if (n >= 4) return word(p, std::uint32_t{}) == word(q, std::uint32_t{}) && word(p + n - 4, std::uint32_t{}) == word(q + n - 4, std::uint32_t{});
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != q[i]) return false;
  return true;
}
}  // namespace detail

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

namespace detail {
// The store's checks of a row, in one place: `observation_builder` (every loader) and
// `live_evaluation::update` both call them, so a bad row gets the same code and message wherever
// it arrives.

/// The shortest text that reads back as `v` (the numbers in the store's messages).
inline std::string format_amount(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
/// Appends a rejected row's problem to `out`; false, for `return reject_row(...)`. Out of line:
/// built only for a bad row.
[[gnu::cold, gnu::noinline]] inline bool reject_row(std::vector<problem>& out, errc code, location where, std::string message) {
  out.push_back({code, std::move(where), std::move(message)});
  return false;
}
[[gnu::cold, gnu::noinline]] inline bool reject_aggregated(std::vector<problem>& out, location where, const indicator& ind) {
  return reject_row(out, errc::obs_aggregated, std::move(where),
                    "indicator " + ind.id.str() + " is computed by its aggregation rule (" + std::string(to_string(ind.aggregate->rule)) +
                        "); report the values of " + (ind.aggregate->of.empty() ? std::string("its national indicator") : ind.aggregate->of.str()) +
                        " instead");
}

/// The text checks of a row (`text_fault_of`, model/text.hpp): its entity and group when its key
/// was not checked yet (`key_checked`), its source and narrative always. A bad text is
/// `obs.bad_text`, named with its byte offset; returns false (with the problem in `out`) on the
/// first one. Shared by the store's builder and `live_evaluation::update`.
template <class Where>
[[gnu::always_inline]] inline bool check_row_texts(std::string_view entity, std::string_view disaggregation, std::string_view source,
                                                   std::string_view text, bool key_checked, Where&& where, std::vector<problem>& out) {
  // The common row: printable ASCII or empty everywhere, decided inline.
  if ((key_checked || (printable_ascii(entity) && printable_ascii(disaggregation))) && printable_ascii(source) && printable_ascii(text))
    return true;
  const std::pair<std::string_view, const char*> fields[] = {
      {key_checked ? std::string_view{} : entity, "the entity"},
      {key_checked ? std::string_view{} : disaggregation, "the group"},
      {source, "the source"},
      {text, "the narrative"}};
  for (const auto& [t, what] : fields)
    if (auto f = text_fault_of(t))
      return reject_row(out, errc::obs_bad_text, where(), std::string(what) + " is not a valid text at byte " + std::to_string(f->offset + 1) + ": " + f->what);
  return true;
}

/// The store's checks of one row, in this order; the first that fails is the row's problem:
/// - `obs.unknown_indicator`: `ind` is null (the plan has no indicator `indicator`);
/// - `obs.unknown_entity`: `entity` is not `*` and not an entity of a plan that lists its entities;
/// - `obs.bad_group`: `disaggregation` does not fit the indicator's dimensions (`check_group`);
/// - `obs.aggregated`: the indicator is computed by its aggregation rule;
/// - `obs.not_finite`: a value (of any measure but qualitative) that is NaN or infinite;
/// - `obs.out_of_range`: a percentage outside 0-100.
/// The first four depend only on the row's series key; `key_checked` skips them for a row of the
/// series of a row checked before (the builder's fast path for sorted input). Returns true for a
/// good row; otherwise appends the problem, at `where()`, to `out` and returns false.
template <class Where>
[[gnu::always_inline]] inline bool check_row(const plan& p, const indicator* ind, std::string_view indicator, std::string_view entity,
                                             std::string_view disaggregation, double amount, bool key_checked, Where&& where,
                                             std::vector<problem>& out) {
  if (!key_checked) {
    if (ind == nullptr) return reject_row(out, errc::obs_unknown_indicator, where(), "unknown indicator '" + std::string(indicator) + "'");
    if (entity != "*" && !p.open_entities() && p.find_entity(entity) == nullptr)
      return reject_row(out, errc::obs_unknown_entity, where(), "unknown entity '" + std::string(entity) + "'");
    if (auto why = check_group(*ind, disaggregation)) return reject_row(out, errc::obs_bad_group, where(), std::move(*why));
    if (ind->aggregate) return reject_aggregated(out, where(), *ind);
  }
  if (ind->measure != measure::qualitative) {
    if (!std::isfinite(amount)) return reject_row(out, errc::obs_not_finite, where(), "value must be finite (NaN and infinity are not data)");
    if (ind->measure == measure::percentage && (amount < 0 || amount > 100))
      return reject_row(out, errc::obs_out_of_range, where(), "a percentage must lie in 0-100, got " + format_amount(amount));
  }
  return true;
}

/// The problem of a row whose series already holds a value for the same period and `reported_on`,
/// at `here`; `first`, when known, is where that value came from. Rows are located by file and
/// line only (the store keeps no columns).
[[gnu::cold, gnu::noinline]] inline problem duplicate_row(const indicator& ind, std::string_view entity, std::string_view disaggregation,
                                                          const period& p, const location& here, const location* first) {
  const auto line_of = [](const location& l) { return location{l.file, l.line, 0, {}}; };
  return {errc::obs_duplicate, line_of(here),
          "duplicate value for " + ind.id.str() + "/" + std::string(entity) + (disaggregation.empty() ? "" : "/" + std::string(disaggregation)) +
              " period " + p.str() + (first ? ", first given at " + line_of(*first).str() : std::string()) +
              " (a revision needs a different reported_on)"};
}

/// Orders problems as the store reports them: by file, then line, else as found.
inline void sort_problems(std::vector<problem>& ps) {
  std::stable_sort(ps.begin(), ps.end(), [](const problem& a, const problem& b) {
    return a.where.file != b.where.file ? a.where.file < b.where.file : a.where.line < b.where.line;
  });
}
}  // namespace detail

/// A read-only view of one series: its key and its rows, sorted by period then `reported_on`.
struct series_view {
  std::size_t index = 0;      ///< position in the store
  std::size_t indicator = 0;  ///< position of the indicator in `plan::indicators()`
  const std::string* entity = nullptr;
  const std::string* disaggregation = nullptr;
  std::span<const std::int32_t> start;  ///< period start, days since 1970-01-01
  std::span<const period_kind> kind;
  std::span<const double> amount;
  std::span<const std::int32_t> end_col;       ///< empty unless the store holds range periods
  std::span<const std::int32_t> reported_col;  ///< empty unless some row has `reported_on`
  std::span<const obs_flag> flag_col;          ///< empty unless some row has a flag
  std::span<const std::uint32_t> text_col;     ///< empty unless some row has a narrative
  const std::string* texts = nullptr;          ///< the narrative pool `text_col` indexes (index 0 is "")

  [[nodiscard]] std::size_t size() const noexcept { return amount.size(); }
  /// The last day of row i's period.
  [[nodiscard]] std::int32_t end(std::size_t i) const noexcept {
    return end_col.empty() ? detail::period_end_days(start[i], kind[i]) : end_col[i];
  }
  /// Row i's `reported_on` day, or `no_report_date`.
  [[nodiscard]] std::int32_t reported_on(std::size_t i) const noexcept { return reported_col.empty() ? no_report_date : reported_col[i]; }
  [[nodiscard]] obs_flag flag(std::size_t i) const noexcept { return flag_col.empty() ? obs_flag::none : flag_col[i]; }
  /// Index of row i's narrative in `observation_store::text()`; 0 = none.
  [[nodiscard]] std::uint32_t text(std::size_t i) const noexcept { return text_col.empty() ? 0u : text_col[i]; }
  /// Row i's narrative ("" when none).
  [[nodiscard]] std::string_view narrative(std::size_t i) const noexcept { return text_col.empty() ? std::string_view() : std::string_view(texts[text_col[i]]); }
  [[nodiscard]] period period_of(std::size_t i) const noexcept { return period::from_days(start[i], end(i), kind[i]); }
};

/// Calls `f(first, pick, facts)` for each period of `s` (its consecutive rows with the same start
/// and end: a value and its revisions) that has a value known by day `cutoff`: the period ended by
/// then and the row was reported by then (rows without `reported_on` are known from the start).
/// `first` is the period's first row, `pick` its latest revision known by `cutoff`, and `facts`
/// its last day and position on the time axis. The evaluator and the collective aggregation both
/// read series this way.
/// Always inlined: in the caller's frame the loop's locals and the callback's captures stay in
/// registers (docs/scaling.md).
template <class F>
[[gnu::always_inline]] inline void for_each_known_period(const series_view& s, std::int32_t cutoff, F&& f) {
  // Plain pointers in locals: the callback's stores (e.g. into a vector of points) cannot alias
  // them, so they stay in registers instead of being reloaded for every row.
  const std::size_t n = s.size();
  const std::int32_t* start_of = s.start.data();
  const period_kind* kind_of = s.kind.data();
  const std::int32_t* end_of = s.end_col.empty() ? nullptr : s.end_col.data();  // null: (start, kind) decides the end
  const std::int32_t* reported = s.reported_col.empty() ? nullptr : s.reported_col.data();
  for (std::size_t i = 0; i < n;) {
    const std::int32_t start = start_of[i];
    const period_kind kind = kind_of[i];
    const detail::period_facts facts = end_of ? detail::period_facts{end_of[i], detail::fractional_year_of_days(start)}
                                       : kind == period_kind::year ? detail::year_period_facts(start)  // the common case, inline
                                                                   : detail::period_facts_of(start, kind);
    // Row i and its revisions (the next rows of the same period); the latest known by `cutoff`
    // counts (no_report_date is the smallest day).
    const bool ended = facts.end <= cutoff;
    std::size_t pick = ended && (!reported || reported[i] <= cutoff) ? i : n, j = i + 1;
    for (; j < n && start_of[j] == start && (end_of ? end_of[j] == facts.end : kind_of[j] == kind); ++j)
      if (ended && (!reported || reported[j] <= cutoff)) pick = j;
    if (pick != n) f(i, pick, facts);
    i = j;
  }
}

class observation_builder;

/// Observations, columnar. Built by `observation_builder`; immutable afterwards.
class observation_store {
 public:
  [[nodiscard]] std::size_t series_count() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  [[nodiscard]] std::size_t row_count() const noexcept { return amount_.size(); }

  /// The i-th series, in (indicator id, entity id, disaggregation) order. Needs i < series_count().
  [[nodiscard]] series_view series(std::size_t i) const noexcept {
    const std::size_t a = offsets_[i], n = offsets_[i + 1] - a;
    auto part = [&](const auto& col) {
      using T = typename std::decay_t<decltype(col)>::value_type;
      return col.empty() ? std::span<const T>{} : std::span<const T>{col.data() + a, n};
    };
    series_view v;
    v.index = i;
    v.indicator = series_indicator_[i];
    v.entity = &entities_[series_entity_[i]];
    v.disaggregation = &disaggregations_[series_disaggregation_[i]];
    v.start = part(start_);
    v.kind = part(kind_);
    v.amount = part(amount_);
    v.end_col = part(end_);
    v.reported_col = part(reported_);
    v.flag_col = part(flag_);
    v.text_col = part(text_);
    v.texts = texts_.data();
    return v;
  }
  /// The series of indicator `k` (its position in `plan::indicators()`): positions [first, end),
  /// contiguous because the store is sorted by indicator id. Empty when it has none.
  [[nodiscard]] std::pair<std::size_t, std::size_t> series_of(std::size_t k) const noexcept {
    if (k >= indicator_first_.size()) return {0, 0};
    return {indicator_first_[k], indicator_first_[k] + indicator_count_[k]};
  }
  /// The position of the series of indicator `k` (its position in `plan::indicators()`), `entity`
  /// and `disaggregation`, or std::nullopt when the store has none.
  [[nodiscard]] std::optional<std::size_t> find_series(std::size_t k, std::string_view entity, std::string_view disaggregation) const {
    const auto [first, end] = series_of(k);
    const auto key_of = [&](std::size_t i) {
      return std::pair<std::string_view, std::string_view>(entities_[series_entity_[i]], disaggregations_[series_disaggregation_[i]]);
    };
    const std::pair<std::string_view, std::string_view> want(entity, disaggregation);
    std::size_t lo = first, hi = end;  // an indicator's series are sorted by (entity, disaggregation)
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (key_of(mid) < want) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && key_of(lo) == want ? std::optional<std::size_t>(lo) : std::nullopt;
  }
  /// The narrative texts of qualitative rows; index 0 is "".
  [[nodiscard]] const std::string& text(std::uint32_t i) const noexcept { return texts_[i]; }
  /// The source of the row at absolute position `row` ("" when none).
  [[nodiscard]] const std::string& source_of_row(std::size_t row) const noexcept {
    return source_.empty() ? sources_[0] : sources_[source_[row]];
  }
  /// The period of the row at absolute position `row`.
  [[nodiscard]] period period_of_row(std::size_t row) const noexcept {
    return period::from_days(start_[row], end_.empty() ? detail::period_end_days(start_[row], kind_[row]) : end_[row], kind_[row]);
  }
  /// Data-quality warnings found when the store was built (codes `data.parts_sum`,
  /// `data.parts_exceed_total`, `data.breakdown_coverage`), each with the file and line of the
  /// row concerned. Warnings never drop data.
  [[nodiscard]] const std::vector<problem>& warnings() const noexcept { return warnings_; }

 private:
  friend class observation_builder;
  std::vector<problem> warnings_;
  std::vector<std::uint32_t> indicator_first_, indicator_count_;  // by indicator position (series_of)
  detail::column<std::size_t> offsets_;
  detail::column<std::uint32_t> series_indicator_, series_entity_, series_disaggregation_;
  std::vector<std::string> entities_, disaggregations_, texts_{""}, sources_{""};
  detail::column<std::int32_t> start_, end_, reported_;
  detail::column<period_kind> kind_;
  detail::column<double> amount_;
  detail::column<obs_flag> flag_;
  detail::column<std::uint32_t> text_, source_;
};

/// Collects observations for one plan and makes an `observation_store`.
///
/// `append` checks each observation against the plan (unknown indicator or entity, a value that
/// does not fit the measure) and records problems instead of throwing, so a loader can report
/// them all. `finish()` sorts, detects duplicates and throws `waypoint::error` listing every
/// problem, if there is any. Rows that were fine are never dropped silently: either the store
/// holds every valid row, or `finish()` throws.
///
/// Rows that arrive already sorted by series key and period (as most exports are) take a fast
/// path that needs no sort and no per-row key storage; other orders are sorted in `finish()`.
class observation_builder {
 public:
  /// A builder for observations of `p`. The plan must outlive the builder.
  explicit observation_builder(const plan& p) : plan_(&p) {}

  /// Reserves room for `rows` more rows (an estimate; a hint only), and for `series` more runs of
  /// consecutive rows of one series (by default a guess of ~8 rows per series: grows if wrong).
  void reserve(std::size_t rows, std::optional<std::size_t> series = std::nullopt) {
    start_.reserve(start_.size() + rows);
    kind_.reserve(kind_.size() + rows);
    amount_.reserve(amount_.size() + rows);
    runs_.reserve(runs_.size() + series.value_or(rows / 8));
  }

  /// Gives `part`, a new builder for the same plan, room in this builder's spare capacity for
  /// `rows` rows, `skip` rows past the current end, and for `series` runs of rows of one series,
  /// `skip_series` runs past the current end: `part` writes there, and `absorb(part)` then finds
  /// them in place (moved down over any gap) instead of copying them to fresh memory. Needs room
  /// reserved (`reserve(rows, series)`) for both, and that this builder adds nothing until it
  /// absorbs `part`. A part that outgrows its room moves to memory of its own, and is copied like
  /// any other. Used by the parallel CSV reader: a part of a file has at most one row per line.
  void lend_rows(observation_builder& part, std::size_t skip, std::size_t rows, std::size_t skip_series, std::size_t series) {
    const auto lend = [&](auto& mine, auto& theirs, std::size_t at, std::size_t n) {
      using column_t = std::decay_t<decltype(mine)>;
      theirs = column_t(typename column_t::allocator_type(mine.data() + mine.size() + at, n));
      theirs.reserve(n);
    };
    lend(start_, part.start_, skip, rows);
    lend(kind_, part.kind_, skip, rows);
    lend(amount_, part.amount_, skip, rows);
    lend(runs_, part.runs_, skip_series, series);
  }

  /// True when every column lent by `lend_rows` still holds its rows in the lent room (none grew
  /// past it). `absorb` may take rows in place only while every part not yet absorbed is so.
  [[nodiscard]] bool rows_in_place() const noexcept {
    const auto in_place = [](const auto& col) { return col.get_allocator().lent() == nullptr || col.data() == col.get_allocator().lent(); };
    return in_place(start_) && in_place(kind_) && in_place(amount_) && in_place(runs_);
  }
  /// Moves rows and runs held in room lent by another builder into memory of this builder's own.
  /// Needed when a part outgrew its room: absorbing it copies more rows than its room holds, over
  /// the rooms of the parts after it.
  void own_rows() {
    const auto own = [](auto& col) {
      std::decay_t<decltype(col)> mine(col.begin(), col.end());  // a default allocator: memory of its own
      col.swap(mine);                                            // the lent room goes with `mine`, never freed
    };
    own(start_);
    own(kind_);
    own(amount_);
    own(runs_);
  }

  /// Checks and adds one observation. Problems are kept for `finish()` (see `problems()`).
  void append(const observation& o) {
    auto idx = plan_->indicator_index(o.indicator);
    if (!idx) {
      (void)detail::check_row(*plan_, nullptr, o.indicator.str(), o.entity.str(), o.disaggregation, o.amount, false,
                              [&] { return location{o.where.file, o.where.line, o.where.column, {}}; }, problems_);
      return;
    }
    set_file(o.where.file);
    append_checked(*idx, o.entity.str(), o.disaggregation, o.period, o.amount, o.reported_on ? day_number(*o.reported_on) : no_report_date,
                   o.flag, o.source, o.text, o.where.line, o.where.column);
  }

  /// Names the file that the rows appended next come from (for locations in problems).
  void set_file(const std::string& file) { file_ = file_index(file); }

  /// The fast path for loaders: the indicator is already resolved to its index in the plan, and
  /// the row comes from `line` (and `column`, of the entity field) of the file named by `set_file`.
  /// Checks the entity and the value, then adds the row.
  void append_checked(std::size_t indicator, std::string_view entity, std::string_view disaggregation, const period& p,
                      double amount, std::int32_t reported_on, obs_flag flag, std::string_view source,
                      std::string_view text, std::size_t line, std::size_t column) {
    const auto& ind = plan_->indicators()[indicator];
    auto where = [&] { return location{files_[file_], line, column, {}}; };  // built only for a problem
    const bool same_key = !runs_.empty() && runs_.back().indicator == indicator && detail::same_text(last_entity_, entity) &&
                          detail::same_text(last_disaggregation_, disaggregation) && runs_.back().file == file_;
    if (!detail::check_row(*plan_, &ind, ind.id.str(), entity, disaggregation, amount, same_key, where, problems_)) return;
    if (!detail::check_row_texts(entity, disaggregation, source, text, same_key, where, problems_)) return;
    const std::size_t row = amount_.size();
    if (!same_key) {
      run r;
      r.indicator = static_cast<std::uint32_t>(indicator);
      r.entity = intern(entities_, entity_ix_, entity);
      r.disaggregation = intern(disaggregations_, disaggregation_ix_, disaggregation);
      r.begin = row;
      r.file = file_;
      if (!runs_.empty() && sorted_ && !key_less(runs_.back(), r)) sorted_ = false;
      runs_.push_back(r);
      last_entity_.assign(entity);
      last_disaggregation_.assign(disaggregation);
    } else if (sorted_) {
      // Within a run, rows must come in (start, end, reported) order; equal triples are duplicates.
      const std::size_t q = row - 1;
      if (p.start_days() < start_[q]) {
        sorted_ = false;
      } else if (p.start_days() == start_[q]) {  // rare: the end decides (computing it costs a little)
        const auto prev = std::make_tuple(end_of(q), reported_of(q));
        const auto cur = std::make_tuple(p.end_days(), reported_on);
        if (cur < prev) sorted_ = false;
        else if (cur == prev) duplicate(q, line, ind, p, runs_.back());
      }
    }
    // Optional columns first: materialise() back-fills the rows before this one.
    if (p.kind() == period_kind::range && !has_end_) materialise(end_, has_end_, [&](std::size_t i) { return detail::period_end_days(start_[i], kind_[i]); });
    if (has_end_) end_.push_back(p.end_days());
    if (reported_on != no_report_date && !has_reported_) materialise(reported_, has_reported_, [](std::size_t) { return no_report_date; });
    if (has_reported_) reported_.push_back(reported_on);
    if (flag != obs_flag::none && !has_flag_) materialise(flag_, has_flag_, [](std::size_t) { return obs_flag::none; });
    if (has_flag_) flag_.push_back(flag);
    if (!text.empty() && !has_text_) materialise(text_, has_text_, [](std::size_t) { return 0u; });
    if (has_text_) text_.push_back(text.empty() ? 0u : add_text(text));
    if (!source.empty() && !has_source_) materialise(source_, has_source_, [](std::size_t) { return 0u; });
    if (has_source_) source_.push_back(source.empty() ? 0u : intern(sources_, source_ix_, source));
    // Lines are implied (the first row's, then one more per row) until a row breaks the count.
    if (row == 0 && !has_line_) line0_ = line;
    if (!has_line_ && line != line0_ + row) materialise(line_, has_line_, [&](std::size_t i) { return implied_line(i); });
    if (has_line_) line_.push_back(static_cast<std::uint32_t>(line));
    start_.push_back(p.start_days());
    kind_.push_back(p.kind());
    amount_.push_back(amount);
  }

  /// Records a problem found by a loader (e.g. a value that is not a number), for `finish()`.
  void add_problem(problem p) { problems_.push_back(std::move(p)); }
  /// Problems so far (before the duplicate check of `finish()` for unsorted input).
  [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }
  [[nodiscard]] std::size_t size() const noexcept { return amount_.size(); }

  /// Appends everything `other` collected (rows, problems) after this builder's rows, as if its
  /// rows had been appended here in order. Both builders must be for the same plan. Used by
  /// loaders that parse parts of a file in parallel.
  void absorb(observation_builder&& other) {
    const std::size_t base = amount_.size(), n = other.amount_.size();
    // Remap the other builder's interned texts into ours.
    std::vector<std::uint32_t> ent(other.entities_.size()), dis(other.disaggregations_.size()), src(other.sources_.size()), file(other.files_.size());
    for (std::size_t k = 0; k < ent.size(); ++k) ent[k] = intern(entities_, entity_ix_, other.entities_[k]);
    for (std::size_t k = 0; k < dis.size(); ++k) dis[k] = intern(disaggregations_, disaggregation_ix_, other.disaggregations_[k]);
    for (std::size_t k = 1; k < src.size(); ++k) src[k] = intern(sources_, source_ix_, other.sources_[k]);
    for (std::size_t k = 0; k < file.size(); ++k) file[k] = file_index(other.files_[k]);
    const auto text_base = static_cast<std::uint32_t>(texts_.size() - 1);
    texts_.insert(texts_.end(), std::make_move_iterator(other.texts_.begin() + 1), std::make_move_iterator(other.texts_.end()));

    auto same = [](auto v) { return v; };
    merge_column(end_, has_end_, other.end_, other.has_end_, n, [&](std::size_t i) { return detail::period_end_days(start_[i], kind_[i]); },
                 [&](std::size_t i) { return detail::period_end_days(other.start_[i], other.kind_[i]); }, same);
    merge_column(reported_, has_reported_, other.reported_, other.has_reported_, n, [](std::size_t) { return no_report_date; },
                 [](std::size_t) { return no_report_date; }, same);
    merge_column(flag_, has_flag_, other.flag_, other.has_flag_, n, [](std::size_t) { return obs_flag::none; },
                 [](std::size_t) { return obs_flag::none; }, same);
    merge_column(text_, has_text_, other.text_, other.has_text_, n, [](std::size_t) { return 0u; }, [](std::size_t) { return 0u; },
                 [&](std::uint32_t v) { return v == 0 ? 0u : v + text_base; });
    merge_column(source_, has_source_, other.source_, other.has_source_, n, [](std::size_t) { return 0u; }, [](std::size_t) { return 0u; },
                 [&](std::uint32_t v) { return src[v]; });
    // Lines stay implied when the other's rows continue ours line for line (parts of one file).
    if (n != 0 && !has_line_ && !other.has_line_ && (base == 0 || other.line0_ == line0_ + base)) {
      if (base == 0) line0_ = other.line0_;
    } else if (n != 0) {
      if (!has_line_) materialise(line_, has_line_, [&](std::size_t i) { return implied_line(i); });
      merge_column(line_, has_line_, other.line_, other.has_line_, n, [&](std::size_t i) { return implied_line(i); },
                   [&](std::size_t i) { return other.implied_line(i); }, same);
    }
    // The four row columns: rows written in room this builder lent (lend_rows) stay where they are
    // (moved down over the gap a part that had fewer rows than lines left); others are copied, on
    // two threads for large parts: the copy lands on fresh pages, which the kernel clears on first
    // touch (most of the time this takes; benchmarks/README.md).
    const auto append = [](auto& mine, const auto& theirs) {
      using T = typename std::decay_t<decltype(mine)>::value_type;
      const std::less<const T*> before;
      const T* const end = mine.data() + mine.size();
      if (!theirs.empty() && !before(theirs.data(), end) && !before(mine.data() + mine.capacity(), theirs.data() + theirs.size())) {
        if (theirs.data() != end) std::memmove(mine.data() + mine.size(), theirs.data(), theirs.size() * sizeof(T));
        mine.resize(mine.size() + theirs.size());  // writes nothing (column<T> default-initialises)
      } else {
        mine.insert(mine.end(), theirs.begin(), theirs.end());
      }
    };
    const auto rest = [&] {
      append(start_, other.start_);
      append(kind_, other.kind_);
    };
    if (n >= (std::size_t{1} << 16) && detail::thread_count(0) > 1) {
      detail::run_parts(2, [&](std::size_t k) {
        if (k == 0) rest();
        else append(amount_, other.amount_);
      });
    } else {
      append(amount_, other.amount_);
      rest();
    }
    // Runs written in lent room are moved down in place: each is read before its slot is written.
    for (run r : other.runs_) {
      r.entity = ent[r.entity];
      r.disaggregation = dis[r.disaggregation];
      r.file = static_cast<std::uint16_t>(file[r.file]);
      r.begin += base;
      if (!runs_.empty() && same_series(runs_.back(), r) && runs_.back().file == r.file) {
        // The same series continues across the seam: check it like any two consecutive rows.
        const std::size_t q = r.begin - 1;
        const auto prev = std::make_tuple(start_[q], end_of(q), reported_of(q));
        const auto cur = std::make_tuple(start_[r.begin], end_of(r.begin), reported_of(r.begin));
        if (cur < prev) sorted_ = false;
        else if (cur == prev) duplicate(q, line_of(r.begin), plan_->indicators()[r.indicator], period_of(r.begin), runs_.back());
        continue;
      }
      if (!runs_.empty() && sorted_ && !key_less(runs_.back(), r)) sorted_ = false;
      runs_.push_back(r);
    }
    sorted_ = sorted_ && other.sorted_;
    problems_.insert(problems_.end(), std::make_move_iterator(other.problems_.begin()), std::make_move_iterator(other.problems_.end()));
    if (!runs_.empty()) {
      last_entity_ = entities_[runs_.back().entity];
      last_disaggregation_ = disaggregations_[runs_.back().disaggregation];
    }
    other = observation_builder(*plan_);
  }

  /// Sorts (unless the rows came sorted), checks duplicates and returns the store. Throws
  /// `waypoint::error` listing every problem (bad rows and duplicates, in file order) when there is any.
  [[nodiscard]] observation_store finish() && {
    if (!sorted_) sort_rows();
    if (!problems_.empty()) {
      detail::sort_problems(problems_);
      throw error(std::move(problems_));
    }
    observation_store s;
    s.offsets_.reserve(runs_.size() + 1);
    s.series_indicator_.reserve(runs_.size());
    s.series_entity_.reserve(runs_.size());
    s.series_disaggregation_.reserve(runs_.size());
    for (std::size_t k = 0; k < runs_.size(); ++k) {
      // Runs of the same series from different files were merged by the sort.
      if (k > 0 && same_series(runs_[k - 1], runs_[k])) continue;
      s.offsets_.push_back(runs_[k].begin);
      s.series_indicator_.push_back(runs_[k].indicator);
      s.series_entity_.push_back(runs_[k].entity);
      s.series_disaggregation_.push_back(runs_[k].disaggregation);
    }
    s.offsets_.push_back(amount_.size());
    s.indicator_first_.assign(plan_->indicators().size(), 0);
    s.indicator_count_.assign(plan_->indicators().size(), 0);
    for (std::size_t i = 0; i < s.series_indicator_.size(); ++i)
      if (s.indicator_count_[s.series_indicator_[i]]++ == 0) s.indicator_first_[s.series_indicator_[i]] = static_cast<std::uint32_t>(i);
    s.start_ = std::move(start_);
    s.end_ = std::move(end_);
    s.reported_ = std::move(reported_);
    s.kind_ = std::move(kind_);
    s.amount_ = std::move(amount_);
    s.flag_ = std::move(flag_);
    s.text_ = std::move(text_);
    s.source_ = std::move(source_);
    s.entities_ = std::move(entities_);
    s.disaggregations_ = std::move(disaggregations_);
    s.texts_ = std::move(texts_);
    s.sources_ = std::move(sources_);
    check_parts(s);
    check_granularity(s);
    check_declared_groups(s);
    return s;
  }

 private:
  /// A run of consecutive rows of one series.
  struct run {
    std::uint32_t indicator = 0, entity = 0, disaggregation = 0;
    std::uint16_t file = 0;
    std::size_t begin = 0;
  };
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using intern_map = std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>>;

  /// The location of row `row` of the built store (rows keep their place in the runs).
  [[nodiscard]] location location_of_row(std::size_t row) const {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), row, [](std::size_t r, const run& x) { return r < x.begin; });
    const std::uint16_t file = it == runs_.begin() ? 0 : std::prev(it)->file;
    return location{files_[file], line_of(row), 0, {}};
  }

  /// Warns (`data.mixed_periods`, once per series, at the later row) when one series has periods of
  /// different length that start the same day (`2026` and `2026-Q1`): the trend places both at
  /// that day, so a year and its first quarter would read as one point in time. Rows are sorted
  /// by (start, end) within a series, so one pass over neighbours finds every case.
  void check_granularity(observation_store& s) const {
    const std::size_t n = s.series_count();
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t r = s.offsets_[k] + 1; r < s.offsets_[k + 1]; ++r) {
        if (s.start_[r] != s.start_[r - 1]) continue;
        const period a = s.period_of_row(r - 1), b = s.period_of_row(r);
        if (a.end() == b.end()) continue;
        const std::string& dis = s.disaggregations_[s.series_disaggregation_[k]];
        warnings_push(s, {errc::data_mixed_periods, location_of_row(r),
                          plan_->indicators()[s.series_indicator_[k]].id.str() + "/" + s.entities_[s.series_entity_[k]] +
                              (dis.empty() ? "" : " [" + dis + "]") + ": periods " + a.str() + " and " + b.str() + " both start on " +
                              to_string(a.start()) + " and would be fitted at the same point in time; give a series one granularity"});
        break;
      }
  }

  /// Warns (`data.undeclared_dimension`, once per indicator, at its first such row) when an
  /// indicator that declares no dimensions has disaggregated series: they are kept as series of
  /// their own, but nothing checks their categories or sums them to the total.
  void check_declared_groups(observation_store& s) const {
    const std::size_t n = s.series_count();
    for (std::size_t k = 0; k < n; ++k) {
      const indicator& ind = plan_->indicators()[s.series_indicator_[k]];
      const std::string& dis = s.disaggregations_[s.series_disaggregation_[k]];
      if (dis.empty() || !ind.dimensions.empty()) continue;
      std::string groups;
      std::size_t m = k;
      for (; m < n && s.series_indicator_[m] == s.series_indicator_[k]; ++m) {
        const std::string& d = s.disaggregations_[s.series_disaggregation_[m]];
        if (!d.empty() && groups.find("'" + d + "'") == std::string::npos && groups.size() < 200) groups += (groups.empty() ? "'" : ", '") + d + "'";
      }
      warnings_push(s, {errc::data_undeclared_dimension, location_of_row(s.offsets_[k]),
                        "indicator " + ind.id.str() + " declares no dimensions, so its groups (" + groups +
                            ") are kept as series of their own but their categories are not checked; declare them under `dimensions:`"});
      k = m - 1;
    }
  }

  /// Checks disaggregated series: for each (indicator, entity, period) and each dimension, the
  /// single-dimension parts (`sex=female`, `sex=male`) must sum to the total within the
  /// indicator's `parts_tolerance` (when every category is reported; a partial breakdown may not
  /// exceed the total), and a breakdown of an indicator with `breakdown_of` must sum to that
  /// population's size on the period's last day. Uses the latest revision of each period.
  /// Cross-classified keys (`age=0-17;sex=female`) are not summed.
  void check_parts(observation_store& s) const {
    const auto& inds = plan_->indicators();
    if (std::none_of(inds.begin(), inds.end(), [](const indicator& i) { return !i.dimensions.empty() || i.breakdown_of; })) return;
    auto location_of = [&](std::size_t row) { return location_of_row(row); };
    auto fmt = [](double v) { return detail::format_amount(v); };
    const std::size_t n = s.series_count();
    for (std::size_t a = 0; a < n;) {
      std::size_t b = a;  // [a, b): the series of one (indicator, entity)
      while (b < n && s.series_indicator_[b] == s.series_indicator_[a] && s.series_entity_[b] == s.series_entity_[a]) ++b;
      const indicator& ind = inds[s.series_indicator_[a]];
      if (ind.dimensions.empty() && !ind.breakdown_of) {
        a = b;
        continue;
      }
      // period (start, end) -> per series in [a, b): latest value and its row
      std::map<std::pair<std::int32_t, std::int32_t>, std::map<std::size_t, std::pair<double, std::size_t>>> cells;
      for (std::size_t k = a; k < b; ++k)
        for (std::size_t r = s.offsets_[k]; r < s.offsets_[k + 1]; ++r) {
          const std::int32_t end = s.end_.empty() ? detail::period_end_days(s.start_[r], s.kind_[r]) : s.end_[r];
          cells[{s.start_[r], end}][k] = {s.amount_[r], r};  // rows are sorted by reported_on: the last one wins
        }
      const std::string& entity = s.entities_[s.series_entity_[a]];
      const population* pop = ind.breakdown_of ? plan_->find(*ind.breakdown_of) : nullptr;
      for (const auto& [per, vals] : cells) {
        const period at = s.period_of_row(vals.begin()->second.second);
        std::optional<std::pair<double, std::size_t>> total;
        if (s.disaggregations_[s.series_disaggregation_[a]].empty() && vals.count(a)) total = vals.at(a);
        for (const auto& dim : ind.dimensions) {
          double sum = 0;
          std::size_t seen = 0, row = 0;
          std::string parts;
          for (const auto& [k, v] : vals) {
            const std::string& key = s.disaggregations_[s.series_disaggregation_[k]];
            if (key.size() <= dim.id.size() || key.compare(0, dim.id.size(), dim.id) != 0 || key[dim.id.size()] != '=' ||
                key.find(';') != std::string::npos)
              continue;
            if (seen++ == 0) row = v.second;
            sum += v.first;
            parts += (parts.empty() ? "" : "+") + fmt(v.first);
          }
          if (seen == 0) continue;
          const std::string what = ind.id.str() + "/" + entity + " " + at.str() + ": the " + dim.id + " parts " + parts + " = " + fmt(sum);
          if (total) {
            const double tol = std::max(ind.parts_tolerance, 1e-9 * std::abs(total->first));
            if (seen == dim.categories.size() && std::abs(sum - total->first) > tol)
              warnings_push(s, {errc::data_parts_sum, location_of(total->second), what + " do not add up to the total " + fmt(total->first), true});
            else if (seen < dim.categories.size() && sum > total->first + tol)
              warnings_push(s, {errc::data_parts_exceed_total, location_of(total->second), what + " exceed the total " + fmt(total->first), true});
          }
          if (pop != nullptr) {
            const auto size = static_cast<double>(plan_->members_on(*pop, at.end()).size());
            if (std::abs(sum - size) > ind.parts_tolerance)
              warnings_push(s, {errc::data_breakdown_coverage, location_of(total ? total->second : row),
                                what + " cover " + fmt(sum) + " of the " + fmt(size) + " members of population " + pop->id.str() + " on " +
                                    to_string(at.end())});
          }
        }
      }
      a = b;
    }
  }
  static void warnings_push(observation_store& s, problem p) {
    p.warning = true;
    s.warnings_.push_back(std::move(p));
  }

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
    if (!files_.empty() && files_.back() == f) return static_cast<std::uint16_t>(files_.size() - 1);
    for (std::size_t i = 0; i < files_.size(); ++i)
      if (files_[i] == f) return static_cast<std::uint16_t>(i);
    files_.push_back(f);
    return static_cast<std::uint16_t>(files_.size() - 1);
  }
  /// Switches an optional column on, filling it for the rows added before it was first needed.
  template <class Col, class F>
  void materialise(Col& col, bool& on, F value_of) {
    on = true;
    col.reserve(start_.capacity());
    for (std::size_t i = col.size(); i < amount_.size(); ++i) col.push_back(value_of(i));
  }
  /// Appends the other part's optional column, creating ours (with defaults) when only theirs exists.
  template <class T, class AbsentMine, class AbsentTheirs, class Map>
  void merge_column(detail::column<T>& mine, bool& has_mine, detail::column<T>& theirs, bool has_theirs, std::size_t n,
                    AbsentMine absent_mine, AbsentTheirs absent_theirs, Map map) {
    if (!has_mine && !has_theirs) return;
    if (!has_mine) materialise(mine, has_mine, absent_mine);
    for (std::size_t i = 0; i < n; ++i) mine.push_back(has_theirs ? static_cast<T>(map(theirs[i])) : static_cast<T>(absent_theirs(i)));
    detail::column<T>().swap(theirs);
  }
  /// The line of row `i` (in the file of its run).
  std::size_t line_of(std::size_t i) const noexcept { return has_line_ ? line_[i] : line0_ + i; }
  std::uint32_t implied_line(std::size_t i) const noexcept { return static_cast<std::uint32_t>(line0_ + i); }
  std::int32_t end_of(std::size_t i) const noexcept { return has_end_ ? end_[i] : detail::period_end_days(start_[i], kind_[i]); }
  std::int32_t reported_of(std::size_t i) const noexcept { return has_reported_ ? reported_[i] : no_report_date; }
  period period_of(std::size_t i) const noexcept { return period::from_days(start_[i], end_of(i), kind_[i]); }

  bool key_less(const run& a, const run& b) const {
    const auto& ia = plan_->indicators()[a.indicator].id;
    const auto& ib = plan_->indicators()[b.indicator].id;
    if (a.indicator != b.indicator) return ia < ib;
    if (a.entity != b.entity) return entities_[a.entity] < entities_[b.entity];
    return disaggregations_[a.disaggregation] < disaggregations_[b.disaggregation];
  }
  static bool same_series(const run& a, const run& b) noexcept {
    return a.indicator == b.indicator && a.entity == b.entity && a.disaggregation == b.disaggregation;
  }
  void duplicate(std::size_t first_row, std::size_t second_line, const indicator& ind, const period& p, const run& r) {
    const location here{files_[r.file], second_line, 0, {}}, there{files_[r.file], line_of(first_row), 0, {}};
    problems_.push_back(detail::duplicate_row(ind, entities_[r.entity], disaggregations_[r.disaggregation], p, here, &there));
  }

  /// The general path: rows did not come sorted. Sorts rows by (series key, start, end,
  /// reported_on), merges runs into series and reports duplicates with both lines.
  void sort_rows() {
    const std::size_t n = amount_.size();
    if (!has_line_) materialise(line_, has_line_, [&](std::size_t i) { return implied_line(i); });  // rows move
    // Row → run, then runs ordered by key; rows ordered by (run key rank, start, end, reported, input order).
    std::vector<std::uint32_t> run_of(n);
    for (std::size_t k = 0; k < runs_.size(); ++k) {
      const std::size_t e = k + 1 < runs_.size() ? runs_[k + 1].begin : n;
      for (std::size_t i = runs_[k].begin; i < e; ++i) run_of[i] = static_cast<std::uint32_t>(k);
    }
    std::vector<std::uint32_t> order(runs_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key_less(runs_[a], runs_[b]); });
    std::vector<std::uint32_t> rank(runs_.size());
    std::uint32_t r = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k > 0 && !same_series(runs_[order[k - 1]], runs_[order[k]])) ++r;
      rank[order[k]] = r;
    }
    std::vector<std::uint32_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0u);
    std::stable_sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (rank[run_of[a]] != rank[run_of[b]]) return rank[run_of[a]] < rank[run_of[b]];
      return std::make_tuple(start_[a], end_of(a), reported_of(a)) < std::make_tuple(start_[b], end_of(b), reported_of(b));
    });
    detail::column<run> runs;
    for (std::size_t k = 0; k < n; ++k) {
      const run& src = runs_[run_of[perm[k]]];
      if (runs.empty() || !same_series(runs.back(), src)) {
        run nr = src;
        nr.begin = k;
        runs.push_back(nr);
      } else {
        const std::uint32_t a = perm[k - 1], b = perm[k];
        if (std::make_tuple(start_[a], end_of(a), reported_of(a)) == std::make_tuple(start_[b], end_of(b), reported_of(b))) {
          const std::uint32_t first = line_[a] <= line_[b] ? a : b, second = first == a ? b : a;
          const run& fr = runs_[run_of[first]];
          const run& sr = runs_[run_of[second]];
          const location here{files_[sr.file], line_[second], 0, {}}, there{files_[fr.file], line_[first], 0, {}};
          problems_.push_back(detail::duplicate_row(plan_->indicators()[src.indicator], entities_[src.entity], disaggregations_[src.disaggregation],
                                                    period_of(b), here, &there));
        }
      }
    }
    auto apply = [&](auto& col) {
      if (col.empty()) return;
      std::decay_t<decltype(col)> out(n);
      for (std::size_t k = 0; k < n; ++k) out[k] = col[perm[k]];
      col.swap(out);
    };
    apply(start_);
    apply(end_);
    apply(kind_);
    apply(amount_);
    apply(reported_);
    apply(flag_);
    apply(text_);
    apply(source_);
    apply(line_);
    runs_ = std::move(runs);
    sorted_ = true;
  }

  const plan* plan_;
  detail::column<std::int32_t> start_, end_, reported_;
  detail::column<period_kind> kind_;
  detail::column<double> amount_;
  detail::column<obs_flag> flag_;
  detail::column<std::uint32_t> text_, source_, line_;
  detail::column<run> runs_;
  bool sorted_ = true;
  bool has_end_ = false, has_reported_ = false, has_flag_ = false, has_text_ = false, has_source_ = false, has_line_ = false;
  std::size_t line0_ = 0;  // the line of row 0 while lines are implied (!has_line_)
  std::string last_entity_, last_disaggregation_;
  std::vector<problem> problems_;
  std::vector<std::string> entities_, disaggregations_, texts_{""}, sources_{""}, files_{""};
  std::uint16_t file_ = 0;
  intern_map entity_ix_, disaggregation_ix_, source_ix_;
};

}  // namespace waypoint
