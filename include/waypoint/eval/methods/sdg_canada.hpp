// SPDX-License-Identifier: Apache-2.0
#pragma once
// `sdg-canada`: the Statistics Canada / Open SDG progress measure (methods.md §1), exact.

#include <algorithm>
#include <array>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint::policy {

/// `sdg-canada`: CAGR-based progress value `P`, score -5..5 and five categories. Reproduces the
/// published Statistics Canada series to 1e-9 (tests/eval/test_sdg_canada.cpp).
class sdg_canada final : public detail::named_method<sdg_canada> {
 public:
  struct params {
    detail::target_params target;  ///< base_year, base, min_span, target_year
    /// high, med, low. The amounts are the method's (0.95/0.6/0 with a target, 0.015C/0.005C/0
    /// without); only which side of each a value exactly at it falls on is a parameter.
    std::vector<threshold> bands{{"high", 0, true}, {"med", 0, true}, {"low", 0, true}};
  };

  explicit sdg_canada(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "sdg-canada",
        "Statistics Canada / Open SDG progress measure: CAGR-based progress value, score -5..5 and five categories",
        detail::target_param_infos({detail::inclusive_info("inclusive", "lower", "high, med, low")}), "not_available"};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.target = detail::read_target_params(r, ind);
    if (p.target.target_year <= p.target.base.year) r.fail("target_year", "must be after base_year");
    p.bands = r.thresholds("", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    run(in, a, a.trace);
    return a;
  }
  bool assess_values(const series_input& in, assessment_values& out) const override {
    thread_local trace quiet = [] {  // records nothing, so one per thread serves every call
      trace t;
      t.recording = false;
      return t;
    }();
    run(in, out, quiet);
    return true;
  }

  /// The categories by band (above high, above med, above low, below low) and their normalised status.
  static std::span<const detail::band_outcome> bands() {
    static constexpr detail::band_outcome b[] = {{"substantial_progress", status::on_track},
                                                 {"moderate_progress", status::needs_acceleration},
                                                 {"limited_progress", status::off_track},
                                                 {"deterioration", status::regressing}};
    return b;
  }

 private:
  /// The method, once for both paths: `a` is an `assessment` (reasons and a trace in `tr`) or the
  /// `assessment_values` of a batch run (`tr` records nothing, and no reason is built).
  template <class A>
  void run(const series_input& in, A& a, trace& tr) const {
    const indicator& ind = in.ind;
    const int base_year = p_.target.base.year;
    tr.input("base_year", static_cast<double>(base_year));
    tr.input("target_year", static_cast<double>(p_.target.target_year));
    if (ind.direction == direction::maintain)
      return void(detail::not_applicable_because(a, [] { return std::string("sdg-canada needs direction increase or decrease"); }, "not_available"));
    // The base is the base year's point (substituted under the policy); the current, the last point.
    const auto bc = detail::pick_base(in.points, base_year, [&] { return "base year " + std::to_string(base_year); }, p_.target.base.policy,
                                      p_.target.base.min_span, tr);
    if (!bc.base) {
      if (in.points.empty() || bc.reason.find("after the latest data") != std::string::npos)
        return not_available(a, [&] { return "no value from the base year " + std::to_string(base_year) + " on"; });
      return not_available(a, [&] { return bc.reason; });
    }
    const auto used = bc.used;
    detail::trace_points(tr, used);
    const point &bp = used.front(), &cp = used.back();
    a.base = detail::anchor_of(bp);
    a.current = detail::anchor_of(cp);
    const double d = detail::sign_of(ind.direction);
    const bool has_target = ind.target && ind.target->amount.numeric();
    double yb = bp.amount, yt = cp.amount;
    const double b = bp.time, t = cp.time, T = p_.target.target_year;
    const double sign = yb < 0 ? -1.0 : 1.0;
    double target = has_target ? *ind.target->amount.numeric() : 0.0;
    if (has_target && target == 0) {
      target = 0.001;
      if (tr.recording) tr.substitutions.push_back("target 0 replaced by 0.001");
    }
    if (yb == 0) {
      yb = 0.001;
      if (tr.recording) tr.substitutions.push_back("base value 0 replaced by 0.001");
    }
    tr.input("y_b", bp.amount);
    tr.input("y_t", yt);
    tr.input("b", b);
    tr.input("t", t);
    tr.input("direction", d);
    if (has_target) tr.input("target", target);
    if (ind.limit) tr.input("limit", *ind.limit);
    const double span = t - b;
    if (!(span >= 1)) return not_available(a, [] { return std::string("fewer than two years of data from the base year on (t - b < 1)"); });
    const bool opposite = (yb > 0 && yt < 0) || (yb < 0 && yt > 0);
    // CAGR_a. Without a substitution it is the result's `cagr`, and handed over as such (a.cagr);
    // for opposite signs it is NaN here, and excluded below.
    a.cagr = yb == bp.amount ? cagr(cagr_from{.time = b, .value = yb}, cagr_to{.time = t, .value = yt}) : std::nullopt;
    const double cagr_o = a.cagr ? *a.cagr : std::pow(yt / yb, 1.0 / span) - 1.0;
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
    if (sign < 0) tr.input("s", sign);
    if (pv && std::isnan(*pv)) pv.reset();
    a.progress_value = pv;
    if (pv) tr.input("P", *pv);
    // The amounts are the method's; the names and inclusive sides the parameters' (copied only for a trace).
    const std::array<double, 3> amounts{has_target ? 0.95 : 0.015 * coeff, has_target ? 0.6 : 0.005 * coeff, 0.0};
    if (tr.recording) {
      tr.thresholds.assign(p_.bands.begin(), p_.bands.end());
      for (std::size_t k = 0; k < 3; ++k) tr.thresholds[k].amount = amounts[k];
    }
    const bool achieved = has_target && ((d < 0 && yt <= target) || (d > 0 && yt >= target));
    if (achieved) {
      if (tr.recording) tr.rule = "target met (d=+1: y_t >= x*; d=-1: y_t <= x*) → target_achieved, score 5";
      a.score = 5.0;
      return void(detail::conclude(a, status::achieved, "target_achieved"));
    }
    if (!pv)
      return not_available(a, [&] {
        return std::string(opposite ? "base and current values have opposite signs" : "the required growth rate is 0 (base equals target) or undefined");
      });
    const double P = *pv;
    if (has_target) {
      if (tr.recording) tr.rule = "P = s*d*CAGR_a/|CAGR_r|; P >= 0.95 substantial; P >= 0.6 moderate; P >= 0 limited; else deterioration. "
                "Score: P >= 0.6 → min(7.1429P - 4.2857, 5); else max(4.1667P - 2.5, -5)";
      a.score = P >= 0.6 ? std::min(7.1429 * P - 4.2857, 5.0) : std::max(4.1667 * P - 2.5, -5.0);
    } else {
      if (tr.recording) tr.rule = "P = s*d*CAGR_a; thresholds 0.015C, 0.005C, 0 (C = limit coefficient). "
                "Score: P < 0 → max(125P - 2.5, -5); C = 0 → 5; p = P/C: p >= 0.015 → min(500p - 5, 5); p >= 0.005 → 250p - 1.25; else 500p - 2.5";
      const double p = P / coeff;
      if (P < 0.0) a.score = std::max(125 * P - 2.5, -5.0);
      else if (coeff == 0) a.score = 5.0;
      else if (p >= 0.015) a.score = std::min(500 * p - 5, 5.0);
      else if (p >= 0.005) a.score = 250 * p - 1.25;
      else a.score = 500 * p - 2.5;
    }
    detail::conclude(a, bands()[detail::band_of(P, amounts, p_.bands)]);
  }

  template <class A, class Why>
  static void not_available(A& a, const Why& why) {
    detail::insufficient_because(a, why, "not_available");
  }
  params p_;
};

}  // namespace waypoint::policy
