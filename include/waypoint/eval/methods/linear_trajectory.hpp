// SPDX-License-Identifier: Apache-2.0
#pragma once
// `linear-trajectory`: progress achieved vs the share expected by now on the path
// baseline → milestones → target (methods.md §5). Also the rule for ordinal scales, on level indices.

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"
#include "waypoint/eval/trajectory.hpp"

namespace waypoint::policy {

/// `linear-trajectory` (the default method). `p = (y_t-y_b)/(x*-y_b)` against the share `e` of
/// the path expected by the current period; on track when `p >= e - tolerance`.
class linear_trajectory final : public detail::named_method<linear_trajectory> {
 public:
  struct params {
    double tolerance = 0;  ///< share of the baseline-to-target distance
    threshold on_track{"e - tolerance", 0, true};  ///< only the inclusivity is a parameter; the amount is e - tolerance
    base_policy base = base_policy::next_later;    ///< when the baseline is declared without a value
    double min_span = 0;
    std::string note;  ///< recorded as a substitution (e.g. an ordinal indicator assessed here instead of another method)
  };

  explicit linear_trajectory(params p) : p_(std::move(p)) {}

  static const method_info& info() {
    static const method_info i{
        "linear-trajectory",
        "progress achieved vs the share expected by now on the path baseline → milestones → target (the default)",
        {{"tolerance", "number", "0", "on track when p >= e - tolerance (share of the baseline-to-target distance)"},
         detail::inclusive_info("inclusive", "lower", "e - tolerance"),
         detail::base_info(base_policy::next_later),
         detail::min_span_info(0)}};
    return i;
  }
  static params parse(const detail::param_reader& r, const indicator&) {
    params p;
    p.tolerance = r.number_at_least("tolerance", 0, 0);
    p.on_track = r.thresholds("", "inclusive", {p.on_track}).front();
    p.base = r.base(base_policy::next_later);
    p.min_span = r.number_at_least("min_span", 0, 0);
    return p;
  }

  assessment assess(const series_input& in) const override {
    assessment a = in.start();
    const indicator& ind = in.ind;
    auto& tr = a.trace;
    detail::trace_points(tr, in.points);
    tr.input("tolerance", p_.tolerance);
    if (!p_.note.empty()) tr.substitutions.push_back(p_.note);
    if (in.points.empty()) return detail::insufficient(a, "no observations as of the evaluation date");
    const point& cur = in.points.back();
    a.current = detail::anchor_of(cur);
    tr.input("current", cur.amount);
    tr.input("t", cur.time);
    if (ind.direction == direction::maintain) {
      const auto& r = *ind.range;
      tr.rule = "low <= y_t <= high → within_range (on_track), else outside_range (off_track)";
      tr.thresholds = {{"low", r.low, true}, {"high", r.high, true}};
      const bool in_range = r.low <= cur.amount && cur.amount <= r.high;
      detail::conclude(a, in_range ? status::on_track : status::off_track, in_range ? "within_range" : "outside_range");
      a.base = base(ind, in.points, tr).base;
      return a;
    }
    if (!ind.target || !ind.target->amount.numeric()) return detail::insufficient(a, "the indicator has no numeric target");
    const double x = *ind.target->amount.numeric();
    const double d = detail::sign_of(ind.direction);
    const auto bc = base(ind, in.points, tr);
    if (!bc.base) return detail::insufficient(a, bc.reason);
    a.base = bc.base;
    const double yb = a.base->amount, b = a.base->time, yt = cur.amount;
    tr.input("base", yb);
    tr.input("b", b);
    tr.input("target", x);
    tr.input("T", ind.target->at.time());
    tr.input("direction", d);
    if (!(cur.time > b)) return detail::insufficient(a, "no observation after the baseline " + a.base->at.str());
    const auto path = make_path(ind, knot{b, yb});
    const double expected = path_value(path, cur.time).value_or(x);
    if (x != yb) {
      a.progress_value = (yt - yb) / (x - yb);
      tr.input("p", *a.progress_value);
    }
    if (ind.measure == measure::ordinal) {
      // methods.md, non-numeric measures: levels gained out of levels required (= p).
      tr.input("levels_gained", yt - yb);
      tr.input("levels_required", x - yb);
    }
    if (d * (yt - x) >= 0) {
      tr.rule = "d*(y_t - x*) >= 0 → target_achieved";
      detail::conclude(a, status::achieved, "target_achieved");
      if (a.progress_value) a.score = *a.progress_value - (expected - yb) / (x - yb);
      return a;
    }
    if (x == yb) {
      tr.rule = "target equals the baseline and y_t is on the wrong side → moving_away";
      return detail::conclude(a, status::regressing, "moving_away");
    }
    const double p = *a.progress_value;
    const double e = (expected - yb) / (x - yb);
    tr.input("expected", expected);
    tr.input("e", e);
    threshold on_track = p_.on_track;
    on_track.amount = e - p_.tolerance;
    tr.thresholds = {on_track, {"no progress", 0.0, false}};
    tr.rule = "p = (y_t-y_b)/(x*-y_b); e = share of the path expected by t; p >= e - tolerance → on_track; "
              "0 < p → behind (needs_acceleration); p = 0 → no_progress (off_track); p < 0 → moving_away (regressing)";
    a.score = p - e;
    if (detail::clears(p, on_track)) return detail::conclude(a, status::on_track, "on_track");
    if (p > 0) return detail::conclude(a, status::needs_acceleration, "behind");
    if (p == 0) return detail::conclude(a, status::off_track, "no_progress");
    return detail::conclude(a, status::regressing, "moving_away");
  }

 private:
  /// The declared baseline; or, for a baseline declared without a value, the series' own value
  /// under the base policy; or the first observation when the plan declares no baseline.
  detail::base_choice base(const indicator& ind, std::span<const point> pts, trace& tr) const {
    detail::base_choice c;
    if (ind.baseline && ind.baseline->amount && ind.baseline->amount->numeric()) {
      const auto& b = *ind.baseline;
      c.base = anchor{b.at, b.at.time(), *b.amount->numeric(), true};
      c.used = pts;
      return c;
    }
    if (ind.baseline) {
      c = detail::pick_base(pts, ind.baseline->at.time(), [&] { return "baseline period " + ind.baseline->at.str(); }, p_.base, p_.min_span, tr);
      if (!c.base && c.reason.find("after the latest data") != std::string::npos)
        c.reason = "no observation at or after the baseline period " + ind.baseline->at.str();
      return c;
    }
    if (pts.empty()) {
      c.reason = "no observations";
      return c;
    }
    tr.substitutions.push_back("the plan declares no baseline; used the first observation " + pts.front().at.str());
    c.base = detail::anchor_of(pts.front());
    c.used = pts;
    return c;
  }

  params p_;
};

}  // namespace waypoint::policy
