// SPDX-License-Identifier: Apache-2.0
// The C API: observation sets (open → sealed), with all-or-nothing appends.

#include <algorithm>
#include <cmath>

#include "capi.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/model/text.hpp"

using namespace waypoint::capi;

const waypoint::observation_store& waypoint_observations::sealed() {
  std::lock_guard<std::mutex> lock(mutex);
  if (store) return *store;
  if (seal_error)
    throw failure{WAYPOINT_E_STATE, seal_error->code(), std::string("this observation set could not be sealed:\n") + seal_error->what()};
  try {
    store.emplace(std::move(*builder).finish());
    builder.reset();
  } catch (const waypoint::error& e) {
    seal_error.emplace(e);
    builder.reset();
    throw;
  }
  return *store;
}

namespace {

/// A sealed set of `plan` holding the store `load(plan)` makes.
template <class Load>
waypoint_observations* make_sealed(const waypoint_plan* plan, Load load) {
  const auto& p = plan_of(plan);
  auto h = std::make_unique<waypoint_observations>(p);
  h->store.emplace(load(*p));
  return h.release();
}

/// The builder of an open set; the caller holds the lock.
waypoint::observation_builder& open_builder(waypoint_observations& o) {
  if (o.store || o.seal_error)
    throw failure{WAYPOINT_E_STATE, waypoint::errc::capi_sealed,
                  "this observation set is sealed (it was loaded from CSV, sealed, or used by waypoint_evaluate): "
                  "append to a new set made with waypoint_observations_create"};
  return *o.builder;
}

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// Checks `count` rows read by `get(i, indicator, entity, period, value, reported_on)` and appends them
/// all, or none of them when any has a problem (then throws a waypoint::error listing every one).
template <class Get>
void append_checked_rows(waypoint_observations* obs, std::size_t count, Get get) {
  auto& o = need(obs, "observations");
  std::lock_guard<std::mutex> lock(o.mutex);
  auto& builder = open_builder(o);
  const waypoint::plan& plan = *o.plan;
  std::vector<waypoint::problem> problems;
  // The rows go to a scratch builder, which also runs the store's own checks (entity, finite
  // value, percentage range, duplicates); the set absorbs it only when every row is fine.
  waypoint::observation_builder scratch(plan);
  scratch.set_file("<rows>");
  for (std::size_t i = 0; i < count; ++i) {
    const char *ind = nullptr, *ent = nullptr, *per = nullptr, *rep = nullptr;
    double value = 0;
    get(i, ind, ent, per, value, rep);
    element(ind, "indicators", i);
    element(ent, "entities", i);
    element(per, "periods", i);
    const std::size_t line = o.appended + i + 1;
    const auto problem = [&](waypoint::errc code, std::string message) {
      problems.push_back({code, waypoint::location{"<rows>", line, 0, {}}, std::move(message)});
    };
    const auto index = plan.indicator_index(waypoint::indicator_id{std::string_view(ind)});
    if (!index) {
      problem(waypoint::errc::obs_unknown_indicator, "unknown indicator " + quote(ind));
      continue;
    }
    const waypoint::indicator& indicator = plan.indicators()[*index];
    if (*ent == '\0') {
      problem(waypoint::errc::obs_missing_value, "expected an entity id (or * for the collective)");
      continue;
    }
    const auto at = waypoint::parse_period(per);
    if (!at) {
      problem(waypoint::errc::obs_bad_period, "expected a period (2023, 2023-Q2, 2023-05, 2023-05-31 or 2023-01-01/2023-06-30), got " + quote(per));
      continue;
    }
    std::int32_t reported = waypoint::no_report_date;
    if (rep != nullptr && *rep != '\0' && !waypoint::detail::parse_iso_days(rep, reported)) {
      problem(waypoint::errc::obs_bad_date, "expected reported_on as YYYY-MM-DD, got " + quote(rep));
      continue;
    }
    if (indicator.measure == waypoint::measure::binary && value != 0 && value != 1) {
      problem(waypoint::errc::obs_bad_level, "expected 1 (yes) or 0 (no) for binary indicator " + indicator.id.str() + ", got " + waypoint::format_number(value));
      continue;
    }
    if (indicator.measure == waypoint::measure::ordinal &&
        !(value >= 0 && value < static_cast<double>(indicator.levels.size()) && value == std::floor(value))) {
      problem(waypoint::errc::obs_bad_level, "expected a level index from 0 to " + std::to_string(indicator.levels.size() - 1) + " for ordinal indicator " +
                                   indicator.id.str() + ", got " + waypoint::format_number(value));
      continue;
    }
    if (indicator.measure == waypoint::measure::qualitative) value = 0;  // a narrative has no number
    scratch.append_checked(*index, ent, "", *at, value, reported, waypoint::obs_flag::none, "", "", line, 0);
  }
  problems.insert(problems.end(), scratch.problems().begin(), scratch.problems().end());
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const waypoint::problem& a, const waypoint::problem& b) { return a.where.line < b.where.line; });
    throw waypoint::error(std::move(problems));
  }
  builder.absorb(std::move(scratch));
  o.appended += count;
}

}  // namespace

extern "C" {

int waypoint_observations_create(const waypoint_plan* plan, waypoint_observations** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    auto h = std::make_unique<waypoint_observations>(plan_of(plan));
    h->builder.emplace(*h->plan);
    o = h.release();
  });
}

int waypoint_observations_load_csv(const waypoint_plan* plan, const char* path, waypoint_observations** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    need(path, "path");
    o = make_sealed(plan, [&](const waypoint::plan& p) { return waypoint::io::load_observations(path, p); });
  });
}

int waypoint_observations_parse_csv(const waypoint_plan* plan, const char* text, size_t length, const char* name,
                                    waypoint_observations** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    const auto t = text_of(text, length);
    o = make_sealed(plan, [&](const waypoint::plan& p) { return waypoint::io::parse_observations(t, p, name_of(name)); });
  });
}

int waypoint_observations_append(waypoint_observations* obs, const char* indicator, const char* entity, const char* period,
                                 double value, const char* reported_on) noexcept {
  return guard([&] {
    append_checked_rows(obs, 1, [&](std::size_t, const char*& i, const char*& e, const char*& p, double& v, const char*& r) {
      i = indicator;
      e = entity;
      p = period;
      v = value;
      r = reported_on;
    });
  });
}

int waypoint_observations_append_rows(waypoint_observations* obs, size_t count, const char* const* indicators,
                                      const char* const* entities, const char* const* periods, const double* values,
                                      const char* const* reported_on) noexcept {
  return guard([&] {
    if (count > 0) {
      need(indicators, "indicators");
      need(entities, "entities");
      need(periods, "periods");
      need(values, "values");
    }
    append_checked_rows(obs, count, [&](std::size_t k, const char*& i, const char*& e, const char*& p, double& v, const char*& r) {
      i = indicators[k];
      e = entities[k];
      p = periods[k];
      v = values[k];
      r = reported_on != nullptr ? reported_on[k] : nullptr;
    });
  });
}

int waypoint_observations_append_csv(waypoint_observations* obs, const char* text, size_t length, const char* name) noexcept {
  return guard([&] {
    auto& o = need(obs, "observations");
    const auto t = text_of(text, length);
    const std::string n = name_of(name);
    std::lock_guard<std::mutex> lock(o.mutex);
    auto& builder = open_builder(o);
    // Read into a scratch builder, so that a text with any bad row adds nothing.
    waypoint::observation_builder scratch(*o.plan);
    waypoint::io::append_observations(t, *o.plan, scratch, n);
    if (!scratch.problems().empty()) throw waypoint::error(scratch.problems());
    builder.absorb(std::move(scratch));
  });
}

int waypoint_observations_seal(waypoint_observations* obs) noexcept {
  return guard([&] { need(obs, "observations").sealed(); });
}

int waypoint_observations_row_count(const waypoint_observations* obs, size_t* count) noexcept {
  return guard([&] {
    const auto& o = need(obs, "observations");
    need(count, "count");
    std::lock_guard<std::mutex> lock(o.mutex);
    *count = o.store ? o.store->row_count() : o.builder ? o.builder->size() : 0;
  });
}

void waypoint_observations_destroy(waypoint_observations* obs) noexcept { delete obs; }

}  // extern "C"
