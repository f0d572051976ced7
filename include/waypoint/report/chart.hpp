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

#include "waypoint/data/observation_store.hpp"
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
  /// The name a small multiple shows, where room is short: the group alone for a group of the
  /// collective ("female": the entity is the same on every chart of the grid), else `label`.
  std::string short_label;
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
/// evaluation's own slope. The milestones and the expected path are those the evaluation used
/// for the series: for a disaggregated group (`sex=female`), its own target (`group_targets`),
/// else under the `inherit` rule the indicator's milestones and target, from the group's own base.
/// The label, unit and levels are in `lang`.
chart_data series_chart_data(const plan& p, const evaluation& ev, const series_result& s, language lang = language::en);

/// One row of a chart's data table: a plotted point and, with the observations, where it came from.
struct data_row {
  std::string period;          ///< as written ("2028")
  double value = 0;            ///< the plotted value, exact
  bool observed = false;       ///< an observation row was found for the point (`source`, `flag`, `reported_on` come from it)
  std::string source;          ///< the row's source ("" when it has none)
  obs_flag flag = obs_flag::none;
  std::string reported_on;     ///< the row's `reported_on` (YYYY-MM-DD), "" when it has none
};

/// The rows of `d`'s data table: one per observed point (`d.observed`), in the same order. With
/// `obs` (the observations `ev` was made from), each point takes the source, flag and reporting
/// date of the row the evaluation read for it: the row of the series (`d.indicator`, `d.entity`,
/// `d.disaggregation`) and period, and of a revised period the latest revision reported by
/// `as_of` (`for_each_known_period`, as the evaluator reads a series). A point without such a row
/// (a collective computed from national values) has `observed` false. Without `obs`, every row
/// has the period and value only.
std::vector<data_row> chart_rows(const plan& p, const chart_data& d, const observation_store* obs, const std::optional<date>& as_of);

/// How many of an indicator's points come from one source.
struct source_count {
  std::string source;  ///< "" for rows without a source
  std::size_t points = 0;
};

/// The distinct sources of the observations of indicator `id` in `obs` (every series: entities
/// and groups), sorted by text without regard to ASCII case, each with the number of points it gave: each period of a series
/// known by `as_of` counts once, with the source of its latest revision reported by then (the row
/// the evaluation read). Empty when `obs` has no series of the indicator (e.g. a collective
/// indicator computed by its aggregation rule).
std::vector<source_count> indicator_sources(const plan& p, const observation_store& obs, const indicator_id& id, const std::optional<date>& as_of);

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

/// A closed interval of values.
struct value_domain {
  double lo = 0, hi = 0;
};

/// The least and greatest value `d` plots (observed points, base, milestones, target, expected
/// path, range, the trend's ends and its projection; not the interval, which is clipped).
/// std::nullopt for an ordinal or binary chart (its axis is the scale) and for one that plots
/// no value.
std::optional<value_domain> plotted_values(const chart_data& d);

/// The largest over the smallest magnitude of the series of one indicator beyond which their small
/// multiples keep their own scales: a series' magnitude is the largest absolute value it plots
/// (`plotted_values`); series that plot only zeros do not count.
inline constexpr double own_scale_ratio = 100;

/// The value domain that the small multiples `charts` (the series of one indicator) share, so that
/// entities or groups can be compared by eye: the union of their `plotted_values`. std::nullopt
/// when they cannot share one: an ordinal or binary indicator (the scale is already common), no
/// chart plots a value, or the magnitudes differ by more than `own_scale_ratio` (one series would
/// be a flat line), in which case each chart keeps its own scale.
std::optional<value_domain> shared_value_domain(std::span<const chart_data> charts);

/// True when `charts` would share a value domain but their magnitudes differ by more than
/// `own_scale_ratio`: the report then says that each chart has its own scale.
bool scales_differ(std::span<const chart_data> charts);

/// The full-size (`compact` false, 640×240) or small-multiple (`compact` true, 216×132) layout of
/// `d`: the time axis spans the data, the plan period and the target, on whole years; the value
/// axis spans every plotted value but the interval (which is clipped), on "nice" ticks (whole
/// numbers for a count: no 2.5). With `values` (e.g. a `shared_value_domain`), the value axis
/// spans that domain instead, so charts laid out with the same domain have the same ticks.
chart_layout layout_chart(const chart_data& d, bool compact, const std::optional<value_domain>& values = std::nullopt);

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
