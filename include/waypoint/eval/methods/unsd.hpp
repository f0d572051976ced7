// SPDX-License-Identifier: Apache-2.0
#pragma once
// `unsd-2022` and `unsd-2023`: the UN SDG Progress Chart methods (methods.md §3).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint::policy {

/// `unsd-2022`: `CR = CAGR_a/CAGR_r` (or the AARR ratio for mortality-type series) after four
/// pre-checks: achieved within 0.9995, base already past the target, zero required growth,
/// undefined growth.
class unsd_2022 final : public detail::named_method<unsd_2022> {
 public:
  struct params {
    detail::target_params target;
    bool aarr = false;  ///< rate=aarr: AARR = ln(y_b/y_t)/(t-b) instead of CAGR
    threshold achieved{"achieved ratio", 0.9995, false};
    std::vector<threshold> bands{{"CR on track", 0.95, true}, {"CR fair", 0.5, true}, {"CR limited", -0.1, true}};
  };

  explicit unsd_2022(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "unsd-2022",
        "UN SDG Progress Chart 2022: ratio of actual to required growth (CAGR, or AARR for mortality-type series), after pre-checks",
        detail::target_param_infos({{"rate", "cagr|aarr", "cagr", "growth rate: CAGR, or AARR = ln(y_b/y_t)/(t-b) for mortality-type series"},
         {"achieved_ratio", "number", "0.9995", "achieved when y_t/x* (d=+1) or x*/y_t (d=-1) exceeds this"},
         detail::inclusive_info("achieved_inclusive", "upper", "the achieved ratio (upper: strictly greater)"),
         detail::thresholds_info("thresholds", "0.95,0.5,-0.1", "CR thresholds: on track, fair progress, limited progress"),
         detail::inclusive_info("inclusive", "lower", "the CR thresholds")})};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.target = detail::read_target_params(r, ind);
    p.aarr = r.choice("rate", {"cagr", "aarr"}, 0) == 1;
    p.achieved.amount = r.number("achieved_ratio", 0.9995);
    p.achieved = r.thresholds("", "achieved_inclusive", {p.achieved}).front();
    p.bands = r.thresholds("thresholds", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    tr.input("rate", p_.aarr ? "aarr" : "cagr");
    const auto s = detail::target_preamble(a, in, p_.target, info().name);
    if (!s) return a;
    const double d = s->d, x = s->x, yb = s->yb, yt = s->yt;
    tr.thresholds = {p_.achieved};
    tr.thresholds.insert(tr.thresholds.end(), p_.bands.begin(), p_.bands.end());
    tr.rule = "1. achieved when y_t/x* > 0.9995 (d=+1), or x*/y_t > 0.9995 or y_t = 0 (d=-1); 2. deterioration when the base was "
              "already past the target and the value moved away; 3. required rate 0: achieved when not worse than the base, else "
              "deterioration; 4. undefined rate: insufficient_data; then CR = rate_a/rate_r: >= 0.95 on_track; >= 0.5 "
              "fair_progress; >= -0.1 limited_progress; else deterioration";
    // 1. Achieved. The ratio rule is written for positive values; for a negative target the ratio
    // of two negatives reads the other way, so the rule of the opposite direction applies. A value
    // equal to the target is achieved even where the ratio is undefined (x* = 0 or y_t = 0).
    const double dr = x < 0 ? -d : d;
    const double ratio = dr > 0 ? yt / x : x / yt;
    if (std::isfinite(ratio)) tr.input("achieved_ratio", ratio);
    if (yt == x || (dr > 0 ? detail::clears(yt / x, p_.achieved) : (yt == 0 || detail::clears(x / yt, p_.achieved))))
      return detail::conclude(a, status::achieved, "target_achieved");
    // 2. The base was already past the target and the value moved away from it.
    if (d * (yb - x) > 0 && d * (yt - yb) < 0) {
      tr.input("check", "the base was already past the target and the value moved away");
      return detail::conclude(a, status::regressing, "deterioration");
    }
    // 3. Zero required growth: the target equals the base.
    if (x == yb) {
      tr.input("check", "the target equals the base: required growth 0");
      if (d * (yt - yb) >= 0) return detail::conclude(a, status::achieved, "target_achieved");
      return detail::conclude(a, status::regressing, "deterioration");
    }
    // 4. Rates.
    std::optional<double> rate_a, rate_r;
    if (p_.aarr) {
      if (yb / yt > 0 && yb / x > 0 && yb != 0) {
        rate_a = std::log(yb / yt) / (s->t - s->b);
        rate_r = std::log(yb / x) / (s->T - s->b);
      }
    } else {
      rate_a = cagr(cagr_from{.time = s->b, .value = yb}, cagr_to{.time = s->t, .value = yt});
      rate_r = cagr(cagr_from{.time = s->b, .value = yb}, cagr_to{.time = s->T, .value = x});
    }
    if (!rate_a || !rate_r || !std::isfinite(*rate_a) || !std::isfinite(*rate_r) || *rate_r == 0)
      return detail::insufficient(a, std::string(p_.aarr ? "AARR" : "CAGR") + " is undefined (a zero value, or values of opposite signs)");
    tr.input(p_.aarr ? "AARR_a" : "CAGR_a", *rate_a);
    tr.input(p_.aarr ? "AARR_r" : "CAGR_r", *rate_r);
    const double cr = *rate_a / *rate_r;
    tr.input("CR", cr);
    a.progress_value = cr;
    static constexpr detail::band_outcome bands[] = {{"on_track", status::on_track},
                                                     {"fair_progress", status::needs_acceleration},
                                                     {"limited_progress", status::off_track},
                                                     {"deterioration", status::regressing}};
    return detail::conclude(a, bands[detail::band_of(cr, p_.bands)]);
  }

 private:
  params p_;
};

/// `unsd-2023`: the projected share of the required progress, `CR = d*(v̂_T - y_b)/|x* - y_b|`
/// with `v̂_T = y_t*(1+CAGR_a)^(T-t)`, on five levels.
class unsd_2023 final : public detail::named_method<unsd_2023> {
 public:
  struct params {
    detail::target_params target;
    std::vector<threshold> bands{{"CR met", 0.95, true}, {"CR moderate", 0.5, true}, {"CR marginal", 0.1, true}, {"CR stagnation", -0.1, true}};
  };

  explicit unsd_2023(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "unsd-2023",
        "UN SDG Progress Chart 2023: the projected share of the required progress by the target year, on five levels",
        detail::target_param_infos({detail::thresholds_info("thresholds", "0.95,0.5,0.1,-0.1", "CR thresholds: met or almost met, moderate, marginal, stagnation"),
         detail::inclusive_info("inclusive", "lower", "the CR thresholds")})};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.target = detail::read_target_params(r, ind);
    p.bands = r.thresholds("thresholds", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    const auto s = detail::target_preamble(a, in, p_.target, info().name);
    if (!s) return a;
    const double d = s->d, x = s->x, yb = s->yb, yt = s->yt;
    const auto g = cagr(cagr_from{.time = s->b, .value = yb}, cagr_to{.time = s->t, .value = yt});
    if (!g) return detail::insufficient(a, detail::cagr_undefined_reason(yt, yb));
    const double v = yt * std::pow(1 + *g, s->T - s->t);
    tr.input("CAGR_a", *g);
    tr.input("projected", v);
    tr.thresholds = p_.bands;
    tr.rule = "v̂_T = y_t*(1+CAGR_a)^(T-t); CR = (v̂_T - y_b)/(x* - y_b) (base past the target: d*(v̂_T - y_b)/|x* - y_b|); "
              "CR >= 0.95 target_met_or_almost_met; >= 0.5 moderate_progress; >= 0.1 marginal_progress; >= -0.1 stagnation; else deterioration";
    static constexpr detail::band_outcome bands[] = {{"target_met_or_almost_met", status::on_track},
                                                     {"moderate_progress", status::needs_acceleration},
                                                     {"marginal_progress", status::off_track},
                                                     {"stagnation", status::off_track},
                                                     {"deterioration", status::regressing}};
    if (x == yb) {
      tr.substitutions.push_back("the target equals the base, so CR is undefined; the level follows whether the projection meets the target");
      detail::conclude(a, detail::meets(d, v, x) ? bands[0] : bands[4]);
    } else {
      double cr = 0;
      if (d * (x - yb) < 0) {
        cr = d * (v - yb) / std::abs(x - yb);
        tr.substitutions.push_back("the base value is already past the target, so (v̂_T - y_b)/(x* - y_b) has the wrong sign; used d*(v̂_T - y_b)/|x* - y_b|");
      } else {
        cr = (v - yb) / (x - yb);
      }
      tr.input("CR", cr);
      a.progress_value = cr;
      detail::conclude(a, bands[detail::band_of(cr, p_.bands)]);
    }
    detail::achieved_when_met(a, d, yt, x);
    return a;
  }

 private:
  params p_;
};

}  // namespace waypoint::policy
