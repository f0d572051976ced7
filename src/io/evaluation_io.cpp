// SPDX-License-Identifier: Apache-2.0
// Evaluation writers: CSV, JSON and a terminal table.

#include "waypoint/io/evaluation_io.hpp"

#include "shortest.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <type_traits>
#include <utility>

#include "../text/words.hpp"
#include "rollup_json.hpp"
#include "waypoint/io/rollup_io.hpp"
#include "waypoint/eval/fields.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/version.hpp"

namespace waypoint::io {
namespace {

using ojson = nlohmann::ordered_json;
// Every json that is indexed by key starts as ojson::object(), never null: indexing a null json
// (nlohmann 3.11) sets its type to object before allocating the map, so a bad_alloc there left an
// object with no map, which the destructor then read while unwinding (the segfault at address 8
// of cli.out_of_memory under load).

ojson opt(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

std::string label(const indicator& ind, double v) { return value_label(ind, v); }

ojson trace_json(const trace& t) {
  ojson j = ojson::object();
  j["rule"] = t.rule;
  ojson in = ojson::object();
  for (const auto& [k, v] : t.inputs) in[k] = v;
  j["inputs"] = in;
  j["substitutions"] = t.substitutions;
  ojson th = ojson::array();
  for (const auto& x : t.thresholds) th.push_back({{"name", x.name}, {"value", x.amount}, {"inclusive", x.inclusive}});
  j["thresholds"] = th;
  ojson pts = ojson::array();
  for (const auto& [p, v] : t.points) pts.push_back({{"period", p}, {"value", v}});
  j["points"] = pts;
  return j;
}

ojson collective_json(const collective_detail& c) {
  auto ids = [](const std::vector<entity_id>& v) {
    ojson a = ojson::array();
    for (const auto& e : v) a.push_back(e.str());
    return a;
  };
  ojson periods = ojson::array();
  for (const auto& cp : c.periods) {
    ojson period = {{"period", cp.at.str()}, {"on", to_string(cp.on)}, {"members", cp.members}, {"value", opt(cp.value)}};
    for (const collective_group g : groups_of(c.rule)) period[std::string(to_string(g))] = ids(cp.group(g));  // the rule's groups
    period["why"] = cp.why;
    periods.push_back(std::move(period));
  }
  return {{"population", c.population.str()}, {"rule", std::string(to_string(c.rule))},
          {"not_reported_policy", std::string(to_string(c.policy))}, {"reference", to_string(c.reference)},
          {"members", c.members_now}, {"periods", std::move(periods)}};
}

/// The plan's structure: its sections, each with its indicators (plan order); indicators without a
/// section (indicator tables) under `"indicators"`.
ojson plan_json(const plan& p) {
  auto ind_json = [](const indicator& ind) {
    return ojson{{"id", ind.id.str()},
                 {"title", ind.title},
                 {"action", ind.action.str().empty() ? ojson(nullptr) : ojson(ind.action.str())},
                 {"measure", std::string(to_string(ind.measure))},
                 {"unit", ind.unit},
                 {"direction", std::string(to_string(ind.direction))},
                 {"accumulation", std::string(to_string(ind.accumulation))},
                 {"scope", std::string(to_string(ind.scope))},
                 {"method", ind.method.name.empty() ? ojson(nullptr) : ojson(ind.method.name)}};
  };
  ojson j = {{"id", p.id().str()}, {"title", p.title()}, {"period", p.period().str()}};
  ojson sections = ojson::array(), loose = ojson::array();
  std::vector<bool> placed(p.indicators().size(), false);
  for (const auto& sec : p.sections()) {
    ojson inds = ojson::array();
    for (const auto& aid : sec.actions)
      if (const action* a = p.find(aid))
        for (const auto& iid : a->indicators)
          if (const auto k = p.indicator_index(iid)) {
            inds.push_back(ind_json(p.indicators()[*k]));
            placed[*k] = true;
          }
    sections.push_back({{"id", sec.id.str()}, {"title", sec.title}, {"indicators", std::move(inds)}});
  }
  for (std::size_t k = 0; k < p.indicators().size(); ++k)
    if (!placed[k]) loose.push_back(ind_json(p.indicators()[k]));
  j["sections"] = std::move(sections);
  j["indicators"] = std::move(loose);
  return j;
}

ojson indicator_result_json(const indicator_result& r) {
  ojson j = {{"indicator", r.indicator.str()}, {"entity", r.entity.str()}, {"method", r.method},
             {"n_series", r.n_series}, {"n_scored", r.n_scored}, {"status", std::string(to_string(r.status))},
             {"category", r.category}, {"score", opt(r.score)}, {"reason", r.reason}};
  if (!r.trace.rule.empty() || !r.trace.inputs.empty()) j["trace"] = trace_json(r.trace);
  return j;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> names;
    for (const field_info& f : fields())
      if (f.in_csv()) names.emplace_back(f.name);
    return names;
  }();
  return cols;
}

namespace {

/// The text of CSV rows, written through a pointer: a cell asks for room once (`room`) and writes
/// its bytes and comma; growing copies without zero-filling (std::string's `+=` checks capacity
/// per call, out of line, and its `resize` fills with zeros).
class text_buffer {
 public:
  /// Room for `n` more bytes at the end; write them, then `commit` the new end.
  char* room(std::size_t n) {
    if (cap_ - size_ < n) grow(n);
    return buf_.get() + size_;
  }
  void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - buf_.get()); }
  void append(std::string_view v) {
    char* p = room(v.size());
    if (!v.empty()) std::memcpy(p, v.data(), v.size());
    size_ += v.size();
  }
  void push_back(char c) {
    *room(1) = c;
    ++size_;
  }
  [[nodiscard]] char& back() noexcept { return buf_[size_ - 1]; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return buf_.get(); }
  void clear() noexcept { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > cap_) grow(n - size_);
  }

 private:
  void grow(std::size_t n) {
    const std::size_t cap = std::max({2 * cap_, size_ + n, std::size_t{4096}});
    auto bigger = std::make_unique_for_overwrite<char[]>(cap);
    if (size_ > 0) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    cap_ = cap;
  }
  std::unique_ptr<char[]> buf_;
  std::size_t size_ = 0, cap_ = 0;
};

// A text cell as `csv_text` writes it (a formula-like text after a ', quoted when it must be), with
// the common case, a plain text, copied in place.
void put_text(text_buffer& line, std::string_view v) {
  // One pass of comparisons: find_first_of would search the set once per character.
  const bool plain = std::none_of(v.begin(), v.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  if (formula_like(v)) {
    line.append(csv_text(v));
    line.push_back(',');
  } else if (plain) {
    char* p = line.room(v.size() + 1);
    if (!v.empty()) std::memcpy(p, v.data(), v.size());
    p[v.size()] = ',';
    line.commit(p + v.size() + 1);
  } else {
    line.push_back('"');
    for (char c : v) {
      if (c == '"') line.push_back('"');
      line.push_back(c);
    }
    line.append("\",");
  }
}
// A number and its comma are written in place: one room check per cell.
void put_number(text_buffer& line, const std::optional<double>& v) {
  char* p = line.room(detail::shortest_max + 1);
  if (v) p = detail::write_shortest(p, without_negative_zero(*v));  // std::to_chars's text, faster; -0 is written 0
  *p++ = ',';
  line.commit(p);
}
void put_count(text_buffer& line, std::int64_t v) {
  char* p = line.room(24);
  p = std::to_chars(p, p + 23, v).ptr;
  *p++ = ',';
  line.commit(p);
}

/// Appends a period as it is written (`2015`, `2015-Q2`, ...) and a comma; years without a temporary string.
void put_period(text_buffer& line, const std::optional<period>& at) {
  if (at && at->kind() == period_kind::year) {
    put_count(line, at->start_year());
  } else {
    put_text(line, at ? at->str() : std::string());
  }
}

/// Appends the CSV cell of field `f` of row `r` and a comma.
void put_cell(text_buffer& line, const field_info& f, const row_view& r) {
  switch (f.type) {
    case field_type::text: return put_text(line, f.text(r));
    case field_type::number: return put_number(line, f.number(r));
    case field_type::integer: return put_count(line, f.integer(r));
    case field_type::period: return put_period(line, f.at(r));
    case field_type::boolean: {
      const auto b = f.boolean(r);
      line.append(b ? (*b ? "true," : "false,") : ",");
      return;
    }
    case field_type::object: line.push_back(','); return;  // never a CSV column: an empty cell
  }
}

/// Appends one CSV row (with its newline): the fields of `cols`, in that order.
void append_csv_row(text_buffer& line, const row_view& r, std::span<const field_info* const> cols) {
  for (const field_info* f : cols) put_cell(line, *f, r);
  line.back() = '\n';
}

/// Appends the CSV cell of field table entry `I` of row `r` and a comma (nothing for a field that
/// CSV does not write): `put_cell` with the field known at compile time, so that its reader is
/// called directly (and inlined) instead of through the table's pointer.
template <std::size_t I>
void put_cell_of(text_buffer& line, const row_view& r) {
  constexpr const field_info& f = waypoint::detail::field_table[I];
  if constexpr (!f.in_csv()) return;
  else if constexpr (f.type == field_type::text) put_text(line, f.text(r));
  else if constexpr (f.type == field_type::number) put_number(line, f.number(r));
  else if constexpr (f.type == field_type::integer) put_count(line, f.integer(r));
  else if constexpr (f.type == field_type::period) put_period(line, f.at(r));
  else put_cell(line, f, r);
}
/// `append_csv_row` with every CSV column in table order (the default columns), unrolled so that
/// no reader is called through a pointer. tests/eval/test_evaluate.cpp pins its bytes to
/// `write_csv`, which takes the general path.
template <std::size_t... I>
void append_default_csv_row(text_buffer& line, const row_view& r, std::index_sequence<I...> /*fields*/) {
  (put_cell_of<I>(line, r), ...);
  line.back() = '\n';
}
void append_default_csv_row(text_buffer& line, const row_view& r) {
  append_default_csv_row(line, r, std::make_index_sequence<waypoint::detail::field_table.size()>{});
}

/// The CSV fields named `names` (every CSV field when empty). Throws `waypoint::error`
/// (`csv.unknown_column`, `csv.duplicate_column`) naming the column.
std::vector<const field_info*> select_columns(const std::vector<std::string>& names) {
  std::vector<const field_info*> cols;
  if (names.empty()) {
    for (const field_info& f : fields())
      if (f.in_csv()) cols.push_back(&f);
    return cols;
  }
  for (const auto& n : names) {
    if (n.empty()) throw error(errc::csv_unknown_column, location{"--columns", 0, 0, {}}, "an empty column name (two commas in a row?)");
    const auto f = find_field(n);
    if (!f || !info(*f).in_csv()) {
      std::string known;
      for (const auto& c : csv_columns()) known += (known.empty() ? "" : ", ") + c;
      throw error(errc::csv_unknown_column, location{"--columns", 0, 0, {}}, "unknown column '" + n + "' (the columns are " + known + ")");
    }
    if (std::find(cols.begin(), cols.end(), &info(*f)) != cols.end())
      throw error(errc::csv_duplicate_column, location{"--columns", 0, 0, {}}, "column '" + n + "' is asked for twice");
    cols.push_back(&info(*f));
  }
  return cols;
}

void write_csv_header(std::ostream& out, std::span<const field_info* const> cols) {
  for (std::size_t k = 0; k < cols.size(); ++k) out << (k ? "," : "") << cols[k]->name;
  out << '\n';
}

}  // namespace

void write_csv(std::ostream& out, const plan& /*p*/, const evaluation& ev, const std::vector<std::string>& columns) {
  const auto cols = select_columns(columns);
  write_csv_header(out, cols);
  text_buffer buf;
  for (const auto& s : ev.series) {
    append_csv_row(buf, row_view::of(s), cols);
    if (buf.size() > (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

void evaluate_to_csv(std::ostream& out, const plan& p, const observation_store& store, const std::optional<date>& as_of,
                     const evaluation_options& opt, const std::vector<std::string>& columns) {
  const auto cols = select_columns(columns);
  const bool default_columns = std::ranges::equal(cols, select_columns({}));
  write_csv_header(out, cols);
  // What the rows must hold: figures and reasons only when a column shows them.
  waypoint::detail::row_needs needs;
  needs.figures = std::any_of(cols.begin(), cols.end(), [](const field_info* f) { return f->figure; });
  needs.reasons = std::any_of(cols.begin(), cols.end(), [](const field_info* f) { return f->id == field::reason; });
  // Each run formats into its own buffer on its worker thread, and the runs are written in output
  // order by whichever worker finds the next one ready (one writer at a time, outside the lock), so
  // writing overlaps the evaluation of the other runs instead of stopping both cores between blocks.
  // Buffers are reused (`spare`): fresh memory costs page faults.
  std::map<std::size_t, std::pair<std::size_t, text_buffer>> ready;  // first row -> (rows, text), not yet written
  std::vector<text_buffer> spare;
  std::size_t written = 0;  // the rows written so far
  bool writing = false;     // a worker is writing: the others only queue their text
  std::mutex m;
  // The batch rows (no trace or collective detail; reasons only where asked for): the same text
  // as `write_csv(evaluate(...))`.
  evaluate_in_blocks<series_row>(
      p, store, as_of, opt,
      [&](std::size_t first, std::span<series_row> rows) {
        text_buffer text;
        {
          const std::lock_guard<std::mutex> lock(m);
          if (!spare.empty()) {
            text = std::move(spare.back());
            spare.pop_back();
          }
        }
        text.clear();
        text.reserve(rows.size() * 12 * cols.size());
        if (default_columns)
          for (const auto& r : rows) append_default_csv_row(text, row_view::of(r));
        else
          for (const auto& r : rows) append_csv_row(text, row_view::of(r), cols);
        std::unique_lock<std::mutex> lock(m);
        ready.emplace(first, std::pair(rows.size(), std::move(text)));
        if (writing) return;  // the writer takes it when its turn comes
        writing = true;
        while (!ready.empty() && ready.begin()->first == written) {
          auto run = ready.extract(ready.begin());
          lock.unlock();
          auto& [n, buf] = run.mapped();
          out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
          lock.lock();
          written += n;
          spare.push_back(std::move(buf));
        }
        writing = false;
      },
      [] {},  // every run of a block is written by the time the block ends
      needs);
}

void write_json(std::ostream& out, const plan& p, const evaluation& ev) {
  ojson j = ojson::object();
  j["format"] = "waypoint-evaluation";
  j["version"] = 3;
  j["generator"] = std::string("waypoint ") + version_string;
  j["plan"] = plan_json(p);
  j["as_of"] = ev.as_of ? ojson(to_string(*ev.as_of)) : ojson(nullptr);
  const auto counts = ev.status_counts();
  ojson summary = ojson::object();
  for (int k = 0; k < status_count; ++k) summary[std::string(to_string(static_cast<status>(k)))] = counts[static_cast<std::size_t>(k)];
  j["summary"] = summary;
  // The series and the indicators are printed one at a time (print_json_streamed): a DOM of the
  // whole document took gigabytes for 200,000 series, and freeing a DOM allocates (nlohmann's
  // destructor keeps a stack), so running out of memory there aborted instead of throwing.
  j["series"] = nullptr;
  j["indicators"] = nullptr;
  detail::append_rollup_json(j, p, ev);  // rollup, milestones, challenges (rollup_io.cpp)
  const auto series_item = [&](std::size_t k) {
    const row_view v = row_view::of(ev.series[k]);
    ojson r = ojson::object();
    for (const field_info& f : fields()) {
      if (!f.has(result_level::series)) continue;
      const std::string key(f.name);
      switch (f.type) {
        case field_type::text: r[key] = std::string(f.text(v)); break;
        case field_type::number: r[key] = opt(f.number(v)); break;
        case field_type::integer: r[key] = f.integer(v); break;
        case field_type::period: {
          const auto at = f.at(v);
          r[key] = at ? ojson(at->str()) : ojson(nullptr);
          break;
        }
        case field_type::boolean: {
          const auto b = f.boolean(v);
          r[key] = b ? ojson(*b) : ojson(nullptr);
          break;
        }
        case field_type::object:
          if (f.id == field::trace) r[key] = v.trace ? trace_json(*v.trace) : ojson(nullptr);
          if (f.id == field::collective) r[key] = v.collective ? collective_json(*v.collective) : ojson(nullptr);
          break;
      }
    }
    return r;
  };
  detail::print_json_streamed(out, j,
                              {{"series", ev.series.size(), series_item},
                               {"indicators", ev.indicators.size(), [&](std::size_t k) { return indicator_result_json(ev.indicators[k]); }}});
}

void append_csv_cell(std::string& line, const field_info& f, const row_view& r) {
  text_buffer cell;
  put_cell(cell, f, r);
  line.append(cell.data(), cell.size());
}

std::string object_field_json(const row_view& r, field f) {
  if (f == field::trace && r.trace) return trace_json(*r.trace).dump();
  if (f == field::collective && r.collective) return collective_json(*r.collective).dump();
  return "null";
}

void write_table(std::ostream& out, const plan& p, const evaluation& ev, language lang) {
  using text::N_;
  using text::tr;
  const bool codes = lang == language::en;  // the English table keeps its codes and ISO dates (scripts read it)
  std::vector<std::string> head;
  for (const char* h : {N_("indicator"), N_("entity"), N_("status"), N_("category"), N_("current"), N_("target"), N_("expected"), N_("gap"), N_("slope/yr")})
    head.emplace_back(tr(lang, h));
  std::vector<std::vector<std::string>> rows;
  auto short_num = [&](const std::optional<double>& v) -> std::string {
    if (!v) return "-";
    std::ostringstream ss;
    ss << std::setprecision(6) << without_negative_zero(*v);
    return text::decimal(lang, ss.str());
  };
  auto value_text = [&](const indicator& ind, double v) {
    if (ind.measure == measure::binary && !codes) return std::string(tr(lang, v == 1 ? "yes" : "no"));
    return is_quantitative(ind.measure) ? text::decimal(lang, label(ind, v)) : label(ind, v);
  };
  for (const auto& s : ev.series) {
    const auto& a = s.outcome;
    const indicator& ind = *p.find(s.indicator);
    std::string ent = s.entity.str() + (s.disaggregation.empty() ? "" : " [" + s.disaggregation + "]");
    std::string cur = "-";
    if (ind.measure == measure::qualitative && !s.narrative.empty())
      cur = (s.narrative.size() > 28 ? std::string(utf8_prefix(s.narrative, 25)) + "..." : s.narrative) + " (" + a.current->at.str() + ")";
    else if (a.current)
      cur = value_text(ind, a.current->amount) + " (" + a.current->at.str() + ")";
    std::string tgt = s.target ? value_text(ind, s.target->amount) + " (" + s.target->at.str() + ")" : "-";
    rows.push_back({s.indicator.str(), ent.empty() ? "-" : ent, codes ? std::string(to_string(a.status)) : std::string(text::status_words(lang, a.status)),
                    codes ? a.category : text::category_words(lang, a.category), cur, tgt, short_num(s.expected_value), short_num(s.gap_to_target),
                    short_num(s.trend.slope)});
  }
  std::vector<std::size_t> w(head.size());
  for (std::size_t k = 0; k < head.size(); ++k) w[k] = text::length(head[k]);
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.size(); ++k) w[k] = std::max(w[k], text::length(r[k]));
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (std::size_t k = 0; k < r.size(); ++k) {
      l += r[k];
      if (k + 1 < r.size()) l += std::string(w[k] - text::length(r[k]) + 2, ' ');
    }
    out << l << '\n';
  };
  const std::string as_of = ev.as_of ? (codes ? to_string(*ev.as_of) : text::long_date(lang, *ev.as_of)) : std::string(tr(lang, "latest data"));
  out << text::fill(tr(lang, "{title} ({id}), as of {date}"),
                    {{"title", translated(p.translations(), "title", lang, p.title())}, {"id", p.id().str()}, {"date", as_of}})
      << "\n\n";
  line(head);
  for (const auto& r : rows) line(r);
  const auto c = ev.status_counts();
  out << '\n' << text::fill(text::trn(lang, "{n} series:", "{n} series:", ev.series.size()), {{"n", std::to_string(ev.series.size())}});
  for (int k = 0; k < status_count; ++k)
    if (c[static_cast<std::size_t>(k)])
      out << ' ' << (codes ? to_string(static_cast<status>(k)) : text::status_words(lang, static_cast<status>(k))) << ' ' << c[static_cast<std::size_t>(k)] << ';';
  out << '\n';
  if (ev.rolled_up) {  // the section and plan roll-ups and the section milestones (rollup_io.cpp)
    out << '\n';
    write_rollup_table(out, p, ev);
  }
}

}  // namespace waypoint::io
