// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file output_format.hpp
/// The output formats of the writers and of the `waypoint` command's `--format`, by name.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace waypoint::io {

/// An output format. Each writer or command offers some of them (docs/formats.md).
enum class output_format { table, csv, json, markdown, html, dot };

/// The names, in the order of the enum: what `--format` takes.
inline constexpr std::array<std::string_view, 6> output_format_names = {"table", "csv", "json", "markdown", "html", "dot"};

/// The name of `f`, e.g. "csv". (Not `to_string`: in namespace io that would hide waypoint::to_string.)
[[nodiscard]] constexpr std::string_view format_name(output_format f) noexcept { return output_format_names[static_cast<std::size_t>(f)]; }

/// The format named `name`; nullopt for a name that is no format.
[[nodiscard]] constexpr std::optional<output_format> parse_output_format(std::string_view name) noexcept {
  for (std::size_t k = 0; k < output_format_names.size(); ++k)
    if (output_format_names[k] == name) return static_cast<output_format>(k);
  return std::nullopt;
}

}  // namespace waypoint::io
