// SPDX-License-Identifier: Apache-2.0
// Plan files. YAML is converted to a JSON tree while recording the line and column of every node
// (keyed by JSON pointer); one schema reader then serves YAML and JSON alike, and every problem
// gets a JSON pointer plus, for YAML, the line and column.

#include "waypoint/io/plan_io.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "csv.hpp"
#include "waypoint/eval/checks.hpp"
#include "waypoint/model/plan_builder.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io {
namespace {

using json = nlohmann::json;

struct mark {
  std::size_t line, column;
};
using mark_map = std::map<std::string, mark>;

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// A YAML plain scalar as JSON: null, bool, integer, number, or string. Quoted scalars stay strings.
json yaml_scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  if (s == ".inf" || s == ".Inf" || s == "+.inf") return std::numeric_limits<double>::infinity();
  if (s == "-.inf" || s == "-.Inf") return -std::numeric_limits<double>::infinity();
  const char* b = after_plus(s);
  const char* e = s.data() + s.size();
  long long i = 0;
  if (auto r = std::from_chars(b, e, i); r.ec == std::errc{} && r.ptr == e) return i;
  double d = 0;
  if (auto r = std::from_chars(b, e, d); r.ec == std::errc{} && r.ptr == e && std::isfinite(d)) return d;
  return s;
}

/// Limits of a plan document (docs/robustness.md): nesting depth, and nodes visited when
/// expanding YAML aliases (an alias is a reference; each use is walked again, so nested aliases
/// grow exponentially: "billion laughs").
constexpr std::size_t max_plan_depth = 256;
/// The node budget of a YAML document of `bytes` bytes: every node written out takes at least one
/// byte, so a document without aliases always fits, and one whose aliases expand past it is
/// refused after work linear in its size (a 418-byte "billion laughs" stops after 100,418 nodes).
/// The flagship has ~5,000 nodes; a plan of 40,000 actions ~200,000 in 2.4 MB.
constexpr std::size_t max_plan_nodes(std::size_t bytes) noexcept { return 100'000 + bytes; }

/// Where `yaml_to_json` is in its walk.
struct yaml_walk {
  mark_map& marks;
  std::size_t budget;  // max_plan_nodes of the document
  std::size_t nodes = 0;
};

location mark_location(const YAML::Mark& m, const std::string& ptr) {
  return location{{}, m.line >= 0 ? static_cast<std::size_t>(m.line) + 1 : 0, m.column >= 0 ? static_cast<std::size_t>(m.column) + 1 : 0, ptr};
}

json yaml_to_json(const YAML::Node& n, const std::string& ptr, yaml_walk& w, std::size_t depth = 0) {
  if (++w.nodes > w.budget)
    throw error(errc::plan_alias_limit, mark_location(n.Mark(), ptr),
                "the document expands to more than " + std::to_string(w.budget) + " nodes (100,000 plus one per byte; nested aliases?)");
  if (depth > max_plan_depth)
    throw error(errc::plan_too_deep, mark_location(n.Mark(), ptr), "nested more than " + std::to_string(max_plan_depth) + " levels deep");
  mark_map& marks = w.marks;
  const auto m = n.Mark();
  if (m.line >= 0) marks[ptr] = {static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar:
      if (auto f = text_fault_of(n.Scalar()))
        throw error(errc::plan_bad_text, mark_location(n.Mark(), ptr), "not a valid text at byte " + std::to_string(f->offset + 1) + ": " + f->what);
      return yaml_scalar(n);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      std::size_t k = 0;
      for (const auto& c : n) a.push_back(yaml_to_json(c, ptr + "/" + std::to_string(k++), w, depth + 1));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) {
        const std::string key = kv.first.Scalar();
        const std::string child = ptr + "/" + escape_pointer_token(key);
        if (auto f = text_fault_of(key))
          throw error(errc::plan_bad_text, mark_location(kv.first.Mark(), ptr), "a key that is not a valid text at byte " + std::to_string(f->offset + 1) + ": " + f->what);
        if (o.contains(key)) throw error(errc::plan_duplicate_key, location{{}, static_cast<std::size_t>(kv.first.Mark().line) + 1, static_cast<std::size_t>(kv.first.Mark().column) + 1, child}, "key '" + key + "' appears twice");
        o[key] = yaml_to_json(kv.second, child, w, depth + 1);
        // A key's own position is a better place to point at for scalars and maps alike.
        const auto km = kv.first.Mark();
        if (km.line >= 0 && !kv.second.IsScalar()) marks[child] = {static_cast<std::size_t>(km.line) + 1, static_cast<std::size_t>(km.column) + 1};
      }
      return o;
    }
  }
  return nullptr;
}

std::string type_name(const json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "a list";
  return "a map";
}

// Reads the one plan schema from a JSON tree, collecting every problem.
class schema_reader {
 public:
  schema_reader(std::string file, const mark_map* marks) : file_(std::move(file)), marks_(marks) {}

  location loc(const std::string& ptr) const {
    location l{file_, 0, 0, ptr.empty() ? "/" : ptr};
    if (marks_) {
      // The node itself, or its nearest ancestor that has a mark.
      std::string p = ptr;
      for (;;) {
        auto it = marks_->find(p);
        if (it != marks_->end()) {
          l.line = it->second.line;
          l.column = it->second.column;
          break;
        }
        const auto slash = p.rfind('/');
        if (slash == std::string::npos) break;
        p.resize(slash);
      }
    }
    return l;
  }
  void fail(errc code, const std::string& ptr, std::string msg) { problems_.push_back({code, loc(ptr), std::move(msg)}); }

  bool expect_object(const json& j, const std::string& ptr, const char* what) {
    if (j.is_object()) return true;
    fail(errc::plan_bad_type, ptr, std::string(what) + " must be a map, got " + type_name(j));
    return false;
  }
  void allow_keys(const json& j, const std::string& ptr, std::initializer_list<const char*> keys) {
    for (const auto& [k, v] : j.items()) {
      bool ok = false;
      for (const char* a : keys) ok = ok || k == a;
      if (!ok) {
        std::string list;
        for (const char* a : keys) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(errc::plan_unknown_key, ptr + "/" + escape_pointer_token(k), "unknown key '" + k + "' (allowed: " + list + ")");
      }
    }
  }
  const json* get(const json& j, const std::string& ptr, const char* key, bool required) {
    if (j.is_object()) {
      auto it = j.find(key);
      if (it != j.end() && !it->is_null()) return &*it;
    }
    if (required) fail(errc::plan_missing_key, ptr, std::string("missing required key '") + key + "'");
    return nullptr;
  }
  std::optional<std::string> text(const json& j, const std::string& ptr, const char* key, bool required) {
    const json* v = get(j, ptr, key, required);
    if (!v) return std::nullopt;
    if (v->is_string()) return v->get<std::string>();
    if (v->is_number_integer()) return std::to_string(v->get<long long>());
    if (v->is_number_float()) return format_number(v->get<double>());
    if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
    fail(errc::plan_bad_type, ptr + "/" + key, std::string("'") + key + "' must be text, got " + type_name(*v));
    return std::nullopt;
  }
  // A text that may carry translations: plain text, or a map of language code → text
  // (`title: {en: Clearance, fr: Dépollution}`) whose `en` entry (else the first by code) is the
  // default text and whose entries go to `out[key]` (docs/formats.md, "Translations").
  std::optional<std::string> translatable(const json& j, const std::string& ptr, const char* key, text_translations& out) {
    const json* v = get(j, ptr, key, false);
    if (!v || !v->is_object()) return text(j, ptr, key, false);
    const std::string p = ptr + "/" + key;
    translations t;
    for (const auto& [code, s] : v->items()) {
      const std::string at = p + "/" + escape_pointer_token(code);
      if (!valid_language_code(code)) fail(errc::plan_bad_value, at, "'" + code + "' is not a language code (expected e.g. en, fr, es, pt-BR)");
      else if (!s.is_string()) fail(errc::plan_bad_type, at, "the " + code + " text of '" + key + "' must be text, got " + type_name(s));
      else t.emplace(code, s.get<std::string>());
    }
    if (v->empty()) fail(errc::plan_bad_value, p, std::string("'") + key + "' must give at least one language's text");
    if (t.empty()) return std::nullopt;
    const auto en = t.find("en");
    std::string fallback = en != t.end() ? en->second : t.begin()->second;
    out[key] = std::move(t);
    return fallback;
  }
  std::optional<double> number(const json& j, const std::string& ptr, const char* key, bool required) {
    const json* v = get(j, ptr, key, required);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      fail(errc::plan_bad_type, ptr + "/" + key, std::string("'") + key + "' must be a number, got " + type_name(*v));
      return std::nullopt;
    }
    const double d = v->get<double>();
    if (!std::isfinite(d)) {
      fail(errc::plan_bad_value, ptr + "/" + key, std::string("'") + key + "' must be finite");
      return std::nullopt;
    }
    return d;
  }
  std::optional<date> date_at(const json& j, const std::string& ptr, const char* key, bool required) {
    auto t = text(j, ptr, key, required);
    if (!t) return std::nullopt;
    auto d = parse_date(*t);
    if (!d) fail(errc::plan_bad_date, ptr + "/" + key, "'" + *t + "' is not a date (expected YYYY-MM-DD)");
    return d;
  }
  std::optional<period> period_at(const json& j, const std::string& ptr, const char* key, bool required) {
    auto t = text(j, ptr, key, required);
    if (!t) return std::nullopt;
    auto p = parse_period(*t);
    if (!p) fail(errc::plan_bad_period, ptr + "/" + key, "'" + *t + "' is not a period (expected 2023, 2023-Q2, 2023-05, 2023-05-31 or 2023-01-01/2023-06-30)");
    return p;
  }
  // A period, a date, or else an event id.
  std::optional<time_ref> time_ref_at(const json& j, const std::string& ptr, const char* key) {
    auto t = text(j, ptr, key, true);
    if (!t) return std::nullopt;
    if (auto p = parse_period(*t)) return time_ref{*p};
    return time_ref{event_id{*t}};
  }
  std::optional<value> value_at(const json& j, const std::string& ptr, const char* key, bool required) {
    const json* v = get(j, ptr, key, required);
    if (!v) return std::nullopt;
    if (v->is_number()) return value::number(v->get<double>());
    if (v->is_boolean()) return value::boolean(v->get<bool>());
    if (v->is_string()) return value::text(v->get<std::string>());
    fail(errc::plan_bad_type, ptr + "/" + key, std::string("'") + key + "' must be a number, yes/no or a level name, got " + type_name(*v));
    return std::nullopt;
  }
  template <class E>
  std::optional<E> enum_at(const json& j, const std::string& ptr, const char* key, std::optional<E> (*parse)(std::string_view),
                           const char* allowed) {
    auto t = text(j, ptr, key, false);
    if (!t) return std::nullopt;
    auto e = parse(*t);
    if (!e) fail(errc::plan_bad_enum, ptr + "/" + key, "'" + *t + "' is not a " + key + " (expected " + allowed + ")");
    return e;
  }
  template <class F>
  void each(const json& j, const std::string& ptr, const char* key, F&& f) {
    const json* a = get(j, ptr, key, false);
    if (!a) return;
    const std::string p = ptr + "/" + key;
    if (!a->is_array()) {
      fail(errc::plan_bad_type, p, std::string("'") + key + "' must be a list, got " + type_name(*a));
      return;
    }
    for (std::size_t k = 0; k < a->size(); ++k) f((*a)[k], p + "/" + std::to_string(k));
  }
  std::vector<std::string> strings(const json& j, const std::string& ptr, const char* key) {
    std::vector<std::string> out;
    each(j, ptr, key, [&](const json& v, const std::string& p) {
      if (v.is_string()) out.push_back(v.get<std::string>());
      else fail(errc::plan_bad_type, p, "expected text, got " + type_name(v));
    });
    return out;
  }
  // `extensions`: a map of opaque texts other formats keep (docs/formats.md, "Extensions").
  extension_map extensions(const json& j, const std::string& ptr) {
    extension_map out;
    const json* m = get(j, ptr, "extensions", false);
    if (!m || !expect_object(*m, ptr + "/extensions", "extensions")) return out;
    for (const auto& [k, v] : m->items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
      else fail(errc::plan_bad_type, ptr + "/extensions/" + escape_pointer_token(k), "extension '" + k + "' must be text, got " + type_name(v));
    }
    return out;
  }

  std::optional<plan_builder> read(const json& root) {
    if (!expect_object(root, "", "the document")) return std::nullopt;
    allow_keys(root, "", {"waypoint", "plan", "calendar", "obligations", "entities", "populations", "sections"});
    if (const json* v = get(root, "", "waypoint", true)) {
      if (!v->is_number_integer() || v->get<long long>() != 1)
        fail(errc::plan_bad_version, "/waypoint", "unsupported format version " + v->dump(-1, ' ', false, json::error_handler_t::replace) + " (this library reads version 1)");
    }
    const json* pj = get(root, "", "plan", true);
    std::optional<plan_id> id;
    std::string title;
    std::optional<period> per;
    text_translations plan_translations;
    if (pj && expect_object(*pj, "/plan", "plan")) {
      allow_keys(*pj, "/plan", {"id", "title", "period", "entry_into_force", "extensions"});
      if (auto t = text(*pj, "/plan", "id", true)) id = plan_id{*t};
      title = translatable(*pj, "/plan", "title", plan_translations).value_or("");
      per = period_at(*pj, "/plan", "period", true);
    }
    plan_builder b(id.value_or(plan_id{"(missing)"}), title, per.value_or(period::year(2000)));
    if (pj) b.set_extensions(extensions(*pj, "/plan"));
    b.set_translations(std::move(plan_translations));
    if (const json* e = pj ? get(*pj, "/plan", "entry_into_force", false) : nullptr; e && expect_object(*e, "/plan/entry_into_force", "entry_into_force")) {
      allow_keys(*e, "/plan/entry_into_force", {"months_after"});
      if (auto m = whole(*e, "/plan/entry_into_force", "months_after")) b.set_entry_into_force(entry_into_force_rule{*m});
    }
    if (const json* cal = get(root, "", "calendar", false); cal && expect_object(*cal, "/calendar", "calendar")) {
      allow_keys(*cal, "/calendar", {"events", "reporting"});
      each(*cal, "/calendar", "events", [&](const json& e, const std::string& p) {
        if (!expect_object(e, p, "an event")) return;
        allow_keys(e, p, {"id", "title", "date"});
        auto eid = text(e, p, "id", true);
        auto d = date_at(e, p, "date", true);
        if (eid && d) b.add_event(event{event_id{*eid}, text(e, p, "title", false).value_or(""), *d}, loc(p));
      });
      if (const json* r = get(*cal, "/calendar", "reporting", false); r && expect_object(*r, "/calendar/reporting", "reporting")) {
        const std::string p = "/calendar/reporting";
        allow_keys(*r, p, {"due", "grace_days", "initial_days", "reports", "tracked_from"});
        reporting_cycle rc;
        if (auto due = text(*r, p, "due", false)) {
          unsigned mm = 0, dd = 0;
          if (due->size() == 5 && (*due)[2] == '-' && waypoint::detail::parse_uint(due->substr(0, 2), mm) &&
              waypoint::detail::parse_uint(due->substr(3, 2), dd) && mm >= 1 && mm <= 12 && dd >= 1 &&
              dd <= waypoint::detail::last_day_of_month(2001, mm)) {
            rc.due_month = mm;
            rc.due_day = dd;
          } else {
            fail(errc::plan_bad_date, p + "/due", "'" + *due + "' is not a day of the year (expected MM-DD, e.g. 04-30)");
          }
        }
        if (auto g = whole(*r, p, "grace_days")) rc.grace_days = *g;
        if (auto g = whole(*r, p, "initial_days")) rc.initial_days = *g;
        if (auto t = text(*r, p, "reports", false)) rc.reports = indicator_id{*t};
        rc.tracked_from = date_at(*r, p, "tracked_from", false);
        b.set_reporting(rc);
      }
    }
    each(root, "", "obligations", [&](const json& o, const std::string& p) {
      if (!expect_object(o, p, "an obligation kind")) return;
      allow_keys(o, p, {"id", "title", "years", "max_extension_years"});
      obligation_kind k;
      k.id = obligation_id{text(o, p, "id", true).value_or("")};
      k.title = text(o, p, "title", false).value_or("");
      k.years = whole(o, p, "years").value_or(0);
      k.max_extension_years = whole(o, p, "max_extension_years");
      b.add_obligation_kind(std::move(k), loc(p));
    });
    each(root, "", "entities", [&](const json& e, const std::string& p) { read_entity(b, e, p); });
    each(root, "", "populations", [&](const json& e, const std::string& p) {
      if (!expect_object(e, p, "a population")) return;
      allow_keys(e, p, {"id", "title", "membership", "obligation", "where"});
      population pop;
      pop.id = population_id{text(e, p, "id", true).value_or("")};
      pop.title = translatable(e, p, "title", pop.translations).value_or("");
      if (auto m = text(e, p, "membership", false)) {
        if (*m == "party") pop.membership = membership_filter::party;
        else if (*m == "signatory") pop.membership = membership_filter::signatory;
        else if (*m == "any") pop.membership = membership_filter::any;
        else fail(errc::plan_bad_enum, p + "/membership", "'" + *m + "' is not a membership (expected party, signatory or any)");
      }
      if (auto o = text(e, p, "obligation", false)) pop.obligation = obligation_id{*o};
      pop.where = text_map(e, p, "where");
      b.add_population(std::move(pop), loc(p));
    });
    each(root, "", "sections", [&](const json& s, const std::string& p) { read_section(b, s, p); });
    for (auto& pr : problems_) b.add_problem(std::move(pr));
    problems_.clear();
    return b;
  }

  // A whole number >= 0, or std::nullopt (absent or wrong, with a problem).
  std::optional<unsigned> whole(const json& j, const std::string& ptr, const char* key) {
    auto g = number(j, ptr, key, false);
    if (!g) return std::nullopt;
    if (*g < 0 || *g != std::floor(*g) || *g > 1e6) {
      fail(errc::plan_bad_value, ptr + "/" + key, std::string(key) + " must be a whole number >= 0");
      return std::nullopt;
    }
    return static_cast<unsigned>(*g);
  }
  // A map of text to text (attributes, population filters).
  std::map<std::string, std::string> text_map(const json& j, const std::string& ptr, const char* key) {
    std::map<std::string, std::string> out;
    const json* m = get(j, ptr, key, false);
    if (!m || !expect_object(*m, ptr + "/" + key, key)) return out;
    for (const auto& [k, v] : m->items())
      if (auto t = text(*m, ptr + "/" + key, k.c_str(), true)) out[k] = *t;
    return out;
  }

  void read_entity(plan_builder& b, const json& e, const std::string& p) {
    if (!expect_object(e, p, "an entity")) return;
    allow_keys(e, p, {"id", "name", "signed", "deposited", "entry_into_force", "withdrawn", "attributes", "obligations"});
    entity ent;
    ent.id = entity_id{text(e, p, "id", true).value_or("")};
    ent.name = translatable(e, p, "name", ent.translations).value_or("");
    ent.membership.signed_on = date_at(e, p, "signed", false);
    ent.membership.deposited = date_at(e, p, "deposited", false);
    ent.membership.entry_into_force = date_at(e, p, "entry_into_force", false);
    ent.membership.withdrawn = date_at(e, p, "withdrawn", false);
    ent.attributes = text_map(e, p, "attributes");
    each(e, p, "obligations", [&](const json& o, const std::string& op) {
      if (!expect_object(o, op, "an obligation")) return;
      allow_keys(o, op, {"kind", "since", "deadline", "extensions", "completed"});
      obligation ob;
      ob.kind = obligation_id{text(o, op, "kind", true).value_or("")};
      ob.since = date_at(o, op, "since", false);
      ob.deadline = date_at(o, op, "deadline", false);
      ob.completed = date_at(o, op, "completed", false);
      each(o, op, "extensions", [&](const json& x, const std::string& xp) {
        if (!expect_object(x, xp, "an extension")) return;
        allow_keys(x, xp, {"decided", "deadline"});
        auto d = date_at(x, xp, "decided", true);
        auto dl = date_at(x, xp, "deadline", true);
        if (d && dl) ob.extensions.push_back({*d, *dl});
      });
      ent.obligations.push_back(std::move(ob));
    });
    b.add_entity(std::move(ent), loc(p));
  }

  void read_aggregate(indicator& ind, const json& j, const std::string& p) {
    if (!expect_object(j, p, "aggregate")) return;
    allow_keys(j, p, {"rule", "population", "of", "denominator", "meeting", "not_reported"});
    aggregation ag;
    if (auto r = enum_at<aggregation_rule>(j, p, "rule", &parse_aggregation_rule,
                                           "share_meeting, count_meeting, sum, mean, min, max, ratio_of_sums, reports_on_time, reports_overdue or days_late"))
      ag.rule = *r;
    else if (!get(j, p, "rule", true))
      return;
    ag.population = population_id{text(j, p, "population", true).value_or("")};
    ag.of = indicator_id{text(j, p, "of", false).value_or("")};
    ag.denominator = indicator_id{text(j, p, "denominator", false).value_or("")};
    if (auto nr = text(j, p, "not_reported", false)) {
      if (*nr == "exclude") ag.not_reported = not_reported_policy::exclude;
      else if (*nr == "not_meeting") ag.not_reported = not_reported_policy::not_meeting;
      else fail(errc::plan_bad_enum, p + "/not_reported", "'" + *nr + "' is not a policy (expected exclude or not_meeting)");
    }
    if (const json* m = get(j, p, "meeting", false); m && expect_object(*m, p + "/meeting", "meeting")) {
      const std::string mp = p + "/meeting";
      allow_keys(*m, mp, {"at_least", "at_most", "equals"});
      if (m->size() != 1) {
        fail(errc::plan_bad_value, mp, "meeting needs exactly one of at_least, at_most, equals");
      } else {
        const std::string k = m->begin().key();
        const comparison op = k == "at_least" ? comparison::at_least : k == "at_most" ? comparison::at_most : comparison::equals;
        if (auto v = value_at(*m, mp, k.c_str(), true)) ag.meeting = entity_predicate{op, *v};
      }
    }
    ind.aggregate = std::move(ag);
  }

  void read_section(plan_builder& b, const json& s, const std::string& p) {
    if (!expect_object(s, p, "a section")) return;
    allow_keys(s, p, {"id", "title", "chapeau", "milestones", "actions", "weight"});
    section sec;
    sec.id = section_id{text(s, p, "id", true).value_or("")};
    sec.title = translatable(s, p, "title", sec.translations).value_or("");
    sec.weight = number(s, p, "weight", false).value_or(1.0);
    if (const json* c = get(s, p, "chapeau", false); c && expect_object(*c, p + "/chapeau", "chapeau")) {
      const std::string cp = p + "/chapeau";
      allow_keys(*c, cp, {"narrative", "date", "figures"});
      sec.chapeau.narrative = translatable(*c, cp, "narrative", sec.chapeau.translations).value_or("");
      sec.chapeau.as_of = date_at(*c, cp, "date", false);
      if (const json* f = get(*c, cp, "figures", false); f && expect_object(*f, cp + "/figures", "figures")) {
        for (const auto& [k, v] : f->items()) {
          if (v.is_number() && std::isfinite(v.get<double>())) sec.chapeau.figures.push_back({k, v.get<double>()});
          else fail(errc::plan_bad_value, cp + "/figures/" + escape_pointer_token(k), "figure '" + k + "' must be a finite number");
        }
      }
    }
    each(s, p, "milestones", [&](const json& m, const std::string& mp) {
      if (!expect_object(m, mp, "a section milestone")) return;
      allow_keys(m, mp, {"id", "text", "by", "fed_by"});
      auto by = time_ref_at(m, mp, "by");
      std::vector<action_id> fed_by;
      for (auto& a : strings(m, mp, "fed_by")) fed_by.emplace_back(std::move(a));
      text_translations tt;
      std::string t = translatable(m, mp, "text", tt).value_or("");
      if (by) sec.milestones.push_back({milestone_id{text(m, mp, "id", false).value_or("")}, std::move(t), *by, std::nullopt, std::move(fed_by), std::move(tt)});
    });
    const section_id sid = sec.id;
    b.add_section(std::move(sec), loc(p));
    each(s, p, "actions", [&](const json& a, const std::string& ap) {
      if (!expect_object(a, ap, "an action")) return;
      allow_keys(a, ap, {"id", "text", "tags", "indicators", "extensions", "weight", "contributes_to", "supports"});
      action act;
      act.id = action_id{text(a, ap, "id", true).value_or("")};
      act.section = sid;
      act.text = translatable(a, ap, "text", act.translations).value_or("");
      act.tags = strings(a, ap, "tags");
      act.extensions = extensions(a, ap);
      act.weight = number(a, ap, "weight", false).value_or(1.0);
      for (auto& x : strings(a, ap, "contributes_to")) act.contributes_to.emplace_back(std::move(x));
      for (auto& x : strings(a, ap, "supports")) act.supports.emplace_back(std::move(x));
      const action_id aid = act.id;
      b.add_action(std::move(act), loc(ap));
      each(a, ap, "indicators", [&](const json& i, const std::string& ip) { read_indicator(b, i, ip, aid); });
    });
  }

  void read_indicator(plan_builder& b, const json& j, const std::string& p, const action_id& aid) {
    if (!expect_object(j, p, "an indicator")) return;
    allow_keys(j, p, {"id", "title", "measure", "unit", "direction", "range", "accumulation", "scope", "limit", "levels",
                      "baseline", "milestones", "target", "method", "aggregate", "dimensions", "group_targets", "breakdown_of",
                      "parts_tolerance", "weight", "serves", "notes", "extensions"});
    indicator ind;
    ind.id = indicator_id{text(j, p, "id", true).value_or("")};
    ind.action = aid;
    ind.title = translatable(j, p, "title", ind.translations).value_or("");
    ind.unit = translatable(j, p, "unit", ind.translations).value_or("");
    ind.measure = enum_at<measure>(j, p, "measure", &parse_measure, "count, percentage, ratio, amount, binary, ordinal or qualitative").value_or(measure::amount);
    ind.direction = enum_at<direction>(j, p, "direction", &parse_direction, "increase, decrease or maintain").value_or(direction::increase);
    ind.accumulation = enum_at<accumulation>(j, p, "accumulation", &parse_accumulation, "level, flow or cumulative").value_or(accumulation::level);
    ind.scope = enum_at<scope>(j, p, "scope", &parse_scope, "national or collective").value_or(scope::national);
    ind.limit = number(j, p, "limit", false);
    ind.levels = strings(j, p, "levels");
    if (const json* r = get(j, p, "range", false)) {
      if (r->is_array() && r->size() == 2 && (*r)[0].is_number() && (*r)[1].is_number())
        ind.range = value_range{(*r)[0].get<double>(), (*r)[1].get<double>()};  // NaN and infinities: the builder says so
      else
        fail(errc::plan_bad_range, p + "/range", "range must be a list of two numbers [low, high]");
    }
    if (const json* bl = get(j, p, "baseline", false); bl && expect_object(*bl, p + "/baseline", "baseline")) {
      const std::string bp = p + "/baseline";
      allow_keys(*bl, bp, {"value", "period", "source"});
      auto at = period_at(*bl, bp, "period", true);
      auto v = value_at(*bl, bp, "value", false);
      if (at) ind.baseline = baseline{v, *at, text(*bl, bp, "source", false).value_or("")};
    }
    each(j, p, "milestones", [&](const json& m, const std::string& mp) {
      if (!expect_object(m, mp, "a milestone")) return;
      allow_keys(m, mp, {"value", "at", "aspirational"});
      auto v = value_at(m, mp, "value", true);
      auto at = time_ref_at(m, mp, "at");
      bool asp = false;
      if (const json* a = get(m, mp, "aspirational", false)) {
        if (a->is_boolean()) asp = a->get<bool>();
        else fail(errc::plan_bad_type, mp + "/aspirational", "aspirational must be true or false");
      }
      if (v && at) ind.milestones.push_back({*v, *at, asp, std::nullopt});
    });
    if (const json* t = get(j, p, "target", false); t && expect_object(*t, p + "/target", "target")) {
      const std::string tp = p + "/target";
      allow_keys(*t, tp, {"value", "at"});
      auto v = value_at(*t, tp, "value", true);
      auto at = period_at(*t, tp, "at", true);
      if (v && at) ind.target = target{*v, *at};
    }
    if (const json* m = get(j, p, "method", false)) {
      if (m->is_string()) {
        ind.method.name = m->get<std::string>();
      } else if (expect_object(*m, p + "/method", "method")) {
        allow_keys(*m, p + "/method", {"name", "params"});
        ind.method.name = text(*m, p + "/method", "name", true).value_or("");
        if (const json* ps = get(*m, p + "/method", "params", false); ps && expect_object(*ps, p + "/method/params", "params")) {
          for (const auto& [k, v] : ps->items()) {
            if (v.is_string()) ind.method.params[k] = v.get<std::string>();
            else if (v.is_number_integer()) ind.method.params[k] = std::to_string(v.get<long long>());
            else if (v.is_number()) ind.method.params[k] = format_number(v.get<double>());
            else if (v.is_boolean()) ind.method.params[k] = v.get<bool>() ? "true" : "false";
            else fail(errc::plan_bad_param, p + "/method/params/" + escape_pointer_token(k), "parameter '" + k + "' must be a number or text");
          }
        }
      }
    }
    if (const json* ag = get(j, p, "aggregate", false)) read_aggregate(ind, *ag, p + "/aggregate");
    each(j, p, "dimensions", [&](const json& d, const std::string& dp) {
      if (!expect_object(d, dp, "a dimension")) return;
      allow_keys(d, dp, {"id", "categories"});
      ind.dimensions.push_back({text(d, dp, "id", true).value_or(""), strings(d, dp, "categories")});
    });
    // group_targets: a rule (inherit | own | none), a list of {group, value, at}, or both as
    // {rule: ..., targets: [...]}.
    auto group_targets = [&](const json& owner, const std::string& op, const char* key) {
      each(owner, op, key, [&](const json& g, const std::string& gp) {
        if (!expect_object(g, gp, "a group target")) return;
        allow_keys(g, gp, {"group", "value", "at"});
        auto grp = text(g, gp, "group", true);
        auto v = value_at(g, gp, "value", true);
        auto at = period_at(g, gp, "at", true);
        if (grp && v && at) ind.group_targets.push_back({*grp, target{*v, *at}});
      });
    };
    if (const json* gt = get(j, p, "group_targets", false); gt && (gt->is_string() || gt->is_object())) {
      const std::string gp = p + "/group_targets";
      const json* rule = gt;
      if (gt->is_object()) {
        allow_keys(*gt, gp, {"rule", "targets"});
        group_targets(*gt, gp, "targets");
        rule = get(*gt, gp, "rule", false);
      }
      if (rule != nullptr) {
        const std::string rp = gt->is_object() ? gp + "/rule" : gp;
        const auto r = rule->is_string() ? parse_group_target_rule(rule->get<std::string>()) : std::nullopt;
        if (r) ind.group_rule = *r;
        else fail(errc::plan_bad_enum, rp, "the group target rule must be inherit, own or none, got " +
                                           (rule->is_string() ? "'" + rule->get<std::string>() + "'" : type_name(*rule)));
      }
    } else {
      group_targets(j, p, "group_targets");
    }
    if (auto bo = text(j, p, "breakdown_of", false)) ind.breakdown_of = population_id{*bo};
    ind.parts_tolerance = number(j, p, "parts_tolerance", false).value_or(0);
    ind.weight = number(j, p, "weight", false).value_or(1);
    each(j, p, "serves", [&](const json& x, const std::string& xp) {
      if (!expect_object(x, xp, "a link")) return;
      allow_keys(x, xp, {"instrument", "ref"});
      auto ins = text(x, xp, "instrument", true);
      auto ref = text(x, xp, "ref", true);
      if (ins && ref) ind.serves.push_back({*ins, *ref});
    });
    ind.notes = strings(j, p, "notes");
    ind.extensions = extensions(j, p);
    b.add_indicator(std::move(ind), loc(p));
  }

  std::vector<problem> problems_;

 private:
  std::string file_;
  const mark_map* marks_;
};

// Fills the line and column of problems that only have a pointer.
void place(std::vector<problem>& ps, const schema_reader& r) {
  for (auto& p : ps)
    if (!p.where.pointer.empty()) {
      const auto l = r.loc(p.where.pointer == "/" ? "" : p.where.pointer);
      if (l.line != 0) {
        p.where.line = l.line;
        p.where.column = l.column;
      }
      if (p.where.file.empty()) p.where.file = l.file;
    }
}

location offset_location(std::string_view text, std::size_t byte, const std::string& name) {
  location l{name, 1, 1, {}};
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++l.line;
      l.column = 1;
    } else {
      ++l.column;
    }
  }
  return l;
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Parses text into a builder (plan files) and returns problems found so far.
struct parsed {
  std::optional<plan_builder> builder;
  std::vector<problem> problems;  // fatal problems found before a builder could be made
  std::optional<schema_reader> reader;
  mark_map marks;
};

/// Builds a JSON plan document as nlohmann's DOM parser does, and reports what that parser would
/// accept silently or throw without a location: a key given twice in one object (the last would
/// win: `plan.duplicate_key`, located by JSON pointer), nesting deeper than `max_plan_depth`
/// (`plan.too_deep`), and syntax errors and numbers too large for a double (`plan.syntax`, located
/// by line and column).
class checked_json_sax {
 public:
  checked_json_sax(json& root, std::string_view text, const std::string& name, std::vector<problem>& problems)
      : dom_(root, false), text_(text), name_(name), problems_(problems) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(json::string_t& v) {
    // nlohmann rejects invalid UTF-8, but a \u0001 escape is valid JSON for a control character.
    if (auto f = text_fault_of(v))
      problems_.push_back({errc::plan_bad_text, location{name_, 0, 0, pointer()}, "not a valid text at byte " + std::to_string(f->offset + 1) + ": " + f->what});
    return value() && dom_.string(v);
  }
  bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }
  bool key(json::string_t& k) {
    frame& f = frames_.back();
    f.token = k;
    if (!f.keys.insert(k).second)
      problems_.push_back({errc::plan_duplicate_key, location{name_, 0, 0, pointer()}, "key '" + k + "' appears twice (the first would be lost)"});
    return dom_.key(k);
  }
  bool parse_error(std::size_t position, const std::string& /*token*/, const nlohmann::detail::exception& ex) {
    std::string msg = ex.what();
    if (auto k = msg.find("] "); k != std::string::npos) msg = msg.substr(k + 2);  // drop "[json.exception.parse_error.101] "
    problems_.push_back({errc::plan_syntax, offset_location(text_, position == 0 ? 0 : position - 1, name_), msg});
    return false;
  }

 private:
  struct frame {
    bool array = false;
    std::size_t index = 0;  ///< arrays: the elements so far
    std::string token;      ///< the current element's key or index
    std::set<std::string, std::less<>> keys;
  };
  /// A value starts: in an array, it is the next element.
  bool value() {
    if (!frames_.empty() && frames_.back().array) frames_.back().token = std::to_string(frames_.back().index++);
    return true;
  }
  bool open(bool array) {
    value();
    if (frames_.size() >= max_plan_depth) {
      problems_.push_back({errc::plan_too_deep, location{name_, 0, 0, pointer()}, "nested more than " + std::to_string(max_plan_depth) + " levels deep"});
      return false;
    }
    frames_.push_back({array, 0, {}, {}});
    return true;
  }
  std::string pointer() const {
    std::string p;
    for (const auto& f : frames_)
      if (!f.token.empty() || !f.array) p += "/" + escape_pointer_token(f.token);
    return p;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::string_view text_;
  const std::string& name_;
  std::vector<problem>& problems_;
  std::vector<frame> frames_;
};

// Where a second YAML document with content starts, if the text has one. yaml-cpp 0.7's LoadAll
// loops for ever on some malformed input (its parser keeps reporting new, empty documents without
// consuming anything), so this reads the events of at most two documents instead. An empty
// trailing document ("---" and nothing else) is not counted.
class document_events final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;
  bool content = false;
  void OnDocumentStart(const YAML::Mark& m) override { start = m; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { content = true; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { content = true; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { content = true; }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { content = true; }
  void OnMapEnd() override {}
};

std::optional<YAML::Mark> second_yaml_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  document_events first;
  if (!parser.HandleNextDocument(first)) return std::nullopt;
  document_events second;
  if (!parser.HandleNextDocument(second) || !second.content) return std::nullopt;
  return second.start;
}

void parse_tree(std::string_view text, plan_format format, const std::string& name, parsed& out) {
  if (blank(text)) {
    out.problems.push_back({errc::plan_empty, location{name, 0, 0, {}}, "the plan file is empty"});
    return;
  }
  json root;
  if (format == plan_format::json) {
    checked_json_sax sax(root, text, name, out.problems);
    json::sax_parse(text.begin(), text.end(), &sax);
    if (!out.problems.empty()) return;
    out.reader.emplace(name, nullptr);
  } else {
    try {
      const std::string copy(text);
      if (const auto second = second_yaml_document(copy))
        throw error(errc::plan_multiple_documents, mark_location(*second, ""),
                    "the file holds more than one YAML document; a plan is one document");
      yaml_walk walk{out.marks, max_plan_nodes(text.size())};
      root = yaml_to_json(YAML::Load(copy), "", walk);
    } catch (const error& e) {
      out.problems = e.problems();
      for (auto& p : out.problems) p.where.file = name;
      return;
    } catch (const YAML::Exception& e) {
      out.problems.push_back({errc::plan_syntax, location{name, static_cast<std::size_t>(e.mark.line + 1), static_cast<std::size_t>(e.mark.column + 1), {}}, e.msg});
      return;
    }
    for (auto& p : out.problems) p.where.file = name;
    out.reader.emplace(name, &out.marks);
  }
  out.builder = out.reader->read(root);
  out.problems.insert(out.problems.end(), out.reader->problems_.begin(), out.reader->problems_.end());
}

std::optional<plan_builder> table_builder(std::string_view text, const std::string& name, std::vector<problem>& problems) {
  if (blank(text)) {
    problems.push_back({errc::plan_empty, location{name, 0, 0, {}}, "the indicator table is empty"});
    return std::nullopt;
  }
  detail::csv_reader csv(text, name);
  std::vector<detail::csv_field> f;
  try {
    csv.next(f, errc::plan_syntax);
  } catch (const error& e) {
    problems = e.problems();
    return std::nullopt;
  }
  std::map<std::string, std::size_t> col;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const std::string h(f[k].text);
    static const std::set<std::string> known = {"indicator", "direction", "target", "target_year", "limit", "base_year", "title", "unit", "measure", "method"};
    if (!known.count(h)) problems.push_back({errc::plan_unknown_key, csv.at(f[k]), "unknown column '" + h + "'"});
    else if (!col.emplace(h, k).second) problems.push_back({errc::plan_duplicate_key, csv.at(f[k]), "column '" + h + "' appears twice"});
  }
  for (const char* req : {"indicator", "direction"})
    if (!col.count(req)) problems.push_back({errc::plan_missing_key, location{name, 1, 0, {}}, std::string("missing column '") + req + "'"});
  if (!problems.empty()) return std::nullopt;
  struct row {
    indicator ind;
    location where;
  };
  std::vector<row> rows;
  int min_year = std::numeric_limits<int>::max(), max_year = std::numeric_limits<int>::min();
  try {
    while (csv.next(f, errc::plan_syntax)) {
      const location rl{name, csv.line(), 0, {}};
      if (f.size() != col.size()) {
        problems.push_back({errc::plan_syntax, rl, "expected " + std::to_string(col.size()) + " fields as in the header, got " + std::to_string(f.size())});
        continue;
      }
      auto cell = [&](const char* c) -> std::optional<detail::csv_field> {
        auto it = col.find(c);
        if (it == col.end() || it->second >= f.size()) return std::nullopt;
        return f[it->second];
      };
      auto num = [&](const char* c) -> std::optional<double> {
        auto x = cell(c);
        if (!x || x->text.empty()) return std::nullopt;
        double d = 0;
        auto r = std::from_chars(x->text.data(), x->text.data() + x->text.size(), d);
        if (r.ec != std::errc{} || r.ptr != x->text.data() + x->text.size() || !std::isfinite(d)) {
          problems.push_back({errc::plan_bad_value, csv.at(*x), std::string("column ") + c + ": expected a finite number, got '" + std::string(x->text) + "'"});
          return std::nullopt;
        }
        return d;
      };
      auto year = [&](const char* c, int dflt) {
        auto d = num(c);
        if (!d) return dflt;
        if (*d != std::floor(*d) || *d < 1400 || *d > 9999) {
          problems.push_back({errc::plan_bad_period, csv.at(*cell(c)), std::string("column ") + c + ": expected a year"});
          return dflt;
        }
        return static_cast<int>(*d);
      };
      row r;
      r.where = rl;
      r.ind.id = indicator_id{std::string(cell("indicator")->text)};
      const auto dtext = cell("direction")->text;
      if (auto d = parse_direction(dtext); d && *d != direction::maintain) r.ind.direction = *d;
      else problems.push_back({errc::plan_bad_enum, csv.at(*cell("direction")), "direction must be +1 or -1, got '" + std::string(dtext) + "'"});
      if (auto c = cell("title")) r.ind.title = std::string(c->text);
      if (auto c = cell("unit")) r.ind.unit = std::string(c->text);
      if (auto c = cell("measure"); c && !c->text.empty()) {
        if (auto m = parse_measure(c->text)) r.ind.measure = *m;
        else problems.push_back({errc::plan_bad_enum, csv.at(*c), "unknown measure '" + std::string(c->text) + "'"});
      }
      r.ind.method.name = "sdg-canada";
      if (auto c = cell("method"); c && !c->text.empty()) r.ind.method.name = std::string(c->text);
      const int by = year("base_year", 2015), ty = year("target_year", 2030);
      if (auto t = num("target")) r.ind.target = target{value::number(*t), period::year(ty)};
      r.ind.limit = num("limit");
      r.ind.baseline = baseline{std::nullopt, period::year(by), ""};
      if (r.ind.method.name == "sdg-canada") r.ind.method.params = {{"base_year", std::to_string(by)}, {"target_year", std::to_string(ty)}};
      min_year = std::min(min_year, by);
      max_year = std::max(max_year, ty);
      rows.push_back(std::move(r));
    }
  } catch (const error& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    return std::nullopt;
  }
  if (rows.empty()) {
    min_year = max_year = 2015;
  }
  plan_builder b(plan_id{name}, "Indicator table " + name,
                 period(period::year(std::min(min_year, max_year)).start(), period::year(max_year).end()));
  for (auto& r : rows) b.add_indicator(std::move(r.ind), r.where);
  for (auto& p : problems) b.add_problem(std::move(p));
  problems.clear();
  return b;
}

std::vector<problem> collect(std::string_view text, plan_format format, const std::string& name, std::optional<plan>* out) {
  std::vector<problem> ps;
  std::optional<plan_builder> b;
  parsed pr;
  if (format == plan_format::indicator_table) {
    b = table_builder(text, name, ps);
  } else {
    parse_tree(text, format, name, pr);
    ps = std::move(pr.problems);
    b = std::move(pr.builder);
  }
  if (!b) return ps;
  // The reader's problems are already inside the builder (add_problem); do not list them twice.
  ps.clear();
  // The eval layer's checks too (method names and parameters, cycles of supports links), so that
  // validate lists every problem; build_checked below makes the same checks.
  auto all = install_checks(*b).validate();
  if (pr.reader) place(all, *pr.reader);
  for (auto& p : all)
    if (p.where.file.empty()) p.where.file = name;
  // Report in file order, so a reader can walk the file top to bottom.
  std::stable_sort(all.begin(), all.end(), [](const problem& a, const problem& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  const bool failed = std::any_of(all.begin(), all.end(), [](const problem& p) { return !p.warning; });
  if (failed) return all;
  if (out) out->emplace(build_checked(std::move(*b)));
  return all;
}

}  // namespace

namespace detail {
std::string read_file(const std::string& path, errc io) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(io, location{path, 0, 0, {}}, "cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw error(io, location{path, 0, 0, {}}, "cannot read file");
  return std::move(ss).str();
}
}  // namespace detail

plan_format plan_format_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    if (path.size() < e.size()) return false;
    return std::equal(e.rbegin(), e.rend(), path.rbegin(), [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  };
  if (ends(".json")) return plan_format::json;
  if (ends(".csv")) return plan_format::indicator_table;
  return plan_format::yaml;
}

plan parse_plan(std::string_view text, plan_format format, const std::string& name) {
  std::optional<plan> out;
  auto ps = collect(text, format, name, &out);
  if (!out) throw error(std::move(ps));
  return std::move(*out);
}

plan load_plan(const std::string& path, plan_format format) { return parse_plan(detail::read_file(path, errc::plan_io), format, path); }

plan load_plan(const std::string& path) { return load_plan(path, plan_format_of(path)); }

std::vector<problem> validate_plan_text(std::string_view text, plan_format format, const std::string& name, std::optional<plan>* built) {
  return collect(text, format, name, built);
}

std::vector<problem> validate_plan(const std::string& path, std::optional<plan>* built) {
  try {
    return validate_plan_text(detail::read_file(path, errc::plan_io), plan_format_of(path), path, built);
  } catch (const error& e) {
    return e.problems();
  }
}

}  // namespace waypoint::io
