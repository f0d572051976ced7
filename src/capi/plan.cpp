// SPDX-License-Identifier: Apache-2.0
// The C API: plans.

#include "capi.hpp"
#include "waypoint/io/plan_io.hpp"

using namespace waypoint::capi;

namespace {

waypoint::io::plan_format format_of(int format) {
  switch (format) {
    case WAYPOINT_PLAN_YAML: return waypoint::io::plan_format::yaml;
    case WAYPOINT_PLAN_JSON: return waypoint::io::plan_format::json;
    case WAYPOINT_PLAN_INDICATOR_TABLE: return waypoint::io::plan_format::indicator_table;
    default: break;
  }
  bad_argument(waypoint::errc::capi_bad_format, "unknown plan format " + std::to_string(format) +
                                      (format == WAYPOINT_PLAN_AUTO ? " (WAYPOINT_PLAN_AUTO needs a file name: give the format of a text)" : ""));
}

waypoint_plan* make(waypoint::plan p) { return new waypoint_plan{std::make_shared<const waypoint::plan>(std::move(p))}; }

}  // namespace

extern "C" {

int waypoint_plan_load(const char* path, int format, waypoint_plan** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    need(path, "path");
    o = make(format == WAYPOINT_PLAN_AUTO ? waypoint::io::load_plan(path) : waypoint::io::load_plan(path, format_of(format)));
  });
}

int waypoint_plan_parse(const char* text, size_t length, int format, const char* name, waypoint_plan** out) noexcept {
  return guard([&] {
    auto& o = out_handle(out);
    const auto t = text_of(text, length);
    o = make(waypoint::io::parse_plan(t, format_of(format), name_of(name)));
  });
}

void waypoint_plan_destroy(waypoint_plan* plan) noexcept { delete plan; }

int waypoint_plan_id(const waypoint_plan* plan, const char** id) noexcept {
  return guard([&] { need(id, "id") = plan_of(plan)->id().str().c_str(); });
}

int waypoint_plan_title(const waypoint_plan* plan, const char** title) noexcept {
  return guard([&] { need(title, "title") = plan_of(plan)->title().c_str(); });
}

int waypoint_plan_indicator_count(const waypoint_plan* plan, size_t* count) noexcept {
  return guard([&] { need(count, "count") = plan_of(plan)->indicators().size(); });
}

int waypoint_plan_indicator_id(const waypoint_plan* plan, size_t index, const char** id) noexcept {
  return guard([&] {
    const auto& inds = plan_of(plan)->indicators();
    need(id, "id");
    if (index >= inds.size())
      throw failure{WAYPOINT_E_RANGE, waypoint::errc::capi_range, "indicator index " + std::to_string(index) + " is past the end (" + std::to_string(inds.size()) + " indicators)"};
    *id = inds[index].id.str().c_str();
  });
}

}  // extern "C"
