// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file trajectory.hpp
/// The expected path: piecewise-linear through baseline, milestones and target.

#include <algorithm>
#include <optional>
#include <span>
#include <vector>

#include "waypoint/model/indicator.hpp"

namespace waypoint {

/// A corner of the expected path.
struct knot {
  double time = 0;
  double amount = 0;
};

/// The path baseline → milestones → target of `ind`, starting at `base` (time, value). Milestones
/// without a resolved numeric value are skipped. Empty when there is no base or no numeric target.
/// As `make_path`, into `path` (cleared first), so a caller evaluating many series can reuse one buffer.
inline void make_path_into(std::vector<knot>& path, const indicator& ind, std::optional<knot> base) {
  path.clear();
  if (!base || !ind.target || !ind.target->amount.numeric()) return;
  const double tt = ind.target->at.time();
  if (tt <= base->time) return;
  path.push_back(*base);
  for (const auto& m : ind.milestones)
    if (m.when && m.amount.numeric() && m.when->time() > base->time) path.push_back({m.when->time(), *m.amount.numeric()});
  path.push_back({tt, *ind.target->amount.numeric()});
  std::stable_sort(path.begin(), path.end(), [](const knot& a, const knot& b) { return a.time < b.time; });
}
inline std::vector<knot> make_path(const indicator& ind, std::optional<knot> base) {
  std::vector<knot> path;
  make_path_into(path, ind, base);
  return path;
}

/// The path's value at `time`: linear between knots, flat before the first and after the last.
/// Absent for an empty path.
inline std::optional<double> path_value(std::span<const knot> path, double time) {
  if (path.empty()) return std::nullopt;
  if (time <= path.front().time) return path.front().amount;
  if (time >= path.back().time) return path.back().amount;
  auto it = std::upper_bound(path.begin(), path.end(), time, [](double t, const knot& k) { return t < k.time; });
  const knot& b = *it;
  const knot& a = *(it - 1);
  if (b.time == a.time) return b.amount;
  return a.amount + (b.amount - a.amount) * (time - a.time) / (b.time - a.time);
}

}  // namespace waypoint
