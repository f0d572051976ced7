// SPDX-License-Identifier: Apache-2.0
// The C API: library-wide entry points (version, last error, memory) and the error mapping.

#include <cstdlib>

#include "capi.hpp"
// Included after waypoint.h on purpose: both define WAYPOINT_VERSION*, and a redefinition that is
// not token-for-token identical is diagnosed, so the two headers cannot drift apart unnoticed.
#include "waypoint/version.hpp"

namespace waypoint::capi {

last_error_state& last_error() noexcept {
  thread_local last_error_state state;
  return state;
}

int status_of(const waypoint::error& e) noexcept {
  const std::string& c = e.code();
  const auto ends_with = [&](std::string_view s) { return c.size() >= s.size() && c.compare(c.size() - s.size(), s.size(), s) == 0; };
  if (ends_with(".io")) return WAYPOINT_E_IO;
  if (c.rfind("method.", 0) == 0) return WAYPOINT_E_METHOD;
  return WAYPOINT_E_INVALID;
}

}  // namespace waypoint::capi

extern "C" {

const char* waypoint_version(int* major, int* minor, int* patch) noexcept {
  if (major != nullptr) *major = WAYPOINT_VERSION_MAJOR;
  if (minor != nullptr) *minor = WAYPOINT_VERSION_MINOR;
  if (patch != nullptr) *patch = WAYPOINT_VERSION_PATCH;
  return waypoint::version_string;
}

const char* waypoint_last_error(void) noexcept {
  const auto& le = waypoint::capi::last_error();
  return le.lost ? "out of memory (the error message was lost)" : le.message.c_str();
}

const char* waypoint_last_error_code(void) noexcept {
  const auto& le = waypoint::capi::last_error();
  return le.lost ? "capi.no_memory" : le.code.c_str();
}

void waypoint_free(void* memory) noexcept { std::free(memory); }

}  // extern "C"
