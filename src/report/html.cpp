// SPDX-License-Identifier: Apache-2.0
// The HTML report: one self-contained file, inline CSS and SVG, no scripts.

#include <string>

#include "common.hpp"
#include "format.hpp"
#include "labels.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/report/report.hpp"
#include "waypoint/version.hpp"

namespace waypoint::report {
namespace {

using detail::escape;
using detail::readable_number;
using detail::short_number;

constexpr std::string_view style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:18px 0 4px}.meta{color:#57606a;margin:2px 0 8px}code{font-size:12px}
blockquote{margin:6px 0 10px;padding:2px 10px;border-left:3px solid #d0d7de;color:#57606a}
nav a{margin-right:12px}table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;font-size:13px;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;white-space:nowrap}
.s-achieved{fill:#1a7f37;background:#1a7f37}.s-on_track{fill:#2da44e;background:#2da44e}
.s-needs_acceleration{fill:#bf8700;background:#bf8700}.s-off_track{fill:#e16f24;background:#e16f24}
.s-regressing{fill:#cf222e;background:#cf222e}.s-not_due{fill:#6e7781;background:#6e7781}
.s-insufficient_data{fill:#8c959f;background:#8c959f}.s-not_applicable{fill:#afb8c1;background:#afb8c1}
svg text{fill:#57606a;font-family:system-ui,Arial,sans-serif}svg .badge text,svg .segn{fill:#fff}svg .cn{fill:#1f2328;font-weight:600}
.plot{fill:#fff;stroke:#d0d7de}.plan{fill:#f6f8fa}.xtick,.ytick{stroke:#eaeef2}
.obs{fill:#0969da}.baseline{fill:none;stroke:#1f2328;stroke-width:1.5}.milestone{fill:#fff;stroke:#8250df;stroke-width:1.5}
.milestone.aspirational{stroke-dasharray:2 2}.target{fill:none;stroke:#cf222e;stroke-width:2}.projected{fill:#fff;stroke:#0969da;stroke-width:1.5}
.path{fill:none;stroke:#8250df;stroke-width:1.5;stroke-dasharray:5 4}.trend{stroke:#0969da;stroke-width:1.5}
.projection{stroke:#0969da;stroke-width:1.5;stroke-dasharray:2 3}.interval{fill:#0969da;fill-opacity:.12}
.range{fill:#2da44e;fill-opacity:.14}.asof{stroke:#1f2328;stroke-dasharray:1 3}.pop{fill:#6e7781}
.grid{display:flex;flex-wrap:wrap;gap:6px}.one{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.figures th{font-weight:normal;color:#57606a}details{margin:4px 0}summary{cursor:pointer;color:#0969da}
details .rule{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap}details ul{margin:2px 0;padding-left:20px;font-size:13px}
.legend svg{vertical-align:middle}ul.lagging{margin:0;padding-left:16px}footer{margin-top:32px;color:#57606a;font-size:12px}
)";

/// Marks as the charts draw them, with their names.
constexpr std::string_view legend = R"svg(<p class="legend"><svg width="760" height="22" viewBox="0 0 760 22" role="img" aria-label="legend">)svg"
    R"svg(<circle class="obs" cx="8" cy="11" r="3"/><text x="16" y="15" font-size="11">observed</text>)svg"
    R"svg(<circle class="baseline" cx="82" cy="11" r="5"/><text x="92" y="15" font-size="11">base</text>)svg"
    R"svg(<rect class="milestone" x="134" y="7" width="8" height="8" transform="rotate(45 138 11)"/><text x="148" y="15" font-size="11">milestone</text>)svg"
    R"svg(<circle class="target" cx="218" cy="11" r="6"/><text x="229" y="15" font-size="11">target</text>)svg"
    R"svg(<line class="path" x1="272" y1="11" x2="300" y2="11"/><text x="305" y="15" font-size="11">expected path</text>)svg"
    R"svg(<line class="trend" x1="392" y1="11" x2="410" y2="11"/><line class="projection" x1="410" y1="11" x2="426" y2="11"/><text x="431" y="15" font-size="11">trend, projection</text>)svg"
    R"svg(<rect class="interval" x="534" y="4" width="22" height="14"/><text x="561" y="15" font-size="11">95% prediction interval</text>)svg"
    R"svg(<line class="asof" x1="700" y1="2" x2="700" y2="20"/><text x="704" y="15" font-size="11">now</text></svg></p>)svg";

std::string badge(status s) {
  return "<span class=\"badge s-" + std::string(to_string(s)) + "\">" + std::string(detail::status_words(s)) + "</span>";
}

/// An entity (and group) of indicator `ind` by name, its code in a title attribute:
/// `<span title="LAO">Lao People's Democratic Republic</span>`, "All States Parties, female".
std::string entity_html(const plan& p, const indicator& ind, const entity_id& e, const std::string& group) {
  const std::string name = escape(detail::series_label(p, &ind, e, group));
  if (e.str() == "*") return name;
  return "<span title=\"" + escape(e.str()) + "\">" + name + "</span>";
}

// An element id for plan id `id`, one to one: letters, digits, '-' and '.' as they are, any other
// byte (a space, '_', UTF-8) as '_' and two hex digits, so that `a b`, `a_b` and `a.b` get three ids.
std::string anchor_id(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (const char c : id) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x80 && std::isalnum(b)) || c == '-' || c == '.') {
      out += c;
    } else {
      out += '_';
      out += "0123456789ABCDEF"[b >> 4];
      out += "0123456789ABCDEF"[b & 15];
    }
  }
  return out;
}

// The element id of a report group: its section's, or one no section id can give (every section's
// starts with "sec-") for the indicators without a section.
std::string group_anchor(const detail::group& g) { return g.sec ? anchor_id("sec-", g.id) : std::string("no-section"); }

/// The population size per period of a collective series computed from national values (one
/// point per period, at its year); empty for other series, which draw no population chart.
std::vector<population_point> population_of(const series_result& s) {
  std::vector<population_point> out;
  if (!s.collective) return out;
  for (const auto& cp : s.collective->periods) out.push_back({cp.at.start_year(), static_cast<double>(cp.members)});
  return out;
}

void write_trace(std::ostream& out, const trace& t) {
  if (!t.rule.empty()) out << "<p class=\"rule\">" << escape(t.rule) << "</p>";
  out << "<ul>";
  if (!t.inputs.empty()) {
    out << "<li>inputs: ";
    for (std::size_t k = 0; k < t.inputs.size(); ++k) out << (k ? "; " : "") << "<code>" << escape(t.inputs[k].first) << "</code> = " << escape(t.inputs[k].second);
    out << "</li>";
  }
  if (!t.thresholds.empty()) {
    out << "<li>thresholds: ";
    for (std::size_t k = 0; k < t.thresholds.size(); ++k)
      out << (k ? "; " : "") << escape(t.thresholds[k].name) << " = " << short_number(t.thresholds[k].amount)
          << (t.thresholds[k].inclusive ? " (inclusive)" : " (exclusive)");
    out << "</li>";
  }
  for (const auto& s : t.substitutions) out << "<li>substitution: " << escape(s) << "</li>";
  if (!t.points.empty()) {
    out << "<li>points: ";
    for (std::size_t k = 0; k < t.points.size(); ++k) out << (k ? "; " : "") << escape(t.points[k].first) << ": " << short_number(t.points[k].second);
    out << "</li>";
  }
  out << "</ul>";
}

void write_figures(std::ostream& out, const indicator& ind, const series_result& s) {
  const auto& a = s.outcome;
  out << "<table class=\"figures\">";
  auto line = [&](std::string_view name, const std::string& value) { out << "<tr><th>" << name << "</th><td>" << escape(value) << "</td></tr>"; };
  line("status", detail::status_text(a.status, a.category));
  line("current", detail::current_text(ind, s, 120));
  line("target", detail::target_text(ind, s));
  if (s.next_milestone) line("next milestone", detail::with_unit(ind, s.next_milestone->amount) + " (" + s.next_milestone->at.str() + ")");
  line("expected now", readable_number(ind, s.expected_value));
  line("gap to target", readable_number(ind, s.gap_to_target));
  line("gap to trajectory", readable_number(ind, s.gap_to_trajectory));
  line("trend", detail::slope_text(s.trend) + (s.trend.r_squared ? ", " + detail::r_squared_text(s.trend) : ""));
  if (s.projected_value) line("projected at target", readable_number(ind, s.projected_value));
  if (s.plan_total) line("plan total", readable_number(ind, s.plan_total));
  if (!a.reason.empty()) line("reason", a.reason);
  out << "</table>";
}

struct html_writer {
  std::ostream& out;
  const plan& p;
  const evaluation& ev;
  const report_options& opt;
  std::size_t charts = 0;

  std::string chart(const series_result& s, bool compact) {
    const chart_data d = series_chart_data(p, ev, s);
    return render_chart(d, layout_chart(d, compact), "c" + std::to_string(++charts));
  }

  /// The indicator-level results of `ind` (methods that define one), in a collapsible table.
  void indicator_results(const indicator& ind) {
    std::vector<const indicator_result*> rs;
    for (const auto& r : ev.indicators)
      if (r.indicator == ind.id) rs.push_back(&r);
    if (rs.empty()) return;
    out << "<details class=\"indicator-level\"><summary>Indicator level (" << escape(rs.front()->method) << ", " << rs.size()
        << " results)</summary><table><tr><th>entity</th><th>status</th><th>category</th><th>score</th><th>series scored</th></tr>";
    for (const auto* r : rs)
      out << "<tr><td>" << entity_html(p, ind, r->entity, {}) << "</td><td>" << badge(r->status) << "</td><td>" << escape(detail::category_words(r->category))
          << "</td><td class=\"n\">" << detail::significant(r->score) << "</td><td class=\"n\">" << r->n_scored << " of " << r->n_series << "</td></tr>";
    out << "</table></details>";
  }

  void indicator_article(const indicator& ind, const std::vector<const series_result*>& series) {
    out << "<article class=\"indicator\" id=\"" << anchor_id("ind-", ind.id.str()) << "\"><h3><code>" << escape(ind.id.str()) << "</code> "
        << escape(ind.title) << "</h3>";
    out << "<p class=\"meta\">" << to_string(ind.measure) << (ind.unit.empty() ? "" : " (" + escape(ind.unit) + ")") << " · "
        << to_string(ind.direction) << " · " << to_string(ind.accumulation) << " · " << to_string(ind.scope)
        << (ind.action.str().empty() ? "" : " · action " + escape(ind.action.str())) << " · " << series.size() << " series</p>";
    const bool many = series.size() > 1;
    if (!many && !series.empty()) {
      const series_result& s = *series.front();
      out << "<div class=\"one\">";
      if (ind.measure == measure::qualitative) out << "<blockquote>" << escape(s.narrative.empty() ? "no narrative yet" : s.narrative) << "</blockquote>";
      else out << chart(s, false);
      write_figures(out, ind, s);
      out << render_population_chart(population_of(s), "population (size per year)") << "</div>";
      out << "<details class=\"trace\"><summary>Trace</summary>";
      write_trace(out, s.outcome.trace);
      out << "</details>";
      indicator_results(ind);
    } else if (many) {
      out << "<p class=\"meta\">";
      std::array<std::size_t, status_count> counts{};
      for (const auto* s : series) ++counts[static_cast<std::size_t>(s->outcome.status)];
      for (int k = 0; k < status_count; ++k)
        if (counts[static_cast<std::size_t>(k)]) out << badge(static_cast<status>(k)) << ' ' << counts[static_cast<std::size_t>(k)] << "  ";
      out << "</p><div class=\"grid\">";
      for (const auto* s : series) out << chart(*s, true);
      out << "</div>";
      if (ind.measure == measure::ordinal) {
        out << "<p class=\"meta\">levels: ";
        for (std::size_t k = 0; k < ind.levels.size(); ++k) out << (k ? ", " : "") << k << " " << escape(ind.levels[k]);
        out << "</p>";
      }
      indicator_results(ind);
      out << "<details class=\"traces\"><summary>Traces (" << series.size() << " series)</summary>";
      for (const auto* s : series) {
        out << "<details class=\"trace\"><summary>" << entity_html(p, ind, s->entity, s->disaggregation) << ": "
            << escape(detail::status_text(s->outcome.status, s->outcome.category)) << ", current "
            << escape(detail::current_text(ind, *s)) << "</summary>";
        write_trace(out, s->outcome.trace);
        out << "</details>";
      }
      out << "</details>";
    }
    out << "</article>\n";
  }

  /// The streamlined-reporting table: per instrument, the indicators serving it and their data points.
  void streamlined(const std::vector<detail::instrument_servings>& servings) {
    out << "<section id=\"streamlined\"><h2>Streamlined reporting</h2><p class=\"meta\">" << detail::streamlined_note
        << "</p><table><tr><th>instrument</th><th>indicator</th><th>reference</th><th>series</th><th>points</th><th>latest period</th></tr>";
    for (const auto& in : servings)
      for (std::size_t k = 0; k < in.indicators.size(); ++k) {
        const auto& sv = in.indicators[k];
        out << "<tr>";
        if (k == 0) out << "<td rowspan=\"" << in.indicators.size() << "\">" << escape(in.instrument) << "</td>";
        out << "<td><a href=\"#" << anchor_id("ind-", sv.ind->id.str()) << "\">" << escape(sv.ind->id.str()) << "</a> " << escape(sv.ind->title)
            << "</td><td>" << escape(sv.ref) << "</td><td class=\"n\">" << sv.series << "</td><td class=\"n\">" << sv.points << "</td><td>"
            << (sv.latest ? sv.latest->str() : "–") << "</td></tr>";
      }
    out << "</table></section>\n";
  }

  void write() {
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"waypoint "
        << version_string << "\"><title>" << escape(p.title()) << " — as of " << (ev.as_of ? to_string(*ev.as_of) : "latest data")
        << "</title><style>" << style << "</style></head><body>\n";
    out << "<header><h1>" << escape(p.title()) << "</h1><p class=\"meta\">Plan <code>" << escape(p.id().str()) << "</code> · period "
        << p.period().str() << " · evaluated as of <strong>" << (ev.as_of ? to_string(*ev.as_of) : "the latest data") << "</strong> · "
        << ev.series.size() << " series of " << p.indicators().size() << " indicators</p></header>\n";
    const auto groups = detail::groups(p);
    const auto servings = detail::streamlined_reporting(p, ev);
    out << "<nav><a href=\"#summary\">Summary</a><a href=\"#challenges\">Challenges</a>"
        << (ev.rolled_up && !ev.milestones.empty() ? "<a href=\"#milestones\">Milestones</a>" : "")
        << (servings.empty() ? "" : "<a href=\"#streamlined\">Streamlined reporting</a>");
    for (const auto& g : groups) out << "<a href=\"#" << group_anchor(g) << "\">" << escape(g.title) << "</a>";
    out << "</nav>\n";

    out << "<section id=\"summary\"><h2>Summary</h2><p>";
    const auto counts = ev.status_counts();
    for (int k = 0; k < status_count; ++k) out << badge(static_cast<status>(k)) << ' ' << counts[static_cast<std::size_t>(k)] << "  ";
    out << "</p><p class=\"meta\">"
        << (ev.rolled_up ? "Total series per status by section (each bar is one section's series; after it their number and the roll-up "
                           "score: achieved and on track 1, needs acceleration 0.5, off track and regressing 0). " +
                               escape(detail::series_count_note(ev))
                         : "Series per status (no roll-ups: a partition):")
        << "</p>" << render_status_bars(section_status_counts(p, ev)) << legend << "</section>\n";

    out << "<section id=\"challenges\"><h2>Challenges</h2>";
    if (!ev.rolled_up) {
      out << "<p>Not computed for a partition of the series.</p>";
    } else if (ev.challenges.empty()) {
      out << "<p>No series is off track or regressing.</p>";
    } else {
      out << "<p class=\"meta\">Series off track or regressing, most severe first: regressing before off track, then by the share of the "
             "required change (target − base) still to go. A series further from its target than at its base shows 100% and the ground it lost, "
             "as a share of that change.</p><table><tr><th>indicator</th><th>entity</th><th>status</th><th>current</th>"
             "<th>target</th><th>gap to target</th><th>still to go</th><th>trend</th></tr>";
      for (const auto& c : ev.challenges) {
        const indicator& ind = *p.find(c.indicator);
        const series_result* s = detail::find_series(ev, c);
        out << "<tr><td><a href=\"#" << anchor_id("ind-", c.indicator.str()) << "\">" << escape(c.indicator.str()) << "</a> " << escape(ind.title)
            << "</td><td>" << entity_html(p, ind, c.entity, c.disaggregation) << "</td><td>"
            << badge(c.state) << "</td><td>" << escape(s ? detail::current_text(ind, *s) : "–") << "</td><td>"
            << escape(s ? detail::target_text(ind, *s) : "–") << "</td><td class=\"n\">" << readable_number(ind, c.gap_to_target) << "</td><td class=\"n\">"
            << detail::to_go_text(c.normalised_gap) << "</td><td class=\"n\">" << (s ? detail::slope_text(s->trend) : "–") << "</td></tr>";
      }
      out << "</table>";
    }
    out << "</section>\n";

    if (ev.rolled_up && !ev.milestones.empty()) {
      out << "<section id=\"milestones\"><h2>Section milestones</h2><p class=\"meta\">Each section's aspirational milestones, checked "
             "against the statuses of the actions that feed them; for those at risk or missed, the lagging actions and their "
             "indicators.</p><table><tr><th>section</th><th>milestone</th><th>due</th><th>state</th><th>score</th><th>lagging actions: "
             "indicators (their lagging series per status)</th></tr>";
      for (const auto& m : ev.milestones) {
        const section* sec = p.find(m.section);
        out << "<tr><td>" << escape(sec ? sec->title : m.section.str()) << "</td><td><code>" << escape(m.milestone.str()) << "</code> "
            << escape(m.text) << "</td><td>" << (m.due ? to_string(*m.due) : "–") << "</td><td><span class=\"badge s-"
            << to_string(detail::state_colour(m.state)) << "\">" << detail::milestone_words(m.state) << "</span></td><td class=\"n\">"
            << (m.feed.score ? detail::fixed(*m.feed.score, 2) : "–") << "</td><td>";
        const auto lines = detail::lagging_lines(ev, m);
        if (lines.empty()) {
          out << "–";
        } else {
          out << "<ul class=\"lagging\">";
          for (const auto& line : lines) out << "<li>" << escape(line) << "</li>";
          out << "</ul>";
        }
        out << "</td></tr>";
      }
      out << "</table></section>\n";
    }

    if (!servings.empty()) streamlined(servings);

    const auto by_indicator = detail::series_by_indicator(ev);
    static const std::vector<const series_result*> none;
    for (const auto& g : groups) {
      out << "<section class=\"plan-section\" id=\"" << group_anchor(g) << "\"><h2>" << escape(g.title) << "</h2>";
      if (g.sec && !g.sec->chapeau.narrative.empty()) out << "<blockquote>" << escape(g.sec->chapeau.narrative) << "</blockquote>";
      out << '\n';
      for (const indicator* ind : g.indicators) {
        const auto it = by_indicator.find(ind->id);
        indicator_article(*ind, it == by_indicator.end() ? none : it->second);
      }
      out << "</section>\n";
    }
    out << "<footer>Generated by waypoint " << version_string
        << ". Observed points are those the assessment used (its trace). The expected path runs from the base through the milestones to "
           "the target; the trend is the least-squares line over the points from the base on, projected to the target date, with its "
           "95% prediction interval. The shaded band is the plan period.</footer>\n</body></html>\n";
  }
};

}  // namespace

void write_html(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt) { html_writer{out, p, ev, opt}.write(); }

}  // namespace waypoint::report
