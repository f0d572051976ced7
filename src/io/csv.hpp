// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal: a small RFC 4180 CSV tokenizer over an in-memory buffer, with 1-based line and column
// numbers for every field. Unquoted fields are views into the buffer; quoted fields with "" escapes
// are unescaped into per-record scratch storage.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io::detail {

/// `v` as one CSV field: quoted (inner quotes doubled) when it holds a comma, quote or line break.
inline std::string csv_quoted(std::string_view v) { return waypoint::detail::csv_field(v, false); }

struct csv_field {
  std::string_view text;
  std::size_t column = 0;  // 1-based byte column of the field's first character
};

class csv_reader {
 public:
  /// Reads `data`, whose first line is line `first_line` of `file`.
  csv_reader(std::string_view data, std::string file, std::size_t first_line = 1)
      : data_(data), file_(std::move(file)), line_(first_line), record_line_(first_line) {
    if (first_line == 1 && data_.size() >= 3 && data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 BOM at the file's start
  }
  /// The byte offset of the next unread character.
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }

  /// Reads the next record into `out`. Returns false at the end of input. Skips blank lines.
  /// Throws waypoint::error(`syntax`, e.g. errc::obs_syntax) for an unterminated quote or text
  /// after a closing quote.
  bool next(std::vector<csv_field>& out, errc syntax) {
    out.clear();
    if (!scratch_.empty()) scratch_.clear();  // clearing an empty deque is not free
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
          throw error(syntax, location{file_, open_line, open_col, {}}, "unterminated quoted field");
        if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n' && data_[pos_] != '\r')
          throw error(syntax, location{file_, line_, pos_ - line_start_ + 1, {}},
                      "expected ',' or end of line after a closing quote");
        scratch_.push_back(std::move(value));
        f.text = scratch_.back();
      } else {
        // A local cursor: a member would be reloaded after every byte read (char aliases it).
        const char* const d = data_.data();
        const char* const end = d + data_.size();
        const char* const b = d + pos_;
        const char* q = b;
        for (;;) {
          q = skip_above_comma(q, end);
          if (q == end || *q == ',' || *q == '\n' || *q == '\r') break;
          ++q;
        }
        pos_ = static_cast<std::size_t>(q - d);
        f.text = std::string_view(b, static_cast<std::size_t>(q - b));
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
  /// The first byte at or after `q` that sorts at or below ',' (field and line ends, and some
  /// punctuation), or `end`. Letters, digits, '-', '.' and UTF-8 sequences sort above ','. Looks at
  /// eight bytes at a time: the lowest byte flagged by the "has a byte less than n" test is exact.
  static const char* skip_above_comma(const char* q, const char* end) noexcept {
    if constexpr (std::endian::native == std::endian::little) {  // the lowest address is the lowest byte
      constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
      for (; end - q >= 8; q += 8) {
        std::uint64_t x;
        std::memcpy(&x, q, 8);
        if (const std::uint64_t hit = (x - ones * (',' + 1)) & ~x & highs; hit != 0) return q + std::countr_zero(hit) / 8;
      }
    }
    while (q != end && static_cast<unsigned char>(*q) > ',') ++q;
    return q;
  }

  /// The line of the next unread character (after the last record: one past its last line).
  [[nodiscard]] std::size_t next_line() const noexcept { return line_; }
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

/// What one pass over a text finds: its newlines, and whether it holds a quote.
struct line_scan {
  std::size_t newlines = 0;
  bool quote = false;
};

/// Counts the newlines of `s` and looks for '"' in the same pass, sixteen bytes at a time (GNU
/// vector extensions: SSE2 on x86-64, NEON on arm64), so a large file is read once, not twice.
inline line_scan scan_lines(std::string_view s) noexcept {
  using bytes = unsigned char __attribute__((vector_size(16)));
  constexpr bytes newline = {'\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n'};
  constexpr bytes dquote = {'"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"', '"'};
  line_scan r;
  const char* p = s.data();
  const char* const end = p + s.size();
  while (end - p >= 16) {
    // At most 255 steps per round, so the per-byte counters cannot wrap.
    const std::size_t steps = std::min<std::size_t>(255, static_cast<std::size_t>(end - p) / 16);
    bytes count = {}, quotes = {};
    for (std::size_t i = 0; i < steps; ++i, p += 16) {
      bytes x;
      std::memcpy(&x, p, 16);
      count -= reinterpret_cast<bytes>(x == newline);  // a match is all ones: -1
      quotes |= reinterpret_cast<bytes>(x == dquote);
    }
    for (int k = 0; k < 16; ++k) {
      r.newlines += count[k];
      r.quote = r.quote || quotes[k] != 0;
    }
  }
  for (; p != end; ++p) {
    r.newlines += *p == '\n';
    r.quote = r.quote || *p == '"';
  }
  return r;
}

/// Reads a whole file; throws waypoint::error(`io`, e.g. errc::plan_io) when it cannot.
std::string read_file(const std::string& path, errc io);

}  // namespace waypoint::io::detail
