// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file stats.hpp
/// Pure statistics that several methods and the report share: Student's t quantile (Boost.Math)
/// and the weighted least-squares line (Eigen). No state, no method vocabulary: a report or a
/// host can use them without the methods. The per-series trend (`fit_ols`) and compound growth
/// (`cagr`) are in trend.hpp.

#include <cstddef>
#include <optional>
#include <span>

#include <Eigen/Core>
#include <boost/math/distributions/students_t.hpp>

namespace waypoint {

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (Boost.Math), e.g.
/// `student_t_quantile(0.975, 10)` = 2.228138852. Computed in double throughout. Needs
/// 0 < p < 1 and df > 0; throws `std::domain_error` otherwise.
inline double student_t_quantile(double p, double df) {
  // In double throughout: Boost's default promotes to long double, whose static initialisers
  // (erf_inv) overflow under Valgrind, which emulates long double with 64 bits.
  using in_double = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  return boost::math::quantile(boost::math::students_t_distribution<double, in_double>(df), p);
}

/// A weighted least-squares line `value = level + slope*(time - centre)`, centred on the weighted
/// mean time (numerically stable for calendar years). What `fit_line` returns.
struct line_fit {
  std::size_t n = 0;
  double centre = 0;  ///< weighted mean time
  double level = 0;   ///< fitted value at `centre`
  double slope = 0;   ///< per year
  double sum_w = 0;   ///< Σw
  double sxx = 0;     ///< Σw(t - centre)²
  double sse = 0;     ///< Σw·residual²
  double sst = 0;     ///< Σw(y - ȳ)²
  /// The fitted value at `time`.
  [[nodiscard]] double at(double time) const { return level + slope * (time - centre); }
};

/// Fits `value = level + slope*(time - centre)` by weighted least squares with `weight` (all > 0),
/// with Eigen array expressions. Centred on the weighted mean time, the two columns of the design
/// are orthogonal under the weights, so the normal equations are diagonal and their solution is
/// exact in closed form; residuals are summed directly, not as a difference of sums. A constant
/// series has a slope of exactly 0. Nothing is allocated (this runs once per series).
/// Needs the three spans to have the same size. Returns std::nullopt with fewer than two points,
/// spans of different sizes, or fewer than two distinct times. Never throws.
inline std::optional<line_fit> fit_line(std::span<const double> time, std::span<const double> value, std::span<const double> weight) {
  const auto n = static_cast<Eigen::Index>(time.size());
  if (n < 2 || value.size() != time.size() || weight.size() != time.size()) return std::nullopt;
  const Eigen::Map<const Eigen::ArrayXd> t(time.data(), n), y(value.data(), n), w(weight.data(), n);
  line_fit f;
  f.n = time.size();
  f.sum_w = w.sum();
  f.centre = (w * t).sum() / f.sum_w;
  f.sxx = (w * (t - f.centre).square()).sum();
  if (!(f.sxx > 0)) return std::nullopt;
  // The response is centred too; a constant series is centred on its value itself (its weighted
  // mean may round off it), so its slope is exactly 0 and can never read as a regression.
  const double ym = (y == y(0)).all() ? y(0) : (w * y).sum() / f.sum_w;
  const double b0 = (w * (y - ym)).sum() / f.sum_w;  // the rounding left in the centred mean
  f.slope = (w * (t - f.centre) * (y - ym)).sum() / f.sxx;
  f.level = ym + b0;
  f.sse = (w * (y - ym - b0 - f.slope * (t - f.centre)).square()).sum();
  f.sst = (w * (y - ym).square()).sum();
  return f;
}

}  // namespace waypoint
