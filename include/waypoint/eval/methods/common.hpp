// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every method shares: typed parameter parsing, base-year selection with a substitution
// policy, threshold bands with configurable inclusivity, and trace helpers (docs/methods.md).

#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/stats.hpp"
#include "waypoint/eval/status.hpp"
#include "waypoint/eval/trend.hpp"
#include "waypoint/model/indicator.hpp"

namespace waypoint {

/// Where a method takes its base from when the base year has no value (the `base` parameter).
enum class base_policy : std::uint8_t {
  next_later,  ///< `next-later`: the first later period with a value
  nearest,     ///< `nearest`: the period with a value nearest the base year, earlier or later (a tie goes to the later)
  shorten,     ///< `shorten`: the first later period, provided the period left is at least `min_span` years long
};

constexpr std::string_view to_string(base_policy p) noexcept {
  return p == base_policy::next_later ? "next-later" : p == base_policy::nearest ? "nearest" : "shorten";
}

namespace detail {

// ---------------------------------------------------------------------------------------------
// Parameters

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto comma = s.find(',');
    out.push_back(trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

/// Reads the text parameters of one method, once, into typed values. Constructing it rejects any
/// parameter the method does not list; every reader throws `method.bad_param` for text that does
/// not parse, naming the method, the parameter and the text.
class param_reader {
 public:
  param_reader(const method_info& info, const std::map<std::string, std::string>& params) : info_(info), params_(params) {
    for (const auto& kv : params) {
      bool known = false;
      for (const auto& p : info.params) known = known || p.name == kv.first;
      if (!known) {
        std::string names;
        for (const auto& p : info.params) names += (names.empty() ? "" : ", ") + p.name;
        throw error(errc::method_bad_param, {}, info.name + " has no parameter '" + kv.first + "' (it has: " + (names.empty() ? "none" : names) + ")");
      }
    }
  }

  [[nodiscard]] const std::string* find(const std::string& key) const {
    auto it = params_.find(key);
    return it == params_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] bool has(const std::string& key) const { return find(key) != nullptr; }

  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw error(errc::method_bad_param, {}, info_.name + ": parameter " + key + " " + why);
  }

  /// A finite number.
  [[nodiscard]] double number(const std::string& key, double dflt) const {
    const std::string* s = find(key);
    if (!s) return dflt;
    return parse_number(key, *s);
  }
  /// A finite number at least `low`.
  [[nodiscard]] double number_at_least(const std::string& key, double dflt, double low) const {
    const double v = number(key, dflt);
    if (v < low) fail(key, "must be at least " + format_number(low) + ", got " + format_number(v));
    return v;
  }
  /// A whole number.
  [[nodiscard]] int integer(const std::string& key, int dflt) const {
    const std::string* s = find(key);
    if (!s) return dflt;
    int v = 0;
    auto r = std::from_chars(s->data(), s->data() + s->size(), v);
    if (r.ec != std::errc{} || r.ptr != s->data() + s->size()) fail(key, "expects an integer, got '" + *s + "'");
    return v;
  }
  /// One of `options`; returns its index.
  [[nodiscard]] std::size_t choice(const std::string& key, std::initializer_list<std::string_view> options, std::size_t dflt) const {
    const std::string* s = find(key);
    if (!s) return dflt;
    std::size_t k = 0;
    std::string names;
    for (auto o : options) {
      if (o == *s) return k;
      names += (names.empty() ? "" : ", ") + std::string(o);
      ++k;
    }
    fail(key, "expects one of " + names + ", got '" + *s + "'");
  }
  /// The `base` parameter.
  [[nodiscard]] base_policy base(base_policy dflt) const {
    return static_cast<base_policy>(choice("base", {"next-later", "nearest", "shorten"}, static_cast<std::size_t>(dflt)));
  }
  /// Thresholds, highest first. `amounts_key` (may be empty: amounts fixed) reads a comma list of
  /// numbers, one per threshold, strictly decreasing; `inclusive_key` reads `lower` (a value
  /// exactly at the threshold falls in the band above: `>=`) or `upper` (it falls in the band
  /// below: `>`), once for every threshold or as a comma list, one word per threshold.
  [[nodiscard]] std::vector<threshold> thresholds(const std::string& amounts_key, const std::string& inclusive_key,
                                                  std::vector<threshold> th) const {
    if (const std::string* s = amounts_key.empty() ? nullptr : find(amounts_key)) {
      const auto parts = split_list(*s);
      if (parts.size() != th.size()) fail(amounts_key, "expects " + std::to_string(th.size()) + " comma-separated numbers, got '" + *s + "'");
      for (std::size_t k = 0; k < th.size(); ++k) {
        th[k].amount = parse_number(amounts_key, std::string(parts[k]));
        if (k > 0 && !(th[k].amount < th[k - 1].amount)) fail(amounts_key, "must be strictly decreasing (highest first), got '" + *s + "'");
      }
    }
    if (const std::string* s = find(inclusive_key)) {
      const auto parts = split_list(*s);
      if (parts.size() != 1 && parts.size() != th.size())
        fail(inclusive_key, "expects lower or upper, once or " + std::to_string(th.size()) + " times comma-separated, got '" + *s + "'");
      for (std::size_t k = 0; k < th.size(); ++k) {
        const auto w = parts.size() == 1 ? parts[0] : parts[k];
        if (w != "lower" && w != "upper") fail(inclusive_key, "expects lower or upper, got '" + std::string(w) + "'");
        th[k].inclusive = w == "lower";
      }
    }
    return th;
  }

 private:
  double parse_number(const std::string& key, const std::string& text) const {
    double v = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || !std::isfinite(v)) fail(key, "expects a number, got '" + text + "'");
    return v;
  }
  const method_info& info_;
  const std::map<std::string, std::string>& params_;
};

/// The parameters every base-year method shares: `base_year`, `base`, `min_span`.
struct base_params {
  int year = 2015;          ///< the base year asked for
  bool year_given = false;  ///< true: set by the `base_year` parameter, not taken from the indicator
  base_policy policy = base_policy::next_later;
  double min_span = 1;      ///< the least span in years the `shorten` policy accepts
};

/// The indicator's baseline year, else 2015.
inline int default_base_year(const indicator& ind) { return ind.baseline ? ind.baseline->at.start_year() : 2015; }
/// The indicator's target year, else 2030.
inline int default_target_year(const indicator& ind) { return ind.target ? ind.target->at.start_year() : 2030; }

inline base_params read_base_params(const param_reader& r, const indicator& ind, base_policy policy, double min_span) {
  base_params b;
  b.year_given = r.has("base_year");
  b.year = r.integer("base_year", default_base_year(ind));
  b.policy = r.base(policy);
  b.min_span = r.number_at_least("min_span", min_span, 0);
  return b;
}

/// The parameters of base-year methods with a target: `base_year`, `base`, `min_span`, `target_year`.
struct target_params {
  base_params base;
  int target_year = 2030;
};

inline target_params read_target_params(const param_reader& r, const indicator& ind) {
  return {read_base_params(r, ind, base_policy::next_later, 1), r.integer("target_year", default_target_year(ind))};
}

/// The parameters of methods over the last `years` years: `years`, `base`, `min_span`.
struct window_params {
  int years = 5;
  base_policy base = base_policy::next_later;
  double min_span = 1;
};

inline window_params read_window_params(const param_reader& r, int years, base_policy base, double min_span) {
  window_params w;
  w.years = r.integer("years", years);
  if (w.years < 1) r.fail("years", "must be at least 1");
  w.base = r.base(base);
  w.min_span = r.number_at_least("min_span", min_span, 0);
  return w;
}

inline param_info base_year_info() {
  return {"base_year", "integer", "(indicator)", "base year; default: the baseline's year, else 2015"};
}
inline param_info target_year_info() {
  return {"target_year", "integer", "(indicator)", "target year; default: the target's year, else 2030"};
}
inline param_info base_info(base_policy dflt) {
  return {"base", "next-later|nearest|shorten", std::string(to_string(dflt)),
          "when the base year has no value: the next later period, the nearest period, or shorten the period (down to min_span)"};
}
inline param_info min_span_info(double dflt) {
  return {"min_span", "number", format_number(dflt), "years: the shortest period base=shorten accepts"};
}
/// The descriptions of `target_params`, followed by `more`.
inline std::vector<param_info> target_param_infos(std::initializer_list<param_info> more) {
  std::vector<param_info> v{base_year_info(), target_year_info(), base_info(base_policy::next_later), min_span_info(1)};
  v.insert(v.end(), more.begin(), more.end());
  return v;
}
inline param_info inclusive_info(std::string name, std::string dflt, std::string which) {
  return {std::move(name), "lower|upper[,...]", std::move(dflt),
          "at " + which + ": lower puts a value exactly at a threshold in the band above (>=), upper in the band below (>); one word, or one per threshold"};
}
inline param_info thresholds_info(std::string name, std::string dflt, std::string which) {
  return {std::move(name), "number,...", std::move(dflt), which + ", highest first"};
}

/// What every method class repeats: its name is the name its `info()` registers.
template <class Derived>
class named_method : public method {
 public:
  const std::string& name() const noexcept final { return Derived::info().name; }
  std::string_view no_data_category() const noexcept final { return Derived::info().no_data_category; }
};

// ---------------------------------------------------------------------------------------------
// Bands

/// True when `v` is in the band above `t` (at or above it when inclusive, above it otherwise).
inline bool clears(double v, double amount, bool inclusive) noexcept { return inclusive ? v >= amount : v > amount; }
inline bool clears(double v, const threshold& t) noexcept { return clears(v, t.amount, t.inclusive); }

/// The band `v` falls in, for thresholds highest first: 0 above the first, k below the k-th.
inline std::size_t band_of(double v, std::span<const threshold> th) noexcept {
  std::size_t k = 0;
  while (k < th.size() && !clears(v, th[k])) ++k;
  return k;
}
/// The same, for threshold amounts computed per series and the sides (`inclusive`) of `sides`
/// (the configured thresholds, one per amount): no threshold is copied.
inline std::size_t band_of(double v, std::span<const double> amounts, std::span<const threshold> sides) noexcept {
  std::size_t k = 0;
  while (k < amounts.size() && !clears(v, amounts[k], sides[k].inclusive)) ++k;
  return k;
}

/// One band's outcome: the method's category and the normalised status it maps onto.
struct band_outcome {
  std::string_view category;
  waypoint::status status;
};

// ---------------------------------------------------------------------------------------------
// Series, direction, target

inline double sign_of(direction d) { return d == direction::decrease ? -1.0 : 1.0; }

/// True when `y` meets the target `x` for direction `d` (+1: y >= x; -1: y <= x).
inline bool meets(double d, double y, double x) noexcept { return d > 0 ? y >= x : y <= x; }

/// The indicator's numeric target, if any.
inline std::optional<double> numeric_target(const indicator& ind) {
  if (!ind.target) return std::nullopt;
  return ind.target->amount.numeric();
}

inline void trace_points(trace& tr, std::span<const point> pts) {
  if (!tr.recording) return;
  for (const auto& p : pts) tr.points.emplace_back(p.at.str(), p.amount);
}

inline anchor anchor_of(const point& p) { return anchor{p.at, p.time, p.amount, false}; }

/// Sets the status and category of `a` (an `assessment`, or the `assessment_values` of a batch
/// run, whose category must then be a literal).
template <class A>
A& conclude(A& a, status s, std::string_view category) {
  a.status = s;
  a.category = category;
  return a;
}
template <class A>
A& conclude(A& a, const band_outcome& o) {
  return conclude(a, o.status, o.category);
}
/// insufficient_data with a reason (never a zero, never an exception).
inline assessment& insufficient(assessment& a, std::string why, std::string_view category = "insufficient_data") {
  a.reason = std::move(why);
  return conclude(a, status::insufficient_data, category);
}
inline assessment& not_applicable(assessment& a, std::string why, std::string_view category = "not_applicable") {
  a.reason = std::move(why);
  return conclude(a, status::not_applicable, category);
}
/// The same for the values of a batch run, which keep no reason (only `has_reason`): `why` is a
/// callable that makes it, called only for a full assessment.
template <class Why>
assessment& insufficient_because(assessment& a, const Why& why, std::string_view category = "insufficient_data") {
  return insufficient(a, why(), category);
}
template <class Why>
assessment_values& insufficient_because(assessment_values& a, const Why& /*why*/, std::string_view category = "insufficient_data") {
  a.has_reason = true;
  return conclude(a, status::insufficient_data, category);
}
template <class Why>
assessment& not_applicable_because(assessment& a, const Why& why, std::string_view category = "not_applicable") {
  return not_applicable(a, why(), category);
}
template <class Why>
assessment_values& not_applicable_because(assessment_values& a, const Why& /*why*/, std::string_view category = "not_applicable") {
  a.has_reason = true;
  return conclude(a, status::not_applicable, category);
}

/// For methods whose own categories speak of progress only: the normalised status becomes
/// `achieved` when the latest value meets the target, whatever the category (kept).
inline void achieved_when_met(assessment& a, double d, double yt, double x) {
  if (!meets(d, yt, x)) return;
  a.status = status::achieved;
  a.trace.input("normalised", "achieved: the latest value meets the target");
}

// ---------------------------------------------------------------------------------------------
// Base selection

/// The base a method anchored on, and the points from it on.
struct base_choice {
  std::optional<anchor> base;
  std::span<const point> used;  ///< points from the base on (the base point itself when it comes from the data)
  std::string reason;           ///< why there is no base
};

/// Picks the base point for the base time `wanted` (described by `label()`, e.g. "base year 2015",
/// called only when a message needs it) under `policy`, and records any substitution. Under
/// `shorten`, the span from the base to the latest point must be at least `min_span` years.
template <class Label>
base_choice pick_base(std::span<const point> pts, double wanted, const Label& label, base_policy policy, double min_span, trace& tr) {
  base_choice c;
  if (pts.empty()) {
    c.reason = "no observations";
    return c;
  }
  std::size_t idx = pts.size();
  if (policy == base_policy::nearest) {
    idx = 0;
    for (std::size_t k = 1; k < pts.size(); ++k)
      if (std::abs(pts[k].time - wanted) <= std::abs(pts[idx].time - wanted)) idx = k;
  } else {
    idx = 0;
    while (idx < pts.size() && pts[idx].time < wanted) ++idx;
    if (idx == pts.size()) {
      c.reason = label() + " is after the latest data";
      return c;
    }
  }
  const point& p = pts[idx];
  if (p.time != wanted && tr.recording) {  // a trace that records nothing is dropped: no message to build
    const char* how = policy == base_policy::nearest ? "; used the nearest period "
                      : policy == base_policy::shorten ? "; shortened the period to start at "
                                                       : "; used the next later period ";
    tr.substitutions.push_back(label() + " has no value" + how + p.at.str());
  }
  if (policy == base_policy::shorten && pts.back().time - p.time < min_span) {
    c.reason = "the period from " + p.at.str() + " to " + pts.back().at.str() + " is shorter than the minimum span of " +
               format_number(min_span) + " years";
    return c;
  }
  c.base = anchor_of(p);
  c.used = pts.subspan(idx);
  return c;
}

/// The base for a base-year method: the plan's declared baseline value when `declared_ok`, the
/// indicator declares one and no `base_year` parameter overrides it (the points used are then
/// those after it); otherwise the data's value at the base year under the policy.
inline base_choice choose_base(const series_input& in, const base_params& bp, bool declared_ok, trace& tr) {
  const indicator& ind = in.ind;
  if (declared_ok && !bp.year_given && ind.baseline && ind.baseline->amount && ind.baseline->amount->numeric()) {
    base_choice c;
    const auto& b = *ind.baseline;
    c.base = anchor{b.at, b.at.time(), *b.amount->numeric(), true};
    std::size_t k = 0;
    while (k < in.points.size() && in.points[k].time <= c.base->time) ++k;
    c.used = in.points.subspan(k);
    tr.input("base_source", "declared baseline " + b.at.str());
    return c;
  }
  return pick_base(in.points, static_cast<double>(bp.year), [&] { return "base year " + std::to_string(bp.year); }, bp.policy, bp.min_span, tr);
}

/// The points a base-year method fits or reports: the base (declared or from the data) and the
/// points after it, as `point`s.
inline std::vector<point> base_and_after(const base_choice& c) {
  std::vector<point> out;
  out.reserve(c.used.size() + 1);
  if (c.base && c.base->declared) out.push_back({c.base->at, c.base->time, c.base->amount});
  out.insert(out.end(), c.used.begin(), c.used.end());
  return out;
}

/// Records the base (b, y_b), the current point (t, y_t) and the direction as trace inputs.
inline void trace_anchors(trace& tr, double b, double yb, double t, double yt, double d) {
  tr.input("b", b);
  tr.input("y_b", yb);
  tr.input("t", t);
  tr.input("y_t", yt);
  tr.input("direction", d);
}

/// What a target-based, base-year method works on once the checks every such method shares pass.
struct target_series {
  double d = 1;   ///< direction, +1 or -1
  double x = 0;   ///< target value x*
  double T = 0;   ///< target year
  double yb = 0, b = 0;  ///< base value and time
  double yt = 0, t = 0;  ///< current value and time
  std::vector<point> used;  ///< the base and the points after it
};

/// The checks shared by target-based, base-year methods (unsd-2022, unsd-2023, escap, ols-projection),
/// in order: direction maintain → not_applicable; no numeric target → not_applicable; no base →
/// insufficient_data; no point after the base → insufficient_data. Fills `a.base`, `a.current`
/// and the trace's points and inputs. Returns std::nullopt when `a` is already concluded.
inline std::optional<target_series> target_preamble(assessment& a, const series_input& in, const target_params& tp,
                                                    const std::string& method_name) {
  const base_params& bp = tp.base;
  const int target_year = tp.target_year;
  auto& tr = a.trace;
  const indicator& ind = in.ind;
  tr.input("base_year", static_cast<double>(bp.year));
  tr.input("target_year", static_cast<double>(target_year));
  tr.input("base_policy", std::string(to_string(bp.policy)));
  if (ind.direction == direction::maintain) {
    not_applicable(a, method_name + " needs direction increase or decrease");
    return std::nullopt;
  }
  const auto x = numeric_target(ind);
  if (!x) {
    not_applicable(a, method_name + " needs a numeric target");
    return std::nullopt;
  }
  const auto bc = choose_base(in, bp, true, tr);
  if (!bc.base) {
    insufficient(a, bc.reason);
    return std::nullopt;
  }
  target_series s;
  s.used = base_and_after(bc);
  trace_points(tr, s.used);
  a.base = bc.base;
  a.current = anchor_of(s.used.back());
  s.d = sign_of(ind.direction);
  s.x = *x;
  s.T = target_year;
  s.yb = a.base->amount;
  s.b = a.base->time;
  s.yt = a.current->amount;
  s.t = a.current->time;
  trace_anchors(tr, s.b, s.yb, s.t, s.yt, s.d);
  tr.input("target", s.x);
  tr.input("T", s.T);
  if (!(s.t > s.b)) {
    insufficient(a, "fewer than two points from the base " + a.base->at.str() + " on");
    return std::nullopt;
  }
  if (!(s.T > s.b)) {
    insufficient(a, "the target year " + std::to_string(target_year) + " is not after the base " + a.base->at.str());
    return std::nullopt;
  }
  return s;
}

/// What a method over the last `years` works on (eurostat, istat-classes, de-weather).
struct recent_window {
  double d = 1;
  double yb = 0, b = 0;  ///< base value and time (the window's first point)
  double yt = 0, t = 0;  ///< current value and time
  std::span<const point> used;  ///< the window, base to current
};

/// The checks shared by methods over the last `years`, in order: direction maintain →
/// not_applicable; no observations → insufficient_data; no base at t - years under the policy →
/// insufficient_data; base = current → insufficient_data. Fills `a.base`, `a.current`, the trace's
/// points and inputs. Returns std::nullopt when `a` is already concluded.
inline std::optional<recent_window> recent_preamble(assessment& a, const series_input& in, const window_params& wp,
                                                    const std::string& method_name) {
  auto& tr = a.trace;
  const int years = wp.years;
  const base_policy policy = wp.base;
  const double min_span = wp.min_span;
  tr.input("years", static_cast<double>(years));
  tr.input("base_policy", std::string(to_string(policy)));
  tr.input("min_span", min_span);
  if (in.ind.direction == direction::maintain) {
    not_applicable(a, method_name + " needs direction increase or decrease");
    return std::nullopt;
  }
  if (in.points.empty()) {
    insufficient(a, "no observations");
    return std::nullopt;
  }
  const point& cp = in.points.back();
  a.current = anchor_of(cp);
  const double wanted = cp.time - years;
  const auto bc = pick_base(in.points, wanted, [&] { return "base year " + format_number(wanted); }, policy, min_span, tr);
  if (!bc.base) {
    insufficient(a, bc.reason);
    return std::nullopt;
  }
  a.base = bc.base;
  trace_points(tr, bc.used);
  recent_window w{sign_of(in.ind.direction), bc.base->amount, bc.base->time, cp.amount, cp.time, bc.used};
  trace_anchors(tr, w.b, w.yb, w.t, w.yt, w.d);
  if (!(w.t > w.b)) {
    insufficient(a, "only one point in the period (t = b)");
    return std::nullopt;
  }
  return w;
}

/// The sign correction for negative bases (sdg-canada's `s`): -1 when the base is negative.
inline double base_sign(double yb) noexcept { return yb < 0 ? -1.0 : 1.0; }

/// Why a CAGR between `v0` and `v1` is undefined, or "" when it is defined.
inline std::string cagr_undefined_reason(double v1, double v0) {
  if (v0 == 0) return "the base value is 0, so the growth rate is undefined";
  if (v1 / v0 < 0) return "the base and current values have opposite signs, so the growth rate is undefined";
  return "the growth rate is undefined";
}

}  // namespace detail
}  // namespace waypoint
