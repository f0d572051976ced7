// SPDX-License-Identifier: Apache-2.0
// The C API: observation sets (open → sealed), with all-or-nothing appends.

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>

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
    store = std::make_shared<const waypoint::observation_store>(std::move(*builder).finish());
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
  h->store = std::make_shared<const waypoint::observation_store>(load(*p));
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

/// One row to append, as a caller gives it: the indicator and period already resolved (or not, with
/// the text to name in the problem), the rest as text or numbers.
struct row_in {
  std::optional<std::size_t> indicator;  ///< the plan's index; none: unknown
  std::string_view indicator_text;
  std::string_view entity;
  std::optional<waypoint::period> at;    ///< none: not a period
  std::string_view period_text;
  double value = 0;
  bool no_data = false;                  ///< the row is left out (a NaN value in columns)
  std::int32_t reported = waypoint::no_report_date;
  bool bad_reported = false;
  std::string_view reported_text;
  int flag = 0;                          ///< 0 none, 1 estimated, 2 provisional; else a problem
  std::string_view source;
  std::string_view disaggregation;
};

/// Checks `count` rows filled by `get(i, row_in&)` and appends them all, or none of them when any
/// has a problem (then throws a waypoint::error listing every one). Rows are located as
/// `where`:N, N = `first_line` + i.
/// Checks rows [first, end) filled by `get(i, row_in&)` into `scratch`, adding the problems found
/// to `problems`. Rows are located as `where`:N, N = `first_line` + i.
template <class Get>
void check_rows(const waypoint::plan& plan, std::size_t first, std::size_t end, const char* where, std::size_t first_line, Get& get,
                waypoint::observation_builder& scratch, std::vector<waypoint::problem>& problems) {
  row_in row;
  for (std::size_t i = first; i < end; ++i) {
    row = row_in{};
    get(i, row);
    const std::size_t line = first_line + i;
    const auto problem = [&](waypoint::errc code, std::string message) {
      problems.push_back({code, waypoint::location{where, line, 0, {}}, std::move(message)});
    };
    if (row.no_data) continue;
    if (!row.indicator) {
      problem(waypoint::errc::obs_unknown_indicator, "unknown indicator " + quote(row.indicator_text));
      continue;
    }
    const waypoint::indicator& indicator = plan.indicators()[*row.indicator];
    if (row.entity.empty()) {
      problem(waypoint::errc::obs_missing_value, "expected an entity id (or * for the collective)");
      continue;
    }
    if (!row.at) {
      problem(waypoint::errc::obs_bad_period, "expected a period (2023, 2023-Q2, 2023-05, 2023-05-31 or 2023-01-01/2023-06-30), got " + quote(row.period_text));
      continue;
    }
    if (row.bad_reported) {
      problem(waypoint::errc::obs_bad_date, "expected reported_on as YYYY-MM-DD, got " + quote(row.reported_text));
      continue;
    }
    double value = row.value;
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
    if (row.flag < 0 || row.flag > 2) {
      problem(waypoint::errc::obs_bad_flag, "expected flag 0 (none), 1 (estimated) or 2 (provisional), got " + std::to_string(row.flag));
      continue;
    }
    if (indicator.measure == waypoint::measure::qualitative) value = 0;  // a narrative has no number
    const auto flag = row.flag == 1 ? waypoint::obs_flag::estimated : row.flag == 2 ? waypoint::obs_flag::provisional : waypoint::obs_flag::none;
    scratch.append_checked(*row.indicator, row.entity, row.disaggregation, *row.at, value, row.reported, flag, row.source, "", line, 0);
  }
}

/// Below this many rows a call is checked on one thread.
constexpr std::size_t parallel_rows = std::size_t{1} << 18;

/// Checks `count` rows filled by `get(i, row_in&)` and appends them all, or none of them when any
/// has a problem (then throws a waypoint::error listing every one). Rows are located as
/// `where`:N, N = `first_line` + i. With `parallel`, large calls are checked in parts on several
/// threads (`get` must then be callable from them at once), each into a builder of its own, merged
/// in row order: the same rows and problems as on one thread.
template <class Get>
void append_checked_rows(waypoint_observations* obs, std::size_t count, const char* where, std::size_t first_line, bool parallel, Get get) {
  auto& o = need(obs, "observations");
  std::lock_guard<std::mutex> lock(o.mutex);
  auto& builder = open_builder(o);
  const waypoint::plan& plan = *o.plan;
  // The rows go to scratch builders, which also run the store's own checks (entity, finite value,
  // percentage range, duplicates); the set absorbs them only when every row is fine.
  const std::size_t parts = parallel && count >= parallel_rows ? std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8) : 1;
  std::vector<waypoint::observation_builder> scratch;
  for (std::size_t t = 0; t < parts; ++t) {
    scratch.emplace_back(plan);
    scratch.back().set_file(where);
  }
  std::vector<std::vector<waypoint::problem>> found(parts);
  std::vector<std::exception_ptr> failed(parts);
  const auto work = [&](std::size_t t) {
    try {
      check_rows(plan, count * t / parts, count * (t + 1) / parts, where, first_line, get, scratch[t], found[t]);
    } catch (...) {
      failed[t] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < parts; ++t) threads.emplace_back(work, t);
  work(0);
  for (auto& th : threads) th.join();
  for (const auto& f : failed)
    if (f) std::rethrow_exception(f);
  for (std::size_t t = 1; t < parts; ++t) scratch[0].absorb(std::move(scratch[t]));
  std::vector<waypoint::problem> problems;
  for (auto& f : found) problems.insert(problems.end(), f.begin(), f.end());
  problems.insert(problems.end(), scratch[0].problems().begin(), scratch[0].problems().end());
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const waypoint::problem& a, const waypoint::problem& b) { return a.where.line < b.where.line; });
    throw waypoint::error(std::move(problems));
  }
  builder.absorb(std::move(scratch[0]));
}

/// Rows given as C strings (waypoint_observations_append and _append_rows), located as "<rows>:N"
/// counting every row appended to the set so far.
template <class Get>
void append_text_rows(waypoint_observations* obs, std::size_t count, Get get) {
  auto& o = need(obs, "observations");
  const waypoint::plan& plan = *o.plan;
  append_checked_rows(obs, count, "<rows>", o.appended + 1, false, [&](std::size_t i, row_in& row) {
    const char *ind = nullptr, *ent = nullptr, *per = nullptr, *rep = nullptr;
    get(i, ind, ent, per, row.value, rep);
    row.indicator_text = element(ind, "indicators", i);
    row.entity = element(ent, "entities", i);
    row.period_text = element(per, "periods", i);
    row.indicator = plan.indicator_index(waypoint::indicator_id{row.indicator_text});
    if (row.indicator && !row.entity.empty()) row.at = waypoint::parse_period(row.period_text);
    if (rep != nullptr && *rep != '\0') {
      row.reported_text = rep;
      row.bad_reported = !waypoint::detail::parse_iso_days(rep, row.reported);
    }
  });
  o.appended += count;
}

/// The entries of a text column's dictionary, checked (WAYPOINT_E_NULL for a NULL entry).
std::vector<std::string_view> dictionary_of(const waypoint_text_column& c, const char* what) {
  if (c.dictionary_size > 0) need(c.dictionary, what);
  std::vector<std::string_view> out;
  out.reserve(c.dictionary_size);
  for (std::size_t k = 0; k < c.dictionary_size; ++k) out.emplace_back(element(c.dictionary[k], what, k));
  return out;
}

/// The dictionary position of row `i` of a text column; -1 (empty) stays -1. A code outside the
/// dictionary is a WAYPOINT_E_ARGUMENT failure.
std::int32_t code_at(const waypoint_text_column& c, std::size_t i, const char* what) {
  const std::int32_t k = c.codes[i];
  if (k < -1 || (k >= 0 && static_cast<std::size_t>(k) >= c.dictionary_size))
    bad_argument(waypoint::errc::capi_bad_column, std::string(what) + ".codes[" + std::to_string(i) + "] is " + std::to_string(k) + ", outside its dictionary of " +
                                                    std::to_string(c.dictionary_size));
  return k;
}

void append_columns(waypoint_observations* obs, const waypoint_observation_columns& c) {
  auto& o = need(obs, "observations");
  const waypoint::plan& plan = *o.plan;
  if (c.version < 1 || c.version > WAYPOINT_OBSERVATION_COLUMNS_VERSION)
    throw failure{WAYPOINT_E_VERSION, waypoint::errc::capi_options_version, "waypoint_observation_columns version " + std::to_string(c.version) + " is not supported (this library knows 1)"};
  const std::size_t n = c.row_count;
  if (n > 0) {
    need(c.indicator.codes, "indicator.codes");
    need(c.entity.codes, "entity.codes");
    need(c.values, "values");
  }
  // Each distinct indicator and period is resolved once.
  const auto indicator_texts = dictionary_of(c.indicator, "indicator.dictionary");
  std::vector<std::optional<std::size_t>> indicators;
  for (const auto t : indicator_texts) indicators.push_back(plan.indicator_index(waypoint::indicator_id{t}));
  const auto entity_texts = dictionary_of(c.entity, "entity.dictionary");
  std::vector<std::string_view> period_texts;
  std::vector<std::optional<waypoint::period>> periods;
  switch (c.period_form) {
    case WAYPOINT_PERIODS_TEXT:
      if (n > 0) need(c.period_text.codes, "period_text.codes");
      period_texts = dictionary_of(c.period_text, "period_text.dictionary");
      for (const auto t : period_texts) periods.push_back(waypoint::parse_period(t));
      break;
    case WAYPOINT_PERIODS_YEAR:
    case WAYPOINT_PERIODS_DATE:
      if (n > 0) need(c.period_numbers, "period_numbers");
      break;
    default: bad_argument(waypoint::errc::capi_bad_column, "period_form " + std::to_string(c.period_form) + " is not a waypoint_period_form");
  }
  const auto source_texts = c.source.codes != nullptr ? dictionary_of(c.source, "source.dictionary") : std::vector<std::string_view>{};
  // Dimensions in name order, as the CSV loader joins them: "age=0-17;sex=female".
  std::vector<std::pair<std::string, std::size_t>> dims;
  std::vector<std::vector<std::string_view>> dim_texts(c.dimension_count);
  if (c.dimension_count > 0) {
    need(c.dimension_names, "dimension_names");
    need(c.dimensions, "dimensions");
  }
  for (std::size_t d = 0; d < c.dimension_count; ++d) {
    const std::string name = element(c.dimension_names[d], "dimension_names", d);
    if (name.empty() || name.find_first_of("=;") != std::string::npos)
      bad_argument(waypoint::errc::capi_bad_column, "dimension_names[" + std::to_string(d) + "] '" + name + "' is not a dimension name");
    for (const auto& [other, _] : dims)
      if (other == name) bad_argument(waypoint::errc::capi_bad_column, "dimension '" + name + "' is given twice");
    if (n > 0) need(c.dimensions[d].codes, "dimensions[].codes");
    dim_texts[d] = dictionary_of(c.dimensions[d], "dimensions[].dictionary");
    dims.emplace_back(name, d);
  }
  std::sort(dims.begin(), dims.end());
  append_checked_rows(obs, n, "<columns>", 1, true, [&](std::size_t i, row_in& row) {
    thread_local std::string disaggregation, number_text;  // the texts a row views, one per checking thread
    row.value = c.values[i];
    if (std::isnan(row.value)) {
      row.no_data = true;
      return;
    }
    const auto ik = code_at(c.indicator, i, "indicator");
    if (ik >= 0) {
      row.indicator = indicators[static_cast<std::size_t>(ik)];
      row.indicator_text = indicator_texts[static_cast<std::size_t>(ik)];
    }
    const auto ek = code_at(c.entity, i, "entity");
    if (ek >= 0) row.entity = entity_texts[static_cast<std::size_t>(ek)];
    if (c.period_form == WAYPOINT_PERIODS_TEXT) {
      const auto pk = code_at(c.period_text, i, "period_text");
      if (pk >= 0) {
        row.at = periods[static_cast<std::size_t>(pk)];
        row.period_text = period_texts[static_cast<std::size_t>(pk)];
      }
    } else {
      const std::int32_t v = c.period_numbers[i];
      number_text = std::to_string(v);
      row.period_text = number_text;
      if (c.period_form == WAYPOINT_PERIODS_YEAR) {
        if (v >= 1 && v <= 9999) row.at = waypoint::period::year(v);
      } else if (v >= waypoint::detail::jan1_days(1) && v < waypoint::detail::jan1_days(10000)) {
        row.at = waypoint::period::day(waypoint::date_from_day_number(v));
      }
    }
    if (c.reported_on != nullptr && c.reported_on[i] != INT32_MIN) {
      row.reported = c.reported_on[i];
      if (row.reported < waypoint::detail::jan1_days(1) || row.reported >= waypoint::detail::jan1_days(10000)) {
        row.bad_reported = true;
        number_text = std::to_string(row.reported) + " (days since 1970-01-01)";
        row.reported_text = number_text;
      }
    }
    if (c.flags != nullptr) row.flag = c.flags[i];
    if (c.source.codes != nullptr) {
      const auto sk = code_at(c.source, i, "source");
      if (sk >= 0) row.source = source_texts[static_cast<std::size_t>(sk)];
    }
    disaggregation.clear();
    for (const auto& [name, d] : dims) {
      const auto k = code_at(c.dimensions[d], i, "dimensions[]");
      if (k < 0 || dim_texts[d][static_cast<std::size_t>(k)].empty()) continue;
      if (!disaggregation.empty()) disaggregation += ';';
      disaggregation += name;
      disaggregation += '=';
      disaggregation += dim_texts[d][static_cast<std::size_t>(k)];
    }
    row.disaggregation = disaggregation;
  });
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
    append_text_rows(obs, 1, [&](std::size_t, const char*& i, const char*& e, const char*& p, double& v, const char*& r) {
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
    append_text_rows(obs, count, [&](std::size_t k, const char*& i, const char*& e, const char*& p, double& v, const char*& r) {
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

int waypoint_observation_columns_init(waypoint_observation_columns* columns, uint32_t version) noexcept {
  return guard([&] {
    auto& c = need(columns, "columns");
    if (version < 1 || version > WAYPOINT_OBSERVATION_COLUMNS_VERSION)
      throw failure{WAYPOINT_E_VERSION, waypoint::errc::capi_options_version, "waypoint_observation_columns version " + std::to_string(version) + " is not supported (this library knows 1)"};
    c = waypoint_observation_columns{};
    c.version = version;
    c.period_form = WAYPOINT_PERIODS_TEXT;
  });
}

int waypoint_observations_append_columns(waypoint_observations* obs, const waypoint_observation_columns* columns) noexcept {
  return guard([&] { append_columns(obs, need(columns, "columns")); });
}

int waypoint_partitions_of(const waypoint_text_column* indicator, const waypoint_text_column* entity, size_t rows, unsigned count,
                           uint32_t* out) noexcept {
  return guard([&] {
    const auto& ic = need(indicator, "indicator");
    const auto& ec = need(entity, "entity");
    if (rows > 0) {
      need(ic.codes, "indicator.codes");
      need(ec.codes, "entity.codes");
      need(out, "out");
    }
    const auto indicators = dictionary_of(ic, "indicator.dictionary");
    const auto entities = dictionary_of(ec, "entity.dictionary");
    // partition_of(indicator, entity, count), with the indicator's part of the hash made once per indicator.
    std::vector<std::uint64_t> prefix;
    prefix.reserve(indicators.size());
    for (const auto t : indicators) prefix.push_back(waypoint::detail::fnv1a("\x1f", waypoint::detail::fnv1a(t)));
    const std::uint64_t empty = waypoint::detail::fnv1a("\x1f", waypoint::detail::fnv1a(""));
    for (std::size_t i = 0; i < rows; ++i) {
      const auto ik = code_at(ic, i, "indicator");
      const auto ek = code_at(ec, i, "entity");
      const std::uint64_t h = ik < 0 ? empty : prefix[static_cast<std::size_t>(ik)];
      const std::string_view e = ek < 0 ? std::string_view() : entities[static_cast<std::size_t>(ek)];
      out[i] = count <= 1 ? 0u : static_cast<std::uint32_t>(waypoint::detail::fnv1a(e, h) % count);
    }
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
