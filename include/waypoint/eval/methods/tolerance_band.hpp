// SPDX-License-Identifier: Apache-2.0
#pragma once
// `tolerance-band`: the period's actual against its target, within a band (methods.md §6).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"
#include "waypoint/eval/trajectory.hpp"

namespace waypoint::policy {

/// `tolerance-band`: `r = actual/target` for the current period; `r > 1+m` over target, `r < 1-m`
/// under target, else on target (direction -1, or a negative target, swaps over and under). No
/// target, a zero target or no actual: not reporting, a state of its own.
class tolerance_band final : public detail::named_method<tolerance_band> {
 public:
  enum class period_target : std::uint8_t { due, path, final };
  struct params {
    double margin = 0.15;
    period_target target = period_target::due;
    bool upper_inclusive = false;  ///< r exactly 1+m is over target (lower) or on target (upper, default)
    bool lower_inclusive = true;   ///< r exactly 1-m is on target (lower, default) or under target (upper)
  };

  explicit tolerance_band(params p) : p_(p) {}

  static const method_info& info() {
    static const method_info i{
        "tolerance-band",
        "actual vs the period's target within ±margin (±15%): over target, on target, under target, or not reporting",
        {{"margin", "number", "0.15", "half-width m of the band around r = 1"},
         {"period_target", "due|path|final", "due",
          "the period's target: the first milestone or target due at or after the period's start; the path value "
          "(baseline → milestones → target) at the period; or the final target"},
         detail::inclusive_info("inclusive", "upper,lower", "1+m and 1-m (r exactly 1+m or 1-m is on target by default)")},
        "not_reporting"};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator&) {
    params p;
    p.margin = r.number_at_least("margin", 0.15, 0);
    if (p.margin >= 1) r.fail("margin", "must be below 1");
    p.target = static_cast<period_target>(r.choice("period_target", {"due", "path", "final"}, 0));
    const auto th = r.thresholds("", "inclusive", {{"1+m", 0, false}, {"1-m", 0, true}});
    p.upper_inclusive = th[0].inclusive;
    p.lower_inclusive = th[1].inclusive;
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    const indicator& ind = in.ind;
    const char* which = p_.target == period_target::due ? "due" : p_.target == period_target::path ? "path" : "final";
    tr.input("margin", p_.margin);
    tr.input("period_target", which);
    tr.rule = "r = actual/target for the period; r > 1+m over_target; r < 1-m under_target; else on_target "
              "(d*sign(target) < 0 swaps over and under); no target, a zero target or no actual: not_reporting";
    if (ind.direction == direction::maintain) return detail::not_applicable(a, "tolerance-band needs direction increase or decrease");
    if (in.points.empty()) return not_reporting(a, "no actual for the period");
    const point& cur = in.points.back();
    a.current = detail::anchor_of(cur);
    const auto target = period_target_of(in, cur, tr);
    if (!target) return not_reporting(a, "no target for the period");
    if (*target == 0) return not_reporting(a, "the period's target is 0");
    double actual = cur.amount;
    if (ind.accumulation == accumulation::flow && p_.target == period_target::final) {
      // methods.md, accumulation kinds: the life-of-plan actual of a flow is the sum over its periods.
      const double after = ind.baseline ? ind.baseline->at.time() : -1e300;
      actual = 0;
      std::size_t n = 0;
      for (const auto& p : in.points)
        if (p.time > after) {
          actual += p.amount;
          detail::trace_points(tr, std::span<const point>(&p, 1));
          ++n;
        }
      tr.input("actual_rule", "flow against the final target: the sum of the " + std::to_string(n) + " periods after the baseline");
    } else {
      detail::trace_points(tr, std::span<const point>(&cur, 1));
    }
    tr.input("actual", actual);
    tr.input("target", *target);
    const double d = detail::sign_of(ind.direction);
    const double orient = *target < 0 ? -d : d;
    tr.input("orientation", orient);
    const double r = actual / *target;
    tr.input("r", r);
    a.progress_value = r;
    const std::vector<threshold> th{{"1+m", 1 + p_.margin, p_.upper_inclusive}, {"1-m", 1 - p_.margin, p_.lower_inclusive}};
    tr.thresholds = th;
    const std::size_t band = detail::band_of(r, th);
    if (band == 1) return detail::conclude(a, status::on_track, "on_target");
    const bool better = (band == 0) == (orient > 0);
    return better ? detail::conclude(a, status::on_track, "over_target") : detail::conclude(a, status::off_track, "under_target");
  }

 private:
  static assessment& not_reporting(assessment& a, std::string why) { return detail::insufficient(a, std::move(why), "not_reporting"); }

  std::optional<double> period_target_of(const series_input& in, const point& cur, trace& tr) const {
    const indicator& ind = in.ind;
    const auto final_target = detail::numeric_target(ind);
    if (p_.target == period_target::final) {
      if (final_target) tr.input("target_from", "final target " + ind.target->at.str());
      return final_target;
    }
    if (p_.target == period_target::path) {
      std::optional<knot> base;
      if (ind.baseline && ind.baseline->amount && ind.baseline->amount->numeric()) {
        base = knot{ind.baseline->at.time(), *ind.baseline->amount->numeric()};
      } else if (!in.points.empty()) {
        base = knot{in.points.front().time, in.points.front().amount};
        tr.substitutions.push_back("no declared baseline value; the path starts at the first observation " + in.points.front().at.str());
      }
      const auto v = path_value(make_path(ind, base), cur.time);
      if (v) tr.input("target_from", "path value at " + cur.at.str());
      return v;
    }
    for (const auto& m : ind.milestones)
      if (m.when && m.amount.numeric() && m.when->end_days() >= cur.at.start_days()) {
        tr.input("target_from", "milestone " + m.when->str());
        return *m.amount.numeric();
      }
    if (final_target) {
      tr.input("target_from", "final target " + ind.target->at.str());
      return final_target;
    }
    for (auto it = ind.milestones.rbegin(); it != ind.milestones.rend(); ++it)
      if (it->when && it->amount.numeric()) {
        tr.input("target_from", "last milestone " + it->when->str());
        return *it->amount.numeric();
      }
    return std::nullopt;
  }

  params p_;
};

}  // namespace waypoint::policy
