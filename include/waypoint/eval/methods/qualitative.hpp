// SPDX-License-Identifier: Apache-2.0
#pragma once
// Qualitative indicators: no computed status, unless the data assigns one (methods.md,
// non-numeric measures; docs/methods.md "Qualitative").

#include <string_view>

#include "waypoint/eval/method.hpp"
#include "waypoint/eval/methods/common.hpp"

namespace waypoint {

/// The status word of a narrative that assigns one: the narrative starts (after blanks) with
/// `status:WORD`, ended by `;`, a blank or the end of the text, e.g.
/// `status:on_track; consultations held in all regions`. std::nullopt when it does not start so.
inline std::optional<std::string_view> assigned_status_word(std::string_view narrative) noexcept {
  constexpr std::string_view prefix = "status:";
  while (!narrative.empty() && (narrative.front() == ' ' || narrative.front() == '\t')) narrative.remove_prefix(1);
  if (narrative.substr(0, prefix.size()) != prefix) return std::nullopt;
  narrative.remove_prefix(prefix.size());
  const auto end = narrative.find_first_of("; \t\r\n");
  return narrative.substr(0, end);
}

/// For a qualitative series whose latest narrative assigns a status (`status:WORD`, WORD a
/// normalised status such as `on_track`): sets that status, category `assigned_by_data`, and
/// records the rule. A `status:` prefix with an unknown word leaves the outcome not assessable
/// and says why in the reason. Returns true when the narrative assigned a status.
inline bool assign_status_from_narrative(assessment& a, std::string_view narrative) {
  const auto word = assigned_status_word(narrative);
  if (!word) return false;
  const auto st = parse_status(*word);
  if (!st) {
    std::string known;
    for (int k = 0; k < status_count; ++k) known += (k ? ", " : "") + std::string(to_string(static_cast<status>(k)));
    a.reason = "the narrative assigns an unknown status '" + std::string(*word) + "' (known: " + known + ")";
    return false;
  }
  a.status = *st;
  a.category = "assigned_by_data";
  a.reason = (*st == status::insufficient_data || *st == status::not_applicable) ? "assigned by the data" : "";
  a.trace.rule = "qualitative: the data assigns the status (the latest narrative starts with status:WORD)";
  a.trace.input("assigned", std::string(*word));
  return true;
}

}  // namespace waypoint
