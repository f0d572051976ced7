// SPDX-License-Identifier: Apache-2.0
// The fixed labels of the text table, Markdown and HTML in the report's language, from the gettext
// catalogues of po/ compiled into the library (no files at run time), and the numbers and dates
// of each language. Library-private: io and report include it; it includes only the model.
//
// Every label people read is written in code as its English msgid inside `tr(lang, "...")`,
// `trn(lang, "...", "...", n)` or, where a table holds it before a language is known, `N_("...")`
// (then looked up with `tr(lang, words)`). xgettext finds these three (scripts/update-po), and the
// test `i18n.template_current` checks that po/waypoint.pot lists exactly what the code uses.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/model/language.hpp"
#include "waypoint/model/time.hpp"

namespace waypoint::text {

/// Marks `s` as a label for the template without translating it: `tr(lang, s)` translates it later.
constexpr const char* N_(const char* s) noexcept { return s; }

/// The translation of label `msgid` in `lang`: the catalogue's msgstr, or `msgid` itself in
/// English. A label missing from the catalogue (or untranslated) reads as `msgid` and is recorded
/// (see `catalogue_misses`). The result lives as long as the program. Thread-safe.
std::string_view tr(language lang, std::string_view msgid);

/// The translation of a label that counts something: the singular or the plural form of `lang`
/// for `n` (English and Spanish: singular for 1; French: singular for 0 and 1).
std::string_view trn(language lang, std::string_view singular, std::string_view plural, std::uint64_t n);

/// `pattern` with each `{name}` replaced by its value: fill("{n} series", {{"n", "3"}}).
std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

/// The labels looked up since the last `clear_catalogue_misses` that a catalogue lacks (English:
/// the template), sorted, each as "fr: msgid". For tests: a report that used them is incomplete.
std::vector<std::string> catalogue_misses();
void clear_catalogue_misses();

/// How `lang` writes numbers (CLDR): en 12,345.6; fr 12 345,6 (U+202F between the thousands);
/// es 12.345,6 but 1234,5 (no grouping below five digits). The minus sign is U+2212 in all three.
struct number_style {
  std::string_view group, decimal;
  std::size_t min_grouping_digits;  ///< group the thousands only from this many integer digits on
  std::string_view percent;         ///< "%", with the space the language puts before it
};
number_style style_of(language lang) noexcept;

/// Number text `s` ('-', digits, '.' and a fraction, as std::to_chars writes it; an exponent is
/// kept as it is) in `lang`'s style: "-12345.5" → "−12,345.5", "−12 345,5", "−12.345,5".
std::string number(language lang, std::string_view s);

/// The decimal mark of `lang` in number text `s` without grouping or minus sign: for a number
/// shown as it was computed ("%g"), e.g. in a trace. English keeps `s` as it is.
std::string decimal(language lang, std::string_view s);

/// `digits` followed by the per cent sign of `lang`: "42.5%", "42,5 %" (U+202F), "42,5 %" (U+00A0).
std::string percent(language lang, std::string_view digits);

/// The number of characters (code points) of UTF-8 text `s`: what a label's width depends on.
constexpr std::size_t length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// A date as people read it in `lang`: "30 June 2029", "30 juin 2029" ("1er juin"), "30 de junio de 2029".
std::string long_date(language lang, const date& d);

}  // namespace waypoint::text
