// SPDX-License-Identifier: Apache-2.0
#pragma once
// `escap`: UN ESCAP's current status index and anticipated progress index (methods.md §4).

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"
#include "waypoint/eval/stats.hpp"  // fit_line

namespace waypoint::policy {

/// `escap`: the anticipated progress index `A = d*(Î_T - y_b)/|x* - y_b|` decides the category;
/// the current status index `CS = d*(y_t - y_b)/|x* - y_b|` (capped at 1 once the target is
/// reached) is reported against the elapsed share of time `(t-b)/(T-b)`.
class escap final : public detail::named_method<escap> {
 public:
  struct params {
    detail::target_params target;
    bool weighted = false;  ///< projection=weighted: time-weighted geometric growth
    std::vector<threshold> bands{{"A maintain", 1, true}, {"A accelerate", 0, false}};
  };

  explicit escap(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "escap",
        "UN ESCAP: anticipated progress index (projection to the target year vs the required progress), with the current status index",
        detail::target_param_infos({{"projection", "two-point|weighted", "two-point",
          "two-point geometric growth from the base, or time-weighted geometric growth (weights (T - t_min)/(T - t_i))"},
         detail::thresholds_info("thresholds", "1,0", "A thresholds: maintain progress, accelerate progress"),
         detail::inclusive_info("inclusive", "lower,upper", "the A thresholds (A >= 1 maintain; 0 < A < 1 accelerate; A <= 0 reverse)")})};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator& ind) {
    params p;
    p.target = detail::read_target_params(r, ind);
    p.weighted = r.choice("projection", {"two-point", "weighted"}, 0) == 1;
    p.bands = r.thresholds("thresholds", "inclusive", p.bands);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    auto& tr = a.trace;
    tr.input("projection", p_.weighted ? "weighted" : "two-point");
    const auto s = detail::target_preamble(a, in, p_.target, info().name);
    if (!s) return a;
    const double d = s->d, x = s->x, yb = s->yb, yt = s->yt, b = s->b, t = s->t, T = s->T;
    tr.rule = "CS = d*(y_t - y_b)/|x* - y_b| (1 once the target is reached) vs elapsed (t-b)/(T-b); A = d*(Î_T - y_b)/|x* - y_b|; "
              "A >= 1 maintain_progress; 0 < A < 1 accelerate_progress; A <= 0 reverse_trend";
    const bool reached = detail::meets(d, yt, x);
    const double elapsed = (t - b) / (T - b);
    tr.input("elapsed", elapsed);
    if (x != yb) {
      double cs = d * (yt - yb) / std::abs(x - yb);
      if (reached && cs != 1) {
        tr.substitutions.push_back("the target is reached: CS " + format_number(cs) + " capped at 1");
        cs = 1;
      }
      tr.input("CS", cs);
      a.current_status = cs;
      tr.input("CS_vs_elapsed", cs >= elapsed ? "ahead of time" : "behind time");
    }
    const auto projected = project(*s, tr);
    if (!projected) return detail::insufficient(a, "geometric growth is undefined (a zero base, or values of opposite signs)");
    tr.input("projected", *projected);
    static constexpr detail::band_outcome bands[] = {{"maintain_progress", status::on_track},
                                                     {"accelerate_progress", status::needs_acceleration},
                                                     {"reverse_trend", status::regressing}};
    tr.thresholds = p_.bands;
    if (x == yb) {
      tr.substitutions.push_back("the target equals the base, so the indices are undefined; the category follows whether the projection meets the target");
      detail::conclude(a, detail::meets(d, *projected, x) ? bands[0] : bands[2]);
    } else {
      const double A = d * (*projected - yb) / std::abs(x - yb);
      tr.input("A", A);
      tr.input("gap", 1 - A);
      a.progress_value = A;
      detail::conclude(a, bands[detail::band_of(A, p_.bands)]);
    }
    detail::achieved_when_met(a, d, yt, x);
    return a;
  }

 private:
  /// Î_T: two-point `y_t*(y_t/y_1)^((T-t)/(t-t_1))`, or `y_t*exp(r(T-t))` with r the slope of a
  /// least-squares fit of ln(y_i/y_t) on t_i with weights (T - t_min)/(T - t_i). With two
  /// points both give the same projection.
  std::optional<double> project(const detail::target_series& s, trace& tr) const {
    const double y1 = s.used.front().amount, t1 = s.used.front().time;
    bool weighted = p_.weighted;
    if (weighted && !(s.T > s.t)) {
      tr.substitutions.push_back("the target year is not after the latest point, so time weights are undefined; used the two-point projection");
      weighted = false;
    }
    if (!weighted) {
      if (y1 == 0 || s.yt / y1 < 0) return std::nullopt;
      return s.yt * std::pow(s.yt / y1, (s.T - s.t) / (s.t - t1));
    }
    std::vector<double> tt, zz, ww;
    for (const auto& p : s.used) {
      if (p.amount == 0 || p.amount / s.yt <= 0) return std::nullopt;
      tt.push_back(p.time);
      zz.push_back(std::log(p.amount / s.yt));
      ww.push_back((s.T - t1) / (s.T - p.time));
    }
    const auto f = fit_line(tt, zz, ww);
    if (!f) return std::nullopt;
    tr.input("weighted_growth", std::exp(f->slope) - 1);
    return s.yt * std::exp(f->slope * (s.T - s.t));
  }

  params p_;
};

}  // namespace waypoint::policy
