// SPDX-License-Identifier: Apache-2.0
// The words the Markdown and HTML reports show for the evaluation's codes: statuses, method
// categories, milestone states, the collective entity and disaggregation groups, and entity
// names. Every fixed label of this kind lives here, in one table per kind, so that a catalogue
// per language can replace them later (issue 21, item 6). CSV, JSON and the traces keep the codes.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::report::detail {

/// The label of the collective entity `*` when its indicator names no population.
inline constexpr std::string_view all_parties = "All States Parties";

/// `code` with every '_' as a space: the fallback wording of a code without an entry.
inline std::string words_of(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

/// A status in words: `on_track` → "on track".
inline std::string_view status_words(status s) noexcept {
  constexpr std::string_view n[] = {"achieved", "on track", "needs acceleration", "off track",
                                    "regressing", "not due",  "insufficient data",  "not applicable"};
  return n[static_cast<int>(s)];
}

/// A milestone state in words: `at_risk` → "at risk".
inline std::string_view milestone_words(milestone_state s) noexcept {
  constexpr std::string_view n[] = {"met", "on track", "at risk", "missed", "not due"};
  return n[static_cast<int>(s)];
}

/// A method's category in words (`moving_away` → "moving away"); a category without an entry
/// reads as its code with spaces.
inline std::string category_words(std::string_view code) {
  struct entry {
    std::string_view code, words;
  };
  static constexpr entry table[] = {
      {"target_achieved", "target achieved"}, {"moving_away", "moving away"},
      {"no_progress", "no progress"},         {"within_range", "within range"},
      {"not_assessable", "not assessable"},   {"not_available", "not available"},
      {"significant_progress", "significant progress"}, {"substantial_progress", "substantial progress"},
      {"moderate_progress", "moderate progress"},       {"limited_progress", "limited progress"},
  };
  for (const auto& e : table)
    if (e.code == code) return std::string(e.words);
  return words_of(code);
}

/// The status in words, followed by the method's category in parentheses only when the category
/// says something the status does not: "needs acceleration (behind)", but "on track" for a
/// category `on_track` and "achieved" for `target_achieved`.
inline std::string status_text(status s, std::string_view category) {
  std::string out(status_words(s));
  const std::string cat = category_words(category);
  if (category.empty() || cat.find(out) != std::string::npos || category == "insufficient_data") return out;
  return out + " (" + cat + ")";
}

/// A disaggregation group in words: `sex=female` → "female", `age=0-17` → "age 0–17",
/// `disability=yes` → "with disability"; several (`;`-separated) joined with ", ".
inline std::string group_words(std::string_view group) {
  std::string out;
  while (!group.empty()) {
    const auto semi = group.find(';');
    const std::string_view part = group.substr(0, semi);
    group = semi == std::string_view::npos ? std::string_view{} : group.substr(semi + 1);
    const auto eq = part.find('=');
    const std::string dim = words_of(part.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : words_of(part.substr(eq + 1));
    std::string text;
    if (eq == std::string_view::npos) {
      text = dim;
    } else if (dim == "sex") {
      text = value;
    } else if (value == "yes") {
      text = "with " + dim;
    } else if (value == "no") {
      text = "without " + dim;
    } else {
      if (dim == "age")  // an age range with an en dash: 0-17 → 0–17
        for (std::size_t k = 0; (k = value.find('-', k)) != std::string::npos;) value.replace(k, 1, "–");
      text = dim + " " + value;
    }
    if (!out.empty()) out += ", ";
    out += text;
  }
  return out;
}

/// What the collective entity `*` of indicator `ind` stands for: the title of the population it
/// is computed over, else "All States Parties".
inline std::string collective_name(const plan& p, const indicator* ind) {
  if (ind && ind->aggregate)
    if (const population* pop = p.find(ind->aggregate->population); pop && !pop->title.empty()) return pop->title;
  return std::string(all_parties);
}

/// The name of entity `e` as the plan gives it (its code when the plan has no name for it), or
/// the collective's for `*`.
inline std::string entity_name(const plan& p, const indicator* ind, const entity_id& e) {
  if (e.str() == "*") return collective_name(p, ind);
  const entity* ent = p.find(e);
  return ent && !ent->name.empty() ? ent->name : e.str();
}

/// An entity and its group as people read them: "Lao People's Democratic Republic",
/// "All States Parties, female".
inline std::string series_label(const plan& p, const indicator* ind, const entity_id& e, std::string_view group) {
  std::string out = entity_name(p, ind, e);
  if (!group.empty()) out.append(", ").append(group_words(group));
  return out;
}

}  // namespace waypoint::report::detail
