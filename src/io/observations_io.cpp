// SPDX-License-Identifier: Apache-2.0
// Observation CSV reader.

#include "waypoint/io/observations_io.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "csv.hpp"
#include "mapped_file.hpp"

namespace waypoint::io {
namespace {

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

struct columns {
  std::size_t indicator = npos, entity = npos, period = npos, value = npos, reported_on = npos, flag = npos, source = npos;
  std::vector<std::pair<std::string, std::size_t>> dims;  // sorted by dimension name
  std::size_t count = 0;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

columns read_header(detail::csv_reader& csv, std::vector<detail::csv_field>& f, const std::string& name) {
  if (!csv.next(f, "obs")) throw error("obs.empty", location{name, 0, 0, {}}, "the observation file is empty (expected a header line)");
  columns c;
  c.count = f.size();
  std::vector<problem> ps;
  auto set = [&](std::size_t& slot, std::size_t k, const std::string& h) {
    if (slot != columns::npos) ps.push_back({"obs.duplicate_column", csv.at(f[k]), "column '" + h + "' appears twice"});
    slot = k;
  };
  for (std::size_t k = 0; k < f.size(); ++k) {
    const std::string h(f[k].text);
    if (h == "indicator") set(c.indicator, k, h);
    else if (h == "entity") set(c.entity, k, h);
    else if (h == "period" || h == "year") set(c.period, k, h);
    else if (h == "value") set(c.value, k, h);
    else if (h == "reported_on") set(c.reported_on, k, h);
    else if (h == "flag") set(c.flag, k, h);
    else if (h == "source") set(c.source, k, h);
    else if (h.rfind("dim:", 0) == 0 && h.size() > 4) c.dims.emplace_back(h.substr(4), k);
    else
      ps.push_back({"obs.unknown_column", csv.at(f[k]),
                    "unknown column '" + h + "' (expected indicator, entity, period or year, value, reported_on, flag, source or dim:<name>)"});
  }
  std::sort(c.dims.begin(), c.dims.end());
  for (std::size_t k = 1; k < c.dims.size(); ++k)
    if (c.dims[k].first == c.dims[k - 1].first) ps.push_back({"obs.duplicate_column", location{name, 1, 0, {}}, "column 'dim:" + c.dims[k].first + "' appears twice"});
  const std::pair<const char*, std::size_t> req[] = {{"indicator", c.indicator}, {"entity", c.entity}, {"period", c.period}, {"value", c.value}};
  for (const auto& [n, slot] : req)
    if (slot == columns::npos) ps.push_back({"obs.missing_column", location{name, 1, 0, {}}, std::string("missing required column '") + n + "'" + (std::string(n) == "period" ? " (or 'year')" : "")});
  if (!ps.empty()) throw error(std::move(ps));
  return c;
}

}  // namespace

namespace {

// Parses the data rows of one part of a file into `builder`. `csv` is positioned at the part's
// first row; rows end at the end of its data.
/// Called now and then with how far parsing has got (a byte offset into the part), so that a
/// memory-mapped file can release what has been read.
using progress_fn = std::function<void(std::size_t)>;

void parse_rows(detail::csv_reader& csv, const columns& c, const plan& p, observation_builder& builder, const progress_fn& progress) {
  std::vector<detail::csv_field> f;
  std::string_view last_indicator;
  std::optional<std::size_t> last_index;
  bool have_last = false;
  std::string disaggregation;
  const std::string& name = csv.file();
  builder.set_file(name);
  std::size_t since_progress = 0;
  while (csv.next(f, "obs")) {
    const std::size_t line = csv.line();
    if (progress && ++since_progress == 65536) {
      since_progress = 0;
      progress(csv.offset());
    }
    if (f.size() != c.count) {
      builder.add_problem({"obs.syntax", location{name, line, 0, {}},
                           "expected " + std::to_string(c.count) + " fields as in the header, got " + std::to_string(f.size())});
      continue;
    }
    const auto& fi = f[c.indicator];
    if (!have_last || !waypoint::detail::same_text(fi.text, last_indicator)) {
      // Views into the file's text stay valid; quoted (unescaped) ids live in scratch, so copy those.
      last_index = p.indicator_index(indicator_id{fi.text});
      last_indicator = last_index ? p.indicators()[*last_index].id.str() : std::string_view{};
      have_last = last_index.has_value();
    }
    if (!last_index) {
      builder.add_problem({"obs.unknown_indicator", csv.at(fi), "unknown indicator " + quote(fi.text)});
      continue;
    }
    const indicator& ind = p.indicators()[*last_index];
    const auto& fe = f[c.entity];
    if (fe.text.empty()) {
      builder.add_problem({"obs.missing_value", csv.at(fe), "expected an entity id (or * for the collective)"});
      continue;
    }
    const auto& fp = f[c.period];
    const auto per = parse_period(fp.text);
    if (!per) {
      builder.add_problem({"obs.bad_period", csv.at(fp), "expected a period (2023, 2023-Q2, 2023-05, 2023-05-31 or 2023-01-01/2023-06-30), got " + quote(fp.text)});
      continue;
    }
    const auto& fv = f[c.value];
    if (fv.text.empty()) continue;  // no data: never read as 0
    double amount = 0;
    std::string_view narrative;
    switch (ind.measure) {
      case measure::qualitative: narrative = fv.text; break;
      case measure::binary: {
        const auto t = fv.text;
        if (t == "yes" || t == "true" || t == "1") amount = 1;
        else if (t == "no" || t == "false" || t == "0") amount = 0;
        else {
          builder.add_problem({"obs.bad_level", csv.at(fv), "expected yes or no for binary indicator " + ind.id.str() + ", got " + quote(t)});
          continue;
        }
        break;
      }
      case measure::ordinal: {
        auto it = std::find(ind.levels.begin(), ind.levels.end(), fv.text);
        if (it == ind.levels.end()) {
          std::string levels;
          for (const auto& l : ind.levels) levels += (levels.empty() ? "" : ", ") + l;
          builder.add_problem({"obs.bad_level", csv.at(fv), "level " + quote(fv.text) + " is not on the scale of " + ind.id.str() + " (" + levels + ")"});
          continue;
        }
        amount = static_cast<double>(it - ind.levels.begin());
        break;
      }
      default: {
        const char* b = fv.text.data();
        const char* e = b + fv.text.size();
        if (b != e && *b == '+') ++b;
        auto r = std::from_chars(b, e, amount);
        if (r.ec == std::errc::result_out_of_range) {
          builder.add_problem({"obs.not_finite", csv.at(fv), "value " + quote(fv.text) + " is out of the range of a double"});
          continue;
        }
        if (r.ec != std::errc{} || r.ptr != e) {
          builder.add_problem({"obs.not_a_number", csv.at(fv), "expected a number for measure " + std::string(to_string(ind.measure)) + ", got " + quote(fv.text)});
          continue;
        }
        if (!std::isfinite(amount)) {
          builder.add_problem({"obs.not_finite", csv.at(fv), "value must be finite, got " + quote(fv.text) + " (leave the field empty for no data)"});
          continue;
        }
        if (ind.measure == measure::percentage && (amount < 0 || amount > 100)) {
          builder.add_problem({"obs.out_of_range", csv.at(fv), "a percentage must lie in 0-100, got " + quote(fv.text)});
          continue;
        }
      }
    }
    std::int32_t reported = no_report_date;
    if (c.reported_on != columns::npos && !f[c.reported_on].text.empty()) {
      if (!waypoint::detail::parse_iso_days(f[c.reported_on].text, reported)) {
        builder.add_problem({"obs.bad_date", csv.at(f[c.reported_on]), "expected reported_on as YYYY-MM-DD, got " + quote(f[c.reported_on].text)});
        continue;
      }
    }
    obs_flag flag = obs_flag::none;
    if (c.flag != columns::npos && !f[c.flag].text.empty()) {
      const auto t = f[c.flag].text;
      if (t == "estimated") flag = obs_flag::estimated;
      else if (t == "provisional") flag = obs_flag::provisional;
      else {
        builder.add_problem({"obs.bad_flag", csv.at(f[c.flag]), "expected flag estimated or provisional (or empty), got " + quote(t)});
        continue;
      }
    }
    disaggregation.clear();
    for (const auto& [dim, k] : c.dims) {
      if (f[k].text.empty()) continue;
      if (!disaggregation.empty()) disaggregation += ';';
      disaggregation += dim;
      disaggregation += '=';
      disaggregation += f[k].text;
    }
    const std::string_view source = c.source != columns::npos ? f[c.source].text : std::string_view{};
    builder.append_checked(*last_index, fe.text, disaggregation, *per, amount, reported, flag, source, narrative, line, fe.column);
  }
}

// Below this size a file is parsed on one thread: starting threads would cost more than it saves.
constexpr std::size_t parallel_threshold = std::size_t{4} << 20;

}  // namespace

namespace {
void append_observations_impl(std::string_view text, const plan& p, observation_builder& builder, const std::string& name,
                              const detail::mapped_file* file) {
  if (is_blank(text)) throw error("obs.empty", location{name, 0, 0, {}}, "the observation file is empty (expected a header line)");
  detail::csv_reader head(text, name);
  std::vector<detail::csv_field> f;
  const columns c = read_header(head, f, name);
  const std::size_t body = head.offset();
  const std::string_view rest = text.substr(body);
  const std::size_t first_line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(body), '\n')) + 1;
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  auto parse_whole = [&] {  // on this thread
    builder.reserve(rest.size() / 24);
    detail::csv_reader csv(rest, name, first_line);
    parse_rows(csv, c, p, builder, file ? progress_fn([&](std::size_t at) { file->release(rest.data(), rest.data() + at); }) : progress_fn{});
  };
  if (rest.size() < parallel_threshold || hw == 1) return parse_whole();
  const std::size_t parts = std::min<std::size_t>(hw, 16);
  std::vector<std::size_t> cut{0};
  for (std::size_t k = 1; k < parts; ++k) {
    std::size_t at = rest.size() * k / parts;
    at = rest.find('\n', at);
    at = at == std::string_view::npos ? rest.size() : at + 1;
    cut.push_back(std::max(at, cut.back()));
  }
  cut.push_back(rest.size());
  // Line numbers: count each part's newlines in parallel, then parse each part in parallel. The
  // same pass looks for quotes: quoted fields may hold newlines, so only quote-free text is split
  // at line boundaries.
  std::vector<std::size_t> lines(parts, 0), base(parts, first_line);
  std::vector<char> quoted(parts, 0);
  std::vector<observation_builder> part;
  part.reserve(parts);
  for (std::size_t k = 0; k < parts; ++k) part.emplace_back(p);
  std::vector<std::exception_ptr> failed(parts);
  auto run = [&](auto&& work) {
    std::vector<std::thread> threads;
    for (std::size_t k = 1; k < parts; ++k) threads.emplace_back([&, k] {
      try {
        work(k);
      } catch (...) {
        failed[k] = std::current_exception();
      }
    });
    try {
      work(0);
    } catch (...) {
      failed[0] = std::current_exception();
    }
    for (auto& t : threads) t.join();
    for (auto& e : failed)
      if (e) std::rethrow_exception(e);
  };
  run([&](std::size_t k) {
    const std::string_view mine = rest.substr(cut[k], cut[k + 1] - cut[k]);
    const auto scan = detail::scan_lines(mine);
    quoted[k] = scan.quote;
    lines[k] = scan.newlines;
  });
  if (std::find(quoted.begin(), quoted.end(), 1) != quoted.end()) return parse_whole();
  for (std::size_t k = 1; k < parts; ++k) base[k] = base[k - 1] + lines[k - 1];
  builder.reserve(rest.size() / 24);
  run([&](std::size_t k) {
    observation_builder& b = k == 0 ? builder : part[k];
    if (k != 0) b.reserve((cut[k + 1] - cut[k]) / 24);
    const std::string_view mine = rest.substr(cut[k], cut[k + 1] - cut[k]);
    detail::csv_reader csv(mine, name, base[k]);
    // Pages of the mapped file that this part has read are released as it goes, so the file
    // never sits in memory whole next to the store.
    parse_rows(csv, c, p, b, file ? progress_fn([&, mine](std::size_t at) { file->release(mine.data(), mine.data() + at); }) : progress_fn{});
  });
  for (std::size_t k = 1; k < parts; ++k) builder.absorb(std::move(part[k]));
}
}  // namespace

void append_observations(std::string_view text, const plan& p, observation_builder& builder, const std::string& name) {
  append_observations_impl(text, p, builder, name, nullptr);
}

observation_store parse_observations(std::string_view text, const plan& p, const std::string& name) {
  observation_builder b(p);
  append_observations(text, p, b, name);
  return std::move(b).finish();
}

observation_store load_observations(const std::string& path, const plan& p) {
  const detail::mapped_file file(path, "obs");
  observation_builder b(p);
  append_observations_impl(file.text(), p, b, path, &file);
  return std::move(b).finish();
}

}  // namespace waypoint::io
