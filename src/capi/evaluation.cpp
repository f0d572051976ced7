// SPDX-License-Identifier: Apache-2.0
// The C API: evaluation, result fields and rendering.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>

#include "capi.hpp"
#include "waypoint/io/evaluation_io.hpp"
#include "waypoint/report/report.hpp"
#include "waypoint/version.hpp"

using namespace waypoint::capi;

namespace waypoint::capi {

/// Checks that this library knows version `version` of waypoint_evaluation_options.
void check_options_version(std::uint32_t version) {
  if (version < 1 || version > WAYPOINT_EVALUATION_OPTIONS_VERSION)
    throw failure{WAYPOINT_E_VERSION, waypoint::errc::capi_options_version,
                  "waypoint_evaluation_options version " + std::to_string(version) + " is not supported by waypoint " +
                      waypoint::version_string + " (it knows versions 1 to " + std::to_string(WAYPOINT_EVALUATION_OPTIONS_VERSION) +
                      "); initialise options with waypoint_evaluation_options_init(&options, WAYPOINT_EVALUATION_OPTIONS_VERSION)"};
}

run_options read_options(const waypoint_evaluation_options* options) {
  run_options r;
  if (options == nullptr) return r;
  check_options_version(options->version);
  // Version 1 fields.
  if (options->as_of != nullptr && *options->as_of != '\0') {
    r.as_of = waypoint::parse_date(options->as_of);
    if (!r.as_of) bad_argument(waypoint::errc::capi_bad_date, std::string("as_of: expected YYYY-MM-DD, got '") + options->as_of + "'");
  }
  if (options->method != nullptr) r.opt.method = options->method;
  if (options->param_count > 0) need(options->params, "options->params");
  for (std::size_t k = 0; k < options->param_count; ++k) {
    const std::string kv = element(options->params[k], "options->params", k);
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) bad_argument(waypoint::errc::capi_bad_param, "params: expected key=value, got '" + kv + "'");
    r.opt.params[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  r.opt.traces = options->traces != 0;
  if (options->version >= 2) {
    r.opt.threads = options->threads;
    if (options->partition_count > 1) {
      if (options->partition_index >= options->partition_count)
        bad_argument(waypoint::errc::capi_bad_partition, "partition_index " + std::to_string(options->partition_index) + " is not below partition_count " +
                                               std::to_string(options->partition_count));
      r.opt.partition = waypoint::evaluation_options::partition_spec{options->partition_index, options->partition_count};
    }
  }
  return r;
}

/// The sealed store of `obs`, which must have been made for plan `p`.
const waypoint::observation_store& store_for(const std::shared_ptr<const waypoint::plan>& p, waypoint_observations* obs) {
  auto& observations = need(obs, "observations");
  if (observations.plan != p)
    bad_argument(waypoint::errc::capi_plan_mismatch, "the observations were made for another plan handle (plan '" + observations.plan->id().str() + "')");
  return observations.sealed();
}

}  // namespace waypoint::capi

namespace {

const waypoint_evaluation& evaluation_of(const waypoint_evaluation* e) { return need(e, "evaluation"); }

}  // namespace

namespace waypoint::capi {

void give_text(const std::string& text, char*& out, size_t* length) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (buffer == nullptr) throw std::bad_alloc();
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  if (length != nullptr) *length = text.size();
  out = buffer;
}

}  // namespace waypoint::capi

namespace {

/// The results of `kind`: only series exist in this version.
const std::vector<waypoint_result>& results_of(const waypoint_evaluation& e, int kind) {
  if (kind == WAYPOINT_RESULTS_SERIES) return e.series;
  if (kind >= WAYPOINT_RESULTS_COLLECTIVE && kind <= WAYPOINT_RESULTS_MILESTONES)
    throw failure{WAYPOINT_E_UNSUPPORTED, waypoint::errc::capi_unsupported, "results of kind " + std::to_string(kind) + " are read as columns: waypoint_evaluation_columns"};
  bad_argument(waypoint::errc::capi_bad_kind, "unknown result kind " + std::to_string(kind));
}

/// The vocabulary's series field with C id `id` (nullptr: none).
const waypoint::field_info* field_of(int id) {
  for (const auto& f : waypoint::fields())
    if (f.c_id == id && f.has(waypoint::result_level::series)) return &f;
  return nullptr;
}

/// The getters, by what they read.
enum class getter { text, number, integer };

getter getter_of(waypoint::field_type t) {
  switch (t) {
    case waypoint::field_type::number: return getter::number;
    case waypoint::field_type::integer:
    case waypoint::field_type::boolean: return getter::integer;
    default: return getter::text;  // text, period, object
  }
}

/// The field `id`, which must be read with `g` (WAYPOINT_FIELD_STATUS is text and integer;
/// WAYPOINT_FIELD_TRACE_RULE, text, is outside the vocabulary and returns nullptr).
const waypoint::field_info* check_field(int id, getter g) {
  if (id == WAYPOINT_FIELD_TRACE_RULE && g == getter::text) return nullptr;
  const waypoint::field_info* f = field_of(id);
  if (f == nullptr) bad_argument(waypoint::errc::capi_bad_field, "unknown field " + std::to_string(id));
  const getter want = getter_of(f->type);
  if (want == g || (id == WAYPOINT_FIELD_STATUS && g == getter::integer)) return f;
  static const char* const name[] = {"waypoint_result_string", "waypoint_result_number", "waypoint_result_integer"};
  throw failure{WAYPOINT_E_FIELD, waypoint::errc::capi_field_type, "field " + std::to_string(id) + " is read with " + name[static_cast<int>(want)]};
}

const waypoint_result& result_of(const waypoint_result* r) { return need(r, "result"); }

/// The C string of text, period or object field `f` of `r`. Text fields view whole strings of the
/// result or string literals, so they end with a NUL.
const char* text_of_field(const waypoint_result& r, const waypoint::field_info* f) {
  const auto& s = *r.series;
  if (f == nullptr) return s.outcome.trace.rule.c_str();  // WAYPOINT_FIELD_TRACE_RULE
  const waypoint::row_view v = waypoint::row_view::of(s);
  switch (f->id) {
    case waypoint::field::base_period: return r.base_period.c_str();
    case waypoint::field::current_period: return r.current_period.c_str();
    case waypoint::field::target_period: return r.target_period.c_str();
    case waypoint::field::next_milestone_period: return r.next_milestone_period.c_str();
    case waypoint::field::trace:
      std::call_once(r.trace_once, [&] { r.trace_json = waypoint::io::object_field_json(v, f->id); });
      return r.trace_json.c_str();
    case waypoint::field::collective:
      std::call_once(r.collective_once, [&] { r.collective_json = waypoint::io::object_field_json(v, f->id); });
      return r.collective_json.c_str();
    default: return f->text(v).data();
  }
}

}  // namespace

extern "C" {

int waypoint_evaluation_options_init(waypoint_evaluation_options* options, uint32_t version) noexcept {
  return guard([&] {
    auto& o = need(options, "options");
    check_options_version(version);
    // Only the fields of `version`: the caller's struct may end there.
    o.version = version;
    o.as_of = nullptr;
    o.method = nullptr;
    o.params = nullptr;
    o.param_count = 0;
    o.traces = 1;
    if (version >= 2) {
      o.threads = 0;
      o.partition_index = 0;
      o.partition_count = 0;
    }
  });
}

int waypoint_evaluate(const waypoint_plan* plan, waypoint_observations* obs, const waypoint_evaluation_options* options,
                      waypoint_evaluation** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    const auto& p = plan_of(plan);
    const run_options run = read_options(options);
    const waypoint::observation_store& store = store_for(p, obs);
    auto e = std::make_unique<waypoint_evaluation>();
    e->plan = p;
    e->result = waypoint::evaluate(*p, store, run.as_of, run.opt);
    {
      std::lock_guard<std::mutex> lock(obs->mutex);  // set by sealing, never changed after
      e->observations = obs->store;
    }
    if (run.as_of) e->as_of = waypoint::to_string(*run.as_of);
    e->series = std::vector<waypoint_result>(e->result.series.size());  // in place: a result is not movable
    for (std::size_t k = 0; k < e->result.series.size(); ++k) {
      const auto& s = e->result.series[k];
      waypoint_result& r = e->series[k];
      r.series = &s;
      if (s.outcome.base) r.base_period = s.outcome.base->at.str();
      if (s.outcome.current) r.current_period = s.outcome.current->at.str();
      if (s.target) r.target_period = s.target->at.str();
      if (s.next_milestone) r.next_milestone_period = s.next_milestone->at.str();
    }
    const auto counts = e->result.status_counts();
    std::copy(counts.begin(), counts.end(), e->status_counts.begin());
    o = e.release();
  });
}

void waypoint_evaluation_destroy(waypoint_evaluation* evaluation) noexcept { delete evaluation; }

int waypoint_evaluation_as_of(const waypoint_evaluation* evaluation, const char** as_of) noexcept {
  return guard([&] { need(as_of, "as_of") = evaluation_of(evaluation).as_of.c_str(); });
}

int waypoint_status_name(int status, const char** name) noexcept {
  return guard([&] {
    need(name, "name");
    if (status < 0 || status >= waypoint::status_count) bad_argument(waypoint::errc::capi_bad_status, "unknown status " + std::to_string(status));
    *name = waypoint::to_string(static_cast<waypoint::status>(status)).data();  // a string literal
  });
}

int waypoint_evaluation_status_count(const waypoint_evaluation* evaluation, int status, size_t* count) noexcept {
  return guard([&] {
    const auto& e = evaluation_of(evaluation);
    need(count, "count");
    if (status < 0 || status >= waypoint::status_count) bad_argument(waypoint::errc::capi_bad_status, "unknown status " + std::to_string(status));
    *count = e.status_counts[static_cast<std::size_t>(status)];
  });
}

int waypoint_evaluation_count(const waypoint_evaluation* evaluation, int kind, size_t* count) noexcept {
  return guard([&] {
    const auto& e = evaluation_of(evaluation);
    need(count, "count") = kind_count(e, kind);
  });
}

int waypoint_evaluation_result(const waypoint_evaluation* evaluation, int kind, size_t index, const waypoint_result** result) noexcept {
  return guard([&] {
    const auto& results = results_of(evaluation_of(evaluation), kind);
    need(result, "result");
    if (index >= results.size())
      throw failure{WAYPOINT_E_RANGE, waypoint::errc::capi_range, "result index " + std::to_string(index) + " is past the end (" + std::to_string(results.size()) + " results)"};
    *result = &results[index];
  });
}

int waypoint_result_string(const waypoint_result* result, int field, const char** value) noexcept {
  return guard([&] {
    const auto& r = result_of(result);
    need(value, "value");
    *value = text_of_field(r, check_field(field, getter::text));
  });
}

int waypoint_result_number(const waypoint_result* result, int field, double* value, int* present) noexcept {
  return guard([&] {
    const auto& r = result_of(result);
    need(value, "value");
    const auto v = check_field(field, getter::number)->number(waypoint::row_view::of(*r.series));
    if (present != nullptr) {
      *present = v ? 1 : 0;
      *value = v ? *v : std::numeric_limits<double>::quiet_NaN();
    } else if (v) {
      *value = *v;
    } else {
      throw failure{WAYPOINT_E_ABSENT, waypoint::errc::capi_absent, "field " + std::to_string(field) + " has no value for this result"};
    }
  });
}

int waypoint_result_integer(const waypoint_result* result, int field, int64_t* value) noexcept {
  return guard([&] {
    const auto& s = *result_of(result).series;
    need(value, "value");
    const waypoint::field_info& f = *check_field(field, getter::integer);
    if (f.id == waypoint::field::status) {
      *value = static_cast<int64_t>(s.outcome.status);
    } else if (f.type == waypoint::field_type::boolean) {
      const auto b = f.boolean(waypoint::row_view::of(s));
      if (!b) throw failure{WAYPOINT_E_ABSENT, waypoint::errc::capi_absent, "field " + std::to_string(field) + " has no value for this result"};
      *value = *b ? 1 : 0;
    } else {
      *value = f.integer(waypoint::row_view::of(s));
    }
  });
}

size_t waypoint_field_count(void) noexcept {
  size_t n = 0;
  for (const auto& f : waypoint::fields()) n += f.has(waypoint::result_level::series) ? 1 : 0;
  return n;
}

int waypoint_field_info(size_t index, int* id, const char** name, int* type, const char** description) noexcept {
  return guard([&] {
    size_t k = 0;
    for (const auto& f : waypoint::fields()) {
      if (!f.has(waypoint::result_level::series)) continue;
      if (k++ != index) continue;
      // The table's names and descriptions are literals: NUL-terminated.
      if (id != nullptr) *id = f.c_id;
      if (name != nullptr) *name = f.name.data();
      if (type != nullptr) *type = static_cast<int>(f.type) + 1;  // enum waypoint_field_type
      if (description != nullptr) *description = f.description.data();
      return;
    }
    throw failure{WAYPOINT_E_RANGE, waypoint::errc::capi_range, "field index " + std::to_string(index) + " is past the end (" +
                                                      std::to_string(waypoint_field_count()) + " fields)"};
  });
}

int waypoint_evaluation_render(const waypoint_evaluation* evaluation, int format, char** output, size_t* length) noexcept {
  return waypoint_evaluation_render_in(evaluation, format, WAYPOINT_LANGUAGE_EN, output, length);
}

int waypoint_evaluation_render_in(const waypoint_evaluation* evaluation, int format, int language, char** output, size_t* length) noexcept {
  return guard([&] {
    auto& out = need(output, "output");
    out = nullptr;
    const auto& e = evaluation_of(evaluation);
    if (language < WAYPOINT_LANGUAGE_EN || language > WAYPOINT_LANGUAGE_ES)
      bad_argument(waypoint::errc::capi_bad_format, "unknown language " + std::to_string(language) + " (0 en, 1 fr, 2 es)");
    const auto lang = static_cast<waypoint::language>(language);  // enum waypoint_language follows waypoint::language
    std::ostringstream ss;
    waypoint::report::report_options ro;
    ro.observations = e.observations.get();
    ro.lang = lang;
    switch (format) {
      case WAYPOINT_FORMAT_TABLE: waypoint::io::write_table(ss, *e.plan, e.result, lang); break;
      case WAYPOINT_FORMAT_CSV: waypoint::io::write_csv(ss, *e.plan, e.result); break;
      case WAYPOINT_FORMAT_JSON: waypoint::io::write_json(ss, *e.plan, e.result); break;
      case WAYPOINT_FORMAT_HTML: waypoint::report::write_html(ss, *e.plan, e.result, ro); break;
      case WAYPOINT_FORMAT_MARKDOWN: waypoint::report::write_markdown(ss, *e.plan, e.result, ro); break;
      default: bad_argument(waypoint::errc::capi_bad_format, "unknown output format " + std::to_string(format));
    }
    if (!ss) throw std::bad_alloc();  // a string stream fails only when memory runs out: never hand back a cut text
    give_text(std::move(ss).str(), out, length);
  });
}

int waypoint_evaluate_csv(const waypoint_plan* plan, waypoint_observations* obs, const waypoint_evaluation_options* options,
                          const char* const* columns, size_t column_count, char** output, size_t* length) noexcept {
  return guard([&] {
    auto& out = need(output, "output");
    out = nullptr;
    const auto& p = plan_of(plan);
    const run_options run = read_options(options);
    std::vector<std::string> names;
    if (column_count > 0) need(columns, "columns");
    for (std::size_t k = 0; k < column_count; ++k) names.push_back(element(columns[k], "columns", k));
    const waypoint::observation_store& store = store_for(p, obs);
    std::ostringstream ss;
    try {
      waypoint::io::evaluate_to_csv(ss, *p, store, run.as_of, run.opt, names);
    } catch (const waypoint::error& e) {
      if (e.code() == waypoint::errc::csv_unknown_column || e.code() == waypoint::errc::csv_duplicate_column) bad_argument(e.code(), e.problems().front().message);  // a column name
      throw;
    }
    if (!ss) throw std::bad_alloc();  // a string stream fails only when memory runs out: never hand back a cut text
    give_text(std::move(ss).str(), out, length);
  });
}

}  // extern "C"
