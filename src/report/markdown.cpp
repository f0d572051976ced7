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
std::string lagging_cell(const evaluation& ev, const milestone_check& m) {
  std::string out;
  for (const auto& line : detail::lagging_lines(ev, m)) out.append(out.empty() ? "" : "; ").append(md(line));
  return out.empty() ? "–" : out;
}

/// An entity (and group) of indicator `ind` by name, with its code in parentheses: "Lao People's
/// Democratic Republic (LAO)", "All States Parties, female".
std::string entity_cell(const plan& p, const indicator& ind, const entity_id& e, const std::string& group) {
  const std::string name = series_label(p, &ind, e, group);
  return md(e.str() == "*" || detail::entity_name(p, &ind, e) == e.str() ? name : name + " (" + e.str() + ")");
}

}  // namespace

void write_markdown(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt) {
  (void)opt;  // the language and the observations come with issue 21, items 3 and 6
  out << "# " << md(p.title()) << "\n\n";
  out << "Plan " << md(p.id().str()) << ", period " << p.period().str() << ". Evaluated as of "
      << (ev.as_of ? to_string(*ev.as_of) : std::string("the latest data")) << " by waypoint " << version_string << ": "
      << ev.series.size() << " series of " << p.indicators().size() << " indicators.\n\n";

  out << "## Status summary\n\n";
  const auto rows = section_status_counts(p, ev);
  out << (ev.rolled_up ? "Total series per status, and the roll-up score (0–1; achieved and on track 1, needs acceleration 0.5, "
                         "off track and regressing 0), by section. " + detail::series_count_note(ev) + "\n\n"
                       : "Series per status (this evaluation has no roll-ups: a partition).\n\n");
  std::vector<std::string> head = {"section"};
  for (int k = 0; k < status_count; ++k) head.push_back(std::string(detail::status_words(static_cast<status>(k))));
  head.push_back("series");
  head.push_back("score");
  row(out, head);
  out << "|---|";
  for (int k = 0; k <= status_count + 1; ++k) out << "--:|";
  out << '\n';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool total_row = i + 1 == rows.size();
    std::vector<std::string> r = {total_row ? "**" + md(rows[i].label) + "**" : md(rows[i].label)};
    std::size_t n = 0;
    for (const auto c : rows[i].counts) {
      r.push_back(c ? std::to_string(c) : "");
      n += c;
    }
    r.push_back(total_row ? "**" + std::to_string(n) + "**" : std::to_string(n));
    r.push_back(rows[i].score ? detail::fixed(*rows[i].score, 2) : "–");
    row(out, r);
  }

  out << "\n## Challenges\n\n";
  if (!ev.rolled_up) {
    out << "Not computed for a partition of the series.\n";
  } else if (ev.challenges.empty()) {
    out << "No series is off track or regressing.\n";
  } else {
    out << "Series off track or regressing, most severe first: regressing before off track, then by the share of the "
           "required change (target − base) still to go. A series further from its target than at its base shows 100% and the ground "
           "it lost, as a share of that change.\n\n";
    row(out, {"indicator", "entity", "status", "current", "target", "gap to target", "still to go", "trend"});
    out << "|---|---|---|---|---|--:|--:|--:|\n";
    for (const auto& c : ev.challenges) {
      const indicator& ind = *p.find(c.indicator);
      const series_result* s = detail::find_series(ev, c);
      row(out, {md(c.indicator.str() + " " + ind.title), entity_cell(p, ind, c.entity, c.disaggregation),
                std::string(detail::status_words(c.state)), s ? md(detail::current_text(ind, *s)) : "–", s ? md(detail::target_text(ind, *s)) : "–",
                readable_number(ind, c.gap_to_target), detail::to_go_text(c.normalised_gap), s ? detail::slope_text(s->trend) : "–"});
    }
  }
  if (ev.rolled_up && !ev.milestones.empty()) {
    out << "\n## Section milestones\n\n";
    row(out, {"section", "milestone", "due", "state", "score", "lagging actions: indicators (their lagging series per status)"});
    out << "|---|---|---|---|--:|---|\n";
    for (const auto& m : ev.milestones) {
      const section* sec = p.find(m.section);
      row(out, {md(sec ? sec->title : m.section.str()), md(m.milestone.str() + " " + m.text), m.due ? to_string(*m.due) : "–",
                std::string(detail::milestone_words(m.state)), m.feed.score ? detail::fixed(*m.feed.score, 2) : "–", lagging_cell(ev, m)});
    }
  }

  if (const auto servings = detail::streamlined_reporting(p, ev); !servings.empty()) {
    out << "\n## Streamlined reporting\n\n" << detail::streamlined_note << "\n\n";
    row(out, {"instrument", "indicator", "reference", "series", "points", "latest period"});
    out << "|---|---|---|--:|--:|---|\n";
    for (const auto& in : servings)
      for (std::size_t k = 0; k < in.indicators.size(); ++k) {
        const auto& sv = in.indicators[k];
        row(out, {k ? "" : md(in.instrument), md(sv.ind->id.str() + " " + sv.ind->title), md(sv.ref), std::to_string(sv.series),
                  std::to_string(sv.points), sv.latest ? sv.latest->str() : "–"});
      }
  }

  const auto by_indicator = detail::series_by_indicator(ev);
  for (const auto& g : detail::groups(p)) {
    out << "\n## " << md(g.title) << "\n\n";
    if (g.sec && !g.sec->chapeau.narrative.empty()) out << "> " << md(g.sec->chapeau.narrative) << "\n\n";
    row(out, {"indicator", "entity", "status", "current", "target", "expected", "gap to target", "gap to trajectory", "trend"});
    out << "|---|---|---|---|---|--:|--:|--:|--:|\n";
    for (const indicator* ind : g.indicators) {
      const auto it = by_indicator.find(ind->id);
      if (it == by_indicator.end()) continue;
      bool first = true;
      for (const series_result* s : it->second) {
        row(out, {first ? md(ind->id.str() + " " + ind->title) : "", entity_cell(p, *ind, s->entity, s->disaggregation),
                  md(detail::status_text(s->outcome.status, s->outcome.category)), md(detail::current_text(*ind, *s)), md(detail::target_text(*ind, *s)),
                  readable_number(*ind, s->expected_value), readable_number(*ind, s->gap_to_target), readable_number(*ind, s->gap_to_trajectory), detail::slope_text(s->trend)});
        first = false;
      }
    }
  }
}

}  // namespace waypoint::report
