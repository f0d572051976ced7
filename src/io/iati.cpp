// SPDX-License-Identifier: Apache-2.0
// IATI 2.03 results, both ways (pugixml).
//
// Reading: every element the model represents is read into the plan or the observations and then
// removed from the parsed tree; what remains of an activity, a result and an indicator (its
// "residue") is kept verbatim, as XML text, in the extensions of the plan, the action and the
// indicator. Where a represented value sat inside a kept element (a target's value next to its
// comment, an actual's value, dimensions and locations), the element stays in the residue marked
// `waypoint:slot`, so the writer puts the value back in the same place.
//
// Writing: each residue (or a new element when there is none) is filled from the model; new
// children go to their place in the IATI schema order. waypoint attributes (`waypoint:*`) are
// written only where the model holds something the IATI elements alone would not give back.

#include "waypoint/io/iati.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <tuple>
#include <vector>

#include "csv.hpp"
#include "waypoint/eval/checks.hpp"
#include "waypoint/model/plan_builder.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint::io {
namespace {

using order = std::span<const std::string_view>;
// IATI 2.03 schema order of the children of each element the reader and writer touch.
constexpr std::string_view activity_names[] = {"iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
                                  "activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country",
                                  "recipient-region", "location", "sector", "tag", "country-budget-items", "humanitarian-scope",
                                  "policy-marker", "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type",
                                  "default-tied-status", "budget", "planned-disbursement", "capital-spend", "transaction",
                                  "document-link", "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss"};
constexpr std::string_view result_names[] = {"title", "description", "document-link", "reference", "indicator"};
constexpr std::string_view indicator_names[] = {"title", "description", "document-link", "reference", "baseline", "period"};
constexpr std::string_view baseline_names[] = {"location", "dimension", "document-link", "comment"};
constexpr std::string_view period_names[] = {"period-start", "period-end", "target", "actual"};
constexpr std::string_view value_names[] = {"location", "dimension", "comment", "document-link"};  // target, actual
constexpr order activity_order{activity_names}, result_order{result_names}, indicator_order{indicator_names},
    baseline_order{baseline_names}, period_order{period_names}, value_order{value_names};

constexpr const char* kSlot = "waypoint:slot";
// On a slot actual whose dimensions the file does not list in name order: their names in the
// file's order, so that the writer puts them back that way (internal to a residue, never written).
constexpr const char* kDimensionOrder = "waypoint:dimension-order";
constexpr const char* kPrefix = "waypoint:";

// Keys of the extensions that hold the residues.
constexpr const char* kRootKey = "iati-activities";
constexpr const char* kActivityKey = "iati-activity";
constexpr const char* kResultKey = "iati-result";
constexpr const char* kIndicatorKey = "iati-indicator";
// The comments before and after the root element, as XML text.
constexpr const char* kPrologKey = "iati-prolog";
constexpr const char* kEpilogKey = "iati-epilog";

/// Keeps the comments around the root element under `kPrologKey` and `kEpilogKey`.
void keep_document_comments(pugi::xml_node root, extension_map& e) {
  std::string before, after;
  bool past_root = false;
  for (auto n : root.parent().children()) {
    if (n == root) past_root = true;
    if (n.type() != pugi::node_comment) continue;
    std::ostringstream ss;
    n.print(ss, "", pugi::format_raw, pugi::encoding_utf8);
    (past_root ? after : before) += ss.str();
  }
  if (!before.empty()) e[kPrologKey] = std::move(before);
  if (!after.empty()) e[kEpilogKey] = std::move(after);
}

// Result type codes and the action tags that stand for them.
constexpr std::pair<std::string_view, std::string_view> result_types[] = {{"1", "output"}, {"2", "outcome"}, {"3", "impact"}, {"9", "other"}};

int rank_of(order o, std::string_view name) {
  int k = 0;
  for (auto n : o) {
    if (n == name) return k;
    ++k;
  }
  return -1;
}

/// The child after which a new `name` child goes, in schema order (null: first). Children the
/// schema does not list keep the rank of the one before them.
pugi::xml_node place_after(pugi::xml_node parent, std::string_view name, order o) {
  const int r = rank_of(o, name);
  pugi::xml_node after;
  int carry = -1;
  for (auto c : parent.children()) {
    if (c.type() != pugi::node_element) continue;
    if (int k = rank_of(o, c.name()); k >= 0) carry = k;
    if (carry <= r) after = c;
  }
  return after;
}

/// The marker the reader leaves where it took out results (indicators) that elements outside the
/// IATI schema followed, so that the writer puts them back before those elements.
std::string marker_of(std::string_view name) { return "waypoint:" + std::string(name) + "s"; }

pugi::xml_node insert_ordered(pugi::xml_node parent, const char* name, order o) {
  if (auto m = parent.child(marker_of(name).c_str())) return parent.insert_child_before(name, m);
  const auto after = place_after(parent, name, o);
  return after ? parent.insert_child_after(name, after) : parent.prepend_child(name);
}

pugi::xml_node insert_copy_ordered(pugi::xml_node parent, pugi::xml_node proto, order o) {
  if (auto m = parent.child(marker_of(proto.name()).c_str())) return parent.insert_copy_before(proto, m);
  const auto after = place_after(parent, proto.name(), o);
  return after ? parent.insert_copy_after(proto, after) : parent.prepend_copy(proto);
}

/// Removes the `name` children of `parent` (after `take` has read each one), leaving a marker
/// where they were when an element the schema order does not know comes after them.
template <class F>
void take_children(pugi::xml_node parent, const char* name, order o, F&& take) {
  pugi::xml_node first = parent.child(name), last;
  for (auto c = first; c; c = c.next_sibling(name)) last = c;
  bool foreign_after = false;
  for (auto c = last.next_sibling(); c; c = c.next_sibling())
    foreign_after = foreign_after || (c.type() == pugi::node_element && rank_of(o, c.name()) < 0);
  if (first && foreign_after) parent.insert_child_before(marker_of(name).c_str(), first);
  while (auto c = parent.child(name)) {
    take(c);
    parent.remove_child(c);
  }
}

void set_attr(pugi::xml_node n, const char* name, const std::string& v) {
  auto a = n.attribute(name);
  if (!a) a = n.append_attribute(name);
  a.set_value(v.c_str());
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

/// True when the element carries nothing but one plain `narrative` (then the writer can make it anew).
bool plain_narrative(pugi::xml_node n) {
  if (n.first_attribute()) return false;
  int narratives = 0;
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element || std::string_view(c.name()) != "narrative" || c.first_attribute()) return false;
    for (auto t : c.children())
      if (t.type() != pugi::node_pcdata) return false;
    ++narratives;
  }
  // An empty element (`<title/>`, `<title> </title>`) is plain too: it carries no text, and kept
  // as a slot it came back as `<title><narrative></narrative></title>`, which the next import read
  // as plain, so export(import(export(x))) lost it (a fuzz_iati finding, tests/data/fuzz/).
  return narratives <= 1;
}

/// Reads the first narrative of a text element (title, comment) and takes it out of the tree:
/// a plain element goes; any other keeps its place with a slot mark, and the writer puts the
/// text back into that narrative's first text node. So does a plain one that has a same-named
/// sibling after it (kept verbatim): the writer would otherwise put the mapped text after that
/// sibling, and the next import would take the wrong one. The slot's text is left in place: an
/// emptied text node does not survive being written, and the writer would then overwrite the
/// next text of a narrative that mixes text and elements.
std::string take_narrative(pugi::xml_node n) {
  if (!n) return {};
  const std::string text = n.child("narrative").text().get();
  if (plain_narrative(n) && !n.next_sibling(n.name())) n.parent().remove_child(n);
  else n.append_attribute(kSlot);
  return text;
}

/// Puts `text` back as the first narrative of the `name` child (a slot, or a new element).
void put_narrative(pugi::xml_node parent, const char* name, order o, const std::string& text) {
  auto n = parent.child(name);
  if (n && n.attribute(kSlot)) {
    n.remove_attribute(kSlot);
    auto nar = n.child("narrative");
    if (!nar) nar = n.prepend_child("narrative");
    nar.text().set(text.c_str());
    return;
  }
  if (text.empty()) return;
  insert_ordered(parent, name, o).append_child("narrative").text().set(text.c_str());
}

/// Moves the text directly inside `n` after its elements. For the elements the reader takes apart
/// (activity, result, indicator, baseline, period, target, actual), whose content IATI defines as
/// elements only: the writer puts the mapped elements back among what was kept, so a stray text
/// between them would move on every import and export. The text itself is kept.
void text_last(pugi::xml_node n) {
  std::vector<pugi::xml_node> texts;
  for (auto c : n.children())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) texts.push_back(c);
  for (auto t : texts) n.append_move(t);
}

void text_last_in_results(pugi::xml_node root, pugi::xml_node act) {
  text_last(root);
  text_last(act);
  for (auto res : act.children("result")) {
    text_last(res);
    for (auto in : res.children("indicator")) {
      text_last(in);
      for (auto bl : in.children("baseline")) text_last(bl);
      for (auto pe : in.children("period")) {
        text_last(pe);
        for (auto v : pe.children("target")) text_last(v);
        for (auto v : pe.children("actual")) text_last(v);
      }
    }
  }
}

std::optional<double> decimal(std::string_view s) {
  const char* b = after_plus(s);
  const char* e = s.data() + s.size();
  double d = 0;
  auto r = std::from_chars(b, e, d);
  if (r.ec != std::errc{} || r.ptr != e || b == e || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::string residue_text(pugi::xml_node n) {
  if (!n.first_attribute() && !n.first_child()) return {};
  std::ostringstream ss;
  n.print(ss, "", pugi::format_raw, pugi::encoding_utf8);
  return ss.str();
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (;;) {
    const auto k = s.find(sep);
    out.emplace_back(s.substr(0, k));
    if (k == std::string_view::npos) return out;
    s = s.substr(k + 1);
  }
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(1, sep)) + x;
  return s;
}

/// The ordinal scale the reader makes from IATI values: the distinct values in order, as text;
/// at least two levels (a single value v gives v and v+1; none gives 0 and 1).
std::vector<std::string> derived_levels(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.empty()) values = {0, 1};
  if (values.size() == 1) values.push_back(values[0] + 1);
  std::vector<std::string> out;
  for (double v : values) out.push_back(format_number(v));
  return out;
}

/// The plan period the reader derives from an activity: from the earliest to the latest
/// activity-date and result period date. std::nullopt when there is none.
std::optional<period> derived_period(pugi::xml_node activity) {
  std::optional<std::int32_t> lo, hi;
  auto see = [&](const char* text) {
    std::int32_t d = 0;
    if (!waypoint::detail::parse_iso_days(text, d)) return;
    lo = lo ? std::min(*lo, d) : d;
    hi = hi ? std::max(*hi, d) : d;
  };
  for (auto d : activity.children("activity-date")) see(d.attribute("iso-date").value());
  for (auto r : activity.children("result"))
    for (auto i : r.children("indicator"))
      for (auto p : i.children("period")) {
        see(p.child("period-start").attribute("iso-date").value());
        see(p.child("period-end").attribute("iso-date").value());
      }
  if (!lo) return std::nullopt;
  return period::from_days(*lo, *hi, period_kind::range);
}

/// `derived_period` over several activities (a whole file): from the earliest to the latest date.
std::optional<period> derived_period(const std::vector<pugi::xml_node>& activities) {
  std::optional<period> out;
  for (auto act : activities)
    if (auto d = derived_period(act))
      out = out ? period::from_days(std::min(out->start_days(), d->start_days()), std::max(out->end_days(), d->end_days()), period_kind::range) : *d;
  return out;
}

using period_key = std::pair<std::int32_t, std::int32_t>;
period_key key_of(const period& p) { return {p.start_days(), p.end_days()}; }

/// The dates of a period element.
std::optional<period_key> key_of_node(pugi::xml_node pe) {
  std::int32_t s = 0, e = 0;
  if (!waypoint::detail::parse_iso_days(pe.child("period-start").attribute("iso-date").value(), s) ||
      !waypoint::detail::parse_iso_days(pe.child("period-end").attribute("iso-date").value(), e))
    return std::nullopt;
  return period_key{s, e};
}

/// True for an element that is a slot and nothing else: the writer makes it anew.
bool bare_slot(pugi::xml_node n) {
  return n.attribute(kSlot) && !n.first_child() && !n.first_attribute().next_attribute();
}

/// Takes out of an indicator's residue the slots the writer would make again in the same place,
/// so that a residue holds only what the model does not: a last baseline that is a bare slot, and
/// periods that hold nothing but their dates and bare slots in schema order (actuals in the
/// order of the observation store), when the periods are in date order.
///
/// Only when the indicator's children are IATI elements in schema order and nothing but periods
/// follows the first period: the writer puts a new element after the last one of lower or equal rank, so a
/// slot before an element out of order (a second title after the periods) would come back
/// elsewhere, and the next export would differ.
void prune_residue(pugi::xml_node in) {
  int carry = -1;
  for (auto c : in.children()) {
    if (c.type() != pugi::node_element) continue;
    const int k = rank_of(indicator_order, c.name());
    if (k < carry) return;  // out of order, or not an IATI element (its place is not the schema's)
    carry = k;
  }
  for (auto c = in.child("period"); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && std::string_view(c.name()) != "period") return;
  pugi::xml_node last_baseline;
  for (auto b = in.child("baseline"); b; b = b.next_sibling("baseline")) last_baseline = b;
  if (last_baseline && bare_slot(last_baseline)) in.remove_child(last_baseline);
  std::optional<period_key> prev;
  for (auto pe = in.child("period"); pe; pe = pe.next_sibling("period")) {
    const auto k = key_of_node(pe);
    if (!k || (prev && !(*prev < *k))) return;
    prev = k;
  }
  for (auto pe = in.child("period"); pe;) {
    auto next = pe.next_sibling("period");
    bool plain = static_cast<bool>(pe.attribute(kSlot)) && !pe.first_attribute().next_attribute();
    int targets = 0, last_rank = -1;
    std::vector<std::pair<std::string, std::string>> actuals;
    for (auto c : pe.children()) {
      const std::string_view name = c.name();
      const int r = rank_of(period_order, name);
      plain = plain && c.type() == pugi::node_element && r >= last_rank;
      last_rank = r;
      if (!plain) break;
      if (name == "period-start" || name == "period-end") {
        plain = !c.first_child() && std::string_view(c.first_attribute().name()) == "iso-date" && !c.first_attribute().next_attribute();
      } else if (name == "target") {
        plain = bare_slot(c) && ++targets == 1;
      } else if (name == "actual") {
        const std::string_view key = c.attribute(kSlot).value();
        const auto bar = key.find('|');
        plain = bare_slot(c) && bar != std::string_view::npos;
        if (plain) actuals.emplace_back(key.substr(0, bar), key.substr(bar + 1));
      } else {
        plain = false;
      }
    }
    if (plain && std::is_sorted(actuals.begin(), actuals.end()) && std::adjacent_find(actuals.begin(), actuals.end()) == actuals.end())
      in.remove_child(pe);
    pe = next;
  }
}

/// The key of each activity of a file, from its `iati-identifier`s in file order: the identifier,
/// or `ID#1`, `ID#2`… for activities that share one. A whole-file import makes each activity the
/// section of that id, and `--activity` takes either form.
std::vector<std::string> activity_keys(const std::vector<std::string>& identifiers) {
  std::map<std::string, std::size_t> count, seen;
  for (const auto& id : identifiers) ++count[id];
  std::vector<std::string> out;
  for (const auto& id : identifiers) out.push_back(count[id] > 1 ? id + "#" + std::to_string(++seen[id]) : id);
  return out;
}

/// The extension key of the residue of activity `k` (0-based) of a whole-file import, sortable.
std::string activity_residue_key(std::size_t k) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06zu", k + 1);
  return std::string("iati-activity.") + digits;
}

/// The plan of a whole-file import: its id, and its title from the activities' identifiers.
constexpr const char* kFilePlanId = "iati-activities";
std::string file_plan_title(const std::vector<std::string>& identifiers) {
  std::string t = std::to_string(identifiers.size()) + " IATI activities: ";
  for (std::size_t k = 0; k < identifiers.size() && k < 3; ++k) t += (k ? ", " : "") + identifiers[k];
  return identifiers.size() > 3 ? t + ", …" : t;
}

/// The slot key of an actual: its entity and disaggregation.
std::string actual_key(std::string_view entity, std::string_view disaggregation) {
  return std::string(entity) + "|" + std::string(disaggregation);
}

// ---------------------------------------------------------------- reading

struct pending_target {
  period at;
  std::optional<double> number;
  std::string text;
  bool aspirational = false;
  bool milestone = false;  // waypoint:milestone: never the target
  std::size_t order = 0;
};
struct pending_actual {
  period at;
  std::string entity, disaggregation;
  std::optional<double> number;
  std::string text;
  location where;
};

class reader {
 public:
  reader(std::string_view text, std::string file) : file_(std::move(file)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  location at_offset(std::ptrdiff_t off) const {
    if (off < 0) return location{file_, 0, 0, {}};
    const auto o = static_cast<std::size_t>(off);
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), o);
    const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
    return location{file_, line, o - line_starts_[line - 1] + 1, {}};
  }
  location at(pugi::xml_node n) const { return at_offset(n.offset_debug()); }
  /// An error: the element it concerns is skipped (not read into the plan or the observations,
  /// and kept verbatim for the export); the rest imports.
  void fail(errc code, pugi::xml_node n, std::string msg) { findings_.push_back({code, at(n), std::move(msg), false}); }
  /// A warning: a rule breach whose data are still clear; read, and flagged.
  void warn(errc code, pugi::xml_node n, std::string msg) { findings_.push_back({code, at(n), std::move(msg), true}); }
  /// A problem that stops the import: the file cannot be read as IATI results.
  void fatal(errc code, pugi::xml_node n, std::string msg) { problems_.push_back({code, at(n), std::move(msg)}); }

  /// A waypoint extension attribute (whatever prefix the file binds the namespace to).
  pugi::xml_attribute ext(pugi::xml_node n, const char* name) const { return n.attribute((prefix_ + name).c_str()); }
  void strip_ext(pugi::xml_node n) const {
    for (auto a = n.first_attribute(); a;) {
      auto next = a.next_attribute();
      if (std::string_view(a.name()).rfind(prefix_, 0) == 0) n.remove_attribute(a);
      a = next;
    }
  }

  std::optional<date> iso_date(pugi::xml_node n, const char* attr, const char* what) {
    auto a = n.attribute(attr);
    if (!a) {
      fail(errc::iati_missing_attribute, n, std::string(what) + " needs @" + attr);
      return std::nullopt;
    }
    auto d = parse_date(a.value());
    if (!d) fail(errc::iati_bad_date, n, std::string(what) + " @" + attr + " '" + a.value() + "' is not a date (expected YYYY-MM-DD)");
    return d;
  }

  /// The value of a baseline, target or actual under the IATI value rules (a decimal value for
  /// measures 1-4, none for measure 5). `ok` is false when a rule is broken: the element is then
  /// skipped (an error).
  struct read_value {
    std::optional<double> number;
    bool ok = true;
  };
  read_value value_of(pugi::xml_node n, int code, const char* what) {
    auto v = n.attribute("value");
    if (code == 5) {
      if (!v) return {};
      fail(errc::iati_unexpected_value, n, std::string(what) + " of a qualitative indicator (measure 5) must not have a value");
      return {std::nullopt, false};
    }
    if (!v) {
      fail(errc::iati_missing_value, n, std::string(what) + " needs a value for measure " + std::to_string(code));
      return {std::nullopt, false};
    }
    auto d = decimal(v.value());
    if (!d) fail(errc::iati_bad_value, n, std::string(what) + " value '" + v.value() + "' is not a decimal number");
    return {d, d.has_value()};
  }

  iati_activity read(std::string_view text, const iati_options& options);

  /// The versions read: 2.01, 2.02 and 2.03, whose results differ only by what 2.02 and 2.03 add
  /// (docs/formats.md). A 1.x file (or one whose activities say 1.x) stops the import with one
  /// `iati.version` error; no version, or another 2.x, is read as 2.03 with a warning.
  void check_version(pugi::xml_node root) {
    const char* known = "2.01, 2.02 and 2.03";
    auto version_of = [](pugi::xml_node n) { return trimmed(n.attribute("version").value()); };
    std::string v = version_of(root);
    pugi::xml_node where = root;
    if (v.empty())
      for (auto a : root.children("iati-activity"))
        if (!version_of(a).empty()) {
          v = version_of(a);
          where = a;
          break;
        }
    if (v == "2.01" || v == "2.02" || v == "2.03") return;
    if (v.empty()) return warn(errc::iati_version, root, "the file gives no @version; read as IATI 2.03 (waypoint reads " + std::string(known) + ")");
    if (v.rfind("2.", 0) == 0) return warn(errc::iati_version, where, "version " + v + " is read as IATI 2.03 (waypoint reads " + std::string(known) + ")");
    throw error(errc::iati_version, at(where), "IATI version " + v + " is not read: waypoint reads versions " + known +
                                               " (a 1.x file has another results structure; convert it to 2.03 first)");
  }

 private:
  /// `activity`: the section of a whole-file import's activity ("" for a single activity, whose
  /// results each get a section of their own); it also prefixes the default action ids.
  void read_result(pugi::xml_node res, std::size_t n, plan_builder& b, std::set<std::string>& sections, const std::string& activity = {});
  iati_activity read_file(pugi::xml_node root, const std::vector<pugi::xml_node>& activities, const std::vector<std::string>& keys);
  iati_activity finish(plan_builder& b);
  void read_indicator(pugi::xml_node in, const action_id& aid, std::size_t k, bool result_reference, plan_builder& b);

  std::string file_;
  std::vector<std::size_t> line_starts_;
  std::string prefix_ = kPrefix;
  std::vector<problem> problems_;  // fatal
  std::vector<problem> findings_;  // warnings and errors (elements skipped)
  iati_options options_;
  std::vector<std::pair<indicator_id, pending_actual>> rows_;  // the observations, in file order
};

void reader::read_indicator(pugi::xml_node in, const action_id& aid, std::size_t k, bool result_reference, plan_builder& b) {
  indicator ind;
  const location where = at(in);
  ind.id = indicator_id{ext(in, "id") ? std::string(ext(in, "id").value()) : aid.str() + "." + std::to_string(k)};
  ind.action = aid;
  const std::string me = "indicator " + ind.id.str();

  // measure and ascending
  int code = 0;
  const std::string mtext = in.attribute("measure").value();
  // Without a measure no value can be read: these stop the import.
  if (!in.attribute("measure")) fatal(errc::iati_missing_attribute, in, me + " needs @measure (1-5)");
  else if (mtext.size() == 1 && mtext[0] >= '1' && mtext[0] <= '5') code = mtext[0] - '0';
  else fatal(errc::iati_bad_code, in, me + ": unknown measure code '" + mtext + "' (expected 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative)");
  if (auto a = in.attribute("ascending")) {
    const std::string_view t = a.value();
    if (t == "1" || t == "true") ind.direction = direction::increase;
    else if (t == "0" || t == "false") ind.direction = direction::decrease;
    else fatal(errc::iati_bad_code, in, me + ": @ascending '" + std::string(t) + "' is not a boolean (1, 0, true or false)");
  }
  if (result_reference && in.child("reference")) {
    const std::string why = "a reference belongs at result level or at indicator level, not both (both are kept)";
    warn(errc::iati_reference_twice, in.child("reference"), me + ": " + why);
    ind.notes.push_back("IATI warning iati.reference_twice at " + at(in.child("reference")).str() + ": " + why);
  }

  // waypoint semantics
  if (auto a = ext(in, "unit")) ind.unit = a.value();
  if (auto a = ext(in, "direction")) {
    if (auto d = parse_direction(a.value())) ind.direction = *d;
    else fatal(errc::iati_bad_code, in, me + ": waypoint:direction '" + std::string(a.value()) + "' is not increase, decrease or maintain");
  }
  if (auto a = ext(in, "range")) {
    auto parts = split(a.value(), ' ');
    std::optional<double> lo = parts.size() == 2 ? decimal(parts[0]) : std::nullopt, hi = parts.size() == 2 ? decimal(parts[1]) : std::nullopt;
    if (lo && hi) ind.range = value_range{*lo, *hi};
    else fatal(errc::iati_bad_value, in, me + ": waypoint:range must be two numbers 'low high'");
  }
  if (auto a = ext(in, "accumulation")) {
    if (auto x = parse_accumulation(a.value())) ind.accumulation = *x;
    else fatal(errc::iati_bad_code, in, me + ": waypoint:accumulation '" + std::string(a.value()) + "' is not level, flow or cumulative");
  }
  if (auto a = ext(in, "scope")) {
    if (auto x = parse_scope(a.value())) ind.scope = *x;
    else fatal(errc::iati_bad_code, in, me + ": waypoint:scope '" + std::string(a.value()) + "' is not national or collective");
  }
  if (auto a = ext(in, "limit")) {
    if (auto x = decimal(a.value())) ind.limit = *x;
    else fatal(errc::iati_bad_value, in, me + ": waypoint:limit must be a number");
  }
  if (auto a = ext(in, "method")) ind.method.name = a.value();
  if (auto a = ext(in, "params"))
    for (const auto& kv : split(a.value(), ';')) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) fatal(errc::iati_bad_value, in, me + ": waypoint:params must be key=value;key=value");
      else ind.method.params[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  const bool have_levels = static_cast<bool>(ext(in, "levels"));
  if (have_levels) ind.levels = split(ext(in, "levels").value(), '|');

  ind.title = take_narrative(in.child("title"));

  // Baselines: the first one for the total (no dimension, no location) is the model's.
  std::optional<double> base_number;
  std::string base_text;
  bool took_baseline = false;
  std::vector<double> numbers;
  for (auto bl = in.child("baseline"); bl; bl = bl.next_sibling("baseline")) {
    std::optional<int> year;
    if (auto y = bl.attribute("year")) {
      unsigned v = 0;
      if (std::string_view(y.value()).size() == 4 && waypoint::detail::parse_uint(y.value(), v) && v >= 1400) year = static_cast<int>(v);
      else fail(errc::iati_bad_date, bl, me + ": baseline @year '" + std::string(y.value()) + "' is not a year");
    } else {
      fail(errc::iati_missing_attribute, bl, me + ": baseline needs @year");
    }
    std::optional<date> iso;
    bool dated = true;
    if (bl.attribute("iso-date")) dated = (iso = iso_date(bl, "iso-date", "baseline")).has_value();
    if (iso && year && iso->year() != *year) {
      fail(errc::iati_bad_date, bl, me + ": baseline @iso-date " + to_string(*iso) + " is not in @year " + std::to_string(*year));
      dated = false;
    }
    const auto [num, readable] = value_of(bl, code, "baseline");
    if (num) numbers.push_back(*num);
    // A baseline that breaks a rule is skipped, and kept verbatim.
    if (took_baseline || bl.child("dimension") || bl.child("location") || !year || !dated || !readable) continue;
    took_baseline = true;
    base_number = num;
    ind.baseline = baseline{std::nullopt, iso ? period::day(*iso) : period::year(*year), ext(bl, "source").value()};
    if (code == 5) base_text = take_narrative(bl.child("comment"));
    for (const char* a : {"year", "iso-date", "value"}) bl.remove_attribute(a);
    strip_ext(bl);
    bl.append_attribute(kSlot);
  }

  // Periods: the first total target of each becomes a milestone or the target; actuals become observations.
  std::vector<pending_target> targets;
  std::vector<pending_actual> actuals;
  for (auto pe = in.child("period"); pe; pe = pe.next_sibling("period")) {
    std::optional<date> s, e;
    if (auto ps = pe.child("period-start")) s = iso_date(ps, "iso-date", "period-start");
    else fail(errc::iati_missing_element, pe, me + ": period needs a period-start");
    if (auto pn = pe.child("period-end")) e = iso_date(pn, "iso-date", "period-end");
    else fail(errc::iati_missing_element, pe, me + ": period needs a period-end");
    std::optional<period> per;
    // Two period-starts or period-ends: which one holds cannot be told either (a fuzz_iati
    // finding: the second was kept beside the dates the writer puts back, and read back otherwise).
    for (const char* name : {"period-start", "period-end"})
      if (auto second = pe.child(name).next_sibling(name)) {
        fail(errc::iati_bad_date, second, me + ": a period has a second " + name + " (its targets and actuals are skipped)");
        s.reset();
      }
    if (s && e) {
      // Which date is wrong cannot be told (the IATI validator grades this an error too): the
      // period's targets and actuals are skipped, and kept verbatim.
      if (*e < *s)
        fail(errc::iati_period_order, pe.child("period-start"), me + ": period-start " + to_string(*s) + " is after period-end " + to_string(*e) +
                                                                  " (its targets and actuals are skipped)");
      else per = period(*s, *e);
    }
    const bool has_values = per && (pe.child("target") || pe.child("actual"));
    // Every total target of the period: the writer puts a milestone and the target of the same
    // period side by side, so a second one is read, not kept verbatim (which lost the target).
    for (auto t = pe.child("target"); t; t = t.next_sibling("target")) {
      const auto [num, readable] = value_of(t, code, "target");
      if (num) numbers.push_back(*num);
      if (t.child("dimension") || t.child("location") || !per || !readable) continue;
      if (code == 5 && t.child("comment").child("narrative").text().empty()) continue;  // nothing to carry: kept as it is
      pending_target pt{*per, num, {}, false, false, targets.size()};
      if (auto a = ext(t, "aspirational")) pt.aspirational = std::string_view(a.value()) == "true";
      if (auto a = ext(t, "milestone")) pt.milestone = std::string_view(a.value()) == "true";
      if (code == 5) pt.text = take_narrative(t.child("comment"));
      targets.push_back(std::move(pt));
      t.remove_attribute("value");
      strip_ext(t);
      t.append_attribute(kSlot);
    }
    for (auto a = pe.child("actual"); a; a = a.next_sibling("actual")) {
      const auto [num, readable] = value_of(a, code, "actual");
      if (num) numbers.push_back(*num);
      if (!per || !readable || (code != 5 && !num)) continue;
      if (code == 5 && a.child("comment").child("narrative").text().empty()) continue;
      pending_actual pa{*per, "*", {}, num, {}, at(a)};
      std::map<std::string, std::string> dims;
      std::vector<std::string> dim_order;  // the file's order of the dimensions (the key sorts them)
      bool ok = true;
      for (auto d : a.children("dimension")) {
        const std::string name = d.attribute("name").value(), val = d.attribute("value").value();
        dim_order.push_back(name);
        if (name.empty() || val.empty()) {
          fail(errc::iati_missing_attribute, d, me + ": a dimension needs @name and @value");
          ok = false;
        } else if (name.find_first_of(";=") != std::string::npos || val.find(';') != std::string::npos) {
          fail(errc::iati_bad_value, d, me + ": dimension name may not hold ';' or '=', nor its value ';'");
          ok = false;
        } else if (!dims.emplace(name, val).second) {
          fail(errc::iati_duplicate_dimension, d, me + ": dimension '" + name + "' appears twice on one actual");
          ok = false;
        }
      }
      std::vector<std::string> refs;
      for (auto l : a.children("location")) {
        const std::string ref = l.attribute("ref").value();
        if (ref.empty() || ref.find_first_of("+|") != std::string::npos || ref == "*") {
          fail(errc::iati_bad_value, l, me + ": an actual's location needs a @ref without '+' or '|'");
          ok = false;
        }
        refs.push_back(ref);
      }
      if (!ok) continue;
      if (!refs.empty()) pa.entity = join(refs, '+');
      for (const auto& [n, v] : dims) pa.disaggregation += (pa.disaggregation.empty() ? "" : ";") + n + "=" + v;
      if (code == 5) pa.text = take_narrative(a.child("comment"));
      a.remove_attribute("value");
      while (auto d = a.child("dimension")) a.remove_child(d);
      while (auto l = a.child("location")) a.remove_child(l);
      strip_ext(a);
      a.append_attribute(kSlot).set_value(actual_key(pa.entity, pa.disaggregation).c_str());
      if (!std::is_sorted(dim_order.begin(), dim_order.end())) a.append_attribute(kDimensionOrder).set_value(join(dim_order, ';').c_str());
      actuals.push_back(std::move(pa));
    }
    if (has_values) pe.append_attribute(kSlot);
  }

  // The measure, now that every value is known.
  if (auto a = ext(in, "measure")) {
    if (auto m = parse_measure(a.value())) ind.measure = *m;
    else fatal(errc::iati_bad_code, in, me + ": waypoint:measure '" + std::string(a.value()) + "' is not a waypoint measure");
  } else {
    const bool zero_one = std::all_of(numbers.begin(), numbers.end(), [](double v) { return v == 0 || v == 1; });
    constexpr measure by_code[] = {measure::amount, measure::amount, measure::percentage, measure::binary, measure::ordinal, measure::qualitative};
    ind.measure = by_code[code];
    if (code == 3 && !zero_one) ind.measure = measure::ordinal;
  }
  if (ind.measure == measure::ordinal && !have_levels) ind.levels = derived_levels(numbers);
  // The model value of an IATI value.
  auto model_value = [&](const std::optional<double>& num, const std::string& text, pugi::xml_node n) -> std::optional<value> {
    if (ind.measure == measure::qualitative) return text.empty() ? std::nullopt : std::optional<value>(value::text(text));
    if (!num) return std::nullopt;
    if (ind.measure == measure::binary) {
      if (*num != 0 && *num != 1) fail(errc::iati_bad_value, n, me + ": a binary value must be 0 or 1, got " + format_number(*num));
      return value::boolean(*num == 1);
    }
    if (ind.measure == measure::ordinal) {
      if (have_levels) {
        if (*num >= 0 && *num < static_cast<double>(ind.levels.size()) && *num == std::floor(*num)) return value::of_level(static_cast<std::size_t>(*num));
        fail(errc::iati_bad_value, n, me + ": with waypoint:levels a value is a level index 0-" + std::to_string(ind.levels.size() - 1) + ", got " + format_number(*num));
        return std::nullopt;
      }
      const auto it = std::find(ind.levels.begin(), ind.levels.end(), format_number(*num));
      return value::of_level(static_cast<std::size_t>(it - ind.levels.begin()));
    }
    return value::number(*num);
  };
  if (ind.baseline) ind.baseline->amount = model_value(base_number, base_text, in);
  std::stable_sort(targets.begin(), targets.end(), [](const pending_target& x, const pending_target& y) { return x.at < y.at; });
  // The target: the last total target by period that is not marked waypoint:milestone.
  std::optional<std::size_t> target_at;
  for (std::size_t t = 0; t < targets.size(); ++t)
    if (!targets[t].milestone) target_at = t;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    auto v = model_value(targets[t].number, targets[t].text, in);
    if (!v) continue;
    if (target_at && t == *target_at) ind.target = target{*v, targets[t].at};
    else ind.milestones.push_back({*v, time_ref{targets[t].at}, targets[t].aspirational, std::nullopt});
  }
  for (auto& a : actuals) {
    auto v = model_value(a.number, a.text, in);
    if (!v) continue;
    a.number = v->numeric();
    rows_.emplace_back(ind.id, std::move(a));
  }

  // The residue.
  for (const char* a : {"ascending", "measure"})
    if (!(std::string_view(a) == "measure" && code == 3 && ind.measure == measure::ordinal)) in.remove_attribute(a);
  strip_ext(in);
  prune_residue(in);
  if (auto r = residue_text(in); !r.empty()) ind.extensions[kIndicatorKey] = std::move(r);
  b.add_indicator(std::move(ind), where);
}

void reader::read_result(pugi::xml_node res, std::size_t n, plan_builder& b, std::set<std::string>& sections, const std::string& activity) {
  action a;
  const location where = at(res);
  a.id = action_id{ext(res, "id") ? std::string(ext(res, "id").value()) : (activity.empty() ? "" : activity + ".") + "R" + std::to_string(n)};
  const std::string me = "result " + a.id.str();
  const std::string type = res.attribute("type").value();
  // A missing or unknown type leaves the result's data clear: read, with a warning, and the
  // attribute is kept as it was for the export.
  if (!res.attribute("type")) warn(errc::iati_missing_attribute, res, me + " needs @type (1 output, 2 outcome, 3 impact, 9 other)");
  std::string tag;
  for (const auto& [c, t] : result_types)
    if (c == type) tag = t;
  if (res.attribute("type") && tag.empty())
    warn(errc::iati_bad_code, res, me + ": unknown result type '" + type + "' (expected 1 output, 2 outcome, 3 impact, 9 other); kept as it is");
  if (!tag.empty()) a.tags.push_back(tag);
  if (auto t = ext(res, "tags"))
    for (auto& x : split(t.value(), '|')) a.tags.push_back(std::move(x));
  a.text = take_narrative(res.child("title"));
  a.section = section_id{ext(res, "section") ? std::string(ext(res, "section").value()) : activity.empty() ? a.id.str() : activity};
  if (sections.insert(a.section.str()).second) {
    section s;
    s.id = a.section;
    s.title = ext(res, "section-title") ? std::string(ext(res, "section-title").value()) : a.text;
    b.add_section(std::move(s), where);
  }
  const bool reference = static_cast<bool>(res.child("reference"));
  std::size_t k = 0;
  take_children(res, "indicator", result_order, [&](pugi::xml_node in) { read_indicator(in, a.id, ++k, reference, b); });
  if (!tag.empty()) res.remove_attribute("type");
  strip_ext(res);
  if (auto r = residue_text(res); !r.empty()) a.extensions[kResultKey] = std::move(r);
  b.add_action(std::move(a), where);
}

iati_activity reader::read(std::string_view text, const iati_options& options) {
  options_ = options;
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_comments, pugi::encoding_utf8);
  if (!parsed) throw error(errc::iati_syntax, at_offset(parsed.offset), std::string("malformed XML: ") + parsed.description());
  // IATI 2.03 nests elements about eight deep. Far deeper input would be carried into the plan's
  // kept XML and printed back indented, one indent per level on each line: 10,000 levels in a
  // 70 KB file made a 200 MB export. The walk is iterative (no recursion on the input's depth).
  {
    // The same walk checks every text and attribute value as every loader does (model/text.hpp):
    // pugixml decodes `&#1;`, which XML 1.0 forbids and no plan file may hold.
    const auto check_text = [&](pugi::xml_node n, const char* v) {
      if (auto f = text_fault_of(v))
        throw error(errc::iati_syntax, at(n), "not a valid text at byte " + std::to_string(f->offset + 1) + ": " + f->what);
    };
    // Names must be namespace-well-formed, as a namespace-aware parser (and the IATI schema)
    // requires: a prefix is declared by an `xmlns:prefix` on the element or an ancestor. An
    // undeclared `waypoint:` name was kept as unknown XML, then bound by the export's own
    // declaration: its meaning changed on the way round (a fuzz_iati finding).
    const auto check_prefix = [&](pugi::xml_node n, std::string_view name, const char* what) {
      const auto colon = name.find(':');
      if (colon == std::string_view::npos) return;
      const std::string_view prefix = name.substr(0, colon);
      if (prefix == "xml" || prefix == "xmlns") return;
      const std::string decl = "xmlns:" + std::string(prefix);
      for (pugi::xml_node m = n; m; m = m.parent())
        if (m.attribute(decl.c_str())) return;
      throw error(errc::iati_syntax, at(n), std::string(what) + " " + std::string(name) + " uses the namespace prefix '" + std::string(prefix) +
                                                "', which no xmlns:" + std::string(prefix) + " declares");
    };
    std::size_t depth = 1;  // the level of `n`: the root element is 1
    for (pugi::xml_node n = doc.first_child(); n;) {
      check_text(n, n.value());  // texts, CDATA, comments (kept and written back), instructions
      for (auto a : n.attributes()) check_text(n, a.value());
      if (n.type() == pugi::node_element) {
        check_prefix(n, n.name(), "element");
        for (auto a : n.attributes()) check_prefix(n, a.name(), "attribute");
      }
      if (n.first_child()) {
        n = n.first_child();
        if (++depth > max_iati_depth && n.type() == pugi::node_element)  // text at the last level is fine
          throw error(errc::iati_too_deep, at(n), "elements nested more than " + std::to_string(max_iati_depth) + " deep");
        continue;
      }
      while (n && !n.next_sibling()) {
        n = n.parent();
        --depth;
      }
      if (n) n = n.next_sibling();
    }
  }
  auto root = doc.document_element();
  std::vector<pugi::xml_node> activities;
  if (std::string_view(root.name()) == "iati-activity") activities.push_back(root);
  else if (std::string_view(root.name()) == "iati-activities")
    for (auto a : root.children("iati-activity")) activities.push_back(a);
  else throw error(errc::iati_not_iati, at(root), "the root element is <" + std::string(root.name()) + ">, not <iati-activities>");
  check_version(root);
  // The prefix the file binds waypoint's namespace to.
  for (auto n : {root, activities.empty() ? root : activities.front()})
    for (auto a : n.attributes())
      if (std::string_view(a.name()).rfind("xmlns:", 0) == 0 && a.value() == iati_extension_namespace) prefix_ = std::string(a.name() + 6) + ":";

  auto identifier = [](pugi::xml_node a) { return trimmed(a.child("iati-identifier").text().get()); };
  std::vector<std::string> identifiers;
  for (auto a : activities) identifiers.push_back(identifier(a));
  const auto keys = activity_keys(identifiers);
  if (activities.empty()) throw error(errc::iati_missing_element, at(root), "the file holds no iati-activity");
  pugi::xml_node act;
  if (!options.activity.empty()) {
    std::vector<std::string> same;
    for (std::size_t k = 0; k < activities.size(); ++k) {
      if (keys[k] == options.activity) act = activities[k];
      if (identifiers[k] == options.activity) same.push_back(keys[k]);
    }
    if (!act && same.size() > 1)
      throw error(errc::iati_ambiguous, at(root), std::to_string(same.size()) + " activities have iati-identifier '" + options.activity +
                                                  "'; choose one of " + join(same, ' ') + " (numbered in file order)");
    if (!act) throw error(errc::iati_unknown_activity, at(root), "no iati-activity with iati-identifier '" + options.activity + "'");
  } else if (activities.size() == 1) {
    act = activities.front();
  } else {
    return read_file(root, activities, keys);  // every activity, one section each
  }

  text_last_in_results(root, act);
  const std::string id = identifier(act);
  if (id.empty()) fatal(errc::iati_missing_element, act, "the activity needs an iati-identifier");
  const std::string title = act.child("title").child("narrative").text().get();
  for (auto d : act.children("activity-date")) iso_date(d, "iso-date", "activity-date");
  std::optional<period> per;
  if (auto a = ext(act, "period")) {
    per = parse_period(a.value());
    if (!per) fatal(errc::iati_bad_date, act, "waypoint:period '" + std::string(a.value()) + "' is not a period");
  } else {
    per = derived_period(act);
    if (!per) fatal(errc::iati_missing_element, act, "no activity-date and no result period: the plan period cannot be told");
  }
  plan_builder b(plan_id{id}, title, per.value_or(period::year(2000)));
  std::set<std::string> sections;
  std::size_t n = 0;
  take_children(act, "result", activity_order, [&](pugi::xml_node res) { read_result(res, ++n, b, sections); });

  // Residues of the activity and the root.
  extension_map ext_map;
  // The writer makes the identifier again first; one followed by another (kept verbatim) stays
  // in place and takes the plan id, or the next import would read the other one.
  if (auto i = act.child("iati-identifier"); i && !i.first_attribute() && !i.next_sibling("iati-identifier")) act.remove_child(i);
  take_narrative(act.child("title"));
  strip_ext(act);
  if (auto r = residue_text(act); !r.empty()) ext_map[kActivityKey] = std::move(r);
  if (root != act) {
    while (auto a = root.child("iati-activity")) root.remove_child(a);
    if (auto r = residue_text(root); !r.empty()) ext_map[kRootKey] = std::move(r);
  }
  keep_document_comments(root, ext_map);
  b.set_extensions(std::move(ext_map));

  return finish(b);
}

iati_activity reader::read_file(pugi::xml_node root, const std::vector<pugi::xml_node>& activities, const std::vector<std::string>& keys) {
  std::vector<std::string> identifiers;
  for (std::size_t k = 0; k < activities.size(); ++k) {
    const std::string id = trimmed(activities[k].child("iati-identifier").text().get());
    if (id.empty()) fatal(errc::iati_missing_element, activities[k], "activity " + std::to_string(k + 1) + " needs an iati-identifier");
    else if (keys[k] != id && keys[k].substr(keys[k].rfind('#')) != "#1")
      warn(errc::iati_duplicate_identifier, activities[k].child("iati-identifier"),
           "iati-identifier '" + id + "' is repeated: this activity is read as section '" + keys[k] + "' (numbered in file order)");
    identifiers.push_back(id);
  }
  // The plan: every activity's dates and periods, unless the root says (waypoint:period).
  std::optional<period> per;
  if (auto a = ext(root, "period")) {
    per = parse_period(a.value());
    if (!per) fatal(errc::iati_bad_date, root, "waypoint:period '" + std::string(a.value()) + "' is not a period");
  } else {
    per = derived_period(activities);
    if (!per) fatal(errc::iati_missing_element, root, "no activity-date and no result period: the plan period cannot be told");
  }
  const std::string id = ext(root, "plan-id") ? std::string(ext(root, "plan-id").value()) : kFilePlanId;
  const std::string title = ext(root, "plan-title") ? std::string(ext(root, "plan-title").value()) : file_plan_title(identifiers);
  plan_builder b(plan_id{id}, title, per.value_or(period::year(2000)));
  std::set<std::string> sections;
  extension_map ext_map;
  for (std::size_t k = 0; k < activities.size(); ++k) {
    auto act = activities[k];
    text_last_in_results(root, act);
    for (auto d : act.children("activity-date")) iso_date(d, "iso-date", "activity-date");
    section s;
    s.id = section_id{keys[k]};
    s.title = take_narrative(act.child("title"));
    sections.insert(keys[k]);
    b.add_section(std::move(s), at(act));
    std::size_t n = 0;
    take_children(act, "result", activity_order, [&](pugi::xml_node res) { read_result(res, ++n, b, sections, keys[k]); });
    strip_ext(act);
    ext_map[activity_residue_key(k)] = residue_text(act);  // the identifier stays in it
  }
  while (auto a = root.child("iati-activity")) root.remove_child(a);
  strip_ext(root);
  if (auto r = residue_text(root); !r.empty()) ext_map[kRootKey] = std::move(r);
  keep_document_comments(root, ext_map);
  b.set_extensions(std::move(ext_map));
  return finish(b);
}

iati_activity reader::finish(plan_builder& b) {
  for (auto& p : problems_) b.add_problem(std::move(p));
  auto all = install_checks(b).validate();  // the eval layer's checks too; build_checked below makes them again
  for (auto& p : all)
    if (p.where.file.empty()) p.where.file = file_;
  auto by_place = [](std::vector<problem>& v) {
    std::stable_sort(v.begin(), v.end(), [](const problem& x, const problem& y) {
      return std::tie(x.where.line, x.where.column) < std::tie(y.where.line, y.where.column);
    });
  };
  by_place(all);
  by_place(findings_);
  const bool fatal_problem = std::any_of(all.begin(), all.end(), [](const problem& p) { return !p.warning; });
  if (fatal_problem || (options_.strict && (!findings_.empty() || !all.empty()))) {
    all.insert(all.end(), findings_.begin(), findings_.end());
    by_place(all);
    if (options_.strict)
      for (auto& p : all) p.warning = false;  // --strict: every finding is fatal
    throw error(std::move(all));
  }
  findings_.insert(findings_.end(), all.begin(), all.end());  // the plan's own warnings
  by_place(findings_);
  plan result = build_checked(std::move(b));

  observation_builder ob(result);
  for (auto& [iid, r] : rows_) {
    observation o;
    o.indicator = iid;
    o.entity = entity_id{r.entity};
    o.disaggregation = r.disaggregation;
    o.period = r.at;
    o.amount = r.number.value_or(0);
    o.text = r.text;
    o.where = r.where;
    ob.append(o);
  }
  observation_store store = std::move(ob).finish();  // before the plan it points to moves
  return iati_activity{std::move(result), std::move(store), std::move(findings_)};
}

// ---------------------------------------------------------------- writing

struct actual_row {
  std::string entity, disaggregation;
  double amount = 0;
  std::string text;
};

class writer {
 public:
  writer(const plan& p, const observation_store& obs) : plan_(p) {
    // Per indicator and period, the latest revision of each series' value.
    for (std::size_t i = 0; i < obs.series_count(); ++i) {
      const auto v = obs.series(i);
      auto& periods = actuals_[v.indicator];
      for (std::size_t k = 0; k < v.size(); ++k) {
        auto& rows = periods[{v.start[k], v.end(k)}];
        actual_row r{*v.entity, *v.disaggregation, v.amount[k], std::string(v.narrative(k))};
        if (!rows.empty() && rows.back().entity == r.entity && rows.back().disaggregation == r.disaggregation) rows.back() = std::move(r);
        else rows.push_back(std::move(r));
      }
    }
  }

  void write(std::ostream& out) {
    pugi::xml_document doc;
    auto root = from_residue(doc, plan_.extensions(), kRootKey, "iati-activities");
    if (!root.attribute("version") && !plan_.extensions().count(kRootKey)) root.append_attribute("version").set_value("2.03");
    std::vector<std::string> orphans;
    for (const auto& i : plan_.indicators())
      if (i.action.empty()) orphans.push_back(i.id.str());
    if (!orphans.empty())
      problems_.push_back({errc::iati_unsupported, {}, "indicators without an action have no IATI result: " + join(orphans, ' ')});
    if (plan_.extensions().count(activity_residue_key(0)) != 0) write_activities(root);
    else write_activity(root);
    if (!problems_.empty()) throw error(std::move(problems_));
    for (const auto* key : {kPrologKey, kEpilogKey}) {  // the comments around the root
      auto it = plan_.extensions().find(key);
      if (it == plan_.extensions().end()) continue;
      pugi::xml_document frag;  // in an element of its own: comments alone are no XML document
      const std::string wrapped = "<c>" + it->second + "</c>";
      if (!frag.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default | pugi::parse_comments, pugi::encoding_utf8)) continue;
      for (auto c : frag.document_element().children())
        if (c.type() == pugi::node_comment) key == kPrologKey ? doc.insert_copy_before(c, root) : doc.append_copy(c);
    }
    if (uses_extension(root) && !declares_extension(root))
      root.append_attribute("xmlns:waypoint").set_value(std::string(iati_extension_namespace).c_str());
    doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  }

 private:
  /// A plan of one activity: the plan is the activity, each action a result.
  void write_activity(pugi::xml_node root) {
    const bool had_activity = plan_.extensions().count(kActivityKey) != 0;
    auto act = from_residue(root, plan_.extensions(), kActivityKey, "iati-activity");
    if (auto i = act.child("iati-identifier")) i.text().set(plan_.id().str().c_str());
    else insert_ordered(act, "iati-identifier", activity_order).text().set(plan_.id().str().c_str());
    put_narrative(act, "title", activity_order, plan_.title());
    if (!had_activity) {
      for (auto [type, d] : {std::pair{"1", plan_.period().start()}, std::pair{"3", plan_.period().end()}}) {
        auto ad = insert_ordered(act, "activity-date", activity_order);
        ad.append_attribute("iso-date").set_value(to_string(d).c_str());
        ad.append_attribute("type").set_value(type);
      }
    }
    std::size_t n = 0;
    for (const auto& a : plan_.actions()) write_result(act, a, ++n);
    act.remove_child(marker_of("result").c_str());
    if (auto d = derived_period(act); !d || !(*d == plan_.period())) act.append_attribute("waypoint:period").set_value(plan_.period().str().c_str());
  }

  /// A plan of a whole file (docs/formats.md): each activity residue is written back in order,
  /// its section's title as its title and the actions of its section as its results.
  void write_activities(pugi::xml_node root) {
    std::vector<pugi::xml_node> acts;
    std::vector<std::string> identifiers;
    for (std::size_t k = 0; plan_.extensions().count(activity_residue_key(k)) != 0; ++k) {
      acts.push_back(from_residue(root, plan_.extensions(), activity_residue_key(k).c_str(), "iati-activity"));
      identifiers.push_back(trimmed(acts.back().child("iati-identifier").text().get()));
    }
    const auto keys = activity_keys(identifiers);
    std::set<std::string> written;
    for (std::size_t k = 0; k < acts.size(); ++k) {
      if (const section* sec = plan_.find(section_id{keys[k]})) put_narrative(acts[k], "title", activity_order, sec->title);
      std::size_t n = 0;
      for (const auto& a : plan_.actions())
        if (a.section.str() == keys[k]) {
          write_result(acts[k], a, ++n, keys[k]);
          written.insert(a.id.str());
        }
      acts[k].remove_child(marker_of("result").c_str());
    }
    std::vector<std::string> astray;
    for (const auto& a : plan_.actions())
      if (!written.count(a.id.str())) astray.push_back(a.id.str() + " (section " + a.section.str() + ")");
    if (!astray.empty())
      problems_.push_back({errc::iati_unsupported, {}, "actions outside the sections of the file's activities have no activity: " + join(astray, ' ')});
    // The plan's id, title and period, where the activities alone would not give them back.
    if (plan_.id().str() != kFilePlanId) set_attr(root, "waypoint:plan-id", plan_.id().str());
    if (plan_.title() != file_plan_title(identifiers)) set_attr(root, "waypoint:plan-title", plan_.title());
    if (auto d = derived_period(acts); !d || !(*d == plan_.period())) set_attr(root, "waypoint:period", plan_.period().str());
  }

  /// The residue stored under `key`, appended to `parent`, or a new `name` element.
  pugi::xml_node from_residue(pugi::xml_node parent, const extension_map& e, const char* key, const char* name, order o = {}) {
    auto it = e.find(key);
    if (it != e.end()) {
      pugi::xml_document frag;
      const auto r = frag.load_buffer(it->second.data(), it->second.size(), pugi::parse_default | pugi::parse_comments, pugi::encoding_utf8);
      if (r && std::string_view(frag.document_element().name()) == name)
        return o.size() ? insert_copy_ordered(parent, frag.document_element(), o) : parent.append_copy(frag.document_element());
      problems_.push_back({errc::iati_bad_extension, {}, std::string("extension '") + key + "' is not a <" + name + "> element: " +
                                                         (r ? "wrong root element" : r.description())});
    }
    return o.size() ? insert_ordered(parent, name, o) : parent.append_child(name);
  }

  /// True when some element at or below `root` has a waypoint: attribute (walked without recursion).
  static bool uses_extension(pugi::xml_node root) {
    for (auto n = root; n;) {
      for (auto a : n.attributes())
        if (std::string_view(a.name()).rfind(kPrefix, 0) == 0) return true;
      if (n.first_child()) {
        n = n.first_child();
        continue;
      }
      while (n && n != root && !n.next_sibling()) n = n.parent();
      n = n && n != root ? n.next_sibling() : pugi::xml_node();
    }
    return false;
  }
  static bool declares_extension(pugi::xml_node root) { return static_cast<bool>(root.attribute("xmlns:waypoint")); }

  /// `activity`: the key of the activity of a whole-file plan ("" for a plan of one activity).
  void write_result(pugi::xml_node act, const action& a, std::size_t n, const std::string& activity = {}) {
    auto res = from_residue(act, a.extensions, kResultKey, "result", activity_order);
    std::string type = "9";
    std::vector<std::string> other_tags;
    bool typed = false;
    for (const auto& t : a.tags) {
      bool is_type = false;
      for (const auto& [c, w] : result_types)
        if (!typed && t == w) type = c, is_type = typed = true;
      if (!is_type) other_tags.push_back(t);
    }
    if (!res.attribute("type")) res.prepend_attribute("type").set_value(type.c_str());  // a kept unknown type stays
    if (a.id.str() != (activity.empty() ? "" : activity + ".") + "R" + std::to_string(n)) res.append_attribute("waypoint:id").set_value(a.id.str().c_str());
    if (!other_tags.empty()) res.append_attribute("waypoint:tags").set_value(join(other_tags, '|').c_str());
    if (activity.empty()) {  // a whole file's sections are its activities: their titles are the activities'
      if (a.section.str() != a.id.str()) res.append_attribute("waypoint:section").set_value(a.section.str().c_str());
      if (const section* s = plan_.find(a.section); s && s->title != a.text)
        res.append_attribute("waypoint:section-title").set_value(s->title.c_str());
    }
    put_narrative(res, "title", result_order, a.text);
    std::size_t k = 0;
    for (const auto& iid : a.indicators) write_indicator(res, *plan_.find(iid), a.id.str() + "." + std::to_string(++k));
    res.remove_child(marker_of("indicator").c_str());
  }

  /// The text of a model value as IATI writes it (number, 1/0, level name or index); "" for text.
  std::string value_text(const value& v, const indicator& ind, bool level_names) const {
    if (ind.measure == measure::qualitative) return {};
    if (v.is_level() && level_names) return ind.levels[static_cast<std::size_t>(*v.numeric())];
    return v.numeric() ? format_number(*v.numeric()) : std::string();
  }
  /// Puts a value on a baseline, target or actual: @value, or the comment of a qualitative one.
  void put_value(pugi::xml_node n, const value& v, const indicator& ind, bool level_names) const {
    if (ind.measure == measure::qualitative) put_narrative(n, "comment", n.name() == std::string_view("baseline") ? baseline_order : value_order, v.as_text());
    else set_attr(n, "value", value_text(v, ind, level_names));
  }

  void write_indicator(pugi::xml_node res, const indicator& ind, const std::string& default_id) {
    auto in = from_residue(res, ind.extensions, kIndicatorKey, "indicator", result_order);
    int code = 1;
    switch (ind.measure) {
      case measure::percentage: code = 2; break;
      case measure::binary: code = 3; break;
      case measure::ordinal: code = std::string_view(in.attribute("measure").value()) == "3" ? 3 : 4; break;
      case measure::qualitative: code = 5; break;
      default: code = 1;
    }
    in.remove_attribute("measure");
    in.prepend_attribute("ascending").set_value(ind.direction == direction::decrease ? "0" : "1");
    in.prepend_attribute("measure").set_value(std::to_string(code).c_str());
    if (ind.id.str() != default_id) in.append_attribute("waypoint:id").set_value(ind.id.str().c_str());
    if (ind.measure == measure::count || ind.measure == measure::ratio) in.append_attribute("waypoint:measure").set_value(std::string(to_string(ind.measure)).c_str());
    if (!ind.unit.empty()) in.append_attribute("waypoint:unit").set_value(ind.unit.c_str());
    if (ind.direction == direction::maintain) in.append_attribute("waypoint:direction").set_value("maintain");
    if (ind.range) in.append_attribute("waypoint:range").set_value((format_number(ind.range->low) + " " + format_number(ind.range->high)).c_str());
    if (ind.accumulation != accumulation::level) in.append_attribute("waypoint:accumulation").set_value(std::string(to_string(ind.accumulation)).c_str());
    if (ind.scope != scope::national) in.append_attribute("waypoint:scope").set_value(std::string(to_string(ind.scope)).c_str());
    if (ind.limit) in.append_attribute("waypoint:limit").set_value(format_number(*ind.limit).c_str());
    if (!ind.method.name.empty()) in.append_attribute("waypoint:method").set_value(ind.method.name.c_str());
    if (!ind.method.params.empty()) {
      std::string ps;
      for (const auto& [k, v] : ind.method.params) ps += (ps.empty() ? "" : ";") + k + "=" + v;
      in.append_attribute("waypoint:params").set_value(ps.c_str());
    }
    put_narrative(in, "title", indicator_order, ind.title);

    // Observations of this indicator, by period.
    static const std::map<period_key, std::vector<actual_row>> none;
    const auto idx = plan_.indicator_index(ind.id);
    const auto found = idx ? actuals_.find(*idx) : actuals_.end();
    const auto& rows_by_period = found == actuals_.end() ? none : found->second;

    // Ordinal values go by level name when the reader would make the same scale from them.
    bool level_names = false;
    if (ind.measure == measure::ordinal) {
      std::vector<double> used;
      bool numeric = true;
      auto see = [&](double index) {
        if (index < 0 || index >= static_cast<double>(ind.levels.size())) return;
        const auto& name = ind.levels[static_cast<std::size_t>(index)];
        const auto d = decimal(name);
        if (!d || format_number(*d) != name) numeric = false;
        else used.push_back(*d);
      };
      if (ind.baseline && ind.baseline->amount && ind.baseline->amount->numeric()) see(*ind.baseline->amount->numeric());
      for (const auto& m : ind.milestones) see(m.amount.numeric().value_or(-1));
      if (ind.target) see(ind.target->amount.numeric().value_or(-1));
      for (const auto& [k, rows] : rows_by_period)
        for (const auto& r : rows) see(r.amount);
      // The values kept verbatim (a second baseline, a disaggregated target or actual): the reader
      // makes its scale from them too, so the choice must count them.
      auto see_kept = [&](pugi::xml_node n) {
        if (const auto v = n.attribute("value"))
          if (const auto d = decimal(v.value())) used.push_back(*d);
      };
      for (auto bl : in.children("baseline")) see_kept(bl);
      for (auto pe : in.children("period")) {
        for (auto t : pe.children("target")) see_kept(t);
        for (auto a : pe.children("actual")) see_kept(a);
      }
      level_names = numeric && derived_levels(used) == ind.levels;
      if (!level_names) in.append_attribute("waypoint:levels").set_value(join(ind.levels, '|').c_str());
    }

    // Baseline: into its slot, or a new element. IATI needs a value for measures 1-4.
    pugi::xml_node slot;
    for (auto bl = in.child("baseline"); bl && !slot; bl = bl.next_sibling("baseline"))
      if (bl.attribute(kSlot)) slot = bl;
    if (ind.baseline && (ind.baseline->amount || ind.measure == measure::qualitative)) {
      auto bl = slot ? slot : insert_ordered(in, "baseline", indicator_order);
      bl.remove_attribute(kSlot);
      const auto& at = ind.baseline->at;
      bl.prepend_attribute("year").set_value(std::to_string(at.start_year()).c_str());
      if (at.kind() != period_kind::year) bl.insert_attribute_after("iso-date", bl.attribute("year")).set_value(to_string(at.start()).c_str());
      if (ind.baseline->amount) put_value(bl, *ind.baseline->amount, ind, level_names);
      if (!ind.baseline->source.empty()) bl.append_attribute("waypoint:source").set_value(ind.baseline->source.c_str());
    } else if (slot) {
      in.remove_child(slot);
    }

    // Targets per period: the milestones, then the target.
    struct target_out {
      const value* amount;
      bool aspirational, milestone;
    };
    std::map<period_key, std::vector<target_out>> targets;
    const std::optional<period_key> tkey = ind.target ? std::optional<period_key>(key_of(ind.target->at)) : std::nullopt;
    for (std::size_t m = 0; m < ind.milestones.size(); ++m) {
      const auto& ms = ind.milestones[m];
      const period when = ms.when ? *ms.when : std::get<period>(ms.at);
      // Marked when the reader would otherwise take it for the target (see read_indicator).
      targets[key_of(when)].push_back({&ms.amount, ms.aspirational, !tkey || !(key_of(when) < *tkey)});
    }
    if (ind.target) targets[*tkey].push_back({&ind.target->amount, false, false});

    std::set<period_key> done;
    auto fill = [&](pugi::xml_node pe, const period_key& key) {
      auto tv = targets.find(key);
      if (tv != targets.end())
        for (const auto& t : tv->second) {
          pugi::xml_node tn;  // the next slot the reader left, in order
          for (auto x = pe.child("target"); x && !tn; x = x.next_sibling("target"))
            if (x.attribute(kSlot)) tn = x;
          if (!tn) {
            pugi::xml_node last_target;
            for (auto x = pe.child("target"); x; x = x.next_sibling("target")) last_target = x;
            tn = last_target ? pe.insert_child_after("target", last_target) : insert_ordered(pe, "target", period_order);
          }
          tn.remove_attribute(kSlot);
          put_value(tn, *t.amount, ind, level_names);
          if (t.aspirational) tn.append_attribute("waypoint:aspirational").set_value("true");
          if (t.milestone) tn.append_attribute("waypoint:milestone").set_value("true");
        }
      for (auto x = pe.child("target"); x;) {
        auto next = x.next_sibling("target");
        if (x.attribute(kSlot)) pe.remove_child(x);
        x = next;
      }
      // Actuals: each slot takes the row with its key; rows left over become new actuals.
      auto rv = rows_by_period.find(key);
      std::vector<bool> taken(rv == rows_by_period.end() ? 0 : rv->second.size(), false);
      for (auto x = pe.child("actual"); x;) {
        auto next = x.next_sibling("actual");
        if (auto s = x.attribute(kSlot)) {
          bool filled = false;
          for (std::size_t r = 0; r < taken.size() && !filled; ++r)
            if (!taken[r] && actual_key(rv->second[r].entity, rv->second[r].disaggregation) == s.value()) {
              write_actual(x, rv->second[r], ind, level_names);
              taken[r] = filled = true;
            }
          if (!filled) pe.remove_child(x);
        }
        x = next;
      }
      for (std::size_t r = 0; r < taken.size(); ++r)
        if (!taken[r]) {
          pugi::xml_node last;
          for (auto x = pe.child("actual"); x; x = x.next_sibling("actual")) last = x;
          write_actual(last ? pe.insert_child_after("actual", last) : insert_ordered(pe, "actual", period_order), rv->second[r], ind, level_names);
        }
    };
    for (auto pe = in.child("period"); pe;) {
      auto next = pe.next_sibling("period");
      if (pe.attribute(kSlot)) {
        const auto key = key_of_node(pe);
        if (key && done.insert(*key).second) fill(pe, *key);
        else if (key) fill(pe, {1, 0});  // a second period with the same dates keeps only what it kept verbatim
        pe.remove_attribute(kSlot);
        if (!pe.child("target") && !pe.child("actual")) in.remove_child(pe);
      }
      pe = next;
    }
    std::set<period_key> keys;
    for (const auto& [k, v] : targets) keys.insert(k);
    for (const auto& [k, v] : rows_by_period) keys.insert(k);
    for (const auto& key : keys) {
      if (done.count(key)) continue;
      pugi::xml_node before;
      for (auto pe = in.child("period"); pe && !before; pe = pe.next_sibling("period"))
        if (auto k = key_of_node(pe); k && key < *k) before = pe;
      auto pe = before ? in.insert_child_before("period", before) : insert_ordered(in, "period", indicator_order);
      pe.append_child("period-start").append_attribute("iso-date").set_value(waypoint::iso_date(key.first).c_str());
      pe.append_child("period-end").append_attribute("iso-date").set_value(waypoint::iso_date(key.second).c_str());
      fill(pe, key);
    }
  }

  void write_actual(pugi::xml_node a, const actual_row& r, const indicator& ind, bool level_names) const {
    a.remove_attribute(kSlot);
    if (ind.measure == measure::qualitative) {
      put_narrative(a, "comment", value_order, r.text);
    } else {
      value v = ind.measure == measure::ordinal ? value::of_level(static_cast<std::size_t>(r.amount)) : value::number(r.amount);
      if (ind.measure == measure::ordinal && !(r.amount >= 0 && r.amount < static_cast<double>(ind.levels.size()))) v = value::number(r.amount);
      set_attr(a, "value", value_text(v, ind, level_names));
    }
    if (r.entity != "*")
      for (const auto& ref : split(r.entity, '+')) insert_ordered(a, "location", value_order).append_attribute("ref").set_value(ref.c_str());
    auto parts = split(r.disaggregation, ';');
    if (auto order = a.attribute(kDimensionOrder)) {
      const auto names = split(order.value(), ';');
      auto rank = [&](const std::string& part) {
        return std::find(names.begin(), names.end(), part.substr(0, part.find('='))) - names.begin();
      };
      std::stable_sort(parts.begin(), parts.end(), [&](const std::string& x, const std::string& y) { return rank(x) < rank(y); });
      a.remove_attribute(order);
    }
    for (const auto& part : parts) {
      const auto eq = part.find('=');
      auto d = insert_ordered(a, "dimension", value_order);
      d.append_attribute("name").set_value(part.substr(0, eq).c_str());
      d.append_attribute("value").set_value(eq == std::string::npos ? "" : part.substr(eq + 1).c_str());
    }
  }

  const plan& plan_;
  std::map<std::size_t, std::map<period_key, std::vector<actual_row>>> actuals_;
  std::vector<problem> problems_;
};

}  // namespace

iati_activity parse_iati(std::string_view xml, const std::string& name, const iati_options& options) {
  reader r(xml, name);
  return r.read(xml, options);
}

iati_activity load_iati(const std::string& path, const iati_options& options) {
  return parse_iati(detail::read_file(path, errc::iati_io), path, options);
}

void write_iati(std::ostream& out, const plan& p, const observation_store& observations) {
  writer w(p, observations);
  w.write(out);
}

}  // namespace waypoint::io
