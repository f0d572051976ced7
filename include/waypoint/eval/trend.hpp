// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file trend.hpp
/// Trend statistics of a series: ordinary least squares (Eigen) and compound annual growth.

#include <Eigen/Core>

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

/// Fits `value = a + b*time` by ordinary least squares. Computes in centred form, which is
/// numerically stable for calendar years. Needs `time.size() == value.size()`. Never throws: with
/// fewer than 2 distinct times the slope is absent.
inline trend_fit fit_ols(std::span<const double> time, std::span<const double> value) {
  trend_fit f;
  f.n_points = time.size();
  if (time.size() < 2 || time.size() != value.size()) return f;
  const Eigen::Map<const Eigen::ArrayXd> t(time.data(), static_cast<Eigen::Index>(time.size()));
  const Eigen::Map<const Eigen::ArrayXd> y(value.data(), static_cast<Eigen::Index>(value.size()));
  const double n = static_cast<double>(time.size());
  const double tm = t.sum() / n, ym = y.sum() / n;
  // Lazy expressions: nothing is allocated per fit (this runs once per series).
  const double sxx = (t - tm).square().sum();
  if (!(sxx > 0)) return f;
  const double sxy = ((t - tm) * (y - ym)).sum();
  const double syy = (y - ym).square().sum();
  const double b = sxy / sxx;
  f.slope = b;
  f.intercept = ym - b * tm;
  const double sse = std::max(0.0, syy - b * sxy);
  if (syy > 0) f.r_squared = 1.0 - sse / syy;
  if (time.size() >= 3) f.slope_std_error = std::sqrt(sse / (n - 2) / sxx);
  return f;
}

/// Compound annual growth rate `(v1/v0)^(1/(t1-t0)) - 1`. Absent when t1 <= t0, v0 == 0, or the
/// values have opposite signs (the rate is undefined, never 0).
inline std::optional<double> cagr(double v1, double v0, double t1, double t0) {
  if (!(t1 > t0) || v0 == 0 || (v1 / v0) < 0) return std::nullopt;
  const double r = std::pow(v1 / v0, 1.0 / (t1 - t0)) - 1.0;
  if (!std::isfinite(r)) return std::nullopt;
  return r;
}

}  // namespace waypoint
