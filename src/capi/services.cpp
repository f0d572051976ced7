// SPDX-License-Identifier: Apache-2.0
// The C API: checks (waypoint_validate) and IATI import and export, with problems as a table.

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "capi.hpp"
#include "table.hpp"
#include "waypoint/io/iati.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/plan_writer.hpp"

using namespace waypoint::capi;

namespace {

/// The problems table: severity, code, file, line, column, pointer, message.
table problems_table(const std::vector<waypoint::problem>& ps) {
  table t;
  for (const char* name : {"severity", "code", "file"}) t.columns.emplace_back(name, column_type::text);
  t.columns.emplace_back("line", column_type::integer);
  t.columns.emplace_back("column", column_type::integer);
  t.columns.emplace_back("pointer", column_type::text);
  t.columns.emplace_back("message", column_type::text);
  for (const auto& p : ps) {
    t.columns[0].text(p.warning ? "warning" : "error");
    t.columns[1].text(waypoint::to_string(p.code));
    t.columns[2].text(p.where.file);
    t.columns[3].integer(static_cast<std::int64_t>(p.where.line));
    t.columns[4].integer(static_cast<std::int64_t>(p.where.column));
    t.columns[5].text(p.where.pointer);
    t.columns[6].text(p.message);
  }
  return t;
}

std::optional<waypoint::io::plan_format> plan_format_of(int format, const std::string& path) {
  switch (format) {
    case WAYPOINT_PLAN_AUTO: return std::nullopt;
    case WAYPOINT_PLAN_YAML: return waypoint::io::plan_format::yaml;
    case WAYPOINT_PLAN_JSON: return waypoint::io::plan_format::json;
    case WAYPOINT_PLAN_INDICATOR_TABLE: return waypoint::io::plan_format::indicator_table;
    default: bad_argument(waypoint::errc::capi_bad_format, "unknown plan format " + std::to_string(format) + " for " + path);
  }
}

/// The text of the plan file `path`; a `plan.io` error when it cannot be read.
std::string plan_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw waypoint::error(waypoint::errc::plan_io, waypoint::location{path, 0, 0, {}}, "cannot open file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw waypoint::error(waypoint::errc::plan_io, waypoint::location{path, 0, 0, {}}, "cannot read file");
  return text;
}

/// The handles of an imported activity.
void give_activity(waypoint::io::iati_activity a, waypoint_plan** plan, waypoint_observations** obs, ArrowSchema* fs, ArrowArray* fa) {
  auto p = std::make_shared<const waypoint::plan>(std::move(a.plan));
  auto o = std::make_unique<waypoint_observations>(p);
  o->store.emplace(std::move(a.observations));  // a store keeps indicator positions, not the plan object
  auto h = std::make_unique<waypoint_plan>();
  h->plan = p;
  if (fs != nullptr && fa != nullptr) export_table(problems_table(a.findings), *fs, *fa);
  *plan = h.release();
  *obs = o.release();
}

}  // namespace

extern "C" {

int waypoint_validate(const char* plan_path, int format, const char* observations_path, size_t* errors, ArrowSchema* problems_schema,
                      ArrowArray* problems) noexcept {
  return guard([&] {
    need(plan_path, "plan_path");
    const std::string path = plan_path;
    need(problems_schema, "problems_schema");
    need(problems, "problems");
    const auto fmt = plan_format_of(format, path);
    std::vector<waypoint::problem> ps;
    std::optional<waypoint::plan> built;  // set when the plan has no error
    try {
      ps = fmt ? waypoint::io::validate_plan_text(plan_text(path), *fmt, path, &built) : waypoint::io::validate_plan(path, &built);
    } catch (const waypoint::error& e) {  // unreadable: a problem like any other
      ps = e.problems();
    }
    if (built && observations_path != nullptr) {
      try {
        const auto store = waypoint::io::load_observations(observations_path, *built);
        ps.insert(ps.end(), store.warnings().begin(), store.warnings().end());
      } catch (const waypoint::error& e) {
        ps.insert(ps.end(), e.problems().begin(), e.problems().end());
      }
    }
    if (errors != nullptr) *errors = static_cast<std::size_t>(std::count_if(ps.begin(), ps.end(), [](const waypoint::problem& p) { return !p.warning; }));
    export_table(problems_table(ps), *problems_schema, *problems);
  });
}

int waypoint_iati_load(const char* path, const char* activity, waypoint_plan** plan, waypoint_observations** observations,
                       ArrowSchema* findings_schema, ArrowArray* findings) noexcept {
  return guard([&] {
    auto& p = out_handle(plan);
    auto& o = out_handle(observations);
    need(path, "path");
    waypoint::io::iati_options opt;
    if (activity != nullptr) opt.activity = activity;
    give_activity(waypoint::io::load_iati(path, opt), &p, &o, findings_schema, findings);
  });
}

int waypoint_iati_parse(const char* xml, size_t length, const char* name, const char* activity, waypoint_plan** plan,
                        waypoint_observations** observations, ArrowSchema* findings_schema, ArrowArray* findings) noexcept {
  return guard([&] {
    auto& p = out_handle(plan);
    auto& o = out_handle(observations);
    const auto text = text_of(xml, length);
    waypoint::io::iati_options opt;
    if (activity != nullptr) opt.activity = activity;
    give_activity(waypoint::io::parse_iati(text, name_of(name), opt), &p, &o, findings_schema, findings);
  });
}

int waypoint_iati_export(const waypoint_plan* plan, waypoint_observations* obs, char** xml, size_t* length) noexcept {
  return guard([&] {
    auto& out = need(xml, "xml");
    out = nullptr;
    const auto& p = plan_of(plan);
    const auto& store = store_for(p, obs);
    std::ostringstream ss;
    waypoint::io::write_iati(ss, *p, store);
    if (!ss) throw std::bad_alloc();
    give_text(std::move(ss).str(), out, length);
  });
}

}  // extern "C"
