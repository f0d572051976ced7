// SPDX-License-Identifier: Apache-2.0
// Roll-up writers: section and plan roll-ups, section milestones, challenges (table, CSV, JSON).

#include "waypoint/io/rollup_io.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "csv.hpp"
#include "rollup_json.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/version.hpp"

namespace waypoint::io {
namespace {

using ojson = nlohmann::ordered_json;
// Every json that is indexed by key starts as ojson::object(), never null: indexing a null json
// (nlohmann 3.11) sets its type to object before allocating the map, so a bad_alloc there left an
// object with no map, which the destructor then read while unwinding (the segfault at address 8
// of cli.out_of_memory under load).

ojson num(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

std::string short_num(const std::optional<double>& v, int digits = 3) {
  if (!v) return "-";
  std::ostringstream ss;
  ss << std::setprecision(digits) << without_negative_zero(*v);
  return ss.str();
}

std::string level_of(const entity_id& e) { return e == collective_entity() ? "collective" : "national"; }

/// Rows aligned in columns two spaces apart.
void aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> w;
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) {
      if (w.size() <= k) w.push_back(0);
      w[k] = std::max(w[k], r[k].size());
    }
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t k = 0; k < r.size(); ++k) line += r[k] + (k + 1 < r.size() ? std::string(w[k] - r[k].size() + 2, ' ') : "");
    out << line << '\n';
  }
}

std::string header_line(const plan& p, const evaluation& ev) {
  return p.title() + " (" + p.id().str() + "), as of " + (ev.as_of ? to_string(*ev.as_of) : std::string("latest data"));
}

// ---- JSON parts ----

ojson counts_json(const rollup& r) {
  ojson c = ojson::object();
  for (int k = 0; k < status_count; ++k) c[std::string(to_string(static_cast<status>(k)))] = r.counts[static_cast<std::size_t>(k)];
  return c;
}
void put_rollup(ojson& j, const rollup& r) {
  j["score"] = num(r.score);
  j["series"] = r.series;
  j["counts"] = counts_json(r);
}

ojson plan_rollup_json(const plan& p, const evaluation& ev) {
  ojson j = ojson::object();
  j["plan"] = p.id().str();
  put_rollup(j, ev.plan_rollup);
  return j;
}

/// One object per roll-up of `parts` (sections or actions): `fill(j, k)` writes the keys that name
/// part `k`, then its score, series and counts follow.
template <class Part, class Fill>
ojson parts_json(const std::vector<Part>& parts, Fill&& fill) {
  ojson a = ojson::array();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    ojson j = ojson::object();
    fill(j, k);
    put_rollup(j, parts[k].totals);
    a.push_back(std::move(j));
  }
  return a;
}

ojson sections_json(const plan& p, const evaluation& ev) {
  return parts_json(ev.sections, [&](ojson& j, std::size_t k) {
    j["section"] = ev.sections[k].section.str();
    j["title"] = p.sections()[k].title;
    j["weight"] = p.sections()[k].weight;
    ojson acts = ojson::array();
    for (const auto& id : ev.sections[k].actions) acts.push_back(id.str());
    j["actions"] = std::move(acts);
  });
}

ojson actions_json(const plan& p, const evaluation& ev) {
  return parts_json(ev.actions, [&](ojson& j, std::size_t k) {
    j["action"] = ev.actions[k].action.str();
    j["section"] = p.actions()[k].section.str();
    j["weight"] = p.actions()[k].weight;
  });
}

ojson lagging_json(const std::vector<lagging_action>& lagging) {
  ojson a = ojson::array();
  for (const auto& la : lagging) {
    ojson inds = ojson::array();
    for (const auto& li : la.indicators)
      inds.push_back({{"indicator", li.indicator.str()}, {"worst", std::string(to_string(li.worst))}, {"series", li.series}});
    a.push_back({{"action", la.action.str()}, {"score", num(la.score)}, {"indicators", std::move(inds)}});
  }
  return a;
}

ojson milestone_json(const milestone_check& m) {
  ojson j = ojson::object();
  j["section"] = m.section.str();
  j["milestone"] = m.milestone.str();
  j["text"] = m.text;
  j["due"] = m.due ? ojson(to_string(*m.due)) : ojson(nullptr);
  j["state"] = std::string(to_string(m.state));
  ojson feeding = ojson::array();
  for (const auto& a : m.feeding) feeding.push_back(a.str());
  j["feeding"] = std::move(feeding);
  put_rollup(j, m.feed);
  j["lagging"] = lagging_json(m.lagging);
  return j;
}

ojson milestones_json(const evaluation& ev, bool only_at_risk) {
  ojson a = ojson::array();
  for (const auto& m : ev.milestones)
    if (!only_at_risk || m.state == milestone_state::at_risk || m.state == milestone_state::missed) a.push_back(milestone_json(m));
  return a;
}

ojson challenges_json(const plan& p, const evaluation& ev) {
  ojson a = ojson::array();
  std::size_t rank = 0;
  for (const auto& c : ev.challenges) {
    ojson j = ojson::object();
    j["rank"] = ++rank;
    j["indicator"] = c.indicator.str();
    j["entity"] = c.entity.str();
    j["disaggregation"] = c.disaggregation;
    j["level"] = level_of(c.entity);
    j["status"] = std::string(to_string(c.state));
    j["gap_to_target"] = num(c.gap_to_target);
    j["normalised_gap"] = num(c.normalised_gap);
    j["section"] = c.section.str();
    j["action"] = c.action.str();
    const indicator* ind = p.find(c.indicator);
    j["title"] = ind ? ind->title : std::string();
    a.push_back(std::move(j));
  }
  return a;
}

ojson document(const char* format, const plan& p, const evaluation& ev) {
  ojson j = ojson::object();
  j["format"] = format;
  j["version"] = 1;
  j["generator"] = std::string("waypoint ") + version_string;
  j["plan"] = {{"id", p.id().str()}, {"title", p.title()}, {"period", p.period().str()}};
  j["as_of"] = ev.as_of ? ojson(to_string(*ev.as_of)) : ojson(nullptr);
  return j;
}

// ---- table parts ----

std::vector<std::string> rollup_head(const char* first) {
  std::vector<std::string> h = {first, "weight", "score", "series"};
  for (int k = 0; k < status_count; ++k) h.emplace_back(to_string(static_cast<status>(k)));
  return h;
}
std::vector<std::string> rollup_row(std::string name, const std::optional<double>& weight, const rollup& r) {
  std::vector<std::string> row = {std::move(name), weight ? short_num(weight, 6) : "-", short_num(r.score), std::to_string(r.series)};
  for (const auto c : r.counts) row.push_back(std::to_string(c));
  return row;
}

std::string lagging_text(const std::vector<lagging_action>& lagging) {
  std::string t;
  for (const auto& la : lagging) {
    t += (t.empty() ? "" : "; ") + la.action.str() + " (";
    for (std::size_t k = 0; k < la.indicators.size(); ++k) {
      const auto& li = la.indicators[k];
      t += (k ? ", " : "") + li.indicator.str() + " " + std::string(to_string(li.worst));
      if (li.series > 1) t += " x" + std::to_string(li.series);
    }
    t += ")";
  }
  return t.empty() ? "-" : t;
}

void milestones_table(std::ostream& out, const evaluation& ev, bool only_at_risk) {
  std::vector<std::vector<std::string>> rows = {{"milestone", "section", "due", "state", "score", "lagging actions (indicators)"}};
  for (const auto& m : ev.milestones) {
    if (only_at_risk && m.state != milestone_state::at_risk && m.state != milestone_state::missed) continue;
    rows.push_back({m.milestone.empty() ? "-" : m.milestone.str(), m.section.str(), m.due ? to_string(*m.due) : "-",
                    std::string(to_string(m.state)), short_num(m.feed.score), lagging_text(m.lagging)});
  }
  if (rows.size() == 1) {
    out << (only_at_risk ? "No milestone at risk or missed.\n" : "No section milestones.\n");
    return;
  }
  aligned(out, rows);
}

}  // namespace

namespace detail {
void append_rollup_json(nlohmann::ordered_json& j, const plan& p, const evaluation& ev) {
  if (!ev.rolled_up) return;
  j["rollup"] = {{"plan", plan_rollup_json(p, ev)}, {"sections", sections_json(p, ev)}, {"actions", actions_json(p, ev)}};
  j["milestones"] = milestones_json(ev, false);
  j["challenges"] = challenges_json(p, ev);
}

namespace {
void drop_negative_zeros(ojson& j) {
  if (auto* d = j.get_ptr<ojson::number_float_t*>()) {
    *d = without_negative_zero(*d);
    return;
  }
  if (j.is_structured())
    for (auto& v : j) drop_negative_zeros(v);
}
}  // namespace

void print_json(std::ostream& out, ojson& j) {
  drop_negative_zeros(j);
  out << j.dump(2) << '\n';
}

namespace {
/// `text` (a dump with indent 2) printed `depth` spaces further in: after each newline. Strings
/// in a dump hold no raw newline (they are escaped), so only the layout's newlines move.
void put_indented(std::ostream& out, const std::string& text, std::size_t depth) {
  const std::string pad(depth, ' ');
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out << pad;
    from = nl + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}
}  // namespace

void print_json_streamed(std::ostream& out, ojson& j, const std::vector<streamed_array>& arrays) {
  // nlohmann's layout with indent 2: "{\n", then each `  "key": value` (the value's inner lines
  // two spaces further in), separated by ",\n", then "\n}"; an array "[\n", its items one level
  // in, "\n  ]", or "[]" when empty.
  if (!j.is_object() || j.empty()) return print_json(out, j);
  out << "{\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out << ",\n";
    first = false;
    out << "  " << ojson(it.key()).dump() << ": ";
    const auto a = std::find_if(arrays.begin(), arrays.end(), [&](const streamed_array& s) { return s.key == it.key(); });
    if (a == arrays.end()) {
      drop_negative_zeros(it.value());
      put_indented(out, it.value().dump(2), 2);
      continue;
    }
    if (a->count == 0) {
      out << "[]";
      continue;
    }
    out << "[\n";
    for (std::size_t k = 0; k < a->count; ++k) {
      if (k > 0) out << ",\n";
      ojson item = a->item(k);
      drop_negative_zeros(item);
      out << "    ";
      put_indented(out, item.dump(2), 4);
    }
    out << "\n  ]";
  }
  out << "\n}\n";
}
}  // namespace detail

namespace {
constexpr std::string_view level_names[] = {"all", "national", "collective", "section", "plan"};  // the order of output_level
}  // namespace

std::optional<output_level> parse_output_level(std::string_view s) {
  for (std::size_t k = 0; k < std::size(level_names); ++k)
    if (level_names[k] == s) return static_cast<output_level>(k);
  return std::nullopt;
}

std::string_view level_name(output_level level) noexcept { return level_names[static_cast<std::size_t>(level)]; }

evaluation select_series(const evaluation& ev, output_level level) {
  evaluation out;
  out.plan = ev.plan;
  out.as_of = ev.as_of;
  if (level == output_level::all) return ev;
  const bool want_collective = level == output_level::collective;
  if (level == output_level::national || level == output_level::collective) {
    for (const auto& s : ev.series)
      if ((s.entity == collective_entity()) == want_collective) out.series.push_back(s);
    for (const auto& r : ev.indicators)
      if ((r.entity == collective_entity()) == want_collective) out.indicators.push_back(r);
  }
  return out;
}

void write_rollup_table(std::ostream& out, const plan& p, const evaluation& ev, output_level level) {
  out << "Roll-up: " << header_line(p, ev) << "\n"
      << "score: weighted mean of status scores (achieved, on_track 1; needs_acceleration 0.5; off_track, regressing 0)\n\n";
  std::vector<std::vector<std::string>> rows = {rollup_head("section")};
  if (level != output_level::plan)
    for (std::size_t k = 0; k < ev.sections.size(); ++k)
      rows.push_back(rollup_row(ev.sections[k].section.str(), p.sections()[k].weight, ev.sections[k].totals));
  rows.push_back(rollup_row("plan " + p.id().str(), std::nullopt, ev.plan_rollup));
  aligned(out, rows);
  if (level == output_level::plan) return;
  out << "\nSection milestones\n";
  milestones_table(out, ev, false);
}

void write_rollup_csv(std::ostream& out, const plan& p, const evaluation& ev, output_level level) {
  out << "level,id,title,weight,score,series";
  for (int k = 0; k < status_count; ++k) out << ',' << to_string(static_cast<status>(k));
  out << '\n';
  auto row = [&](const char* lvl, const std::string& id, const std::string& title, const std::optional<double>& w, const rollup& r) {
    out << lvl << ',' << csv_text(id) << ',' << csv_text(title) << ',' << (w ? format_number(*w) : std::string()) << ','
        << (r.score ? format_number(*r.score) : std::string()) << ',' << r.series;
    for (const auto c : r.counts) out << ',' << c;
    out << '\n';
  };
  if (level != output_level::plan)
    for (std::size_t k = 0; k < ev.sections.size(); ++k)
      row("section", ev.sections[k].section.str(), p.sections()[k].title, p.sections()[k].weight, ev.sections[k].totals);
  row("plan", p.id().str(), p.title(), std::nullopt, ev.plan_rollup);
}

void write_rollup_json(std::ostream& out, const plan& p, const evaluation& ev, output_level level) {
  ojson j = document("waypoint-rollup", p, ev);
  ojson r = ojson::object();
  r["plan"] = plan_rollup_json(p, ev);
  if (level != output_level::plan) {
    r["sections"] = sections_json(p, ev);
    r["actions"] = actions_json(p, ev);
  }
  j["rollup"] = std::move(r);
  if (level != output_level::plan) j["milestones"] = milestones_json(ev, false);
  detail::print_json(out, j);
}

void write_challenges(std::ostream& out, const plan& p, const evaluation& ev, output_format format) {
  if (format == output_format::json) {
    ojson j = document("waypoint-challenges", p, ev);
    j["challenges"] = challenges_json(p, ev);
    j["milestones_at_risk"] = milestones_json(ev, true);
    detail::print_json(out, j);
    return;
  }
  if (format == output_format::csv) {
    out << "rank,indicator,entity,disaggregation,level,status,gap_to_target,normalised_gap,section,action,title\n";
    std::size_t rank = 0;
    for (const auto& c : ev.challenges) {
      const indicator* ind = p.find(c.indicator);
      out << ++rank << ',' << csv_text(c.indicator.str()) << ',' << csv_text(c.entity.str()) << ',' << csv_text(c.disaggregation) << ','
          << level_of(c.entity) << ',' << to_string(c.state) << ',' << (c.gap_to_target ? format_number(*c.gap_to_target) : std::string()) << ','
          << (c.normalised_gap ? format_number(*c.normalised_gap) : std::string()) << ',' << csv_text(c.section.str()) << ','
          << csv_text(c.action.str()) << ',' << csv_text(ind ? ind->title : std::string()) << '\n';
    }
    return;
  }
  out << "Challenges: " << header_line(p, ev) << "\n" << ev.challenges.size()
      << " series off track or regressing; regressing first, then by normalised gap (gap to target / |target - base|)\n\n";
  if (!ev.challenges.empty()) {
    std::vector<std::vector<std::string>> rows = {{"rank", "indicator", "entity", "level", "status", "gap", "norm. gap", "section", "action"}};
    std::size_t rank = 0;
    for (const auto& c : ev.challenges)
      rows.push_back({std::to_string(++rank), c.indicator.str(), c.entity.str() + (c.disaggregation.empty() ? "" : " [" + c.disaggregation + "]"),
                      level_of(c.entity), std::string(to_string(c.state)), short_num(c.gap_to_target, 6), short_num(c.normalised_gap),
                      c.section.empty() ? "-" : c.section.str(), c.action.empty() ? "-" : c.action.str()});
    aligned(out, rows);
  }
  out << "\nMilestones at risk or missed\n";
  milestones_table(out, ev, true);
}

}  // namespace waypoint::io
