// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file chart.hpp
/// The charts of the HTML report as data and geometry, so that what is plotted can be checked:
/// `series_chart_data` gathers what one series' chart shows (in data units), `layout_chart` maps
/// data to pixels, and the `render_*` functions write inline SVG. Output is deterministic: fixed
/// number formatting (std::to_chars), no timestamps, no random ids.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::report {

/// A point in data units: time in fractional years (a year period at its start, 2028 → 2028.0),
/// value on the indicator's numeric axis (ordinal: the level index; binary: 0/1).
struct xy {
  double time = 0;
  double value = 0;
  std::string period;  ///< the period as written ("2028"), for tooltips; may be empty
};

/// The fitted least-squares trend of a series and what its prediction interval needs.
struct trend_line {
  double slope = 0;
  double intercept = 0;
  double from = 0, to = 0;  ///< the fitted range: first and last point used
  double until = 0;         ///< the projection runs from `to` to here (the target date, else `to`)
  /// Present with 3 or more points: the residual standard error, the points' mean time, their
  /// sum of squared time deviations, the count and the Student t quantile of the interval.
  struct spread {
    double residual_sd = 0, centre = 0, sxx = 0, n = 0, t_quantile = 0;
  };
  std::optional<spread> interval;
  double confidence = 0.95;

  [[nodiscard]] double at(double time) const { return intercept + slope * time; }
};

/// The prediction interval of the trend at `time` (for a new observation at that time):
/// `at(time) ± t·s·√(1 + 1/n + (time − t̄)²/Sxx)`. std::nullopt without an interval.
std::optional<std::array<double, 2>> trend_interval(const trend_line& t, double time);

/// A milestone on a chart.
struct milestone_mark {
  xy at;
  bool aspirational = false;
};

/// What the chart of one series shows, in data units.
struct chart_data {
  std::string indicator;  ///< indicator id
  std::string entity;     ///< `*` for the collective
  std::string disaggregation;
  std::string label;      ///< the entity and group in words, e.g. "Lao People's Democratic Republic", "All States Parties, female"
  waypoint::measure measure = measure::amount;  ///< a count's value ticks and tooltips are whole numbers
  waypoint::status status = status::insufficient_data;
  std::vector<xy> observed;          ///< the points the assessment used (from its trace), in time order
  std::optional<xy> baseline;        ///< the base the assessment used
  bool baseline_declared = false;    ///< from the plan rather than the data
  std::vector<milestone_mark> milestones;
  std::optional<xy> target;
  std::vector<xy> expected_path;     ///< baseline → milestones → target (eval/trajectory.hpp)
  std::optional<trend_line> trend;   ///< quantitative and ordinal measures only
  std::optional<xy> projected;       ///< the trend at the target date
  std::optional<value_range> range;  ///< `maintain`: the range to stay within
  std::optional<double> as_of;       ///< the evaluation date, as a fractional year
  double plan_start = 0, plan_end = 0;
  std::vector<std::string> levels;   ///< tick labels for ordinal (level names) and binary (no/yes)
  std::string unit;
  waypoint::language lang = language::en;  ///< of the label, unit, tooltips and the numbers people read
};

/// The chart data of series `s` of `ev` (an evaluation of `p`). The observed points come from the
/// series' trace (the points its method used: every known point for `linear-trajectory` and
/// binary indicators, the points from the base year on for the growth-rate methods); an
/// evaluation without traces charts only the base and current points. The trend and its
/// interval are refitted on the points from the base on and used only when they reproduce the
/// evaluation's own slope. The label, unit and levels are in `lang`.
chart_data series_chart_data(const plan& p, const evaluation& ev, const series_result& s, language lang = language::en);

/// One axis: its domain and tick values.
struct axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
};

/// Where a chart's data go on the page: the plot area is [left, width − right] × [top, height − bottom]
/// in pixels, time grows to the right and values grow upwards.
struct chart_layout {
  double width = 640, height = 240;
  double left = 48, right = 14, top = 26, bottom = 26;
  axis x, y;

  [[nodiscard]] double px(double time) const { return left + (time - x.lo) / (x.hi - x.lo) * (width - left - right); }
  [[nodiscard]] double py(double value) const { return height - bottom - (value - y.lo) / (y.hi - y.lo) * (height - top - bottom); }
};

/// The full-size (`compact` false, 640×240) or small-multiple (`compact` true, 216×132) layout of
/// `d`: the time axis spans the data, the plan period and the target, on whole years; the value
/// axis spans every plotted value but the interval (which is clipped), on "nice" ticks (whole
/// numbers for a count: no 2.5).
chart_layout layout_chart(const chart_data& d, bool compact);

/// The chart as an `<svg>` element with class `chart`, `data-indicator`/`data-entity` attributes,
/// and one element per mark: `circle.obs`, `circle.baseline`, `rect.milestone` (a diamond centred
/// on the milestone), `circle.target`, `polyline.path`, `line.trend`, `line.projection`,
/// `circle.projected`, `path.interval`, `rect.range`, `line.asof`, `g.badge`, and ticks
/// `line.xtick`/`line.ytick` with `data-value`. `id` must be unique in the document (clip path).
std::string render_chart(const chart_data& d, const chart_layout& l, std::string_view id);

/// A collective population's size in a year (e.g. the States Parties of 2028).
struct population_point {
  int year = 0;
  double size = 0;
};

/// A small bar chart of a population's size per year (`svg.population`, one `rect.pop` per year
/// with `data-year`/`data-size`); "" when `sizes` is empty. Sizes people read in `lang`'s numbers.
std::string render_population_chart(std::span<const population_point> sizes, std::string_view title, language lang = language::en);

/// A labelled row of status counts.
struct status_row {
  std::string label;
  std::array<std::size_t, status_count> counts{};
  std::optional<double> score;  ///< the roll-up score in [0, 1], written after the count
};

/// Status counts as horizontal stacked bars, one per row (`svg.status-bars`, one `rect.seg` per
/// non-zero count with `data-status`/`data-count`): every bar is 400 px wide, each status taking
/// its share of the row's series; the row's total (and score) is written after the bar. Status
/// words, "score" and numbers in `lang`.
std::string render_status_bars(std::span<const status_row> rows, language lang = language::en);

}  // namespace waypoint::report
