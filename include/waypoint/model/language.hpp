// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file language.hpp
/// The languages of the reports people read (the text table, Markdown and HTML), and the
/// translations a plan's texts may carry (`title: {en: ..., fr: ...}` in a plan file). The fixed
/// labels themselves come from the gettext catalogues in `po/`, compiled into the library
/// (docs/architecture.md, "Languages").

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace waypoint {

/// A language of the reports: their fixed labels, numbers and dates. The values are stable
/// (0, 1, 2), so that other languages' bindings can pass them as integers.
enum class language : std::uint8_t { en = 0, fr = 1, es = 2 };

/// Every language, in enum order.
inline constexpr std::array<language, 3> languages = {language::en, language::fr, language::es};

/// The ISO 639-1 code of `l`: "en", "fr", "es".
constexpr std::string_view to_string(language l) noexcept {
  switch (l) {
    case language::fr: return "fr";
    case language::es: return "es";
    case language::en: break;
  }
  return "en";
}

/// The language with code `code` ("en", "fr", "es"), or std::nullopt.
constexpr std::optional<language> parse_language(std::string_view code) noexcept {
  for (const language l : languages)
    if (to_string(l) == code) return l;
  return std::nullopt;
}

/// True when `code` has the form of a language tag a plan file may key a translation by: two or
/// three lowercase letters (ISO 639), optionally followed by subtags of 1-8 letters or digits after
/// '-' (BCP 47, e.g. `fr`, `es`, `pt-BR`, `zh-Hans`).
constexpr bool valid_language_code(std::string_view code) noexcept {
  std::size_t k = 0;
  while (k < code.size() && code[k] >= 'a' && code[k] <= 'z') ++k;
  if (k < 2 || k > 3) return false;
  while (k < code.size()) {
    if (code[k] != '-') return false;
    const std::size_t start = ++k;
    while (k < code.size() && ((code[k] >= 'a' && code[k] <= 'z') || (code[k] >= 'A' && code[k] <= 'Z') || (code[k] >= '0' && code[k] <= '9'))) ++k;
    if (k == start || k - start > 8) return false;
  }
  return true;
}

/// The versions of one text of a plan by language code, e.g. {"en": "Clearance", "fr": "Dépollution"}.
/// The text field itself (a `title`, a `name`) keeps the default version: the `en` entry, else the
/// first by language code (a JSON map has no order).
using translations = std::map<std::string, std::string, std::less<>>;

/// The translations of an object's text fields, by field name: `title`, `name`, `text`, `unit`,
/// `narrative` (the fields docs/formats.md lists). Empty when the plan gives only plain texts.
using text_translations = std::map<std::string, translations, std::less<>>;

/// The text of field `field` in language `lang` when `t` has a version in it, else `fallback` (the
/// field's default text). Never throws.
inline const std::string& translated(const text_translations& t, std::string_view field, language lang, const std::string& fallback) noexcept {
  const auto f = t.find(field);
  if (f == t.end()) return fallback;
  const auto v = f->second.find(to_string(lang));
  return v == f->second.end() ? fallback : v->second;
}

}  // namespace waypoint
