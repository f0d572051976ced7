// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file methods.hpp
/// The built-in methods: `linear-trajectory` (the default) and `sdg-canada`. Included by method.hpp.

#include <cmath>
#include <optional>
#include <string>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/trajectory.hpp"

namespace waypoint {
namespace detail {

inline double parse_number_param(const std::string& method, const std::string& key, const std::string& text) {
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || !std::isfinite(v))
    throw error("method.bad_param", {}, method + ": parameter " + key + " expects a number, got '" + text + "'");
  return v;
}
inline int parse_integer_param(const std::string& method, const std::string& key, const std::string& text) {
  int v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size())
    throw error("method.bad_param", {}, method + ": parameter " + key + " expects an integer, got '" + text + "'");
  return v;
}
/// Rejects parameters that `info` does not list.
inline void check_param_names(const method_info& info, const std::map<std::string, std::string>& params) {
  for (const auto& [k, v] : params) {
    bool known = false;
    for (const auto& p : info.params) known = known || p.name == k;
    if (!known) {
      std::string names;
      for (const auto& p : info.params) names += (names.empty() ? "" : ", ") + p.name;
      throw error("method.bad_param", {}, info.name + " has no parameter '" + k + "' (it has: " + (names.empty() ? "none" : names) + ")");
    }
  }
}
inline const method_info& find_info(const std::string& name) {
  for (const auto& m : methods())
    if (m.name == name) return m;
  std::string names;
  for (const auto& m : methods()) names += (names.empty() ? "" : ", ") + m.name;
  throw error("method.unknown", {}, "unknown method '" + name + "' (known: " + names + ")");
}
inline void trace_points(trace& tr, std::span<const point> pts) {
  for (const auto& p : pts) tr.points.emplace_back(p.at.str(), p.amount);
}
inline double sign_of(direction d) { return d == direction::decrease ? -1.0 : 1.0; }

/// The declared baseline of `ind`, or the series' own value at or after the baseline period
/// (recorded as a substitution), or its first point when the plan declares no baseline.
inline std::optional<anchor> declared_or_first_base(const indicator& ind, std::span<const point> pts, trace& tr) {
  if (ind.baseline && ind.baseline->amount && ind.baseline->amount->numeric()) {
    const auto& b = *ind.baseline;
    return anchor{b.at, b.at.time(), *b.amount->numeric(), true};
  }
  if (ind.baseline) {
    const double bt = ind.baseline->at.time();
    for (const auto& p : pts)
      if (p.time >= bt) {
        if (p.at.start_days() != ind.baseline->at.start_days())
          tr.substitutions.push_back("baseline period " + ind.baseline->at.str() + " has no value; used the next later period " + p.at.str());
        return anchor{p.at, p.time, p.amount, false};
      }
    return std::nullopt;
  }
  if (pts.empty()) return std::nullopt;
  tr.substitutions.push_back("the plan declares no baseline; used the first observation " + pts.front().at.str());
  return anchor{pts.front().at, pts.front().time, pts.front().amount, false};
}

/// `linear-trajectory`: progress achieved vs the share expected by now on the path
/// baseline → milestones → target (methods.md §5).
class linear_trajectory final : public method {
 public:
  explicit linear_trajectory(double tolerance) : tolerance_(tolerance) {}
  const std::string& name() const noexcept override {
    static const std::string n = "linear-trajectory";
    return n;
  }
  assessment assess(const series_input& in) const override {
    assessment a;
    const indicator& ind = in.ind;
    auto& tr = a.trace;
    trace_points(tr, in.points);
    tr.input("tolerance", tolerance_);
    if (in.points.empty()) return insufficient(a, "no observations as of the evaluation date");
    const point& cur = in.points.back();
    a.current = anchor{cur.at, cur.time, cur.amount, false};
    tr.input("current", cur.amount);
    tr.input("t", cur.time);
    if (ind.direction == direction::maintain) {
      const auto& r = *ind.range;
      tr.rule = "low <= y_t <= high → within_range (on_track), else outside_range (off_track)";
      tr.thresholds = {{"low", r.low, true}, {"high", r.high, true}};
      const bool in_range = r.low <= cur.amount && cur.amount <= r.high;
      a.status = in_range ? status::on_track : status::off_track;
      a.category = in_range ? "within_range" : "outside_range";
      a.base = declared_or_first_base(ind, in.points, tr);
      return a;
    }
    if (!ind.target || !ind.target->amount.numeric()) return insufficient(a, "the indicator has no numeric target");
    const double x = *ind.target->amount.numeric();
    const double d = sign_of(ind.direction);
    a.base = declared_or_first_base(ind, in.points, tr);
    if (!a.base) return insufficient(a, "no observation at or after the baseline period " + ind.baseline->at.str());
    const double yb = a.base->amount, b = a.base->time, yt = cur.amount;
    tr.input("base", yb);
    tr.input("b", b);
    tr.input("target", x);
    tr.input("T", ind.target->at.time());
    tr.input("direction", d);
    if (!(cur.time > b)) return insufficient(a, "no observation after the baseline " + a.base->at.str());
    const auto path = make_path(ind, knot{b, yb});
    const double expected = path_value(path, cur.time).value_or(x);
    if (x != yb) {
      a.progress_value = (yt - yb) / (x - yb);
      tr.input("p", *a.progress_value);
    }
    if (d * (yt - x) >= 0) {
      tr.rule = "d*(y_t - x*) >= 0 → target_achieved";
      a.status = status::achieved;
      a.category = "target_achieved";
      if (a.progress_value) a.score = *a.progress_value - (expected - yb) / (x - yb);
      return a;
    }
    if (x == yb) {
      tr.rule = "target equals the baseline and y_t is on the wrong side → moving_away";
      a.status = status::regressing;
      a.category = "moving_away";
      return a;
    }
    const double p = *a.progress_value;
    const double e = (expected - yb) / (x - yb);
    tr.input("expected", expected);
    tr.input("e", e);
    tr.thresholds = {{"e - tolerance", e - tolerance_, true}, {"no progress", 0.0, false}};
    tr.rule = "p = (y_t-y_b)/(x*-y_b); e = share of the path expected by t; p >= e - tolerance → on_track; "
              "0 < p → behind (needs_acceleration); p = 0 → no_progress (off_track); p < 0 → moving_away (regressing)";
    a.score = p - e;
    if (p >= e - tolerance_) {
      a.status = status::on_track;
      a.category = "on_track";
    } else if (p > 0) {
      a.status = status::needs_acceleration;
      a.category = "behind";
    } else if (p == 0) {
      a.status = status::off_track;
      a.category = "no_progress";
    } else {
      a.status = status::regressing;
      a.category = "moving_away";
    }
    return a;
  }

 private:
  static assessment& insufficient(assessment& a, std::string why) {
    a.status = status::insufficient_data;
    a.category = "insufficient_data";
    a.reason = std::move(why);
    return a;
  }
  double tolerance_;
};

/// `sdg-canada`: the Statistics Canada / Open SDG progress measure (methods.md §1), exact.
class sdg_canada final : public method {
 public:
  sdg_canada(int base_year, int target_year) : base_year_(base_year), target_year_(target_year) {}
  const std::string& name() const noexcept override {
    static const std::string n = "sdg-canada";
    return n;
  }
  assessment assess(const series_input& in) const override {
    assessment a;
    auto& tr = a.trace;
    const indicator& ind = in.ind;
    tr.input("base_year", static_cast<double>(base_year_));
    tr.input("target_year", static_cast<double>(target_year_));
    if (ind.direction == direction::maintain) {
      a.status = status::not_applicable;
      a.category = "not_available";
      a.reason = "sdg-canada needs direction increase or decrease";
      return a;
    }
    // Points from the base year on; the base used is the first of them, the current the last.
    std::size_t first = 0;
    while (first < in.points.size() && in.points[first].time < base_year_) ++first;
    const auto used = in.points.subspan(first);
    trace_points(tr, used);
    if (used.empty()) return not_available(a, "no value from the base year " + std::to_string(base_year_) + " on");
    const point &bp = used.front(), &cp = used.back();
    a.base = anchor{bp.at, bp.time, bp.amount, false};
    a.current = anchor{cp.at, cp.time, cp.amount, false};
    if (bp.time != base_year_)
      tr.substitutions.push_back("base year " + std::to_string(base_year_) + " has no value; used the next later period " + bp.at.str());
    const double d = sign_of(ind.direction);
    const bool has_target = ind.target && ind.target->amount.numeric();
    double yb = bp.amount, yt = cp.amount;
    const double b = bp.time, t = cp.time, T = target_year_;
    const double sign = yb < 0 ? -1.0 : 1.0;
    double target = has_target ? *ind.target->amount.numeric() : 0.0;
    if (has_target && target == 0) {
      target = 0.001;
      tr.substitutions.push_back("target 0 replaced by 0.001");
    }
    if (yb == 0) {
      yb = 0.001;
      tr.substitutions.push_back("base value 0 replaced by 0.001");
    }
    tr.input("y_b", bp.amount);
    tr.input("y_t", yt);
    tr.input("b", b);
    tr.input("t", t);
    tr.input("direction", d);
    if (has_target) tr.input("target", target);
    if (ind.limit) tr.input("limit", *ind.limit);
    const double span = t - b;
    if (!(span >= 1)) return not_available(a, "fewer than two years of data from the base year on (t - b < 1)");
    const bool opposite = (yb > 0 && yt < 0) || (yb < 0 && yt > 0);
    const double cagr_o = std::pow(yt / yb, 1.0 / span) - 1.0;
    std::optional<double> pv;
    double coeff = 1.0;
    if (has_target) {
      const double cagr_r = std::pow(target / yb, 1.0 / (T - b)) - 1.0;
      tr.input("CAGR_a", cagr_o);
      tr.input("CAGR_r", cagr_r);
      if (!opposite && cagr_r != 0) pv = sign * d * cagr_o / std::abs(cagr_r);
    } else {
      tr.input("CAGR_a", cagr_o);
      if (!opposite) pv = sign * d * cagr_o;
      if (ind.limit) {
        const double v = std::abs(bp.amount), L = std::abs(*ind.limit);
        if (v >= 2 * L) coeff = 1.0;
        else if (v <= L) coeff = 1.0 - std::pow(v / L, 4.44);
        else coeff = 1.0 - std::pow((2 * L - v) / L, 4.44);
        tr.input("C", coeff);
      }
    }
    if (pv && std::isnan(*pv)) pv.reset();
    a.progress_value = pv;
    if (pv) tr.input("P", *pv);
    const double high = has_target ? 0.95 : 0.015 * coeff, med = has_target ? 0.6 : 0.005 * coeff, low = 0.0;
    tr.thresholds = {{"high", high, true}, {"med", med, true}, {"low", low, true}};
    const bool achieved = has_target && ((d < 0 && yt <= target) || (d > 0 && yt >= target));
    if (achieved) {
      tr.rule = "target met (d=+1: y_t >= x*; d=-1: y_t <= x*) → target_achieved, score 5";
      a.status = status::achieved;
      a.category = "target_achieved";
      a.score = 5.0;
      return a;
    }
    if (!pv) return not_available(a, opposite ? "base and current values have opposite signs" : "the required growth rate is 0 (base equals target) or undefined");
    const double P = *pv;
    if (has_target) {
      tr.rule = "P = s*d*CAGR_a/|CAGR_r|; P >= 0.95 substantial; P >= 0.6 moderate; P >= 0 limited; else deterioration. "
                "Score: P >= 0.6 → min(7.1429P - 4.2857, 5); else max(4.1667P - 2.5, -5)";
      a.score = P >= 0.6 ? std::min(7.1429 * P - 4.2857, 5.0) : std::max(4.1667 * P - 2.5, -5.0);
    } else {
      tr.rule = "P = s*d*CAGR_a; thresholds 0.015C, 0.005C, 0 (C = limit coefficient). "
                "Score: P < 0 → max(125P - 2.5, -5); C = 0 → 5; p = P/C: p >= 0.015 → min(500p - 5, 5); p >= 0.005 → 250p - 1.25; else 500p - 2.5";
      const double p = P / coeff;
      if (P < low) a.score = std::max(125 * P - 2.5, -5.0);
      else if (coeff == 0) a.score = 5.0;
      else if (p >= 0.015) a.score = std::min(500 * p - 5, 5.0);
      else if (p >= 0.005) a.score = 250 * p - 1.25;
      else a.score = 500 * p - 2.5;
    }
    if (P >= high) {
      a.status = status::on_track;
      a.category = "substantial_progress";
    } else if (P >= med) {
      a.status = status::needs_acceleration;
      a.category = "moderate_progress";
    } else if (P >= low) {
      a.status = status::off_track;
      a.category = "limited_progress";
    } else {
      a.status = status::regressing;
      a.category = "deterioration";
    }
    return a;
  }

 private:
  static assessment& not_available(assessment& a, std::string why) {
    a.status = status::insufficient_data;
    a.category = "not_available";
    a.reason = std::move(why);
    return a;
  }
  int base_year_, target_year_;
};

}  // namespace detail

inline const std::vector<method_info>& methods() {
  static const std::vector<method_info> all = {
      {"linear-trajectory",
       "progress achieved vs the share expected by now on the path baseline → milestones → target (the default)",
       {{"tolerance", "number", "0", "on track when p >= e - tolerance (share of the baseline-to-target distance)"}}},
      {"sdg-canada",
       "Statistics Canada / Open SDG progress measure: CAGR-based progress value, score -5..5 and five categories",
       {{"base_year", "integer", "(indicator)", "base year; default: the baseline's year, else 2015"},
        {"target_year", "integer", "(indicator)", "target year; default: the target's year, else 2030"}}},
  };
  return all;
}

inline std::unique_ptr<method> make_method(const std::string& name, const std::map<std::string, std::string>& params,
                                           const indicator& ind) {
  const std::string& n = name.empty() ? default_method_name() : name;
  const method_info& info = detail::find_info(n);
  detail::check_param_names(info, params);
  auto get = [&](const char* k) -> const std::string* {
    auto it = params.find(k);
    return it == params.end() ? nullptr : &it->second;
  };
  if (n == "linear-trajectory") {
    double tol = 0;
    if (auto s = get("tolerance")) tol = detail::parse_number_param(n, "tolerance", *s);
    if (tol < 0) throw error("method.bad_param", {}, n + ": tolerance must not be negative");
    return std::make_unique<detail::linear_trajectory>(tol);
  }
  int by = ind.baseline ? ind.baseline->at.start_year() : 2015;
  int ty = ind.target ? ind.target->at.start_year() : 2030;
  if (auto s = get("base_year")) by = detail::parse_integer_param(n, "base_year", *s);
  if (auto s = get("target_year")) ty = detail::parse_integer_param(n, "target_year", *s);
  if (ty <= by) throw error("method.bad_param", {}, n + ": target_year must be after base_year");
  return std::make_unique<detail::sdg_canada>(by, ty);
}

inline method_check method_checker() {
  return [](const method_spec& spec, const indicator& ind) {
    std::vector<std::pair<std::string, std::string>> out;
    try {
      (void)make_method(spec.name, spec.params, ind);
    } catch (const error& e) {
      for (const auto& p : e.problems()) out.emplace_back(p.code == "method.unknown" ? "plan.unknown_method" : "plan.bad_param", p.message);
    }
    return out;
  };
}

}  // namespace waypoint
