// SPDX-License-Identifier: Apache-2.0
// The Markdown report.

#include <cctype>
#include <string>

#include "common.hpp"
#include "format.hpp"
#include "labels.hpp"
#include "waypoint/report/report.hpp"
#include "waypoint/version.hpp"

namespace waypoint::report {
namespace {

using detail::readable_number;
using detail::series_label;
using detail::tr;
using text::N_;

/// A text of the plan or the data (a title, an id, a narrative, a level) as Markdown that shows it
/// as it is and can do nothing else: `&`, `<` and `>` as HTML entities (no raw HTML reaches a
/// renderer), the punctuation of emphasis, code, links, strikethrough and tables after a
/// backslash (`_` only where it could open or close emphasis), and line breaks as spaces (a cell,
/// a heading and a quote are one line each).
std::string md(std::string_view s) {
  const auto alnum = [&](std::size_t k) { return k < s.size() && std::isalnum(static_cast<unsigned char>(s[k])); };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      case '_':  // inside a word (`on_track`) it emphasises nothing and stays as it is
        if (i == 0 || !alnum(i - 1) || !alnum(i + 1)) out += '\\';
        out += c;
        break;
      case '\\': case '`': case '*': case '[': case ']': case '|': case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

/// A table row of cells already written as Markdown (texts through `md`).
void row(std::ostream& out, const std::vector<std::string>& cells) {
  out << '|';
  for (const auto& c : cells) out << ' ' << c << " |";
  out << '\n';
}

/// The lagging actions of a milestone, separated by "; ", or "–".
std::string lagging_cell(language lang, const evaluation& ev, const milestone_check& m) {
  std::string out;
  for (const auto& line : detail::lagging_lines(lang, ev, m)) out.append(out.empty() ? "" : "; ").append(md(line));
  return out.empty() ? "–" : out;
}

/// An entity (and group) of indicator `ind` by name, with its code in parentheses: "Lao People's
/// Democratic Republic (LAO)", "All States Parties, female".
std::string entity_cell(language lang, const plan& p, const indicator& ind, const entity_id& e, const std::string& group) {
  const std::string name = series_label(lang, p, &ind, e, group);
  return md(e.str() == "*" || detail::entity_name(lang, p, &ind, e) == e.str() ? name : name + " (" + e.str() + ")");
}

/// Labels of the catalogue, translated, as table cells.
std::vector<std::string> labels(language lang, std::initializer_list<const char*> msgids) {
  std::vector<std::string> out;
  for (const char* m : msgids) out.push_back(md(tr(lang, m)));
  return out;
}

}  // namespace

void write_markdown(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt) {
  const language lang = opt.lang;
  const auto n = [](std::size_t k) { return std::to_string(k); };
  out << "# " << md(translated(p.translations(), "title", lang, p.title())) << "\n\n";
  out << md(text::fill(text::trn(lang, "Plan {id}, period {period}. Evaluated as of {date} by waypoint {version}: {n} series of {indicators} indicators.",
                                 "Plan {id}, period {period}. Evaluated as of {date} by waypoint {version}: {n} series of {indicators} indicators.",
                                 ev.series.size()),
                       {{"id", p.id().str()}, {"period", p.period().str()}, {"date", detail::as_of_text(lang, ev.as_of)}, {"version", version_string},
                        {"n", n(ev.series.size())}, {"indicators", n(p.indicators().size())}}))
      << "\n\n";

  out << "## " << md(tr(lang, "Status summary")) << "\n\n";
  const auto rows = section_status_counts(p, ev, lang);
  out << md(ev.rolled_up ? std::string(tr(lang, "Total series per status, and the roll-up score (0–1; achieved and on track 1, needs acceleration 0.5, "
                                                "off track and regressing 0), by section.")) +
                               " " + detail::series_count_note(lang, ev)
                         : std::string(tr(lang, "Series per status (this evaluation has no roll-ups: a partition).")))
      << "\n\n";
  std::vector<std::string> head = {md(tr(lang, "section"))};
  for (int k = 0; k < status_count; ++k) head.push_back(md(detail::status_words(lang, static_cast<status>(k))));
  head.push_back(md(tr(lang, "series")));
  head.push_back(md(tr(lang, "score")));
  row(out, head);
  out << "|---|";
  for (int k = 0; k <= status_count + 1; ++k) out << "--:|";
  out << '\n';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool total_row = i + 1 == rows.size();
    std::vector<std::string> r = {total_row ? "**" + md(rows[i].label) + "**" : md(rows[i].label)};
    std::size_t count = 0;
    for (const auto c : rows[i].counts) {
      r.push_back(c ? std::to_string(c) : "");
      count += c;
    }
    r.push_back(total_row ? "**" + detail::grouped(lang, n(count)) + "**" : detail::grouped(lang, n(count)));
    r.push_back(rows[i].score ? detail::score_text(lang, *rows[i].score) : "–");
    row(out, r);
  }

  out << "\n## " << md(tr(lang, "Challenges")) << "\n\n";
  if (!ev.rolled_up) {
    out << md(tr(lang, "Not computed for a partition of the series.")) << "\n";
  } else if (ev.challenges.empty()) {
    out << md(tr(lang, "No series is off track or regressing.")) << "\n";
  } else {
    // xgettext:no-c-format
    out << md(tr(lang, "Series off track or regressing, most severe first: regressing before off track, then by the share of the "
                       "required change (target − base) still to go. A series further from its target than at its base shows 100% and the ground "
                       "it lost, as a share of that change."))
        << "\n\n";
    row(out, labels(lang, {N_("indicator"), N_("entity"), N_("status"), N_("current"), N_("target"), N_("gap to target"), N_("still to go"), N_("trend")}));
    out << "|---|---|---|---|---|--:|--:|--:|\n";
    for (const auto& c : ev.challenges) {
      const indicator& ind = *p.find(c.indicator);
      const series_result* s = detail::find_series(ev, c);
      row(out, {md(c.indicator.str() + " " + detail::title_of(lang, ind)), entity_cell(lang, p, ind, c.entity, c.disaggregation),
                md(detail::status_words(lang, c.state)), s ? md(detail::current_text(lang, ind, *s)) : "–", s ? md(detail::target_text(lang, ind, *s)) : "–",
                readable_number(lang, ind, c.gap_to_target), md(detail::to_go_text(lang, c.normalised_gap)), s ? md(detail::slope_text(lang, s->trend)) : "–"});
    }
  }
  if (ev.rolled_up && !ev.milestones.empty()) {
    out << "\n## " << md(tr(lang, "Section milestones")) << "\n\n";
    row(out, labels(lang, {N_("section"), N_("milestone"), N_("due"), N_("state"), N_("score"),
                           N_("lagging actions: indicators (their lagging series per status)")}));
    out << "|---|---|---|---|--:|---|\n";
    for (const auto& m : ev.milestones) {
      const section* sec = p.find(m.section);
      row(out, {md(sec ? detail::title_of(lang, *sec) : m.section.str()), md(m.milestone.str() + " " + detail::milestone_text(lang, p, m)),
                m.due ? md(text::long_date(lang, *m.due)) : "–", md(detail::milestone_words(lang, m.state)),
                m.feed.score ? detail::score_text(lang, *m.feed.score) : "–", lagging_cell(lang, ev, m)});
    }
  }

  if (const auto servings = detail::streamlined_reporting(p, ev); !servings.empty()) {
    out << "\n## " << tr(lang, "Streamlined reporting") << "\n\n" << md(tr(lang, detail::streamlined_note)) << "\n\n";
    row(out, labels(lang, {N_("instrument"), N_("indicator"), N_("reference"), N_("series"), N_("points"), N_("latest period")}));
    out << "|---|---|---|--:|--:|---|\n";
    for (const auto& in : servings)
      for (std::size_t k = 0; k < in.indicators.size(); ++k) {
        const auto& sv = in.indicators[k];
        row(out, {k ? "" : md(in.instrument), md(sv.ind->id.str() + " " + detail::title_of(lang, *sv.ind)), md(sv.ref), std::to_string(sv.series),
                  std::to_string(sv.points), sv.latest ? sv.latest->str() : "–"});
      }
  }

  const auto by_indicator = detail::series_by_indicator(ev);
  for (const auto& g : detail::groups(lang, p)) {
    out << "\n## " << md(g.title) << "\n\n";
    if (g.sec && !g.sec->chapeau.narrative.empty())
      out << "> " << md(translated(g.sec->chapeau.translations, "narrative", lang, g.sec->chapeau.narrative)) << "\n\n";
    row(out, labels(lang, {N_("indicator"), N_("entity"), N_("status"), N_("current"), N_("target"), N_("expected"), N_("gap to target"),
                           N_("gap to trajectory"), N_("trend")}));
    out << "|---|---|---|---|---|--:|--:|--:|--:|\n";
    for (const indicator* ind : g.indicators) {
      const auto it = by_indicator.find(ind->id);
      if (it == by_indicator.end()) continue;
      bool first = true;
      for (const series_result* s : it->second) {
        row(out, {first ? md(ind->id.str() + " " + detail::title_of(lang, *ind)) : "", entity_cell(lang, p, *ind, s->entity, s->disaggregation),
                  md(detail::status_text(lang, s->outcome.status, s->outcome.category)), md(detail::current_text(lang, *ind, *s)),
                  md(detail::target_text(lang, *ind, *s)), readable_number(lang, *ind, s->expected_value), readable_number(lang, *ind, s->gap_to_target),
                  readable_number(lang, *ind, s->gap_to_trajectory), md(detail::slope_text(lang, s->trend))});
        first = false;
      }
    }
    // Where each indicator's data come from (with the observations).
    bool heading = false;
    for (const indicator* ind : g.indicators) {
      const auto items = detail::source_items(lang, p, *ind, opt.observations, ev.as_of);
      if (items.empty()) continue;
      if (!heading) out << "\n" << tr(lang, "Sources:") << "\n\n";
      heading = true;
      out << "- " << md(ind->id.str()) << ": ";
      for (std::size_t k = 0; k < items.size(); ++k) out << (k ? "; " : "") << md(items[k]);
      out << '\n';
    }
  }
}

}  // namespace waypoint::report
