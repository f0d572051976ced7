// SPDX-License-Identifier: Apache-2.0
// The evaluation's codes in words, in a language: statuses, milestone states and method
// categories, for the text table (io) and the reports (report). The English words are msgids of
// the catalogue.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "catalogue.hpp"
#include "waypoint/model/language.hpp"
#include "waypoint/eval/evaluate.hpp"

namespace waypoint::text {

/// `code` with every '_' as a space: the fallback wording of a code without an entry.
inline std::string words_of(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

/// A status in words: `on_track` → "on track".
inline std::string_view status_words(language lang, status s) {
  static constexpr const char* n[] = {N_("achieved"), N_("on track"),          N_("needs acceleration"), N_("off track"),
                                      N_("regressing"), N_("not due"), N_("insufficient data"), N_("not applicable")};
  return tr(lang, n[static_cast<int>(s)]);
}

/// A milestone state in words: `at_risk` → "at risk".
inline std::string_view milestone_words(language lang, milestone_state s) {
  static constexpr const char* n[] = {N_("met"), N_("on track"), N_("at risk"), N_("missed"), N_("not due")};
  return tr(lang, n[static_cast<int>(s)]);
}

/// A method's category in words (`moving_away` → "moving away"); a category without an entry
/// reads as its code with spaces (a method registered by a host may have its own).
inline std::string category_words(language lang, std::string_view code) {
  struct entry {
    std::string_view code;
    const char* words;
  };
  static constexpr entry table[] = {
      {"target_achieved", N_("target achieved")},
      {"moving_away", N_("moving away")},
      {"no_progress", N_("no progress")},
      {"within_range", N_("within range")},
      {"not_assessable", N_("not assessable")},
      {"not_available", N_("not available")},
      {"significant_progress", N_("significant progress")},
      {"substantial_progress", N_("substantial progress")},
      {"moderate_progress", N_("moderate progress")},
      {"limited_progress", N_("limited progress")},
      {"on_track", N_("on track")},
      {"behind", N_("behind")},
      {"deterioration", N_("deterioration")},
      {"achieved", N_("achieved")},
      {"withdrawn", N_("withdrawn")},
      {"not_due", N_("not due")},
      {"not_applicable", N_("not applicable")},
      {"insufficient_data", N_("insufficient data")},
      {"off_track", N_("off track")},
      {"regressing", N_("regressing")},
      {"needs_acceleration", N_("needs acceleration")},
      {"clear_improvement", N_("clear improvement")},
      {"slight_improvement", N_("slight improvement")},
      {"stable", N_("stable")},
      {"slight_worsening", N_("slight worsening")},
      {"clear_worsening", N_("clear worsening")},
      {"maintain_progress", N_("maintain progress")},
      {"accelerate_progress", N_("accelerate progress")},
      {"reverse_trend", N_("reverse trend")},
      {"over_target", N_("over target")},
      {"under_target", N_("under target")},
      {"on_target", N_("on target")},
      {"not_reporting", N_("not reporting")},
      {"insufficient_progress", N_("insufficient progress")},
      {"movement_away", N_("movement away")},
      {"fair_progress", N_("fair progress")},
      {"marginal_progress", N_("marginal progress")},
      {"moderate_movement_away", N_("moderate movement away")},
      {"significant_movement_away", N_("significant movement away")},
      {"target_met_or_almost_met", N_("target met or almost met")},
      {"outside_range", N_("outside range")},
      {"assigned_by_data", N_("assigned by data")},
  };
  for (const auto& e : table)
    if (e.code == code) return std::string(tr(lang, e.words));
  return words_of(code);
}

}  // namespace waypoint::text
