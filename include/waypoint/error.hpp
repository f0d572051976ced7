// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file error.hpp
/// The one exception type of waypoint, and the problem list that validation collects.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/error_code.hpp"

namespace waypoint {

/// Where a problem is: a file with line and column (1-based; 0 = unknown), and/or a JSON pointer.
struct location {
  std::string file;     ///< file name, or "" for in-memory input
  std::size_t line = 0;
  std::size_t column = 0;
  std::string pointer;  ///< JSON pointer into the document, e.g. "/sections/0/actions/2/id"

  /// "file:line:column (pointer)", leaving out what is unknown.
  [[nodiscard]] std::string str() const {
    std::string s = file;
    if (line != 0) {
      s += (s.empty() ? "" : ":") + std::to_string(line);
      if (column != 0) s += ":" + std::to_string(column);
    }
    if (!pointer.empty()) s += (s.empty() ? "" : " ") + std::string("(") + pointer + ")";
    return s.empty() ? "<input>" : s;
  }
};

/// One problem found in a plan, a file or an argument. `code` is for programs, and prints as its
/// stable text (e.g. "plan.duplicate_id"; error_code.hpp); `message` is for people.
struct problem {
  errc code{};
  location where;
  std::string message;
  bool warning = false;  ///< true: reported, but does not stop the build/load

  /// "where: code: message"
  [[nodiscard]] std::string str() const {
    std::string s = where.str();
    s += ": ";
    s += to_string(code);
    s += ": ";
    s += message;
    return s;
  }
};

namespace detail {
/// The position of the first byte of the UTF-8 character that holds byte `k` of `s` (`k` itself
/// when it starts one): where a cut at `k` leaves no half character. Never throws.
[[nodiscard]] constexpr std::size_t utf8_start(std::string_view s, std::size_t k) noexcept {
  while (k > 0 && k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return k;
}

/// `s` cut to at most about `max` bytes, keeping its start and its end (where messages say what and
/// what to do) around "…[N bytes cut]…", at UTF-8 character boundaries. What keeps a problem
/// readable when it echoes a hostile text (a 1 MB id).
inline void cut_middle(std::string& s, std::size_t max) {
  if (s.size() <= max) return;
  const std::size_t head = utf8_start(s, max * 2 / 3), tail = utf8_start(s, s.size() - max / 3);
  s = s.substr(0, head) + "\u2026[" + std::to_string(tail - head) + " bytes cut]\u2026" + s.substr(tail);
}
/// The longest message and JSON pointer a problem keeps (`cut_middle`).
inline constexpr std::size_t max_message_bytes = 1024, max_pointer_bytes = 256;
}  // namespace detail

/// The exception waypoint throws for bad files, bad plans and bad arguments. It carries every
/// problem found (at least one); `what()` lists them, one per line. A message longer than
/// `detail::max_message_bytes` (a pointer longer than `detail::max_pointer_bytes`), as when it
/// quotes a huge id, is cut in the middle.
class error : public std::runtime_error {
 public:
  explicit error(std::vector<problem> problems)
      : std::runtime_error(join(cut(problems))), problems_(std::move(problems)) {}
  error(errc code, location where, std::string message)
      : error(std::vector<problem>{problem{code, std::move(where), std::move(message), false}}) {}

  /// The code of the first problem.
  [[nodiscard]] errc code() const noexcept { return problems_.front().code; }
  /// Every problem, in the order found.
  [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }

 private:
  static std::vector<problem>& cut(std::vector<problem>& ps) {
    for (auto& p : ps) {
      detail::cut_middle(p.message, detail::max_message_bytes);
      detail::cut_middle(p.where.pointer, detail::max_pointer_bytes);
      detail::cut_middle(p.where.file, detail::max_pointer_bytes);
    }
    return ps;
  }
  static std::string join(const std::vector<problem>& ps) {
    std::string s;
    for (const auto& p : ps) {
      if (!s.empty()) s += '\n';
      s += p.str();
    }
    return s.empty() ? std::string("waypoint error") : s;
  }
  std::vector<problem> problems_;
};

}  // namespace waypoint
