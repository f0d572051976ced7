// SPDX-License-Identifier: Apache-2.0
#pragma once
// `eurostat`: the EU SDG monitoring report's assessment of short- and long-term trends (methods.md §2).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint::policy {

/// `eurostat`: over the last `years` (5 short-term, 15 long-term), with a quantified target the
/// ratio of actual to required growth `RR = CAGR_a/CAGR_r`, without one the growth `g = s*d*CAGR_a`.
class eurostat final : public detail::named_method<eurostat> {
 public:
  struct params {
    bool long_term = false;  ///< period=long: 15 years, else short: 5 years
    detail::window_params window{5, base_policy::shorten, 3};
    int target_year = 2030;
    bool use_target = true;
    std::vector<threshold> with_target{{"RR significant", 0.95, true}, {"RR moderate", 0.6, true}, {"RR insufficient", 0, true}};
    std::vector<threshold> without_target{{"g significant", 0.01, false}, {"g moderate", 0, true}, {"g moderate away", -0.01, true}};
  };

  explicit eurostat(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "eurostat",
        "EU SDG monitoring report: growth over the last 5 (short-term) or 15 (long-term) years against the required growth, or against ±1% a year without a target",
        {{"period", "short|long", "short", "short-term (5 years, min_span 3) or long-term (15 years, min_span 10)"},
         {"years", "integer", "5 | 15", "length of the period: the base year is t - years"},
         detail::min_span_info(3),
         detail::base_info(base_policy::shorten),
         detail::target_year_info(),
         {"target", "use|ignore", "use", "use the indicator's target (RR), or assess the growth alone (g)"},
         detail::thresholds_info("thresholds", "0.95,0.6,0", "RR thresholds: significant, moderate, insufficient"),
         detail::inclusive_info("inclusive", "lower", "the RR thresholds"),
         detail::thresholds_info("thresholds_no_target", "0.01,0,-0.01", "g thresholds: significant, moderate, moderate movement away"),
         detail::inclusive_info("inclusive_no_target", "upper,lower,lower", "the g thresholds")}};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.long_term = r.choice("period", {"short", "long"}, 0) == 1;
    p.window = detail::read_window_params(r, p.long_term ? 15 : 5, base_policy::shorten, p.long_term ? 10 : 3);
    if (p.window.min_span > p.window.years) r.fail("min_span", "must not exceed years (" + std::to_string(p.window.years) + ")");
    p.target_year = r.integer("target_year", detail::default_target_year(ind));
    p.use_target = r.choice("target", {"use", "ignore"}, 0) == 0;
    p.with_target = r.thresholds("thresholds", "inclusive", p.with_target);
    p.without_target = r.thresholds("thresholds_no_target", "inclusive_no_target", p.without_target);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    const indicator& ind = in.ind;
    tr.input("period", p_.long_term ? "long" : "short");
    const auto w = detail::recent_preamble(a, in, p_.window, info().name);
    if (!w) return a;
    const double d = w->d, yb = w->yb, yt = w->yt, b = w->b, t = w->t;
    const auto cagr_a = cagr(cagr_from{.time = b, .value = yb}, cagr_to{.time = t, .value = yt});
    if (!cagr_a) return detail::insufficient(a, detail::cagr_undefined_reason(yt, yb));
    tr.input("CAGR_a", *cagr_a);
    const double s = detail::base_sign(yb);
    if (s < 0) tr.input("s", s);

    const auto x = p_.use_target ? detail::numeric_target(ind) : std::nullopt;
    if (x) {
      const double T = p_.target_year;
      tr.input("target", *x);
      tr.input("T", T);
      if (!(T > b)) return detail::insufficient(a, "the target year " + std::to_string(p_.target_year) + " is not after the base year");
      const auto cagr_r = cagr(cagr_from{.time = b, .value = yb}, cagr_to{.time = T, .value = *x});
      if (!cagr_r) return detail::insufficient(a, "the required growth rate is undefined (the base value is 0, or the target and base have opposite signs)");
      tr.input("CAGR_r", *cagr_r);
      if (*cagr_r == 0) {
        tr.substitutions.push_back("the target equals the base value, so the required growth rate is 0 and RR is undefined; assessed without a target");
        without(a, s * d * *cagr_a);
        detail::achieved_when_met(a, d, yt, *x);
        return a;
      }
      double rr = 0;
      if (d * (yb - *x) > 0) {
        rr = s * d * *cagr_a / std::abs(*cagr_r);
        tr.substitutions.push_back("the base value is already past the target, so CAGR_a/CAGR_r has the wrong sign; used RR = s*d*CAGR_a/|CAGR_r|");
      } else {
        rr = *cagr_a / *cagr_r;
      }
      tr.input("RR", rr);
      a.progress_value = rr;
      tr.thresholds = p_.with_target;
      tr.rule = "RR = CAGR(y_t,y_b,t,b)/CAGR(x*,y_b,T,b) (base past the target: s*d*CAGR_a/|CAGR_r|); RR >= 0.95 significant_progress; "
                "RR >= 0.6 moderate_progress; RR >= 0 insufficient_progress; else movement_away";
      static constexpr detail::band_outcome bands[] = {{"significant_progress", status::on_track},
                                                       {"moderate_progress", status::needs_acceleration},
                                                       {"insufficient_progress", status::off_track},
                                                       {"movement_away", status::regressing}};
      detail::conclude(a, bands[detail::band_of(rr, p_.with_target)]);
      detail::achieved_when_met(a, d, yt, *x);
      return a;
    }
    without(a, s * d * *cagr_a);
    return a;
  }

 private:
  void without(assessment& a, double g) const {
    a.trace.input("g", g);
    a.progress_value = g;
    a.trace.thresholds = p_.without_target;
    a.trace.rule = "g = s*d*CAGR(y_t,y_b,t,b); g > 1% significant_progress; 0 <= g <= 1% moderate_progress; "
                   "-1% <= g < 0 moderate_movement_away; g < -1% significant_movement_away";
    static constexpr detail::band_outcome bands[] = {{"significant_progress", status::on_track},
                                                     {"moderate_progress", status::needs_acceleration},
                                                     {"moderate_movement_away", status::regressing},
                                                     {"significant_movement_away", status::regressing}};
    detail::conclude(a, bands[detail::band_of(g, p_.without_target)]);
  }

  params p_;
};

}  // namespace waypoint::policy
