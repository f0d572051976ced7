// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file version.hpp
/// The library version. CMake reads WAYPOINT_VERSION from this file; keep the format.

#define WAYPOINT_VERSION 2000  // major * 1000000 + minor * 1000 + patch → 0.2.0
#define WAYPOINT_VERSION_MAJOR (WAYPOINT_VERSION / 1000000)
#define WAYPOINT_VERSION_MINOR (WAYPOINT_VERSION / 1000 % 1000)
#define WAYPOINT_VERSION_PATCH (WAYPOINT_VERSION % 1000)

namespace waypoint {
/// The version as "MAJOR.MINOR.PATCH".
inline constexpr const char* version_string = "0.2.0";
}  // namespace waypoint
