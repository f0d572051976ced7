// SPDX-License-Identifier: Apache-2.0
// Label lookup in the compiled catalogues, and numbers and dates per language.

#include "catalogue.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <set>
#include <unordered_map>

#include "catalogue_data.hpp"

namespace waypoint::text {
namespace {

using index = std::unordered_map<std::string_view, const detail::catalogue_entry*>;

const index& index_of(language lang) {
  static const std::array<index, 3> all = [] {
    std::array<index, 3> out;
    const detail::catalogue_span spans[] = {detail::catalogue_en(), detail::catalogue_fr(), detail::catalogue_es()};
    for (std::size_t l = 0; l < out.size(); ++l)
      for (std::size_t k = 0; k < spans[l].size; ++k) out[l].emplace(spans[l].data[k].key, &spans[l].data[k]);
    return out;
  }();
  return all[static_cast<std::size_t>(lang)];
}

std::mutex misses_mutex;
std::set<std::string>& misses() {
  static std::set<std::string> m;
  return m;
}

const detail::catalogue_entry* find(language lang, std::string_view msgid) {
  const index& ix = index_of(lang);
  const auto it = ix.find(msgid);
  if (it != ix.end()) return it->second;
  const std::lock_guard lock(misses_mutex);
  misses().insert(std::string(to_string(lang)) + ": " + std::string(msgid));
  return nullptr;
}

}  // namespace

std::string_view tr(language lang, std::string_view msgid) {
  const auto* e = find(lang, msgid);
  return e ? e->str[0] : msgid;
}

std::string_view trn(language lang, std::string_view singular, std::string_view plural, std::uint64_t n) {
  // The Plural-Forms of po/<lang>.po: fr `n > 1`, en and es `n != 1`.
  const bool many = lang == language::fr ? n > 1 : n != 1;
  const auto* e = find(lang, singular);
  if (!e || e->plural.empty()) return many ? plural : singular;
  return e->str[many ? 1 : 0];
}

std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t k = 0; k < pattern.size();) {
    if (pattern[k] == '{') {
      const auto close = pattern.find('}', k);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(k + 1, close - k - 1);
        const auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
        if (it != values.end()) {
          out.append(it->second);
          k = close + 1;
          continue;
        }
      }
    }
    out += pattern[k++];
  }
  return out;
}

std::vector<std::string> catalogue_misses() {
  const std::lock_guard lock(misses_mutex);
  return {misses().begin(), misses().end()};
}

void clear_catalogue_misses() {
  const std::lock_guard lock(misses_mutex);
  misses().clear();
}

number_style style_of(language lang) noexcept {
  switch (lang) {
    case language::fr: return {"\u202F", ",", 4, "\u202F%"};
    case language::es: return {".", ",", 5, "\u00A0%"};
    case language::en: break;
  }
  return {",", ".", 4, "%"};
}

std::string number(language lang, std::string_view s) {
  const number_style st = style_of(lang);
  std::string out;
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  std::size_t int_end = 0;
  while (int_end < s.size() && s[int_end] >= '0' && s[int_end] <= '9') ++int_end;
  if (negative && s != "0") out += "\u2212";
  for (std::size_t k = 0; k < int_end; ++k) {
    if (k > 0 && (int_end - k) % 3 == 0 && int_end >= st.min_grouping_digits) out += st.group;
    out += s[k];
  }
  if (int_end < s.size() && s[int_end] == '.') {
    out += st.decimal;
    ++int_end;
  }
  out.append(s.substr(int_end));
  return out;
}

std::string decimal(language lang, std::string_view s) {
  std::string out(s);
  if (const auto dot = out.find('.'); dot != std::string::npos) out.replace(dot, 1, style_of(lang).decimal);
  return out;
}

std::string percent(language lang, std::string_view digits) { return std::string(digits).append(style_of(lang).percent); }

std::string long_date(language lang, const date& d) {
  static constexpr const char* months[] = {N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
                                           N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December")};
  const auto ymd = d.year_month_day();
  const unsigned day = ymd.day;
  // TRANSLATORS: {day} is the day of the month, {month} its name, {year} the year: "30 June 2029".
  // {first} is the day number on the first day of a month, which French writes "1er".
  const std::string_view pattern = day == 1 ? tr(lang, "{first} {month} {year}") : tr(lang, "{day} {month} {year}");
  const std::string day_text = std::to_string(day);
  return fill(pattern, {{"day", day_text}, {"first", day_text}, {"month", tr(lang, months[ymd.month - 1])}, {"year", std::to_string(static_cast<int>(ymd.year))}});
}

}  // namespace waypoint::text
