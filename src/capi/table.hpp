// SPDX-License-Identifier: Apache-2.0
// Internals of the C API: a table of typed columns, built row by row (or run by run in parallel
// and merged in order), and handed to the caller in the Arrow C Data Interface layout
// (waypoint_evaluation_columns, waypoint_evaluate_columns). Every result kind is first turned
// into a `table` (columns.cpp), so one exporter serves them all.

#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "waypoint/model/time.hpp"
#include "waypoint/waypoint.h"

namespace waypoint::capi {

/// Hashes std::string and std::string_view alike (lookups without a copy).
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// The types a column can have, and so its Arrow format (README, "Columns").
enum class column_type : std::uint8_t {
  text,     ///< dictionary-encoded UTF-8: int32 codes ("i") + a "u" dictionary in order of first appearance
  json,     ///< plain UTF-8 ("u"): object fields as JSON text, one distinct text per row
  number,   ///< float64 ("g"); absent = null in the validity bitmap, and NaN in the data
  integer,  ///< int64 ("l"), never absent
  boolean,  ///< bit-packed ("b"); absent = null
  date      ///< date32 ("tdD"): days since 1970-01-01; absent = null
};

/// One column. Only the vectors of its type are used.
struct column {
  std::string name;
  column_type type = column_type::text;
  std::vector<std::int32_t> codes;       ///< text: index into `dictionary`
  std::vector<std::string> dictionary;   ///< text: distinct values, in order of first appearance
  std::unordered_map<std::string, std::int32_t, text_hash, std::equal_to<>> lookup;  ///< text: value -> code, while building
  std::array<std::unordered_map<std::uint64_t, std::int32_t>, 5> period_lookup;  ///< text of periods: (start, end) -> code, per kind
  std::vector<std::string> texts;        ///< json: one per row
  std::vector<double> numbers;           ///< number
  std::vector<std::int64_t> integers;    ///< integer
  std::vector<std::int32_t> days;        ///< date
  std::vector<std::int8_t> flags;        ///< boolean: 1, 0 or -1 (absent)
  std::vector<std::uint8_t> absent;      ///< number, date: 1 where absent (bytes: vector<bool> cost 3x the time to fill)
  std::size_t rows = 0;

  column(std::string n, column_type t) : name(std::move(n)), type(t) {}

  void text(std::string_view s) {
    if (!codes.empty() && dictionary[static_cast<std::size_t>(codes.back())] == s) {  // runs of one value are common
      codes.push_back(codes.back());
    } else {
      codes.push_back(code_of(s));
    }
    ++rows;
  }
  /// A period as its text ("" when absent), converted once per distinct period.
  void period_text(const std::optional<waypoint::period>& p);
  /// The code of `s`, added to the dictionary when new.
  std::int32_t code_of(std::string_view s) {
    auto it = lookup.find(s);
    if (it == lookup.end()) {
      it = lookup.emplace(std::string(s), static_cast<std::int32_t>(dictionary.size())).first;
      dictionary.emplace_back(s);
    }
    return it->second;
  }
  void json_text(std::string s) {
    texts.push_back(std::move(s));
    ++rows;
  }
  void number(std::optional<double> v);
  void integer(std::int64_t v) {
    integers.push_back(v);
    ++rows;
  }
  void boolean(std::optional<bool> v) {
    flags.push_back(v ? (*v ? 1 : 0) : -1);
    ++rows;
  }
  void date(std::optional<std::int32_t> d) {
    days.push_back(d.value_or(0));
    absent.push_back(d ? 0 : 1);
    ++rows;
  }
  /// Appends every row of `other`, a column of the same name and type.
  void append(const column& other);
};

/// Columns of equal length.
struct table {
  std::vector<column> columns;
  [[nodiscard]] std::size_t rows() const noexcept { return columns.empty() ? 0 : columns.front().rows; }
  /// Appends the rows of `other`, a table with the same columns.
  void append(const table& other) {
    for (std::size_t k = 0; k < columns.size(); ++k) columns[k].append(other.columns[k]);
  }
};

/// Moves `t` into `schema` and `array` (the Arrow C Data Interface: a struct array "+s" with one
/// child per column). Both are released by their own `release` callbacks, in any order; each
/// child may be moved out and released on its own. Throws std::bad_alloc only, before touching
/// either output.
void export_table(table t, ArrowSchema& schema, ArrowArray& array);

}  // namespace waypoint::capi
