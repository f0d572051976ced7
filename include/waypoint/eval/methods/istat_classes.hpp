// SPDX-License-Identifier: Apache-2.0
#pragma once
// `istat-classes`: ISTAT's five classes of change on the compound annual growth (methods.md §8).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint::policy {

/// `istat-classes`: `v = s*d*CAGR` over the last `years` years: > 5% clear improvement; > 1%
/// slight improvement; > -1% stable; > -5% slight worsening; else clear worsening. Needs no target.
class istat_classes final : public detail::named_method<istat_classes> {
 public:
  struct params {
    detail::window_params window{10, base_policy::next_later, 1};
    std::vector<threshold> bands{{"clear improvement", 0.05, false},
                                 {"slight improvement", 0.01, false},
                                 {"stable", -0.01, false},
                                 {"slight worsening", -0.05, false}};
  };

  explicit istat_classes(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "istat-classes",
        "ISTAT: five classes of the compound annual growth in the desired direction over the last years (long-term 10, short-term 1)",
        {{"years", "integer", "10", "the period: the base year is t - years (10 long-term, 1 short-term)"},
         detail::base_info(base_policy::next_later), detail::min_span_info(1),
         detail::thresholds_info("thresholds", "0.05,0.01,-0.01,-0.05", "d*CAGR thresholds"),
         detail::inclusive_info("inclusive", "upper", "the d*CAGR thresholds (upper: each band excludes its lower edge)")}};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator&) {
    params p;
    p.window = detail::read_window_params(r, 10, base_policy::next_later, 1);
    p.bands = r.thresholds("thresholds", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    const auto w = detail::recent_preamble(a, in, p_.window, info().name);
    if (!w) return a;
    const auto g = cagr(cagr_from{.time = w->b, .value = w->yb}, cagr_to{.time = w->t, .value = w->yt});
    if (!g) return detail::insufficient(a, detail::cagr_undefined_reason(w->yt, w->yb));
    const double s = detail::base_sign(w->yb);
    const double v = s * w->d * *g;
    tr.input("CAGR", *g);
    if (s < 0) tr.input("s", s);
    tr.input("v", v);
    a.progress_value = v;
    tr.thresholds = p_.bands;
    tr.rule = "v = s*d*CAGR(y_t,y_b,t,b); v > 5% clear_improvement; v > 1% slight_improvement; v > -1% stable; v > -5% slight_worsening; else clear_worsening";
    static constexpr detail::band_outcome bands[] = {{"clear_improvement", status::on_track},
                                                     {"slight_improvement", status::needs_acceleration},
                                                     {"stable", status::off_track},
                                                     {"slight_worsening", status::regressing},
                                                     {"clear_worsening", status::regressing}};
    return detail::conclude(a, bands[detail::band_of(v, p_.bands)]);
  }

 private:
  params p_;
};

}  // namespace waypoint::policy
