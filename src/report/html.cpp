// SPDX-License-Identifier: Apache-2.0
// The HTML report: one self-contained file, inline CSS and SVG, no scripts.

#include <algorithm>
#include <optional>
#include <string>

#include "../io/csv.hpp"
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
using detail::tr;
using text::N_;

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
figure.sm{margin:0}figure.sm details{font-size:12px}table.data td,table.data th{font-size:12px;padding:2px 5px}table.data td:nth-child(2){text-align:right;font-variant-numeric:tabular-nums}
.sources{color:#57606a;font-size:13px;margin:4px 0}.scale-note{font-style:italic}
@page{size:A4;margin:15mm 15mm 18mm}
@media print{
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
body{max-width:180mm;padding:0;font-size:10pt}nav,a.csv{display:none}
svg{max-width:100%;height:auto}
article.indicator,figure.sm,svg,.one,tr,blockquote{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}section.plan-section{break-before:page}
details.trace,details.traces{display:none}details:not([open]){display:none}details[open]>summary{color:#1f2328;list-style:none}
}
)";

/// Marks as the charts draw them, with their names in `lang`, each name after its mark and the
/// next mark after the name (about 6.2 px per character at 11 px).
std::string legend(language lang) {
  struct item {
    std::string_view mark;  // drawn at x = 0..width, y centred on 11; "{x}" is the mark's left edge
    double width;
    const char* name;
  };
  static constexpr item items[] = {
      {"<circle class=\"obs\" cx=\"{x3}\" cy=\"11\" r=\"3\"/>", 6, N_("observed")},
      {"<circle class=\"baseline\" cx=\"{x5}\" cy=\"11\" r=\"5\"/>", 10, N_("base")},
      {"<rect class=\"milestone\" x=\"{x}\" y=\"7\" width=\"8\" height=\"8\" transform=\"rotate(45 {x4} 11)\"/>", 8, N_("milestone")},
      {"<circle class=\"target\" cx=\"{x6}\" cy=\"11\" r=\"6\"/>", 12, N_("target")},
      {"<line class=\"path\" x1=\"{x}\" y1=\"11\" x2=\"{x28}\" y2=\"11\"/>", 28, N_("expected path")},
      {"<line class=\"trend\" x1=\"{x}\" y1=\"11\" x2=\"{x18}\" y2=\"11\"/><line class=\"projection\" x1=\"{x18}\" y1=\"11\" x2=\"{x34}\" y2=\"11\"/>", 34,
       N_("trend, projection")},
      {"<rect class=\"interval\" x=\"{x}\" y=\"4\" width=\"22\" height=\"14\"/>", 22, N_("{share} prediction interval")},
      {"<line class=\"asof\" x1=\"{x}\" y1=\"2\" x2=\"{x}\" y2=\"20\"/>", 0, N_("now")},
  };
  std::string marks;
  double x = 5;
  for (const auto& it : items) {
    const auto at = [&](double dx) { return detail::fixed(x + dx); };
    marks += text::fill(it.mark, {{"x", at(0)}, {"x3", at(3)}, {"x4", at(4)}, {"x5", at(5)}, {"x6", at(6)}, {"x18", at(18)}, {"x28", at(28)}, {"x34", at(34)}});
    const std::string name = text::fill(detail::tr(lang, it.name), {{"share", text::percent(lang, "95")}});
    x += it.width + 4;
    marks += "<text x=\"" + detail::fixed(x) + "\" y=\"15\" font-size=\"11\">" + escape(name) + "</text>";
    x += static_cast<double>(text::length(name)) * 6.2 + 14;
  }
  const std::string w = detail::fixed(std::ceil(x));
  return "<p class=\"legend\"><svg width=\"" + w + "\" height=\"22\" viewBox=\"0 0 " + w + " 22\" role=\"img\" aria-label=\"" +
         escape(detail::tr(lang, "legend")) + "\">" + marks + "</svg></p>";
}

std::string badge(language lang, status s) {
  return "<span class=\"badge s-" + std::string(to_string(s)) + "\">" + escape(detail::status_words(lang, s)) + "</span>";
}

/// An entity (and group) of indicator `ind` by name, its code in a title attribute:
/// `<span title="LAO">Lao People's Democratic Republic</span>`, "All States Parties, female".
std::string entity_html(language lang, const plan& p, const indicator& ind, const entity_id& e, const std::string& group) {
  const std::string name = escape(detail::series_label(lang, p, &ind, e, group));
  if (e.str() == "*") return name;
  return "<span title=\"" + escape(e.str()) + "\">" + name + "</span>";
}

/// `s` after `prefix`, each byte `keep` accepts as it is and any other as `mark` and two hex digits.
template <class Keep>
std::string hex_escaped(std::string_view prefix, std::string_view s, char mark, Keep keep) {
  std::string out(prefix);
  out.reserve(prefix.size() + s.size() + s.size() / 4);
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80 && (std::isalnum(b) || keep(c))) {
      out += c;
    } else {
      out += mark;
      out += "0123456789ABCDEF"[b >> 4];
      out += "0123456789ABCDEF"[b & 15];
    }
  }
  return out;
}

// An element id for plan id `id`, one to one: letters, digits, '-' and '.' as they are, any other
// byte (a space, '_', UTF-8) as '_' and two hex digits, so that `a b`, `a_b` and `a.b` get three ids.
std::string anchor_id(std::string_view prefix, std::string_view id) {
  return hex_escaped(prefix, id, '_', [](char c) { return c == '-' || c == '.'; });
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

void write_trace(std::ostream& out, language lang, const trace& t) {
  if (!t.rule.empty()) out << "<p class=\"rule\">" << escape(t.rule) << "</p>";
  out << "<ul>";
  if (!t.inputs.empty()) {
    out << "<li>" << escape(tr(lang, "inputs")) << ": ";
    for (std::size_t k = 0; k < t.inputs.size(); ++k) out << (k ? "; " : "") << "<code>" << escape(t.inputs[k].first) << "</code> = " << escape(t.inputs[k].second);
    out << "</li>";
  }
  if (!t.thresholds.empty()) {
    out << "<li>" << escape(tr(lang, "thresholds")) << ": ";
    for (std::size_t k = 0; k < t.thresholds.size(); ++k)
      out << (k ? "; " : "") << escape(t.thresholds[k].name) << " = " << text::decimal(lang, short_number(t.thresholds[k].amount)) << " ("
          << escape(t.thresholds[k].inclusive ? tr(lang, "inclusive") : tr(lang, "exclusive")) << ")";
    out << "</li>";
  }
  for (const auto& s : t.substitutions) out << "<li>" << escape(tr(lang, "substitution")) << ": " << escape(s) << "</li>";
  if (!t.points.empty()) {
    out << "<li>" << escape(tr(lang, "points")) << ": ";
    for (std::size_t k = 0; k < t.points.size(); ++k)
      out << (k ? "; " : "") << escape(t.points[k].first) << ": " << text::decimal(lang, short_number(t.points[k].second));
    out << "</li>";
  }
  out << "</ul>";
}

void write_figures(std::ostream& out, language lang, const indicator& ind, const series_result& s) {
  const auto& a = s.outcome;
  out << "<table class=\"figures\">";
  auto line = [&](const char* name, const std::string& value) { out << "<tr><th>" << escape(tr(lang, name)) << "</th><td>" << escape(value) << "</td></tr>"; };
  line(N_("status"), detail::status_text(lang, a.status, a.category));
  line(N_("current"), detail::current_text(lang, ind, s, 120));
  line(N_("target"), detail::target_text(lang, ind, s));
  if (s.next_milestone) line(N_("next milestone"), detail::with_unit(lang, ind, s.next_milestone->amount) + " (" + s.next_milestone->at.str() + ")");
  line(N_("expected now"), readable_number(lang, ind, s.expected_value));
  line(N_("gap to target"), readable_number(lang, ind, s.gap_to_target));
  line(N_("gap to trajectory"), readable_number(lang, ind, s.gap_to_trajectory));
  line(N_("trend"), detail::slope_text(lang, s.trend) + (s.trend.r_squared ? ", " + detail::r_squared_text(lang, s.trend) : ""));
  if (s.projected_value) line(N_("projected at target"), readable_number(lang, ind, s.projected_value));
  if (s.plan_total) line(N_("plan total"), readable_number(lang, ind, s.plan_total));
  if (!a.reason.empty()) line(N_("reason"), a.reason);
  out << "</table>";
}

/// `s` percent-encoded for a `data:` URI in an attribute: letters, digits and `-._~!$'()*+,;=:@/?`
/// as they are, every other byte (space, `%`, `&`, `"`, `#`, line breaks, UTF-8) as `%XX`.
std::string percent_encoded(std::string_view s) {
  return hex_escaped({}, s, '%', [](char c) { return std::string_view("-._~!$'()*+,;=:@/?").find(c) != std::string_view::npos; });
}

/// The file name of a series' CSV: `<indicator>_<entity>[_<group>].csv`, the collective `*` as
/// `all`, a group's `;` as `_`, and any other byte but letters, digits, `-` and `.` as `-`
/// (`C7_all_sex-female.csv`).
std::string csv_file_name(const chart_data& d) {
  const auto part = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      const auto b = static_cast<unsigned char>(c);
      if (c == ';') c = '_';
      else if (!((b < 0x80 && std::isalnum(b)) || c == '-' || c == '.')) c = '-';
    }
    return out;
  };
  return part(d.indicator) + "_" + (d.entity == "*" ? std::string("all") : part(d.entity)) +
         (d.disaggregation.empty() ? std::string() : "_" + part(d.disaggregation)) + ".csv";
}

/// The data table of chart `d` and its CSV download, in a `<details class="data">` block: one row
/// per plotted point (period, value for reading with the exact value in `data-value`, and with the
/// observations its source, and its flag and reporting date when a point of the series has one);
/// "" when the chart plots no point. The CSV has every column.
std::string data_block(language lang, const indicator& ind, const chart_data& d, const std::vector<data_row>& rows, bool with_sources) {
  if (rows.empty()) return {};
  const std::string computed = detail::computed_source(lang, ind);
  const bool flags = with_sources && std::any_of(rows.begin(), rows.end(), [](const data_row& r) { return r.flag != obs_flag::none; });
  const bool reported = with_sources && std::any_of(rows.begin(), rows.end(), [](const data_row& r) { return !r.reported_on.empty(); });
  const auto th = [&](const char* label) { return "<th>" + escape(tr(lang, label)) + "</th>"; };
  std::string table = "<table class=\"data\"><tr>" + th(N_("period")) + th(N_("value"));
  std::string csv = "indicator,entity,disaggregation,period,value";
  if (with_sources) {
    table.append(th(N_("source"))).append(flags ? th(N_("flag")) : "").append(reported ? th(N_("reported on")) : "");
    csv += ",source,flag,reported_on";
  }
  table += "</tr>";
  csv += "\n";
  for (const auto& r : rows) {
    const std::string exact = waypoint::detail::format_amount(r.value);
    const std::string source = r.observed ? r.source : computed;
    table += "<tr><td>" + escape(r.period) + "</td><td data-value=\"" + exact + "\">" + escape(detail::readable(lang, ind, r.value)) + "</td>";
    csv += io::detail::csv_quoted(d.indicator) + ',' + io::detail::csv_quoted(d.entity) + ',' + io::detail::csv_quoted(d.disaggregation) + ',' +
           io::detail::csv_quoted(r.period) + ',' + exact;
    if (with_sources) {
      table.append("<td>").append(escape(source)).append("</td>");
      if (flags) table.append("<td>").append(to_string(r.flag)).append("</td>");
      if (reported) table.append("<td>").append(r.reported_on).append("</td>");
      csv += ',' + io::detail::csv_quoted(source) + ',' + std::string(to_string(r.flag)) + ',' + r.reported_on;
    }
    table += "</tr>";
    csv += "\n";
  }
  const std::string summary = text::fill(text::trn(lang, "Data ({n} point)", "Data ({n} points)", rows.size()), {{"n", std::to_string(rows.size())}});
  return "<details class=\"data\"><summary>" + escape(summary) + "</summary>" + table + "</table><p><a class=\"csv\" download=\"" +
         escape(csv_file_name(d)) + "\" href=\"data:text/csv;charset=utf-8," + percent_encoded(csv) + "\">" + escape(tr(lang, "Download CSV")) +
         "</a></p></details>";
}

struct html_writer {
  std::ostream& out;
  const plan& p;
  const evaluation& ev;
  const report_options& opt;
  const language lang = opt.lang;
  std::size_t charts = 0;

  /// The header cells of labels `msgids`, translated.
  std::string header(std::initializer_list<const char*> msgids) const {
    std::string out = "<tr>";
    for (const char* m : msgids) out.append("<th>").append(escape(tr(lang, m))).append("</th>");
    return out + "</tr>";
  }

  /// Chart `d` at full size (`compact` false) or as a small multiple on `values`.
  std::string chart(const chart_data& d, bool compact, const std::optional<value_domain>& values = std::nullopt) {
    return render_chart(d, layout_chart(d, compact, values), "c" + std::to_string(++charts));
  }
  /// The data table of chart `d`, with its CSV.
  std::string data(const indicator& ind, const chart_data& d) const {
    return data_block(lang, ind, d, chart_rows(p, d, opt.observations, ev.as_of), opt.observations != nullptr);
  }

  /// The sources of `ind`'s observations, with the number of points from each (when the report has the observations).
  void sources(const indicator& ind) {
    const auto items = detail::source_items(lang, p, ind, opt.observations, ev.as_of);
    if (items.empty()) return;
    out << "<p class=\"sources\">" << escape(tr(lang, "Sources:")) << ' ';
    for (std::size_t k = 0; k < items.size(); ++k) out << (k ? " · " : "") << escape(items[k]);
    out << "</p>";
  }

  /// The indicator-level results of `ind` (methods that define one), in a collapsible table.
  void indicator_results(const indicator& ind) {
    std::vector<const indicator_result*> rs;
    for (const auto& r : ev.indicators)
      if (r.indicator == ind.id) rs.push_back(&r);
    if (rs.empty()) return;
    out << "<details class=\"indicator-level\"><summary>"
        << escape(text::fill(text::trn(lang, "Indicator level ({method}, {n} result)", "Indicator level ({method}, {n} results)", rs.size()),
                             {{"method", rs.front()->method}, {"n", std::to_string(rs.size())}}))
        << "</summary><table>" << header({N_("entity"), N_("status"), N_("category"), N_("score"), N_("series scored")});
    for (const auto* r : rs)
      out << "<tr><td>" << entity_html(lang, p, ind, r->entity, {}) << "</td><td>" << badge(lang, r->status) << "</td><td>"
          << escape(detail::category_words(lang, r->category)) << "</td><td class=\"n\">" << (r->score ? detail::significant(lang, *r->score) : std::string("–")) << "</td><td class=\"n\">"
          << escape(text::fill(tr(lang, "{n} of {total}"), {{"n", std::to_string(r->n_scored)}, {"total", std::to_string(r->n_series)}})) << "</td></tr>";
    out << "</table></details>";
  }

  void indicator_article(const indicator& ind, const std::vector<const series_result*>& series) {
    out << "<article class=\"indicator\" id=\"" << anchor_id("ind-", ind.id.str()) << "\"><h3><code>" << escape(ind.id.str()) << "</code> "
        << escape(detail::title_of(lang, ind)) << "</h3>";
    const std::string& unit = detail::unit_of(lang, ind);
    out << "<p class=\"meta\">" << escape(detail::measure_words(lang, ind.measure)) << (unit.empty() ? "" : " (" + escape(unit) + ")") << " · "
        << escape(detail::direction_words(lang, ind.direction)) << " · " << escape(detail::accumulation_words(lang, ind.accumulation)) << " · "
        << escape(detail::scope_words(lang, ind.scope))
        << (ind.action.str().empty() ? "" : " · " + escape(text::fill(tr(lang, "action {id}"), {{"id", ind.action.str()}}))) << " · "
        << escape(text::fill(text::trn(lang, "{n} series", "{n} series", series.size()), {{"n", std::to_string(series.size())}})) << "</p>";
    const bool many = series.size() > 1;
    if (!many && !series.empty()) {
      const series_result& s = *series.front();
      out << "<div class=\"one\">";
      std::string table;  // under the chart and its figures
      if (ind.measure == measure::qualitative) {
        out << "<blockquote>" << escape(s.narrative.empty() ? std::string(tr(lang, "no narrative yet")) : s.narrative) << "</blockquote>";
      } else {
        const chart_data d = series_chart_data(p, ev, s, lang);
        out << chart(d, false);
        table = data(ind, d);
      }
      write_figures(out, lang, ind, s);
      out << render_population_chart(population_of(s), tr(lang, "population (size per year)"), lang) << "</div>" << table;
      sources(ind);
      out << "<details class=\"trace\"><summary>" << escape(tr(lang, "Trace")) << "</summary>";
      write_trace(out, lang, s.outcome.trace);
      out << "</details>";
      indicator_results(ind);
    } else if (many) {
      out << "<p class=\"meta\">";
      std::array<std::size_t, status_count> counts{};
      for (const auto* s : series) ++counts[static_cast<std::size_t>(s->outcome.status)];
      for (int k = 0; k < status_count; ++k)
        if (counts[static_cast<std::size_t>(k)]) out << badge(lang, static_cast<status>(k)) << ' ' << counts[static_cast<std::size_t>(k)] << "  ";
      out << "</p>";
      // One value axis for all the series of the indicator, unless their magnitudes differ too much (chart.hpp).
      std::vector<chart_data> ds;
      for (const auto* s : series) ds.push_back(series_chart_data(p, ev, *s, lang));
      const auto shared = shared_value_domain(ds);
      if (scales_differ(ds))
        out << "<p class=\"meta scale-note\">" << escape(tr(lang, "Each chart has its own scale: the values differ by orders of magnitude."))
            << "</p>";
      out << "<div class=\"grid\">";
      for (const auto& d : ds) out << "<figure class=\"sm\">" << chart(d, true, shared) << data(ind, d) << "</figure>";
      out << "</div>";
      sources(ind);
      if (ind.measure == measure::ordinal) {
        out << "<p class=\"meta\">" << escape(tr(lang, "levels")) << ": ";
        for (std::size_t k = 0; k < ind.levels.size(); ++k) out << (k ? ", " : "") << k << " " << escape(ind.levels[k]);
        out << "</p>";
      }
      indicator_results(ind);
      out << "<details class=\"traces\"><summary>"
          << escape(text::fill(text::trn(lang, "Traces ({n} series)", "Traces ({n} series)", series.size()), {{"n", std::to_string(series.size())}}))
          << "</summary>";
      for (const auto* s : series) {
        out << "<details class=\"trace\"><summary>" << entity_html(lang, p, ind, s->entity, s->disaggregation) << ": "
            << escape(text::fill(tr(lang, "{status}, current {value}"),
                                 {{"status", detail::status_text(lang, s->outcome.status, s->outcome.category)}, {"value", detail::current_text(lang, ind, *s)}}))
            << "</summary>";
        write_trace(out, lang, s->outcome.trace);
        out << "</details>";
      }
      out << "</details>";
    }
    out << "</article>\n";
  }

  /// The streamlined-reporting table: per instrument, the indicators serving it and their data points.
  void streamlined(const std::vector<detail::instrument_servings>& servings) {
    out << "<section id=\"streamlined\"><h2>" << escape(tr(lang, "Streamlined reporting")) << "</h2><p class=\"meta\">"
        << escape(tr(lang, detail::streamlined_note)) << "</p><table>"
        << header({N_("instrument"), N_("indicator"), N_("reference"), N_("series"), N_("points"), N_("latest period")});
    for (const auto& in : servings)
      for (std::size_t k = 0; k < in.indicators.size(); ++k) {
        const auto& sv = in.indicators[k];
        out << "<tr>";
        if (k == 0) out << "<td rowspan=\"" << in.indicators.size() << "\">" << escape(in.instrument) << "</td>";
        out << "<td><a href=\"#" << anchor_id("ind-", sv.ind->id.str()) << "\">" << escape(sv.ind->id.str()) << "</a> " << escape(detail::title_of(lang, *sv.ind))
            << "</td><td>" << escape(sv.ref) << "</td><td class=\"n\">" << sv.series << "</td><td class=\"n\">" << sv.points << "</td><td>"
            << (sv.latest ? sv.latest->str() : "–") << "</td></tr>";
      }
    out << "</table></section>\n";
  }

  void write() {
    const auto n = [](std::size_t k) { return std::to_string(k); };
    const std::string title = escape(translated(p.translations(), "title", lang, p.title()));
    const std::string as_of = detail::as_of_text(lang, ev.as_of);
    out << "<!DOCTYPE html>\n<html lang=\"" << to_string(lang) << "\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"waypoint "
        << version_string << "\"><title>" << title << " — " << escape(text::fill(tr(lang, "as of {date}"), {{"date", as_of}}))
        << "</title><style>" << style << "</style></head><body>\n";
    out << "<header><h1>" << title << "</h1><p class=\"meta\">"
        << text::fill(escape(text::trn(lang, "Plan {id} · period {period} · evaluated as of {date} · {n} series of {indicators} indicators",
                                       "Plan {id} · period {period} · evaluated as of {date} · {n} series of {indicators} indicators", ev.series.size())),
                      {{"id", "<code>" + escape(p.id().str()) + "</code>"}, {"period", p.period().str()}, {"date", "<strong>" + escape(as_of) + "</strong>"},
                       {"n", n(ev.series.size())}, {"indicators", n(p.indicators().size())}})
        << "</p></header>\n";
    const auto groups = detail::groups(lang, p);
    const auto servings = detail::streamlined_reporting(p, ev);
    out << "<nav><a href=\"#summary\">" << escape(tr(lang, "Summary")) << "</a><a href=\"#challenges\">" << escape(tr(lang, "Challenges")) << "</a>"
        << (ev.rolled_up && !ev.milestones.empty() ? "<a href=\"#milestones\">" + escape(tr(lang, "Milestones")) + "</a>" : "")
        << (servings.empty() ? "" : "<a href=\"#streamlined\">" + escape(tr(lang, "Streamlined reporting")) + "</a>");
    for (const auto& g : groups) out << "<a href=\"#" << group_anchor(g) << "\">" << escape(g.title) << "</a>";
    out << "</nav>\n";

    out << "<section id=\"summary\"><h2>" << escape(tr(lang, "Summary")) << "</h2><p>";
    const auto counts = ev.status_counts();
    for (int k = 0; k < status_count; ++k) out << badge(lang, static_cast<status>(k)) << ' ' << counts[static_cast<std::size_t>(k)] << "  ";
    out << "</p><p class=\"meta\">"
        << (ev.rolled_up ? escape(tr(lang, "Total series per status by section (each bar is one section's series; after it their number and the roll-up "
                                           "score: achieved and on track 1, needs acceleration 0.5, off track and regressing 0).")) +
                               " " + escape(detail::series_count_note(lang, ev))
                         : escape(tr(lang, "Series per status (no roll-ups: a partition):")))
        << "</p>" << render_status_bars(section_status_counts(p, ev, lang), lang) << legend(lang) << "</section>\n";

    out << "<section id=\"challenges\"><h2>" << escape(tr(lang, "Challenges")) << "</h2>";
    if (!ev.rolled_up) {
      out << "<p>" << escape(tr(lang, "Not computed for a partition of the series.")) << "</p>";
    } else if (ev.challenges.empty()) {
      out << "<p>" << escape(tr(lang, "No series is off track or regressing.")) << "</p>";
    } else {
      out << "<p class=\"meta\">"
          // xgettext:no-c-format
          << escape(tr(lang, "Series off track or regressing, most severe first: regressing before off track, then by the share of the "
                             "required change (target − base) still to go. A series further from its target than at its base shows 100% and the ground "
                             "it lost, as a share of that change."))
          << "</p><table>" << header({N_("indicator"), N_("entity"), N_("status"), N_("current"), N_("target"), N_("gap to target"), N_("still to go"), N_("trend")});
      for (const auto& c : ev.challenges) {
        const indicator& ind = *p.find(c.indicator);
        const series_result* s = detail::find_series(ev, c);
        out << "<tr><td><a href=\"#" << anchor_id("ind-", c.indicator.str()) << "\">" << escape(c.indicator.str()) << "</a> "
            << escape(detail::title_of(lang, ind)) << "</td><td>" << entity_html(lang, p, ind, c.entity, c.disaggregation) << "</td><td>"
            << badge(lang, c.state) << "</td><td>" << escape(s ? detail::current_text(lang, ind, *s) : "–") << "</td><td>"
            << escape(s ? detail::target_text(lang, ind, *s) : "–") << "</td><td class=\"n\">" << readable_number(lang, ind, c.gap_to_target)
            << "</td><td class=\"n\">" << escape(detail::to_go_text(lang, c.normalised_gap)) << "</td><td class=\"n\">"
            << escape(s ? detail::slope_text(lang, s->trend) : "–") << "</td></tr>";
      }
      out << "</table>";
    }
    out << "</section>\n";

    if (ev.rolled_up && !ev.milestones.empty()) {
      out << "<section id=\"milestones\"><h2>" << escape(tr(lang, "Section milestones")) << "</h2><p class=\"meta\">"
          << escape(tr(lang, "Each section's aspirational milestones, checked against the statuses of the actions that feed them; for those at "
                             "risk or missed, the lagging actions and their indicators."))
          << "</p><table>"
          << header({N_("section"), N_("milestone"), N_("due"), N_("state"), N_("score"), N_("lagging actions: indicators (their lagging series per status)")});
      for (const auto& m : ev.milestones) {
        const section* sec = p.find(m.section);
        out << "<tr><td>" << escape(sec ? detail::title_of(lang, *sec) : m.section.str()) << "</td><td><code>" << escape(m.milestone.str()) << "</code> "
            << escape(detail::milestone_text(lang, p, m)) << "</td><td>" << (m.due ? escape(text::long_date(lang, *m.due)) : "–")
            << "</td><td><span class=\"badge s-" << to_string(detail::state_colour(m.state)) << "\">" << escape(detail::milestone_words(lang, m.state))
            << "</span></td><td class=\"n\">" << (m.feed.score ? detail::score_text(lang, *m.feed.score) : "–") << "</td><td>";
        const auto lines = detail::lagging_lines(lang, ev, m);
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
      if (g.sec && !g.sec->chapeau.narrative.empty())
        out << "<blockquote>" << escape(translated(g.sec->chapeau.translations, "narrative", lang, g.sec->chapeau.narrative)) << "</blockquote>";
      out << '\n';
      for (const indicator* ind : g.indicators) {
        const auto it = by_indicator.find(ind->id);
        indicator_article(*ind, it == by_indicator.end() ? none : it->second);
      }
      out << "</section>\n";
    }
    out << "<footer>"
        << escape(text::fill(tr(lang, "Generated by waypoint {version}. Observed points are those the assessment used (its trace). The expected path "
                                      "runs from the base through the milestones to the target; the trend is the least-squares line over the points "
                                      "from the base on, projected to the target date, with its {share} prediction interval. The shaded band is the "
                                      "plan period."),
                             {{"version", version_string}, {"share", text::percent(lang, "95")}}))
        << "</footer>\n</body></html>\n";
  }
};

}  // namespace

void write_html(std::ostream& out, const plan& p, const evaluation& ev, const report_options& opt) { html_writer{out, p, ev, opt}.write(); }

}  // namespace waypoint::report
