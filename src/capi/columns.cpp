// SPDX-License-Identifier: Apache-2.0
// The C API: every result kind as columns (Arrow C Data Interface), from an evaluation or straight
// from the batch kernel. Each kind is turned into a `table` here; table.cpp exports it.

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "capi.hpp"
#include "table.hpp"
#include "waypoint/eval/deadlines.hpp"
#include "waypoint/io/evaluation_io.hpp"

using namespace waypoint::capi;

namespace {

using waypoint::field_info;
using waypoint::field_type;

/// The column names asked for: `columns[0..count)`, or none (the kind's default set).
std::vector<std::string> names_of(const char* const* columns, std::size_t count) {
  std::vector<std::string> out;
  if (count > 0) need(columns, "columns");
  for (std::size_t k = 0; k < count; ++k) out.emplace_back(element(columns[k], "columns", k));
  return out;
}

[[noreturn]] void unknown_column(std::string_view kind, const std::string& name, const std::vector<std::string>& known) {
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  bad_argument(waypoint::errc::capi_bad_field, "the " + std::string(kind) + " results have no column '" + name + "' (they have " + list + ")");
}

/// The positions in `known` of the columns asked for (all of `defaults` when none is), checked:
/// each must exist and come once.
std::vector<std::size_t> pick(std::string_view kind, const std::vector<std::string>& asked, const std::vector<std::string>& known,
                              std::size_t defaults) {
  std::vector<std::size_t> out;
  if (asked.empty()) {
    for (std::size_t k = 0; k < defaults; ++k) out.push_back(k);
    return out;
  }
  for (const auto& name : asked) {
    const auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) unknown_column(kind, name, known);
    const auto at = static_cast<std::size_t>(it - known.begin());
    if (std::find(out.begin(), out.end(), at) != out.end()) bad_argument(waypoint::errc::capi_bad_field, "column '" + name + "' is named twice");
    out.push_back(at);
  }
  return out;
}

// --- Series ------------------------------------------------------------------------------------

/// The series fields a table can hold: the CSV columns, then the object fields.
std::vector<const field_info*> series_fields() {
  std::vector<const field_info*> out;
  for (const auto& f : waypoint::fields())
    if (f.in_csv()) out.push_back(&f);
  for (const auto& f : waypoint::fields())
    if (f.has(waypoint::result_level::series) && f.type == field_type::object) out.push_back(&f);
  return out;
}

/// The series fields named (every CSV column when none is); `objects` false refuses the object fields.
std::vector<const field_info*> pick_series(const std::vector<std::string>& asked, bool objects) {
  const auto all = series_fields();
  std::vector<std::string> known;
  std::size_t csv = 0;
  for (const auto* f : all) {
    known.emplace_back(f->name);
    csv += f->in_csv() ? 1 : 0;
  }
  std::vector<const field_info*> out;
  for (const auto k : pick("series", asked, known, csv)) {
    if (!objects && all[k]->type == field_type::object)
      bad_argument(waypoint::errc::capi_bad_field, "column '" + known[k] + "' (JSON) needs a full evaluation: use waypoint_evaluate, then waypoint_evaluation_columns");
    out.push_back(all[k]);
  }
  return out;
}

waypoint::capi::column_type type_of(field_type t) {
  switch (t) {
    case field_type::number: return column_type::number;
    case field_type::integer: return column_type::integer;
    case field_type::boolean: return column_type::boolean;
    case field_type::object: return column_type::json;
    default: return column_type::text;  // text, period
  }
}

table series_table(const std::vector<const field_info*>& fs) {
  table t;
  for (const auto* f : fs) t.columns.emplace_back(std::string(f->name), type_of(f->type));
  return t;
}

/// Appends the row `v` to `t`, whose columns are `fs`.
void add_series_row(table& t, const std::vector<const field_info*>& fs, const waypoint::row_view& v) {
  for (std::size_t k = 0; k < fs.size(); ++k) {
    const field_info& f = *fs[k];
    auto& c = t.columns[k];
    switch (f.type) {
      case field_type::text: c.text(f.text(v)); break;
      case field_type::period: c.period_text(f.at(v)); break;
      case field_type::number: c.number(f.number(v)); break;
      case field_type::integer: c.integer(f.integer(v)); break;
      case field_type::boolean: c.boolean(f.boolean(v)); break;
      case field_type::object: c.json_text(waypoint::io::object_field_json(v, f.id)); break;
    }
  }
}

// --- The other kinds ---------------------------------------------------------------------------

/// A kind's columns: names and types, in CSV order.
struct column_spec {
  const char* name;
  column_type type;
};

/// A table of the columns of `spec` that `asked` names (all when none is), for `n` rows:
/// `row(k, columns)` appends row k to every column of the spec, in spec order.
template <class Rows>
table kind_table(std::string_view kind, const std::vector<column_spec>& spec, const std::vector<std::string>& asked, std::size_t n, Rows row) {
  std::vector<std::string> known;
  for (const auto& s : spec) known.emplace_back(s.name);
  const auto which = pick(kind, asked, known, spec.size());
  table t;
  std::vector<int> slot(spec.size(), -1);  // spec column -> table column
  for (std::size_t k = 0; k < which.size(); ++k) {
    t.columns.emplace_back(known[which[k]], spec[which[k]].type);
    slot[which[k]] = static_cast<int>(k);
  }
  // A full row, then only the picked cells are kept: rows are few (roll-ups, challenges).
  table full;
  for (const auto& s : spec) full.columns.emplace_back(s.name, s.type);
  for (std::size_t r = 0; r < n; ++r) row(r, full.columns);
  for (std::size_t k = 0; k < spec.size(); ++k)
    if (slot[k] >= 0) t.columns[static_cast<std::size_t>(slot[k])] = std::move(full.columns[k]);
  return t;
}

std::vector<column_spec> rollup_spec() {
  std::vector<column_spec> s = {{"level", column_type::text}, {"id", column_type::text},      {"title", column_type::text},
                                {"weight", column_type::number}, {"score", column_type::number}, {"series", column_type::integer}};
  for (int k = 0; k < waypoint::status_count; ++k) s.push_back({waypoint::to_string(static_cast<waypoint::status>(k)).data(), column_type::integer});
  return s;
}

void put_rollup(std::vector<waypoint::capi::column>& c, std::string_view level, std::string_view id, std::string_view title,
                std::optional<double> weight, const waypoint::rollup& r) {
  c[0].text(level);
  c[1].text(id);
  c[2].text(title);
  c[3].number(weight);
  c[4].number(r.score);
  c[5].integer(static_cast<std::int64_t>(r.series));
  for (std::size_t k = 0; k < r.counts.size(); ++k) c[6 + k].integer(static_cast<std::int64_t>(r.counts[k]));
}

/// "A1 (I1, I2); A3 (I5)": the lagging actions and their lagging indicators.
std::string lagging_text(const std::vector<waypoint::lagging_action>& lagging) {
  std::string out;
  for (const auto& la : lagging) {
    if (!out.empty()) out += "; ";
    out += la.action.str();
    std::string inds;
    for (const auto& li : la.indicators) inds += (inds.empty() ? "" : ", ") + li.indicator.str();
    if (!inds.empty()) out += " (" + inds + ")";
  }
  return out;
}

void need_rollups(const waypoint_evaluation& e) {
  if (!e.result.rolled_up)
    throw failure{WAYPOINT_E_UNSUPPORTED, waypoint::errc::capi_unsupported, "this evaluation has no roll-ups (it is one partition of a plan)"};
}

/// The collective detail: one row per period of each collective series computed from national
/// values (series order, then period order), with the population, the rule, the members and
/// the value of the period, and per group of the rule its entity ids (';'-joined, in id order)
/// and their count; a group the rule does not fill is "" with a null count.
table collective_table(const waypoint::evaluation& ev, const std::vector<std::string>& asked) {
  using waypoint::collective_group;
  std::vector<column_spec> spec = {{"indicator", column_type::text},     {"entity", column_type::text},
                                   {"disaggregation", column_type::text}, {"population", column_type::text},
                                   {"rule", column_type::text},           {"not_reported_policy", column_type::text},
                                   {"reference", column_type::date},      {"members_now", column_type::integer},
                                   {"period", column_type::text},         {"on", column_type::date},
                                   {"members", column_type::integer},     {"value", column_type::number},
                                   {"why", column_type::text}};
  const std::size_t fixed_columns = spec.size();
  std::vector<std::string> names;  // kept alive: column_spec holds the name's characters
  names.reserve(2 * waypoint::collective_group_count);
  for (std::size_t g = 0; g < waypoint::collective_group_count; ++g) {
    names.emplace_back(waypoint::to_string(static_cast<collective_group>(g)));
    names.push_back(names.back() + "_count");
  }
  for (std::size_t g = 0; g < waypoint::collective_group_count; ++g) {
    spec.push_back({names[2 * g].c_str(), column_type::text});
    spec.push_back({names[2 * g + 1].c_str(), column_type::number});
  }
  std::vector<std::pair<const waypoint::series_result*, const waypoint::collective_period*>> rows;
  for (const auto& s : ev.series)
    if (s.collective)
      for (const auto& cp : s.collective->periods) rows.emplace_back(&s, &cp);
  return kind_table("collective", spec, asked, rows.size(), [&](std::size_t k, auto& c) {
    const auto& [s, cp] = rows[k];
    const auto& cd = *s->collective;
    c[0].text(s->indicator.str());
    c[1].text(s->entity.str());
    c[2].text(s->disaggregation);
    c[3].text(cd.population.str());
    c[4].text(waypoint::to_string(cd.rule));
    c[5].text(waypoint::to_string(cd.policy));
    c[6].date(waypoint::day_number(cd.reference));
    c[7].integer(static_cast<std::int64_t>(cd.members_now));
    c[8].text(cp->at.str());
    c[9].date(waypoint::day_number(cp->on));
    c[10].integer(static_cast<std::int64_t>(cp->members));
    c[11].number(cp->value);
    c[12].text(cp->why);
    const auto filled = waypoint::groups_of(cd.rule);
    for (std::size_t g = 0; g < waypoint::collective_group_count; ++g) {
      const auto group = static_cast<collective_group>(g);
      auto& ids = c[fixed_columns + 2 * g];
      auto& count = c[fixed_columns + 2 * g + 1];
      if (std::find(filled.begin(), filled.end(), group) == filled.end()) {
        ids.text("");
        count.number(std::nullopt);
        continue;
      }
      std::string joined;
      for (const auto& id : cp->group(group)) joined.append(joined.empty() ? "" : ";").append(id.str());
      ids.text(joined);
      count.number(static_cast<double>(cp->group(group).size()));
    }
  });
}

table table_of(const waypoint_evaluation& e, int kind, const std::vector<std::string>& asked) {
  const waypoint::plan& p = *e.plan;
  const auto& ev = e.result;
  switch (kind) {
    case WAYPOINT_RESULTS_SERIES: {
      const auto fs = pick_series(asked, true);
      table t = series_table(fs);
      for (const auto& s : ev.series) add_series_row(t, fs, waypoint::row_view::of(s));
      return t;
    }
    case WAYPOINT_RESULTS_COLLECTIVE: return collective_table(ev, asked);
    case WAYPOINT_RESULTS_INDICATORS:
      return kind_table("indicator", {{"indicator", column_type::text}, {"entity", column_type::text}, {"method", column_type::text},
                                      {"status", column_type::text}, {"category", column_type::text}, {"score", column_type::number},
                                      {"reason", column_type::text}, {"n_series", column_type::integer}, {"n_scored", column_type::integer}},
                        asked, ev.indicators.size(), [&](std::size_t k, auto& c) {
                          const auto& r = ev.indicators[k];
                          c[0].text(r.indicator.str());
                          c[1].text(r.entity.str());
                          c[2].text(r.method);
                          c[3].text(waypoint::to_string(r.status));
                          c[4].text(r.category);
                          c[5].number(r.score);
                          c[6].text(r.reason);
                          c[7].integer(static_cast<std::int64_t>(r.n_series));
                          c[8].integer(static_cast<std::int64_t>(r.n_scored));
                        });
    case WAYPOINT_RESULTS_ACTIONS:
      need_rollups(e);
      return kind_table("action", rollup_spec(), asked, ev.actions.size(), [&](std::size_t k, auto& c) {
        const auto& a = p.actions()[k];
        put_rollup(c, "action", ev.actions[k].action.str(), a.text, a.weight, ev.actions[k].totals);
      });
    case WAYPOINT_RESULTS_SECTIONS:
      need_rollups(e);
      return kind_table("section", rollup_spec(), asked, ev.sections.size(), [&](std::size_t k, auto& c) {
        put_rollup(c, "section", ev.sections[k].section.str(), p.sections()[k].title, p.sections()[k].weight, ev.sections[k].totals);
      });
    case WAYPOINT_RESULTS_PLAN:
      need_rollups(e);
      return kind_table("plan", rollup_spec(), asked, 1, [&](std::size_t, auto& c) { put_rollup(c, "plan", p.id().str(), p.title(), std::nullopt, ev.plan_rollup); });
    case WAYPOINT_RESULTS_CHALLENGES:
      need_rollups(e);
      return kind_table("challenge",
                        {{"rank", column_type::integer}, {"indicator", column_type::text}, {"entity", column_type::text},
                         {"disaggregation", column_type::text}, {"level", column_type::text}, {"status", column_type::text},
                         {"gap_to_target", column_type::number}, {"normalised_gap", column_type::number}, {"section", column_type::text},
                         {"action", column_type::text}, {"title", column_type::text}},
                        asked, ev.challenges.size(), [&](std::size_t k, auto& c) {
                          const auto& ch = ev.challenges[k];
                          const waypoint::indicator* ind = p.find(ch.indicator);
                          c[0].integer(static_cast<std::int64_t>(k + 1));
                          c[1].text(ch.indicator.str());
                          c[2].text(ch.entity.str());
                          c[3].text(ch.disaggregation);
                          c[4].text(ch.entity == waypoint::collective_entity() ? "collective" : "national");
                          c[5].text(waypoint::to_string(ch.state));
                          c[6].number(ch.gap_to_target);
                          c[7].number(ch.normalised_gap);
                          c[8].text(ch.section.str());
                          c[9].text(ch.action.str());
                          c[10].text(ind != nullptr ? std::string_view(ind->title) : std::string_view());
                        });
    case WAYPOINT_RESULTS_MILESTONES:
      need_rollups(e);
      return kind_table("milestone",
                        {{"section", column_type::text}, {"milestone", column_type::text}, {"text", column_type::text}, {"due", column_type::date},
                         {"state", column_type::text}, {"score", column_type::number}, {"series", column_type::integer},
                         {"feeding", column_type::text}, {"lagging", column_type::text}},
                        asked, ev.milestones.size(), [&](std::size_t k, auto& c) {
                          const auto& m = ev.milestones[k];
                          std::string feeding;
                          for (const auto& a : m.feeding) feeding += (feeding.empty() ? "" : ";") + a.str();
                          c[0].text(m.section.str());
                          c[1].text(m.milestone.str());
                          c[2].text(m.text);
                          c[3].date(m.due ? std::optional<std::int32_t>(waypoint::day_number(*m.due)) : std::nullopt);
                          c[4].text(waypoint::to_string(m.state));
                          c[5].number(m.feed.score);
                          c[6].integer(static_cast<std::int64_t>(m.feed.series));
                          c[7].text(feeding);
                          c[8].text(lagging_text(m.lagging));
                        });
    default: bad_argument(waypoint::errc::capi_bad_kind, "unknown result kind " + std::to_string(kind));
  }
}

/// Checks the two output structs and exports `t` into them.
void give_table(table t, ArrowSchema* schema, ArrowArray* array) {
  auto& s = need(schema, "schema");
  auto& a = need(array, "array");
  export_table(std::move(t), s, a);
}

}  // namespace

namespace waypoint::capi {

std::size_t kind_count(const waypoint_evaluation& e, int kind) {
  const auto& ev = e.result;
  switch (kind) {
    case WAYPOINT_RESULTS_SERIES: return ev.series.size();
    case WAYPOINT_RESULTS_INDICATORS: return ev.indicators.size();
    case WAYPOINT_RESULTS_ACTIONS: need_rollups(e); return ev.actions.size();
    case WAYPOINT_RESULTS_SECTIONS: need_rollups(e); return ev.sections.size();
    case WAYPOINT_RESULTS_PLAN: need_rollups(e); return 1;
    case WAYPOINT_RESULTS_CHALLENGES: need_rollups(e); return ev.challenges.size();
    case WAYPOINT_RESULTS_MILESTONES: need_rollups(e); return ev.milestones.size();
    case WAYPOINT_RESULTS_COLLECTIVE: {
      std::size_t n = 0;
      for (const auto& s : ev.series)
        if (s.collective) n += s.collective->periods.size();
      return n;
    }
    default: table_of(e, kind, {}); return 0;  // throws the failure of an unknown kind
  }
}

}  // namespace waypoint::capi

extern "C" {

int waypoint_evaluation_columns(const waypoint_evaluation* evaluation, int kind, const char* const* columns, size_t column_count,
                                ArrowSchema* schema, ArrowArray* array) noexcept {
  return guard([&] {
    const auto& e = need(evaluation, "evaluation");
    need(schema, "schema");
    need(array, "array");
    give_table(table_of(e, kind, names_of(columns, column_count)), schema, array);
  });
}

int waypoint_deadlines(const waypoint_plan* plan, waypoint_observations* obs, const char* as_of, ArrowSchema* schema, ArrowArray* array) noexcept {
  return guard([&] {
    const auto& p = plan_of(plan);
    need(as_of, "as_of");
    need(schema, "schema");
    need(array, "array");
    const auto date = waypoint::parse_date(as_of);
    if (!date) bad_argument(waypoint::errc::capi_bad_date, std::string("as_of: expected YYYY-MM-DD, got '") + as_of + "'");
    const waypoint::observation_store* store = obs != nullptr ? &store_for(p, obs) : nullptr;
    const auto rows = waypoint::deadlines(*p, *date, store);
    const auto day = [](const std::optional<waypoint::date>& d) { return d ? std::optional<std::int32_t>(waypoint::day_number(*d)) : std::nullopt; };
    give_table(kind_table("deadline",
                          {{"entity", column_type::text}, {"obligation", column_type::text}, {"state", column_type::text},
                           {"deadline", column_type::date}, {"original_deadline", column_type::date}, {"extensions", column_type::integer},
                           {"completed", column_type::date}, {"days", column_type::number}},
                          {}, rows.size(),
                          [&](std::size_t k, auto& c) {
                            const auto& r = rows[k];
                            c[0].text(r.entity.str());
                            c[1].text(r.what);
                            c[2].text(waypoint::to_string(r.state));
                            c[3].date(day(r.deadline));
                            c[4].date(day(r.original));
                            c[5].integer(static_cast<std::int64_t>(r.extensions));
                            c[6].date(day(r.completed));
                            c[7].number(r.days ? std::optional<double>(static_cast<double>(*r.days)) : std::nullopt);
                          }),
               schema, array);
  });
}

int waypoint_evaluate_columns(const waypoint_plan* plan, waypoint_observations* obs, const waypoint_evaluation_options* options,
                              const char* const* columns, size_t column_count, ArrowSchema* schema, ArrowArray* array) noexcept {
  return guard([&] {
    const auto& p = plan_of(plan);
    need(schema, "schema");
    need(array, "array");
    const run_options run = read_options(options);
    const auto fs = pick_series(names_of(columns, column_count), false);
    const waypoint::observation_store& store = store_for(p, obs);
    waypoint::detail::row_needs needs;
    needs.figures = std::any_of(fs.begin(), fs.end(), [](const field_info* f) { return f->figure; });
    needs.reasons = std::any_of(fs.begin(), fs.end(), [](const field_info* f) { return f->id == waypoint::field::reason; });
    // Each run fills a table of its own on its worker thread; the runs are appended in output
    // order (so the dictionaries are in order of first appearance whatever the threads do).
    table out = series_table(fs);
    std::map<std::size_t, std::pair<std::size_t, table>> ready;  // first row -> (rows, its run's table), not yet appended
    std::size_t done = 0;
    std::mutex m;
    waypoint::evaluate_in_blocks<waypoint::series_row>(
        *p, store, run.as_of, run.opt,
        [&](std::size_t first, std::span<waypoint::series_row> rows) {
          table part = series_table(fs);
          for (const auto& r : rows) add_series_row(part, fs, waypoint::row_view::of(r));
          const std::lock_guard<std::mutex> lock(m);
          ready.emplace(first, std::pair(rows.size(), std::move(part)));
          while (!ready.empty() && ready.begin()->first == done) {
            auto node = ready.extract(ready.begin());
            done += node.mapped().first;
            out.append(node.mapped().second);
          }
        },
        [] {}, needs);
    give_table(std::move(out), schema, array);
  });
}

}  // extern "C"
