// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal: a small RFC 4180 CSV tokenizer over an in-memory buffer, with 1-based line and column
// numbers for every field. Unquoted fields are views into the buffer; quoted fields with "" escapes
// are unescaped into per-record scratch storage.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/error.hpp"

namespace waypoint::io::detail {

struct csv_field {
  std::string_view text;
  std::size_t column = 0;  // 1-based byte column of the field's first character
};

class csv_reader {
 public:
  /// Reads `data`, whose first line is line `first_line` of `file`.
  csv_reader(std::string_view data, std::string file, std::size_t first_line = 1)
      : data_(data), file_(std::move(file)), line_(first_line), record_line_(first_line) {
    if (data_.size() >= 3 && data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 BOM
  }
  /// The byte offset of the next unread character.
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }

  /// Reads the next record into `out`. Returns false at the end of input. Skips blank lines.
  /// Throws waypoint::error("<code>.syntax") for an unterminated quote or text after a closing quote.
  bool next(std::vector<csv_field>& out, const char* code_prefix) {
    out.clear();
    scratch_.clear();
    while (pos_ < data_.size() && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
      if (data_[pos_] == '\n') ++line_, line_start_ = pos_ + 1;
      ++pos_;
    }
    if (pos_ >= data_.size()) return false;
    record_line_ = line_;
    for (;;) {
      csv_field f;
      f.column = pos_ - line_start_ + 1;
      if (pos_ < data_.size() && data_[pos_] == '"') {
        const std::size_t open_line = line_, open_col = f.column;
        ++pos_;
        std::string value;
        bool closed = false;
        while (pos_ < data_.size()) {
          const char c = data_[pos_++];
          if (c == '"') {
            if (pos_ < data_.size() && data_[pos_] == '"') {
              value += '"';
              ++pos_;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line_, line_start_ = pos_;
            value += c;
          }
        }
        if (!closed)
          throw error(std::string(code_prefix) + ".syntax", location{file_, open_line, open_col, {}}, "unterminated quoted field");
        if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n' && data_[pos_] != '\r')
          throw error(std::string(code_prefix) + ".syntax", location{file_, line_, pos_ - line_start_ + 1, {}},
                      "expected ',' or end of line after a closing quote");
        scratch_.push_back(std::move(value));
        f.text = scratch_.back();
      } else {
        const std::size_t b = pos_, n = data_.size();
        const char* d = data_.data();
        for (;;) {
          // Letters, digits, '-' and '.' sort after ',': one comparison per byte for most bytes.
          while (pos_ < n && static_cast<unsigned char>(d[pos_]) > ',') ++pos_;
          if (pos_ >= n || d[pos_] == ',' || d[pos_] == '\n' || d[pos_] == '\r') break;
          ++pos_;
        }
        f.text = data_.substr(b, pos_ - b);
      }
      out.push_back(f);
      if (pos_ < data_.size() && data_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
      if (pos_ < data_.size() && data_[pos_] == '\n') {
        ++pos_;
        ++line_;
        line_start_ = pos_;
      }
      return true;
    }
  }
  /// The line the last record started on.
  [[nodiscard]] std::size_t line() const noexcept { return record_line_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] location at(const csv_field& f) const { return {file_, record_line_, f.column, {}}; }

 private:
  std::string_view data_;
  std::string file_;
  std::size_t pos_ = 0, line_ = 1, line_start_ = 0, record_line_ = 1;  // declaration order matters for the constructor
  std::deque<std::string> scratch_;
};

/// Reads a whole file; throws waypoint::error("<code_prefix>.io") when it cannot.
std::string read_file(const std::string& path, const char* code_prefix);

}  // namespace waypoint::io::detail
