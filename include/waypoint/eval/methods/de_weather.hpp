// SPDX-License-Identifier: Apache-2.0
#pragma once
// `de-weather`: the weather symbols of the German Sustainable Development Strategy (methods.md §8).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint::policy {

/// `de-weather`: extends the mean change of the last 5 years to the target year (`P`) and grades
/// the miss `g = d*(x* - P)/|x* - y_t|`: sun, sun with cloud, cloud; thunderstorm when the trend
/// points the wrong way.
class de_weather final : public detail::named_method<de_weather> {
 public:
  struct params {
    detail::window_params window{5, base_policy::next_later, 3};
    std::size_t min_points = 4;
    bool geometric = false;
    int target_year = 2030;
    std::vector<threshold> bands{{"g cloud", 0.20, false}, {"g sun with cloud", 0.05, true}};
  };

  explicit de_weather(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "de-weather",
        "German Sustainable Development Strategy weather symbols: the mean change of the last 5 years extended to the target year",
        {{"years", "integer", "5", "the window: changes over the last `years` years"},
         {"min_points", "integer", "4", "the fewest points the window needs"},
         {"mean", "arithmetic|geometric", "arithmetic", "mean annual change (arithmetic) or mean growth rate (geometric)"},
         detail::target_year_info(), detail::base_info(base_policy::next_later), detail::min_span_info(3),
         detail::thresholds_info("thresholds", "0.2,0.05", "g thresholds: cloud above, sun below"),
         detail::inclusive_info("inclusive", "upper,lower", "the g thresholds (g < 5% sun; 5% <= g <= 20% sun with cloud; g > 20% cloud)")}};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.window = detail::read_window_params(r, 5, base_policy::next_later, 3);
    const int mp = r.integer("min_points", 4);
    if (mp < 2) r.fail("min_points", "must be at least 2");
    p.min_points = static_cast<std::size_t>(mp);
    p.geometric = r.choice("mean", {"arithmetic", "geometric"}, 0) == 1;
    p.target_year = r.integer("target_year", detail::default_target_year(ind));
    p.bands = r.thresholds("thresholds", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    tr.input("mean", p_.geometric ? "geometric" : "arithmetic");
    tr.input("target_year", static_cast<double>(p_.target_year));
    const auto x = detail::numeric_target(in.ind);
    if (!x && in.ind.direction != direction::maintain) return detail::not_applicable(a, "de-weather needs a numeric target");
    const auto w = detail::recent_preamble(a, in, p_.window, info().name);
    if (!w) return a;
    const double d = w->d, ys = w->yb, yt = w->yt, s = w->b, t = w->t, T = p_.target_year;
    tr.input("target", *x);
    if (w->used.size() < p_.min_points)
      return detail::insufficient(a, "the window has " + std::to_string(w->used.size()) + " points; it needs at least " + std::to_string(p_.min_points));
    double P = 0;
    if (p_.geometric) {
      const auto r = cagr(cagr_from{.time = s, .value = ys}, cagr_to{.time = t, .value = yt});
      if (!r) return detail::insufficient(a, detail::cagr_undefined_reason(yt, ys));
      tr.input("mean_growth", *r);
      P = yt * std::pow(1 + *r, T - t);
    } else {
      const double delta = (yt - ys) / (t - s);
      tr.input("mean_change", delta);
      P = yt + delta * (T - t);
    }
    tr.input("P", P);
    tr.thresholds = p_.bands;
    tr.rule = "P = y_t extended to T by the mean change of the window; g = d*(x* - P)/|x* - y_t|; thunderstorm when "
              "d*(y_t - y_s) < 0; else g < 5% sun; g <= 20% sun_with_cloud; else cloud";
    static constexpr detail::band_outcome bands[] = {{"cloud", status::off_track}, {"sun_with_cloud", status::needs_acceleration}, {"sun", status::on_track}};
    if (d * (yt - ys) < 0) {
      detail::conclude(a, status::regressing, "thunderstorm");
    } else if (*x == yt) {
      tr.substitutions.push_back("y_t equals the target, so g is undefined; the trend holds the target: sun");
      detail::conclude(a, bands[2]);
    } else {
      const double g = d * (*x - P) / std::abs(*x - yt);
      tr.input("g", g);
      a.progress_value = g;
      detail::conclude(a, bands[detail::band_of(g, p_.bands)]);
    }
    detail::achieved_when_met(a, d, yt, *x);
    return a;
  }

 private:
  params p_;
};

}  // namespace waypoint::policy
