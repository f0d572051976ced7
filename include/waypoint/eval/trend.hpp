// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file trend.hpp
/// Trend statistics of a series: ordinary least squares and compound annual growth.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>

namespace waypoint {

/// A least-squares line `value = intercept + slope * time`, time in fractional years.
struct trend_fit {
  std::size_t n_points = 0;
  std::optional<double> slope;           ///< per year; needs 2 points at distinct times
  std::optional<double> intercept;       ///< value at time 0 (year 0)
  std::optional<double> r_squared;       ///< needs a non-constant series
  std::optional<double> slope_std_error; ///< needs 3 points

  /// The fitted value at `time`, when there is a slope.
  [[nodiscard]] std::optional<double> at(double time) const {
    if (!slope) return std::nullopt;
    return *intercept + *slope * time;
  }
};

namespace detail {
/// `fit_ols` over `n` points whose time and value are `time(k)` and `value(k)`. Two plain passes
/// (the means, then the centred sums) with no copy: against Eigen maps over copied arrays, a
/// third of the cost for 5 points and about half for 13 (`BM_fit_ols`; Eigen still fits the
/// weighted projections of `ols-projection`).
template <class Time, class Value>
trend_fit fit_ols_of(std::size_t n, const Time& time, const Value& value) {
  trend_fit f;
  f.n_points = n;
  if (n < 2) return f;
  double st = 0, sy = 0;
  for (std::size_t k = 0; k < n; ++k) {
    st += time(k);
    sy += value(k);
  }
  const double nn = static_cast<double>(n);
  const double tm = st / nn, ym = sy / nn;
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double dt = time(k) - tm, dy = value(k) - ym;
    sxx += dt * dt;
    sxy += dt * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) return f;
  const double b = sxy / sxx;
  f.slope = b;
  f.intercept = ym - b * tm;
  const double sse = std::max(0.0, syy - b * sxy);
  if (syy > 0) f.r_squared = 1.0 - sse / syy;
  if (n >= 3) f.slope_std_error = std::sqrt(sse / (nn - 2) / sxx);
  return f;
}
}  // namespace detail

/// Fits `value = a + b*time` by ordinary least squares. Computes in centred form, which is
/// numerically stable for calendar years. Needs `time.size() == value.size()`. Never throws: with
/// fewer than 2 distinct times the slope is absent.
inline trend_fit fit_ols(std::span<const double> time, std::span<const double> value) {
  if (time.size() != value.size()) {
    trend_fit f;
    f.n_points = time.size();
    return f;
  }
  return detail::fit_ols_of(time.size(), [&](std::size_t k) { return time[k]; }, [&](std::size_t k) { return value[k]; });
}

/// The start of a growth period: the value `value` at `time` (fractional years). A type of its own,
/// like `cagr_to`, so the two ends of `cagr` cannot be swapped; write it with designated
/// initialisers, `cagr_from{.time = 2015, .value = 60}`, so a time reads as a time and a value as a value.
struct cagr_from {
  double time = 0;
  double value = 0;
};
/// The end of a growth period: the value `value` at `time` (fractional years). See `cagr_from`.
struct cagr_to {
  double time = 0;
  double value = 0;
};

/// Compound annual growth rate `(to.value/from.value)^(1/(to.time - from.time)) - 1`, e.g.
/// `cagr(cagr_from{.time = 2015, .value = 60}, cagr_to{.time = 2022, .value = 66})` = 1.1^(1/7) - 1.
/// Absent when `to.time <= from.time`, `from.value == 0`, or the values have opposite signs (the
/// rate is undefined, never 0), and when it is not finite. A pure function: no cache, no state.
/// Never throws.
inline std::optional<double> cagr(cagr_from from, cagr_to to) {
  if (!(to.time > from.time) || from.value == 0 || (to.value / from.value) < 0) return std::nullopt;
  const double r = std::pow(to.value / from.value, 1.0 / (to.time - from.time)) - 1.0;
  if (!std::isfinite(r)) return std::nullopt;
  return r;
}

}  // namespace waypoint
