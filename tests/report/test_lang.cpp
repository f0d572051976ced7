// Reports in English, French and Spanish (issue 21, item 6): the catalogues, numbers and dates per
// language, the flagship reports without an English fixed label, and plan texts with translations.
#include <catch2/catch.hpp>

#include <set>
#include <utility>
#include <sstream>
#include <string>

#include "../src/text/catalogue.hpp"
#include "../src/text/catalogue_data.hpp"
#include "flagship.hpp"
#include "waypoint/io/evaluation_io.hpp"
#include "waypoint/io/plan_writer.hpp"
#include "waypoint/report/report.hpp"

using namespace waypoint;

namespace {
using test::flagship;

/// The flagship report `write` writes, in `lang`.
std::string report_of(void (*write)(std::ostream&, const plan&, const evaluation&, const report::report_options&), const flagship& f, language lang) {
  std::ostringstream out;
  report::report_options o;
  o.lang = lang;
  write(out, f.p, f.ev, o);
  return out.str();
}
std::string html_of(const flagship& f, language lang) { return report_of(report::write_html, f, lang); }
std::string markdown_of(const flagship& f, language lang) { return report_of(report::write_markdown, f, lang); }

void replace_all(std::string& s, const std::string& what, const std::string& by) {
  if (what.empty()) return;
  for (std::size_t k = 0; (k = s.find(what, k)) != std::string::npos; k += by.size()) s.replace(k, what.size(), by);
}

/// What a report says in its own words: tags, the style sheet, the traces (the evaluator's
/// English rules, kept as they are in every language) and every text of the plan and the
/// evaluation (titles, names, units, levels, narratives, methods, reasons) taken out.
std::string own_words(std::string text, const flagship& f) {
  std::vector<std::string> foreign;
  const auto add = [&](const std::string& full) {
    if (full.empty()) return;
    // Whole, and cut as the tables and charts cut long texts (current_text, the status bars).
    for (const std::size_t cut : {full.size(), std::size_t{57}, std::size_t{48}}) {
    const std::string s(utf8_prefix(full, cut));
    foreign.push_back(s);
    std::string e = s;  // as the HTML writes it
    replace_all(e, "&", "&amp;");
    replace_all(e, "<", "&lt;");
    replace_all(e, ">", "&gt;");
    replace_all(e, "\"", "&quot;");
    foreign.push_back(e);
    }
  };
  const plan& p = f.p;
  add(p.title());
  for (const auto& e : p.entities()) add(e.name);
  for (const auto& pop : p.populations()) add(pop.title);
  for (const auto& s : p.sections()) {
    add(s.title);
    add(s.chapeau.narrative);
    for (const auto& m : s.milestones) add(m.text);
  }
  for (const auto& a : p.actions()) add(a.text);
  for (const auto& i : p.indicators()) {
    add(i.title);
    add(i.unit);
    for (const auto& l : i.levels) add(l);
    for (const auto& link : i.serves) {  // the streamlined-reporting table quotes them
      add(link.instrument);
      add(link.ref);
    }
  }
  for (const auto& s : f.ev.series) {
    add(s.method);
    add(s.narrative);
    add(s.outcome.reason);
  }
  for (const auto& r : f.ev.indicators) add(r.method);
  // Longest first, so that a title goes before the words inside it.
  std::sort(foreign.begin(), foreign.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& s : foreign) replace_all(text, s, " ");
  std::string out;
  bool in_tag = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text.compare(k, 7, "<style>") == 0) k = text.find("</style>", k);
    else if (text.compare(k, 23, "<details class=\"trace\">") == 0) k = text.find("</details>", k);
    else if (text[k] == '<') in_tag = true;
    else if (text[k] == '>') { in_tag = false; out += ' '; }
    else if (!in_tag) out += text[k];
  }
  replace_all(out, "&amp;", "&");
  return out;
}

bool letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80); }

/// The English fixed labels of the catalogue that `text` still holds (whole words), leaving out
/// those `lang` writes the same way ("Plan", "section", "ratio"). Each msgid counts by its parts
/// between placeholders.
std::vector<std::string> english_labels_in(const std::string& text, language lang) {
  std::vector<std::string> found;
  // The words of `lang`'s own labels ("series" is Spanish too): not English where they stand.
  std::set<std::string, std::less<>> own;
  const auto spans = {text::detail::catalogue_fr(), text::detail::catalogue_es()};
  const auto target = *(spans.begin() + (lang == language::fr ? 0 : 1));
  for (std::size_t k = 0; k < target.size; ++k)
    for (const std::string_view str : target.data[k].str) {
      std::string w;
      for (const char c : std::string(str) + " ") {
        if (letter(c)) w += c;
        else if (!w.empty()) own.insert(std::exchange(w, {}));
      }
    }
  const auto en = text::detail::catalogue_en();
  for (std::size_t k = 0; k < en.size; ++k) {
    const std::string_view id = en.data[k].key;
    if (text::tr(lang, id) == id) continue;
    std::string part;
    const auto check = [&] {
      while (!part.empty() && !letter(part.back())) part.pop_back();
      while (!part.empty() && !letter(part.front())) part.erase(0, 1);
      // Labels of four letters or more that are no word of the language's own labels.
      if (part.size() >= 4 && !own.count(part))
        for (std::size_t at = 0; (at = text.find(part, at)) != std::string::npos; ++at)
          if ((at == 0 || !letter(text[at - 1])) && (at + part.size() >= text.size() || !letter(text[at + part.size()]))) {
            found.push_back(part + " (in: " + text.substr(at > 40 ? at - 40 : 0, 100) + ")");
            break;
          }
      part.clear();
    };
    for (std::size_t i = 0; i < id.size(); ++i) {
      if (id[i] == '{') {
        check();
        i = id.find('}', i);
      } else {
        part += id[i];
      }
    }
    check();
  }
  return found;
}

}  // namespace

TEST_CASE("labels come from the catalogues: French and Spanish translate, English is the template", "[lang]") {
  CHECK(text::tr(language::fr, "on track") == "en bonne voie");
  CHECK(text::tr(language::es, "on track") == "en buen camino");
  CHECK(text::tr(language::en, "on track") == "on track");
  CHECK(text::trn(language::fr, "{n} series", "{n} series", 1) == "{n} série");
  CHECK(text::trn(language::fr, "{n} series", "{n} series", 0) == "{n} série");
  CHECK(text::trn(language::fr, "{n} series", "{n} series", 2) == "{n} séries");
  CHECK(text::trn(language::es, "{n} series", "{n} series", 0) == "{n} series");
  CHECK(text::fill("{a} and {b}, {c}", {{"a", "1"}, {"b", "2"}}) == "1 and 2, {c}");
  // A label that no catalogue holds reads as itself, and is recorded.
  text::clear_catalogue_misses();
  CHECK(text::tr(language::fr, "no such label") == "no such label");
  CHECK(text::tr(language::en, "no such label either") == "no such label either");
  CHECK(text::catalogue_misses() == std::vector<std::string>{"en: no such label either", "fr: no such label"});
  text::clear_catalogue_misses();
}

TEST_CASE("numbers and dates follow the language", "[lang][numbers]") {
  CHECK(text::number(language::en, "12345.6") == "12,345.6");
  CHECK(text::number(language::fr, "12345.6") == "12\u202F345,6");
  CHECK(text::number(language::es, "12345.6") == "12.345,6");
  CHECK(text::number(language::en, "1234.5") == "1,234.5");
  CHECK(text::number(language::fr, "1234.5") == "1\u202F234,5");
  CHECK(text::number(language::es, "1234.5") == "1234,5");  // CLDR es: no grouping below five digits
  CHECK(text::number(language::fr, "-1234567") == "\u22121\u202F234\u202F567");
  CHECK(text::number(language::es, "-0.5") == "\u22120,5");
  CHECK(text::percent(language::en, "42.5") == "42.5%");
  CHECK(text::percent(language::fr, "42,5") == "42,5\u202F%");
  CHECK(text::percent(language::es, "42,5") == "42,5\u00A0%");
  const date d = *parse_date("2029-06-30");
  CHECK(text::long_date(language::en, d) == "30 June 2029");
  CHECK(text::long_date(language::fr, d) == "30 juin 2029");
  CHECK(text::long_date(language::es, d) == "30 de junio de 2029");
  CHECK(text::long_date(language::fr, *parse_date("2031-05-01")) == "1er mai 2031");
  CHECK(text::long_date(language::en, *parse_date("2031-05-01")) == "1 May 2031");
}

TEST_CASE("every label the flagship reports and table use is in the catalogues", "[lang][catalogue]") {
  const flagship f;
  text::clear_catalogue_misses();
  for (const language lang : languages) {
    (void)html_of(f, lang);
    (void)markdown_of(f, lang);
    std::ostringstream table;
    io::write_table(table, f.p, f.ev, lang);
  }
  CHECK(text::catalogue_misses().empty());
  for (const auto& m : text::catalogue_misses()) UNSCOPED_INFO(m);
  text::clear_catalogue_misses();
}

TEST_CASE("the French and Spanish flagship reports contain no English fixed label", "[lang][html][markdown]") {
  const flagship f;
  for (const language lang : {language::fr, language::es}) {
    const std::string html = html_of(f, lang), md = markdown_of(f, lang);
    for (const auto& [name, text] : {std::pair{"html", html}, std::pair{"markdown", md}}) {
      const auto found = english_labels_in(own_words(text, f), lang);
      INFO(to_string(lang) << " " << name);
      for (const auto& e : found) UNSCOPED_INFO(e);
      CHECK(found.empty());
    }
    // The English report does hold them: the check can fail.
    CHECK_FALSE(english_labels_in(own_words(html_of(f, language::en), f), lang).empty());
    CHECK(html.find(std::string("<html lang=\"") + std::string(to_string(lang)) + "\">") != std::string::npos);
  }
  const std::string fr = html_of(f, language::fr), es = html_of(f, language::es), md_fr = markdown_of(f, language::fr);
  // Dates and numbers: the as-of date, C2's 244.8 km², V8's 3342 people, a slope per year.
  CHECK(fr.find("<strong>30 juin 2029</strong>") != std::string::npos);
  CHECK(es.find("<strong>30 de junio de 2029</strong>") != std::string::npos);
  CHECK(md_fr.find("Évalué au 30 juin 2029") != std::string::npos);
  CHECK(md_fr.find("245 km² per year (2028)") != std::string::npos);
  CHECK(md_fr.find("| 15,2 |") != std::string::npos);
  CHECK(md_fr.find("+8,4/an") != std::string::npos);
  CHECK(fr.find("3\u202F342") != std::string::npos);
  CHECK(es.find("3342") != std::string::npos);
  CHECK(md_fr.find("100\u202F% (et 138\u202F% perdus)") != std::string::npos);
}

TEST_CASE("reports in a language are byte-identical across runs", "[lang][determinism]") {
  const flagship a, b;
  for (const language lang : languages) {
    CHECK(html_of(a, lang) == html_of(b, lang));
    CHECK(markdown_of(a, lang) == markdown_of(b, lang));
  }
}

TEST_CASE("the text table in French: labels, words, dates and decimal commas", "[lang][table]") {
  const flagship f;
  std::ostringstream en, fr;
  io::write_table(en, f.p, f.ev);
  io::write_table(fr, f.p, f.ev, language::fr);
  CHECK(en.str().find("), as of 2029-06-30\n") != std::string::npos);  // English keeps its codes and ISO dates
  CHECK(en.str().find("on_track") != std::string::npos);
  CHECK(fr.str().find("), au 30 juin 2029\n") != std::string::npos);
  CHECK(fr.str().find("\nindicateur  entité ") != std::string::npos);
  CHECK(fr.str().find("en bonne voie") != std::string::npos);
  CHECK(fr.str().find("244,8 (2028)") != std::string::npos);
  CHECK(fr.str().find("154 séries :") != std::string::npos);
}

namespace {

const char* kTranslated = R"(waypoint: 1
plan:
  id: vte
  title: {en: Vientiane Capital Action Plan, fr: "Plan d'action de la capitale Vientiane", es: Plan de acción de la capital Vientián}
  period: 2027-01-01/2031-12-31
entities:
  - {id: LAO, name: {en: Lao PDR, fr: RDP lao}}
sections:
  - id: uni
    title: {en: Universalisation, fr: Universalisation des adhésions}
    chapeau:
      narrative: {en: 112 States Parties., fr: 112 États parties.}
    milestones:
      - {id: M1, text: {en: More States Parties, fr: Davantage d'États parties}, by: 2029}
    actions:
      - id: A1
        text: {en: Accede., fr: Adhérer.}
        indicators:
          - id: U1
            title: {en: States Parties, fr: États parties, es: Estados partes}
            measure: count
            unit: {en: States, fr: États}
            direction: increase
            scope: national
            baseline: {value: 112, period: 2026}
            target: {value: 120, at: 2031}
)";

std::string json_of_translated() {
  return R"({"waypoint": 1, "plan": {"id": "vte", "title": {"fr": "Plan d'action de la capitale Vientiane", "en": "Vientiane Capital Action Plan"},
 "period": "2027-01-01/2031-12-31"},
 "sections": [{"id": "uni", "title": "Universalisation", "actions": [{"id": "A1", "text": "Accede.", "indicators": [
   {"id": "U1", "title": {"en": "States Parties", "fr": "États parties"}, "measure": "count", "direction": "increase",
    "baseline": {"value": 112, "period": "2026"}, "target": {"value": 120, "at": "2031"}}]}]}]})";
}

}  // namespace

TEST_CASE("plan texts carry translations, which the reports use", "[lang][plan]") {
  const plan p = io::parse_plan(kTranslated, io::plan_format::yaml, "plan.yaml");
  CHECK(p.title() == "Vientiane Capital Action Plan");  // the default text: the en entry
  CHECK(p.translations().at("title").at("fr") == "Plan d'action de la capitale Vientiane");
  const indicator& u1 = *p.find(indicator_id("U1"));
  CHECK(u1.title == "States Parties");
  CHECK(translated(u1.translations, "unit", language::fr, u1.unit) == "États");
  CHECK(translated(u1.translations, "unit", language::es, u1.unit) == "States");  // no Spanish: the default
  CHECK(p.sections()[0].chapeau.translations.at("narrative").at("fr") == "112 États parties.");
  CHECK(p.sections()[0].milestones[0].translations.at("text").at("fr") == "Davantage d'États parties");
  CHECK(p.entities()[0].translations.at("name").at("fr") == "RDP lao");

  const observation_store obs = io::parse_observations("indicator,entity,period,value\nU1,LAO,2028,116\n", p);
  const evaluation ev = evaluate(p, obs, parse_date("2029-06-30"));
  report::report_options fr;
  fr.lang = language::fr;
  std::ostringstream html, md, table, en;
  report::write_html(html, p, ev, fr);
  report::write_markdown(md, p, ev, fr);
  io::write_table(table, p, ev, language::fr);
  report::write_markdown(en, p, ev);
  CHECK(html.str().find("<h1>Plan d'action de la capitale Vientiane</h1>") != std::string::npos);
  CHECK(html.str().find("États parties</h3>") != std::string::npos);
  CHECK(html.str().find("RDP lao") != std::string::npos);
  CHECK(md.str().find("# Plan d'action de la capitale Vientiane\n") != std::string::npos);
  CHECK(md.str().find("## Universalisation des adhésions\n\n> 112 États parties.") != std::string::npos);
  CHECK(md.str().find("116 États (2028)") != std::string::npos);
  CHECK(md.str().find("M1 Davantage d'États parties") != std::string::npos);
  CHECK(table.str().rfind("Plan d'action de la capitale Vientiane (vte), au 30 juin 2029", 0) == 0);
  CHECK(en.str().rfind("# Vientiane Capital Action Plan\n", 0) == 0);
  CHECK(en.str().find("116 States (2028)") != std::string::npos);

  // JSON: the same maps; without an en entry the default is the first by language code.
  const plan j = io::parse_plan(json_of_translated(), io::plan_format::json, "plan.json");
  CHECK(j.title() == "Vientiane Capital Action Plan");
  CHECK(j.find(indicator_id("U1"))->translations.at("title").at("fr") == "États parties");
  const plan no_en = io::parse_plan(R"({"waypoint": 1, "plan": {"id": "x", "title": {"fr": "Plan", "es": "Plan es"}, "period": "2027"}})",
                                    io::plan_format::json, "x.json");
  CHECK(no_en.title() == "Plan es");
}

TEST_CASE("translations survive the plan writer", "[lang][plan][round-trip]") {
  const plan p = io::parse_plan(kTranslated, io::plan_format::yaml, "plan.yaml");
  std::ostringstream once;
  io::write_plan_yaml(once, p);
  const plan q = io::parse_plan(once.str(), io::plan_format::yaml, "again.yaml");
  CHECK(q.title() == p.title());
  CHECK(q.translations() == p.translations());
  CHECK(q.find(indicator_id("U1"))->translations == p.find(indicator_id("U1"))->translations);
  CHECK(q.sections()[0].translations == p.sections()[0].translations);
  CHECK(q.sections()[0].chapeau.translations == p.sections()[0].chapeau.translations);
  CHECK(q.sections()[0].milestones[0].translations == p.sections()[0].milestones[0].translations);
  CHECK(q.actions()[0].translations == p.actions()[0].translations);
  CHECK(q.entities()[0].translations == p.entities()[0].translations);
  std::ostringstream twice;
  io::write_plan_yaml(twice, q);
  CHECK(twice.str() == once.str());
}

TEST_CASE("a malformed translation map is a located error", "[lang][plan][bad-input]") {
  const auto problems = [](const std::string& title) {
    return io::validate_plan_text("waypoint: 1\nplan:\n  id: x\n  title: " + title + "\n  period: 2027\n", io::plan_format::yaml, "p.yaml");
  };
  auto ps = problems("{en: Plan, fr: 3}");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::plan_bad_type);
  CHECK(ps[0].where.pointer == "/plan/title/fr");
  CHECK(ps[0].where.line == 4);
  ps = problems("{en: Plan, French: Plan}");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::plan_bad_value);
  CHECK(ps[0].where.pointer == "/plan/title/French");
  CHECK(ps[0].message.find("not a language code") != std::string::npos);
  ps = problems("{}");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].where.pointer == "/plan/title");
  const auto json = io::validate_plan_text(R"({"waypoint": 1, "plan": {"id": "x", "title": {"fr": ["a"]}, "period": "2027"}})", io::plan_format::json, "p.json");
  REQUIRE(json.size() == 1);
  CHECK(json[0].where.pointer == "/plan/title/fr");
}
