// SPDX-License-Identifier: Apache-2.0
// The words the Markdown and HTML reports show for the evaluation's codes: statuses, method
// categories, milestone states, the collective entity and disaggregation groups, and entity
// names, in the report's language. The English words are msgids of the catalogue (po/, through
// src/text/catalogue.hpp); CSV, JSON and the traces keep the codes.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "../text/catalogue.hpp"
#include "../text/words.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint::report::detail {

using text::N_;
using text::tr;

using text::category_words;
using text::milestone_words;
using text::status_words;
using text::words_of;

/// An indicator's measure, direction, accumulation and scope in words, as its heading shows them.
inline std::string_view measure_words(language lang, measure m) {
  static constexpr const char* n[] = {N_("count"), N_("percentage"), N_("ratio"), N_("amount"), N_("binary"), N_("ordinal"), N_("qualitative")};
  return tr(lang, n[static_cast<int>(m)]);
}
inline std::string_view direction_words(language lang, direction d) {
  return tr(lang, d == direction::increase ? N_("increase") : d == direction::decrease ? N_("decrease") : N_("maintain"));
}
inline std::string_view accumulation_words(language lang, accumulation a) {
  static constexpr const char* n[] = {N_("level"), N_("flow"), N_("cumulative")};
  return tr(lang, n[static_cast<int>(a)]);
}
inline std::string_view scope_words(language lang, scope s) { return tr(lang, s == scope::national ? N_("national") : N_("collective")); }

/// The status in words, followed by the method's category in parentheses only when the category
/// says something the status does not: "needs acceleration (behind)", but "on track" for a
/// category `on_track` and "achieved" for `target_achieved`.
inline std::string status_text(language lang, status s, std::string_view category) {
  std::string out(status_words(lang, s));
  if (category.empty() || category == "insufficient_data") return out;
  // Judged on the English words, so that every language shows the category in the same cases.
  const std::string cat_en = category_words(language::en, category);
  if (cat_en.find(status_words(language::en, s)) != std::string::npos) return out;
  return out + " (" + category_words(lang, category) + ")";
}

/// A disaggregation group in words: `sex=female` → "female", `age=0-17` → "age 0–17",
/// `disability=yes` → "with disability"; several (`;`-separated) joined with ", ". The
/// dimensions and values of the catalogue are translated; others stay as the data write them.
inline std::string group_words(language lang, std::string_view group) {
  static constexpr const char* known[] = {N_("sex"), N_("female"), N_("male"), N_("age"), N_("disability"), N_("location"), N_("urban"), N_("rural")};
  const auto word = [&](const std::string& w) -> std::string {
    for (const char* k : known)
      if (w == k) return std::string(tr(lang, k));
    return w;
  };
  std::string out;
  while (!group.empty()) {
    const auto semi = group.find(';');
    const std::string_view part = group.substr(0, semi);
    group = semi == std::string_view::npos ? std::string_view{} : group.substr(semi + 1);
    const auto eq = part.find('=');
    const std::string dim_code = words_of(part.substr(0, eq));
    const std::string dim = word(dim_code);
    std::string value = eq == std::string_view::npos ? std::string() : words_of(part.substr(eq + 1));
    std::string t;
    if (eq == std::string_view::npos) {
      t = dim;
    } else if (dim_code == "sex") {
      t = word(value);
    } else if (value == "yes") {
      t = text::fill(tr(lang, "with {dimension}"), {{"dimension", dim}});
    } else if (value == "no") {
      t = text::fill(tr(lang, "without {dimension}"), {{"dimension", dim}});
    } else {
      if (dim_code == "age")  // an age range with an en dash: 0-17 → 0–17
        for (std::size_t k = 0; (k = value.find('-', k)) != std::string::npos;) value.replace(k, 1, "–");
      t = dim + " " + word(value);
    }
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

/// What the collective entity `*` of indicator `ind` stands for: the title of the population it
/// is computed over (in `lang` when the plan translates it), else "All States Parties".
inline std::string collective_name(language lang, const plan& p, const indicator* ind) {
  if (ind && ind->aggregate)
    if (const population* pop = p.find(ind->aggregate->population); pop && !pop->title.empty())
      return translated(pop->translations, "title", lang, pop->title);
  return std::string(tr(lang, "All States Parties"));
}

/// The name of entity `e` as the plan gives it in `lang` (its code when the plan has no name for
/// it), or the collective's for `*`.
inline std::string entity_name(language lang, const plan& p, const indicator* ind, const entity_id& e) {
  if (e.str() == "*") return collective_name(lang, p, ind);
  const entity* ent = p.find(e);
  return ent && !ent->name.empty() ? translated(ent->translations, "name", lang, ent->name) : e.str();
}

/// An entity and its group as people read them: "Lao People's Democratic Republic",
/// "All States Parties, female".
inline std::string series_label(language lang, const plan& p, const indicator* ind, const entity_id& e, std::string_view group) {
  std::string out = entity_name(lang, p, ind, e);
  if (!group.empty()) out.append(", ").append(group_words(lang, group));
  return out;
}

/// Plan texts in the report's language: the translation when the plan has one, else the text.
inline const std::string& title_of(language lang, const indicator& ind) { return translated(ind.translations, "title", lang, ind.title); }
inline const std::string& unit_of(language lang, const indicator& ind) { return translated(ind.translations, "unit", lang, ind.unit); }
inline const std::string& title_of(language lang, const section& s) { return translated(s.translations, "title", lang, s.title); }

}  // namespace waypoint::report::detail
