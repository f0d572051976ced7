// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file method.hpp
/// The interface of an assessment method: what it sees of a series (`point`, `series_input`),
/// what it concludes (`assessment`, `anchor`, `assessment_values`), the `method` class itself and
/// how it describes itself (`param_info`, `method_info`). A method turns the points of one series
/// into a status, the method's own category, a score and a trace.
/// The methods themselves live in eval/methods/ (one header each, classes in namespace
/// `waypoint::policy`, each with a typed `params` struct, each including this header);
/// eval/methods.hpp is the registry that names them (`methods()`, `make_method`). This header
/// includes neither. docs/methods.md documents every method.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/eval/status.hpp"
#include "waypoint/model/indicator.hpp"

namespace waypoint {

/// One point of a series as the methods see it: the period's actual (after accumulation).
struct point {
  period at;
  double time = 0;    ///< fractional year of the period's start
  double amount = 0;
};

/// A value a method anchored on: the base or the current point.
struct anchor {
  period at;
  double time = 0;
  double amount = 0;
  bool declared = false;  ///< true: taken from the plan's baseline, not from the data
};

/// The figures of an assessment: what a method concludes, without its words. `assessment` (what
/// `method::assess` gives) and `assessment_values` (the batch fast path) both hold them, so a
/// result of either kind is read the same way (eval/fields.hpp).
struct assessment_figures {
  waypoint::status status = status::insufficient_data;
  std::optional<double> score;
  std::optional<double> progress_value;
  std::optional<anchor> base;           ///< the base actually used
  std::optional<anchor> current;        ///< the latest point used
  /// Figures only some methods give (std::nullopt from the others): escap's current status CS,
  /// and ols-projection's prediction interval at the target date (with 3 points or more).
  std::optional<double> current_status;
  std::optional<double> interval_low, interval_high;
  /// `cagr(base, current)` (trend.hpp), when the method computed exactly that rate on its way
  /// (sdg-canada does): the evaluator takes it for the result's `cagr` instead of computing the
  /// same `pow` again. std::nullopt: the evaluator computes it. Never a different value.
  std::optional<double> cagr;
};

/// What a method concludes about one series: its figures, its own category, and why.
struct assessment : assessment_figures {
  std::string category;                 ///< the method's own label, e.g. "moderate_progress"
  std::string reason;                   ///< why, when the status is insufficient_data or not_applicable
  waypoint::trace trace;
};

/// An assessment without its words: no reason and no trace. What the batch fast path fills
/// (`method::assess_values`); equal, field by field, to the same fields of `assessment`.
struct assessment_values : assessment_figures {
  /// The method's label. Points to storage that lives as long as the program (the method's
  /// literals) or, for rows the kernel assessed in full, as long as the row's run.
  std::string_view category;
  /// The full assessment gives a reason (it is insufficient_data or not_applicable for a stated
  /// cause); set by `detail::insufficient_because` and `detail::not_applicable_because`, so a batch
  /// run that writes reasons knows which rows to assess in full.
  bool has_reason = false;
};

/// The input of a method: the indicator and its points, sorted by time.
struct series_input {
  const indicator& ind;
  std::span<const point> points;
  bool traces = true;  ///< false: the assessment's trace records nothing (batch runs)

  /// An empty assessment whose trace records as `traces` says: where every method starts.
  [[nodiscard]] assessment start() const {
    assessment a;
    a.trace.recording = traces;
    return a;
  }
};

/// An assessment method configured for one indicator (parameters parsed and checked).
class method {
 public:
  virtual ~method() = default;
  /// Assesses one series. Never throws for odd or missing data: that is a status with a reason.
  [[nodiscard]] virtual assessment assess(const series_input& in) const = 0;
  /// The method's registered name.
  [[nodiscard]] virtual const std::string& name() const noexcept = 0;
  /// The fast path for batch runs: fills `out` with exactly the status, category, score,
  /// progress value, base and current that `assess(in)` gives, and `has_reason` exactly when it
  /// gives a reason, without building the reason or a trace, and returns true. A method without
  /// such a path returns false and leaves `out` alone (the default); callers then use `assess`.
  /// Whether it returns true depends on the method only, never on `in` (batch runs ask once per
  /// method). Never throws for odd or missing data.
  [[nodiscard]] virtual bool assess_values(const series_input& /*in*/, assessment_values& /*out*/) const { return false; }
  /// The method's own category for a series or indicator with no data at all (status
  /// `insufficient_data`): `not_available` for sdg-canada, `not_reporting` for tolerance-band,
  /// `insufficient_data` for the methods that name no state of their own (docs/methods.md).
  [[nodiscard]] virtual std::string_view no_data_category() const noexcept { return "insufficient_data"; }
};

/// A parameter of a method: its name, type (`number`, `integer`, a choice such as
/// `next-later|nearest|shorten`, or a list such as `number,...`), default and meaning.
struct param_info {
  std::string name;
  std::string type;
  std::string default_value;  ///< as text; "(indicator)" when it comes from the indicator
  std::string help;
};

/// A registered method and its parameters.
struct method_info {
  std::string name;
  std::string summary;
  std::vector<param_info> params;
  std::string no_data_category = "insufficient_data";  ///< see `method::no_data_category`
};

}  // namespace waypoint
