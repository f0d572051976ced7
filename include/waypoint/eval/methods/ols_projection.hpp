// SPDX-License-Identifier: Apache-2.0
#pragma once
// `ols-projection`: a least-squares trend projected to the target date, with a prediction
// interval from the Student t distribution (methods.md §7).

#include <array>
#include <atomic>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"
#include "waypoint/eval/stats.hpp"  // fit_line, student_t_quantile

namespace waypoint::policy {

/// `ols-projection`: fits `value = a + b*time` on the base and the points after it (ordinary, or
/// weighted towards recent points), projects it to the target year with a prediction interval,
/// and classifies: achieved, regressing, on_track, at_risk, off_track.
class ols_projection final : public detail::named_method<ols_projection> {
 public:
  struct params {
    detail::target_params target;
    bool time_weights = false;  ///< weights=time: w_i = (T - t_min)/(T - t_i), normalised to mean 1
    double confidence = 0.95;
    /// On the oriented axis z = d*(v - x*): the projection meets the target; the optimistic
    /// interval bound meets the target (the target lies inside the interval).
    std::vector<threshold> bands{{"projection meets target", 0, true}, {"interval reaches target", 0, true}};
  };

  explicit ols_projection(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "ols-projection",
        "least-squares trend (Eigen) projected to the target year with a Student t prediction interval",
        detail::target_param_infos({{"weights", "equal|time", "equal", "ordinary least squares, or weights (T - t_min)/(T - t_i) favouring recent points"},
         {"confidence", "number", "0.95", "level of the prediction interval, between 0 and 1"},
         detail::inclusive_info("inclusive", "lower", "d*(projection - x*) = 0 and d*(optimistic bound - x*) = 0")})};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.target = detail::read_target_params(r, ind);
    p.time_weights = r.choice("weights", {"equal", "time"}, 0) == 1;
    p.confidence = r.number("confidence", 0.95);
    if (!(p.confidence > 0 && p.confidence < 1)) r.fail("confidence", "must be between 0 and 1");
    p.bands = r.thresholds("", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    tr.input("weights", p_.time_weights ? "time" : "equal");
    tr.input("confidence", p_.confidence);
    const auto s = detail::target_preamble(a, in, p_.target, info().name);
    if (!s) return a;
    const double d = s->d, x = s->x, yb = s->yb, yt = s->yt, t = s->t, T = s->T;
    tr.rule = "fit value = a + b*time on the points since the base; achieved when y_t meets x*; regressing when d*slope < 0; "
              "off_track once the target year has passed; on_track when the projection at T meets x*; at_risk when x* lies "
              "inside the prediction interval; else off_track";
    std::vector<double> tt, yy, ww;
    const bool weighted = p_.time_weights && T > t;
    if (p_.time_weights && !weighted) tr.substitutions.push_back("the target year is not after the latest point; fitted with equal weights");
    for (const auto& p : s->used) {
      tt.push_back(p.time);
      yy.push_back(p.amount);
      ww.push_back(weighted ? (T - s->used.front().time) / (T - p.time) : 1.0);
    }
    if (weighted) {
      double mean = 0;
      for (double w : ww) mean += w;
      mean /= static_cast<double>(ww.size());
      for (double& w : ww) w /= mean;
    }
    const auto f = fit_line(tt, yy, ww);
    if (!f) return detail::insufficient(a, "fewer than two distinct times to fit a line");
    const double projected = f->at(T);
    tr.input("n", static_cast<double>(f->n));
    tr.input("slope", f->slope);
    if (f->sst > 0) tr.input("r_squared", 1 - f->sse / f->sst);
    tr.input("projected", projected);
    if (x != yb) a.progress_value = (projected - yb) / (x - yb);
    std::optional<double> low, high;
    if (f->n >= 3) {
      const double df = static_cast<double>(f->n) - 2;
      const double s2 = f->sse / df;
      tr.input("slope_std_error", std::sqrt(s2 / f->sxx));
      const double q = t_quantile(f->n - 2);
      const double se = std::sqrt(s2 * (1 + 1 / f->sum_w + (T - f->centre) * (T - f->centre) / f->sxx));
      low = projected - q * se;
      high = projected + q * se;
      tr.input("t_quantile", q);
      tr.input("df", df);
      tr.input("interval_low", *low);
      tr.input("interval_high", *high);
    } else {
      tr.input("interval", "none: 2 points give a slope but no interval");
    }
    a.interval_low = low;
    a.interval_high = high;
    tr.thresholds = p_.bands;
    if (detail::meets(d, yt, x)) return detail::conclude(a, status::achieved, "achieved");
    if (d * f->slope < 0) return detail::conclude(a, status::regressing, "regressing");
    if (!(T > t)) {
      tr.input("check", "the target year has passed");
      return detail::conclude(a, status::off_track, "off_track");
    }
    if (detail::clears(d * (projected - x), p_.bands[0])) return detail::conclude(a, status::on_track, "on_track");
    if (low && detail::clears(d * ((d > 0 ? *high : *low) - x), p_.bands[1])) return detail::conclude(a, status::needs_acceleration, "at_risk");
    return detail::conclude(a, status::off_track, "off_track");
  }

 private:
  /// The t quantile at this method's confidence for `df` degrees of freedom. Boost's inverse
  /// costs several times the rest of an assessment, and a run asks for the same few df
  /// again and again: each df up to `kCachedDf` is computed once per method and kept. Any thread
  /// may fill a slot; all compute the same value, so results do not depend on who did.
  double t_quantile(std::size_t df) const {
    const double p = 0.5 + p_.confidence / 2;
    if (df == 0 || df > kCachedDf) return student_t_quantile(p, static_cast<double>(df));
    auto& slot = quantiles_[df - 1];
    double q = slot.load(std::memory_order_relaxed);
    if (q == 0) {  // not computed yet: p > 0.5, so a quantile is never 0
      q = student_t_quantile(p, static_cast<double>(df));
      slot.store(q, std::memory_order_relaxed);
    }
    return q;
  }

  static constexpr std::size_t kCachedDf = 64;
  params p_;
  mutable std::array<std::atomic<double>, kCachedDf> quantiles_{};
};

}  // namespace waypoint::policy
