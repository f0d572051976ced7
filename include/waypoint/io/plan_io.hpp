// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file plan_io.hpp
/// Plan files: YAML (written by people), JSON (written by machines) — one schema — and CSV
/// indicator tables. See docs/formats.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::io {

/// The syntax of a plan source.
enum class plan_format { yaml, json, indicator_table };

/// The format a path's extension implies: `.json` → json, `.csv` → indicator_table, else yaml.
plan_format plan_format_of(const std::string& path);

/// Loads a plan file (format from the extension). Validates it completely.
/// Throws `waypoint::error` listing every problem, each with a stable code (`plan.*`) and a
/// location (`file:line:column` for YAML and CSV; a JSON pointer, and line:column for syntax
/// errors, for JSON). Unreadable file: `plan.io`.
plan load_plan(const std::string& path);

/// Loads a plan file in the given format, whatever its extension. Throws like `load_plan`.
plan load_plan(const std::string& path, plan_format format);

/// Parses a plan from text. `name` is used in locations. Throws like `load_plan`.
plan parse_plan(std::string_view text, plan_format format, const std::string& name = "<input>");

/// Checks a plan file and returns every problem (errors and warnings) without throwing.
/// An empty result means the plan loads. When `built` is given and no problem is an error, it
/// receives the plan, so that a caller who goes on (to check observations, say) reads the file once.
std::vector<problem> validate_plan(const std::string& path, std::optional<plan>* built = nullptr);

/// Same as `validate_plan` for text.
std::vector<problem> validate_plan_text(std::string_view text, plan_format format, const std::string& name = "<input>",
                                        std::optional<plan>* built = nullptr);

}  // namespace waypoint::io
