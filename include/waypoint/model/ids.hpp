// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file ids.hpp
/// Strong identifier types. An `indicator_id` cannot be passed where an `entity_id` is expected,
/// and a raw string becomes an id only through an explicit constructor.

#include <compare>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace waypoint {

/// An identifier tagged with what it identifies. Ordered, hashable, printable.
template <class Tag>
class basic_id {
 public:
  basic_id() = default;
  explicit basic_id(std::string value) : value_(std::move(value)) {}
  explicit basic_id(std::string_view value) : value_(value) {}
  explicit basic_id(const char* value) : value_(value) {}

  /// The id as text.
  [[nodiscard]] const std::string& str() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

  friend auto operator<=>(const basic_id&, const basic_id&) = default;
  friend bool operator==(const basic_id&, const basic_id&) = default;
  friend std::ostream& operator<<(std::ostream& os, const basic_id& id) { return os << id.value_; }

 private:
  std::string value_;
};

using plan_id = basic_id<struct plan_tag>;
using section_id = basic_id<struct section_tag>;
using action_id = basic_id<struct action_tag>;
using indicator_id = basic_id<struct indicator_tag>;
using entity_id = basic_id<struct entity_tag>;
using event_id = basic_id<struct event_tag>;
using milestone_id = basic_id<struct milestone_tag>;
using obligation_id = basic_id<struct obligation_tag>;
using population_id = basic_id<struct population_tag>;

/// The entity id of the collective (all entities together), written `*` in files.
inline entity_id collective_entity() { return entity_id{"*"}; }

}  // namespace waypoint

template <class Tag>
struct std::hash<waypoint::basic_id<Tag>> {
  std::size_t operator()(const waypoint::basic_id<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.str());
  }
};
