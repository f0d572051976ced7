// SPDX-License-Identifier: Apache-2.0
// A plan as a YAML plan file, and observations as CSV: the inverse of plan_io.cpp and
// observations_io.cpp for what they write.

#include "waypoint/io/plan_writer.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "csv.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io {
namespace {

YAML::Emitter& quoted(YAML::Emitter& y, const std::string& s) { return y << YAML::DoubleQuoted << s; }

void put_text(YAML::Emitter& y, const char* key, const std::string& s) {
  y << YAML::Key << key << YAML::Value;
  quoted(y, s);
}

// A text field with its translations (docs/formats.md, "Translations"): plain when it has none,
// else a map of language code → text, which holds the default text too.
void put_translatable(YAML::Emitter& y, const char* key, const std::string& s, const text_translations& t) {
  const auto it = t.find(std::string_view(key));
  if (it == t.end()) {
    put_text(y, key, s);
    return;
  }
  y << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [code, text] : it->second) put_text(y, code.c_str(), text);
  y << YAML::EndMap;
}

void put_number(YAML::Emitter& y, const char* key, double v) { y << YAML::Key << key << YAML::Value << format_number(v); }

// A value as the plan file writes it for this indicator: numbers plain, yes/no as booleans,
// levels by name, text quoted.
void put_value(YAML::Emitter& y, const char* key, const value& v, const indicator& ind) {
  y << YAML::Key << key << YAML::Value;
  if (v.is_boolean()) y << (*v.numeric() != 0 ? "true" : "false");
  else if (v.is_level() && *v.numeric() < static_cast<double>(ind.levels.size())) quoted(y, ind.levels[static_cast<std::size_t>(*v.numeric())]);
  else if (v.is_number()) y << format_number(*v.numeric());
  else quoted(y, v.as_text());
}

std::string time_ref_text(const time_ref& t) {
  if (auto p = std::get_if<period>(&t)) return p->str();
  return std::get<event_id>(t).str();
}

void put_extensions(YAML::Emitter& y, const extension_map& e) {
  if (e.empty()) return;
  y << YAML::Key << "extensions" << YAML::Value << YAML::BeginMap;
  for (const auto& [k, v] : e) put_text(y, k.c_str(), v);
  y << YAML::EndMap;
}

void put_indicator(YAML::Emitter& y, const indicator& ind) {
  y << YAML::BeginMap;
  put_text(y, "id", ind.id.str());
  if (!ind.title.empty()) put_translatable(y, "title", ind.title, ind.translations);
  y << YAML::Key << "measure" << YAML::Value << std::string(to_string(ind.measure));
  if (!ind.unit.empty()) put_translatable(y, "unit", ind.unit, ind.translations);
  y << YAML::Key << "direction" << YAML::Value << std::string(to_string(ind.direction));
  if (ind.range)
    y << YAML::Key << "range" << YAML::Value << YAML::Flow << YAML::BeginSeq << format_number(ind.range->low) << format_number(ind.range->high)
      << YAML::EndSeq;
  if (ind.accumulation != accumulation::level) y << YAML::Key << "accumulation" << YAML::Value << std::string(to_string(ind.accumulation));
  if (ind.scope != scope::national) y << YAML::Key << "scope" << YAML::Value << std::string(to_string(ind.scope));
  if (ind.limit) put_number(y, "limit", *ind.limit);
  if (!ind.levels.empty()) {
    y << YAML::Key << "levels" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& l : ind.levels) quoted(y, l);
    y << YAML::EndSeq;
  }
  if (ind.baseline) {
    y << YAML::Key << "baseline" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (ind.baseline->amount) put_value(y, "value", *ind.baseline->amount, ind);
    put_text(y, "period", ind.baseline->at.str());
    if (!ind.baseline->source.empty()) put_text(y, "source", ind.baseline->source);
    y << YAML::EndMap;
  }
  if (!ind.milestones.empty()) {
    y << YAML::Key << "milestones" << YAML::Value << YAML::BeginSeq;
    for (const auto& m : ind.milestones) {
      y << YAML::Flow << YAML::BeginMap;
      put_value(y, "value", m.amount, ind);
      put_text(y, "at", time_ref_text(m.at));
      if (m.aspirational) y << YAML::Key << "aspirational" << YAML::Value << "true";
      y << YAML::EndMap;
    }
    y << YAML::EndSeq;
  }
  if (ind.target) {
    y << YAML::Key << "target" << YAML::Value << YAML::Flow << YAML::BeginMap;
    put_value(y, "value", ind.target->amount, ind);
    put_text(y, "at", ind.target->at.str());
    y << YAML::EndMap;
  }
  if (!ind.method.name.empty()) {
    y << YAML::Key << "method" << YAML::Value << YAML::BeginMap;
    put_text(y, "name", ind.method.name);
    if (!ind.method.params.empty()) {
      y << YAML::Key << "params" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [k, v] : ind.method.params) put_text(y, k.c_str(), v);
      y << YAML::EndMap;
    }
    y << YAML::EndMap;
  }
  if (!ind.notes.empty()) {
    y << YAML::Key << "notes" << YAML::Value << YAML::BeginSeq;
    for (const auto& n : ind.notes) quoted(y, n);
    y << YAML::EndSeq;
  }
  put_extensions(y, ind.extensions);
  y << YAML::EndMap;
}

}  // namespace

std::vector<problem> unwritable_parts(const plan& p) {
  std::vector<problem> out;
  auto no = [&](const std::string& what) {
    out.push_back({errc::plan_unsupported, location{{}, 0, 0, {}}, "the YAML plan writer cannot write " + what + " yet"});
  };
  if (!p.populations().empty()) no("populations");
  if (!p.obligation_kinds().empty()) no("obligation kinds");
  if (p.entry_into_force().months_after != entry_into_force_rule{}.months_after) no("the entry-into-force rule");
  if (const auto& r = p.calendar().reporting; r && (r->initial_days != reporting_cycle{}.initial_days || !r->reports.empty()))
    no("the initial-report rule or the submissions indicator of the reporting cycle");
  for (const auto& e : p.entities()) {
    const auto& m = e.membership;
    if (m.signed_on || m.deposited || m.entry_into_force || m.withdrawn || !e.attributes.empty() || !e.obligations.empty())
      no("the membership, attributes or obligations of entity '" + e.id.str() + "'");
  }
  for (const auto& s : p.sections()) {
    if (s.weight != 1) no("the weight of section '" + s.id.str() + "'");
    for (const auto& m : s.milestones)
      if (!m.fed_by.empty() && m.fed_by != s.actions) no("the actions feeding milestone '" + m.id.str() + "'");
  }
  for (const auto& a : p.actions())
    if (!a.contributes_to.empty() || !a.supports.empty() || a.weight != 1) no("the links or weight of action '" + a.id.str() + "'");
  for (const auto& i : p.indicators())
    if (i.aggregate || !i.dimensions.empty() || !i.group_targets.empty() || i.breakdown_of || i.parts_tolerance != 0 || i.weight != 1 ||
        !i.serves.empty())
      no("the aggregation, dimensions, group targets, breakdown, weight or links of indicator '" + i.id.str() + "'");
  return out;
}

void write_plan_yaml(std::ostream& out, const plan& p) {
  if (auto ps = unwritable_parts(p); !ps.empty()) throw error(std::move(ps));
  YAML::Emitter y;
  y << YAML::BeginMap << YAML::Key << "waypoint" << YAML::Value << 1;
  y << YAML::Key << "plan" << YAML::Value << YAML::BeginMap;
  put_text(y, "id", p.id().str());
  put_translatable(y, "title", p.title(), p.translations());
  put_text(y, "period", p.period().str());
  put_extensions(y, p.extensions());
  y << YAML::EndMap;
  const auto& cal = p.calendar();
  if (!cal.events.empty() || cal.reporting) {
    y << YAML::Key << "calendar" << YAML::Value << YAML::BeginMap;
    if (!cal.events.empty()) {
      y << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
      for (const auto& e : cal.events) {
        y << YAML::Flow << YAML::BeginMap;
        put_text(y, "id", e.id.str());
        if (!e.title.empty()) put_text(y, "title", e.title);
        put_text(y, "date", to_string(e.on));
        y << YAML::EndMap;
      }
      y << YAML::EndSeq;
    }
    if (cal.reporting) {
      char due[6];
      std::snprintf(due, sizeof due, "%02u-%02u", cal.reporting->due_month % 100, cal.reporting->due_day % 100);
      y << YAML::Key << "reporting" << YAML::Value << YAML::Flow << YAML::BeginMap;
      put_text(y, "due", due);
      y << YAML::Key << "grace_days" << YAML::Value << cal.reporting->grace_days << YAML::EndMap;
    }
    y << YAML::EndMap;
  }
  if (!p.entities().empty()) {
    y << YAML::Key << "entities" << YAML::Value << YAML::BeginSeq;
    for (const auto& e : p.entities()) {
      y << YAML::Flow << YAML::BeginMap;
      put_text(y, "id", e.id.str());
      if (!e.name.empty()) put_translatable(y, "name", e.name, e.translations);
      y << YAML::EndMap;
    }
    y << YAML::EndSeq;
  }
  if (!p.sections().empty()) {
    y << YAML::Key << "sections" << YAML::Value << YAML::BeginSeq;
    for (const auto& s : p.sections()) {
      y << YAML::BeginMap;
      put_text(y, "id", s.id.str());
      if (!s.title.empty()) put_translatable(y, "title", s.title, s.translations);
      const auto& c = s.chapeau;
      if (!c.narrative.empty() || c.as_of || !c.figures.empty()) {
        y << YAML::Key << "chapeau" << YAML::Value << YAML::BeginMap;
        if (!c.narrative.empty()) put_translatable(y, "narrative", c.narrative, c.translations);
        if (c.as_of) put_text(y, "date", to_string(*c.as_of));
        if (!c.figures.empty()) {
          y << YAML::Key << "figures" << YAML::Value << YAML::BeginMap;
          for (const auto& f : c.figures) put_number(y, f.name.c_str(), f.amount);
          y << YAML::EndMap;
        }
        y << YAML::EndMap;
      }
      if (!s.milestones.empty()) {
        y << YAML::Key << "milestones" << YAML::Value << YAML::BeginSeq;
        for (const auto& m : s.milestones) {
          y << YAML::BeginMap;
          if (!m.id.empty()) put_text(y, "id", m.id.str());
          if (!m.text.empty()) put_translatable(y, "text", m.text, m.translations);
          put_text(y, "by", time_ref_text(m.by));
          y << YAML::EndMap;
        }
        y << YAML::EndSeq;
      }
      y << YAML::Key << "actions" << YAML::Value << YAML::BeginSeq;
      for (const auto& aid : s.actions) {
        const action& a = *p.find(aid);
        y << YAML::BeginMap;
        put_text(y, "id", a.id.str());
        if (!a.text.empty()) put_translatable(y, "text", a.text, a.translations);
        if (!a.tags.empty()) {
          y << YAML::Key << "tags" << YAML::Value << YAML::Flow << YAML::BeginSeq;
          for (const auto& t : a.tags) quoted(y, t);
          y << YAML::EndSeq;
        }
        put_extensions(y, a.extensions);
        if (!a.indicators.empty()) {
          y << YAML::Key << "indicators" << YAML::Value << YAML::BeginSeq;
          for (const auto& iid : a.indicators) put_indicator(y, *p.find(iid));
          y << YAML::EndSeq;
        }
        y << YAML::EndMap;
      }
      y << YAML::EndSeq << YAML::EndMap;
    }
    y << YAML::EndSeq;
  }
  y << YAML::EndMap;
  if (!y.good()) throw error(errc::plan_io, {}, std::string("YAML emitter: ") + y.GetLastError());
  out << y.c_str() << '\n';
}

void write_observations_csv(std::ostream& out, const plan& p, const observation_store& store) {
  // Which optional columns and dimensions are used.
  bool reported = false, flag = false, source = false;
  std::set<std::string> dims;
  const std::size_t n = store.series_count();
  const double* first = n ? store.series(0).amount.data() : nullptr;
  auto split = [](std::string_view key, auto&& f) {
    while (!key.empty()) {
      const auto semi = key.find(';');
      const auto part = key.substr(0, semi);
      const auto eq = part.find('=');
      f(part.substr(0, eq), eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
      key = semi == std::string_view::npos ? std::string_view() : key.substr(semi + 1);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = store.series(i);
    reported = reported || !v.reported_col.empty();
    flag = flag || !v.flag_col.empty();
    for (std::size_t k = 0; k < v.size() && !source; ++k) source = !store.source_of_row(static_cast<std::size_t>(&v.amount[k] - first)).empty();
    split(*v.disaggregation, [&](std::string_view d, std::string_view) { dims.emplace(d); });
  }
  out << "indicator,entity,period,value";
  if (reported) out << ",reported_on";
  if (flag) out << ",flag";
  if (source) out << ",source";
  for (const auto& d : dims) out << ',' << detail::csv_quoted("dim:" + d);
  out << '\n';
  for (std::size_t i = 0; i < n; ++i) {
    const auto v = store.series(i);
    const indicator& ind = p.indicators()[v.indicator];
    std::map<std::string, std::string, std::less<>> cells;
    split(*v.disaggregation, [&](std::string_view d, std::string_view c) { cells[std::string(d)] = std::string(c); });
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double a = v.amount[k];
      std::string value;
      switch (ind.measure) {
        case measure::qualitative: value = std::string(v.narrative(k)); break;
        case measure::binary: value = a != 0 ? "yes" : "no"; break;
        case measure::ordinal: value = a >= 0 && a < static_cast<double>(ind.levels.size()) ? ind.levels[static_cast<std::size_t>(a)] : format_number(a); break;
        default: value = format_number(a);
      }
      out << detail::csv_quoted(ind.id.str()) << ',' << detail::csv_quoted(*v.entity) << ',' << v.period_of(k).str() << ',' << detail::csv_quoted(value);
      if (reported) out << ',' << (v.reported_on(k) == no_report_date ? std::string() : iso_date(v.reported_on(k)));
      if (flag) out << ',' << to_string(v.flag(k));
      if (source) out << ',' << detail::csv_quoted(store.source_of_row(static_cast<std::size_t>(&v.amount[k] - first)));
      for (const auto& d : dims) {
        auto it = cells.find(d);
        out << ',' << (it == cells.end() ? std::string() : detail::csv_quoted(it->second));
      }
      out << '\n';
    }
  }
}

}  // namespace waypoint::io
