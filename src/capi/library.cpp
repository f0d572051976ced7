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
  const std::string_view c = to_string(e.code());
  if (c.ends_with(".io")) return WAYPOINT_E_IO;
  if (c.starts_with("method.")) return WAYPOINT_E_METHOD;
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
  // The texts of the codes are NUL-terminated literals (error_code.hpp).
  if (le.lost) return waypoint::to_string(waypoint::errc::capi_no_memory).data();
  return le.code ? waypoint::to_string(*le.code).data() : "";
}

void waypoint_free(void* memory) noexcept { std::free(memory); }

}  // extern "C"
