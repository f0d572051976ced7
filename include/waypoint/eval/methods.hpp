// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file methods.hpp
/// The method registry: every built-in method (one header each under eval/methods/) by name:
/// `methods()`, `default_method_name()`, `make_method` and `method_checker`. The interface the
/// methods implement is method.hpp, which does not include this header: include this one to find
/// or make a method by name. docs/methods.md documents each method: source, formula, parameters,
/// defaults and the mapping onto the normalised status.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"
#include "waypoint/eval/methods/de_weather.hpp"
#include "waypoint/eval/methods/escap.hpp"
#include "waypoint/eval/methods/eurostat.hpp"
#include "waypoint/eval/methods/istat_classes.hpp"
#include "waypoint/eval/methods/linear_trajectory.hpp"
#include "waypoint/eval/methods/ols_projection.hpp"
#include "waypoint/eval/methods/qualitative.hpp"
#include "waypoint/eval/methods/sdg_canada.hpp"
#include "waypoint/eval/methods/tolerance_band.hpp"
#include "waypoint/eval/methods/unsd.hpp"
#include "waypoint/model/indicator.hpp"
#include "waypoint/model/plan_builder.hpp"  // method_check

namespace waypoint {
namespace detail {

/// A registered method: its description and how to make it from its parsed parameters.
struct method_entry {
  const method_info& (*info)();
  std::unique_ptr<method> (*make)(const param_reader&, const indicator&);
};

template <class M>
std::unique_ptr<method> make_policy(const param_reader& r, const indicator& ind) {
  return std::make_unique<M>(M::parse(r, ind));
}

/// Every method, sorted by name.
inline const std::vector<method_entry>& registry() {
  static const std::vector<method_entry> all = {
      {&policy::de_weather::info, &make_policy<policy::de_weather>},
      {&policy::escap::info, &make_policy<policy::escap>},
      {&policy::eurostat::info, &make_policy<policy::eurostat>},
      {&policy::istat_classes::info, &make_policy<policy::istat_classes>},
      {&policy::linear_trajectory::info, &make_policy<policy::linear_trajectory>},
      {&policy::ols_projection::info, &make_policy<policy::ols_projection>},
      {&policy::sdg_canada::info, &make_policy<policy::sdg_canada>},
      {&policy::tolerance_band::info, &make_policy<policy::tolerance_band>},
      {&policy::unsd_2022::info, &make_policy<policy::unsd_2022>},
      {&policy::unsd_2023::info, &make_policy<policy::unsd_2023>},
  };
  return all;
}

inline const method_entry& find_entry(const std::string& name) {
  for (const auto& e : registry())
    if (e.info().name == name) return e;
  std::string names;
  for (const auto& e : registry()) names += (names.empty() ? "" : ", ") + e.info().name;
  throw error(errc::method_unknown, {}, "unknown method '" + name + "' (known: " + names + ")");
}

}  // namespace detail

/// The registered methods, sorted by name, each with its summary, parameters and no-data
/// category. Never throws except `std::bad_alloc` (on the first call).
inline const std::vector<method_info>& methods() {
  static const std::vector<method_info> all = [] {
    std::vector<method_info> v;
    for (const auto& e : detail::registry()) v.push_back(e.info());
    return v;
  }();
  return all;
}

/// The default method, used when an indicator names none: `linear-trajectory`.
inline const std::string& default_method_name() {
  static const std::string n = "linear-trajectory";
  return n;
}

/// Makes the method `name` ("" = the default) for indicator `ind`, with `params` overriding the
/// defaults; the parameters are parsed once, here, into the method's typed `params`. For an
/// ordinal indicator the method named is checked but the result assesses with linear-trajectory
/// on level indices (methods.md, non-numeric measures), and its trace says so.
/// Throws `waypoint::error` with code `method.unknown` for an unknown name, or `method.bad_param`
/// for a parameter the method does not have or whose text does not parse.
inline std::unique_ptr<method> make_method(const std::string& name, const std::map<std::string, std::string>& params,
                                           const indicator& ind) {
  const std::string& n = name.empty() ? default_method_name() : name;
  const detail::method_entry& e = detail::find_entry(n);
  const detail::param_reader reader(e.info(), params);
  auto m = e.make(reader, ind);
  if (ind.measure != measure::ordinal || n == policy::linear_trajectory::info().name) return m;
  // An ordinal scale is assessed on its level indices by linear-trajectory (methods.md,
  // non-numeric measures): the method named was checked above, and is recorded in the trace.
  policy::linear_trajectory::params p;
  p.note = "ordinal scale: assessed by linear-trajectory on level indices (levels gained / levels required) instead of " + n;
  return std::make_unique<policy::linear_trajectory>(std::move(p));
}

/// The `method_check` that `plan_builder` runs on each indicator's method spec (installed by
/// `build_checked`, eval/checks.hpp): the problems of `make_method(spec.name, spec.params, ind)`,
/// as plan problems: `plan.unknown_method` for an unknown name, `plan.bad_param` for a parameter
/// the method does not have or that does not parse. Each has a code and a message, no location
/// (the builder locates it at the indicator's `method`). The check never throws `waypoint::error`.
inline method_check method_checker() {
  return [](const method_spec& spec, const indicator& ind) {
    std::vector<problem> out;
    try {
      (void)make_method(spec.name, spec.params, ind);
    } catch (const error& e) {
      for (const auto& p : e.problems())
        out.push_back({p.code == errc::method_unknown ? errc::plan_unknown_method : errc::plan_bad_param, {}, p.message});
    }
    return out;
  };
}

}  // namespace waypoint
