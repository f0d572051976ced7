// SPDX-License-Identifier: Apache-2.0
// Observation CSV reader.

#include "waypoint/data/parallel.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/model/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "csv.hpp"
#include "decimal.hpp"
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
  if (!csv.next(f, errc::obs_syntax)) throw error(errc::obs_empty, location{name, 0, 0, {}}, "the observation file is empty (expected a header line)");
  columns c;
  c.count = f.size();
  std::vector<problem> ps;
  auto set = [&](std::size_t& slot, std::size_t k, const std::string& h) {
    if (slot != columns::npos) ps.push_back({errc::obs_duplicate_column, csv.at(f[k]), "column '" + h + "' appears twice"});
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
      ps.push_back({errc::obs_unknown_column, csv.at(f[k]),
                    "unknown column '" + h + "' (expected indicator, entity, period or year, value, reported_on, flag, source or dim:<name>)"});
  }
  std::sort(c.dims.begin(), c.dims.end());
  for (std::size_t k = 1; k < c.dims.size(); ++k)
    if (c.dims[k].first == c.dims[k - 1].first) ps.push_back({errc::obs_duplicate_column, location{name, 1, 0, {}}, "column 'dim:" + c.dims[k].first + "' appears twice"});
  const std::pair<const char*, std::size_t> req[] = {{"indicator", c.indicator}, {"entity", c.entity}, {"period", c.period}, {"value", c.value}};
  for (const auto& [n, slot] : req)
    if (slot == columns::npos) ps.push_back({errc::obs_missing_column, location{name, 1, 0, {}}, std::string("missing required column '") + n + "'" + (std::string(n) == "period" ? " (or 'year')" : "")});
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

/// Whether `text`, a number std::from_chars found out of range, is out of range because it is too
/// small (1e-999, which reads as 0) rather than too large (1e999). Rare: strtod on a copy.
bool underflows(std::string_view text) {
  const std::string copy(text);
  errno = 0;
  const double v = std::strtod(copy.c_str(), nullptr);
  return std::fabs(v) < 1.0;
}

void parse_rows(detail::csv_reader& csv, const columns& c, const plan& p, observation_builder& builder, const progress_fn& progress) {
  std::vector<detail::csv_field> f;
  std::string_view last_indicator;
  std::optional<std::size_t> last_index;
  bool have_last = false;
  std::string disaggregation;
  const std::string& name = csv.file();
  builder.set_file(name);
  std::size_t since_progress = 0;
  while (csv.next(f, errc::obs_syntax)) {
    const std::size_t line = csv.line();
    if (progress && ++since_progress == 65536) {
      since_progress = 0;
      progress(csv.offset());
    }
    if (f.size() != c.count) {
      builder.add_problem({errc::obs_syntax, location{name, line, 0, {}},
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
      builder.add_problem({errc::obs_unknown_indicator, csv.at(fi), "unknown indicator " + quote(fi.text)});
      continue;
    }
    const indicator& ind = p.indicators()[*last_index];
    const auto& fe = f[c.entity];
    if (fe.text.empty()) {
      builder.add_problem({errc::obs_missing_value, csv.at(fe), "expected an entity id (or * for the collective)"});
      continue;
    }
    const auto& fp = f[c.period];
    const auto per = parse_period(fp.text);
    if (!per) {
      builder.add_problem({errc::obs_bad_period, csv.at(fp), "expected a period (2023, 2023-Q2, 2023-05, 2023-05-31 or 2023-01-01/2023-06-30), got " + quote(fp.text)});
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
          builder.add_problem({errc::obs_bad_level, csv.at(fv), "expected yes or no for binary indicator " + ind.id.str() + ", got " + quote(t)});
          continue;
        }
        break;
      }
      case measure::ordinal: {
        auto it = std::find(ind.levels.begin(), ind.levels.end(), fv.text);
        if (it == ind.levels.end()) {
          std::string levels;
          for (const auto& l : ind.levels) levels += (levels.empty() ? "" : ", ") + l;
          builder.add_problem({errc::obs_bad_level, csv.at(fv), "level " + quote(fv.text) + " is not on the scale of " + ind.id.str() + " (" + levels + ")"});
          continue;
        }
        amount = static_cast<double>(it - ind.levels.begin());
        break;
      }
      default: {
        // Most values are plain decimals (49.4108): read exactly without from_chars. Anything
        // else takes the general path below, with its messages.
        if (!detail::parse_plain_decimal(fv.text, amount)) {
          const char* b = after_plus(fv.text);
          const char* e = fv.text.data() + fv.text.size();
          auto r = std::from_chars(b, e, amount);
          if (r.ec == std::errc::result_out_of_range && r.ptr == e && underflows(fv.text)) {
            amount = 0;  // 1e-999: smaller than any double, so the nearest one, as strtod reads it
            r.ec = std::errc{};
          }
          if (r.ec == std::errc::result_out_of_range) {
            builder.add_problem({errc::obs_not_finite, csv.at(fv), "value " + quote(fv.text) + " is out of the range of a double"});
            continue;
          }
          if (r.ec != std::errc{} || r.ptr != e) {
            builder.add_problem({errc::obs_not_a_number, csv.at(fv), "expected a number for measure " + std::string(to_string(ind.measure)) + ", got " + quote(fv.text)});
            continue;
          }
          if (!std::isfinite(amount)) {
            builder.add_problem({errc::obs_not_finite, csv.at(fv), "value must be finite, got " + quote(fv.text) + " (leave the field empty for no data)"});
            continue;
          }
        }
        if (ind.measure == measure::percentage && (amount < 0 || amount > 100)) {
          builder.add_problem({errc::obs_out_of_range, csv.at(fv), "a percentage must lie in 0-100, got " + quote(fv.text)});
          continue;
        }
      }
    }
    std::int32_t reported = no_report_date;
    if (c.reported_on != columns::npos && !f[c.reported_on].text.empty()) {
      if (!waypoint::detail::parse_iso_days(f[c.reported_on].text, reported)) {
        builder.add_problem({errc::obs_bad_date, csv.at(f[c.reported_on]), "expected reported_on as YYYY-MM-DD, got " + quote(f[c.reported_on].text)});
        continue;
      }
    }
    obs_flag flag = obs_flag::none;
    if (c.flag != columns::npos && !f[c.flag].text.empty()) {
      const auto t = f[c.flag].text;
      if (t == "estimated") flag = obs_flag::estimated;
      else if (t == "provisional") flag = obs_flag::provisional;
      else {
        builder.add_problem({errc::obs_bad_flag, csv.at(f[c.flag]), "expected flag estimated or provisional (or empty), got " + quote(t)});
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

/// Where the parallel loader reads its bytes: a text in memory (views into it, no copy; a mapped
/// file's pages are released once parsed) or a regular file read with `pread` into a buffer that
/// each thread reuses chunk after chunk. Reading a file this way costs a copy per byte, but no page
/// of it is mapped: on a virtual machine the first touch of each mapped 4 KiB page cost more than
/// the copy (benchmarks/README.md).
class byte_source {
 public:
  byte_source(std::string_view text, const detail::mapped_file* mapped) : text_(text), mapped_(mapped) {}
  byte_source(int fd, std::size_t size, std::string name) : fd_(fd), size_(size), name_(std::move(name)) {}

  [[nodiscard]] std::size_t size() const noexcept { return fd_ < 0 ? text_.size() : size_; }
  /// How many bytes to read at a time: 2 MiB from a file (one huge page); a text all at once.
  [[nodiscard]] std::size_t chunk() const noexcept { return fd_ < 0 ? text_.size() : std::size_t{2} << 20; }
  /// Bytes [at, at + n) (fewer at the end): a view into the text, or read into `buf`, valid until
  /// the next read into `buf`. Throws `obs.io` when the file cannot be read.
  std::string_view read(std::size_t at, std::size_t n, waypoint::detail::column<char>& buf) const {
    n = std::min(n, size() - std::min(at, size()));
    if (fd_ < 0) return text_.substr(at, n);
    if (buf.size() < n) buf.resize(n);
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd_, buf.data() + got, n - got, static_cast<off_t>(at + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) throw error(errc::obs_io, location{name_, 0, 0, {}}, std::string("cannot read file: ") + std::strerror(errno));
      if (r == 0) throw error(errc::obs_io, location{name_, 0, 0, {}}, "the file became shorter while it was read");
      got += static_cast<std::size_t>(r);
    }
    return {buf.data(), n};
  }
  /// Says that `part`, a view returned by `read`, has been parsed: a mapped file's pages can go.
  void done(std::string_view part) const noexcept {
    if (mapped_) mapped_->release(part.data(), part.data() + part.size());
  }

 private:
  std::string_view text_;
  const detail::mapped_file* mapped_ = nullptr;
  int fd_ = -1;
  std::size_t size_ = 0;
  std::string name_;
};

/// The position just after the first newline at or after `at` in `src`, or its size.
std::size_t after_newline(const byte_source& src, std::size_t at, waypoint::detail::column<char>& buf) {
  while (at < src.size()) {
    const std::string_view v = src.read(at, std::size_t{64} << 10, buf);
    if (const auto nl = v.find('\n'); nl != std::string_view::npos) return at + nl + 1;
    at += v.size();
  }
  return src.size();
}

/// What the parallel path found before parsing: the header, and where the rows start.
struct file_head {
  columns cols;
  std::size_t body = 0;        ///< byte offset of the first row
  std::size_t first_line = 1;  ///< its line number
};

/// Reads the header from the start of `src`. std::nullopt when the first 1 MiB holds no complete
/// header line or is blank: the caller then reads the file whole, which reports such files.
std::optional<file_head> read_head(const byte_source& src, const std::string& name, waypoint::detail::column<char>& buf) {
  const std::string_view start = src.read(0, std::max(src.chunk(), std::size_t{1} << 20), buf);
  if (is_blank(start)) return std::nullopt;
  detail::csv_reader head(start, name);
  std::vector<detail::csv_field> f;
  file_head h;
  h.cols = read_header(head, f, name);
  h.body = head.offset();
  if (h.body == start.size() && start.size() < src.size()) return std::nullopt;  // the header may go on
  h.first_line = static_cast<std::size_t>(std::count(start.begin(), start.begin() + static_cast<std::ptrdiff_t>(h.body), '\n')) + 1;
  return h;
}

/// Parses the rows of `src` from `head.body` on, in parts cut at line boundaries, on `threads`
/// threads, into `builder`. Returns false, having added nothing, when the rows hold a quote: quoted
/// fields may hold newlines, so such a file cannot be cut at lines (the caller parses it in one
/// pass). There are up to four parts per thread, taken in turn: a thread slowed by the rest of the
/// machine takes fewer, instead of holding the others up at the end.
bool parse_in_parts(const byte_source& src, const file_head& head, const plan& p, observation_builder& builder, const std::string& name,
                    std::size_t threads) {
  const std::size_t parts = std::clamp<std::size_t>((src.size() - head.body) / (std::size_t{1} << 20), threads, 4 * threads);
  std::vector<waypoint::detail::column<char>> bufs(threads);  // one read buffer per thread
  std::vector<std::size_t> cut{head.body};
  for (std::size_t k = 1; k < parts; ++k)
    cut.push_back(std::max(after_newline(src, head.body + (src.size() - head.body) * k / parts, bufs[0]), cut.back()));
  cut.push_back(src.size());
  // Runs `work(part, buffer)` for every part, the threads taking the next part not yet taken.
  const auto each_part = [&](auto&& work) {
    std::atomic<std::size_t> next{0};
    waypoint::detail::run_parts(threads, [&](std::size_t t) {
      for (std::size_t k = next++; k < parts; k = next++) work(k, bufs[t]);
    });
  };
  // Line numbers: count each part's newlines, then parse each part. The same pass looks for quotes.
  std::vector<std::size_t> lines(parts, 0), base(parts, head.first_line);
  std::vector<char> quoted(parts, 0);
  each_part([&](std::size_t k, waypoint::detail::column<char>& buf) {
    for (std::size_t at = cut[k]; at < cut[k + 1];) {
      const std::string_view v = src.read(at, std::min(src.chunk(), cut[k + 1] - at), buf);
      const auto scan = detail::scan_lines(v);
      lines[k] += scan.newlines;
      if (scan.quote) {
        quoted[k] = 1;
        return;
      }
      at += v.size();
    }
  });
  if (std::find(quoted.begin(), quoted.end(), 1) != quoted.end()) return false;
  for (std::size_t k = 1; k < parts; ++k) base[k] = base[k - 1] + lines[k - 1];
  // Each part writes its rows straight into the builder's columns, in room sized by its newlines (a
  // row takes at least one line; the file's last line may have none), and `absorb` takes them in
  // place: no copy, and no second set of fresh pages (benchmarks/README.md).
  std::vector<std::size_t> room(lines);
  room.back() += 1;
  const std::size_t total = std::accumulate(room.begin(), room.end(), std::size_t{0});
  builder.reserve(total, total / 4 + 16 * parts);
  std::vector<observation_builder> part;
  part.reserve(parts);
  for (std::size_t k = 0, skip = 0, skip_runs = 0; k < parts; skip += room[k], skip_runs += room[k] / 4 + 16, ++k) {
    part.emplace_back(p);
    builder.lend_rows(part[k], skip, room[k], skip_runs, room[k] / 4 + 16);
  }
  each_part([&](std::size_t k, waypoint::detail::column<char>& buf) {
    observation_builder& b = part[k];
    std::size_t line = base[k], want = src.chunk();
    for (std::size_t at = cut[k]; at < cut[k + 1];) {
      std::string_view v = src.read(at, std::min(want, cut[k + 1] - at), buf);
      if (at + v.size() < cut[k + 1]) {  // end the chunk at its last line; the rest is read again next time
        const auto nl = v.rfind('\n');
        if (nl == std::string_view::npos) {  // a line longer than the chunk
          want *= 2;
          continue;
        }
        v = v.substr(0, nl + 1);
      }
      detail::csv_reader csv(v, name, line);
      parse_rows(csv, head.cols, p, b, {});
      line = csv.next_line();
      src.done(v);
      at += v.size();
    }
  });
  // A part that outgrew its room (more series than its runs' room, or records ended by a lone
  // '\r' that the newline count missed) has moved to memory of its own, and absorbing it would write
  // over the rooms of the parts after it: then every part moves out first and absorb copies.
  if (!std::all_of(part.begin(), part.end(), [](const observation_builder& b) { return b.rows_in_place(); }))
    for (auto& b : part) b.own_rows();
  for (std::size_t k = 0; k < parts; ++k) builder.absorb(std::move(part[k]));
  return true;
}

std::size_t part_count() { return std::min<std::size_t>(waypoint::detail::thread_count(0), 16); }

void append_observations_impl(std::string_view text, const plan& p, observation_builder& builder, const std::string& name,
                              const detail::mapped_file* file) {
  if (is_blank(text)) throw error(errc::obs_empty, location{name, 0, 0, {}}, "the observation file is empty (expected a header line)");
  const byte_source src(text, file);
  waypoint::detail::column<char> unused;  // a text is read as views
  const auto head = read_head(src, name, unused);  // never nullopt for a text read whole
  const std::size_t parts = part_count();
  if (text.size() - head->body >= parallel_threshold && parts > 1 && parse_in_parts(src, *head, p, builder, name, parts)) return;
  // One pass, on this thread.
  builder.reserve((text.size() - head->body) / 24);
  const std::string_view rest = text.substr(head->body);
  detail::csv_reader csv(rest, name, head->first_line);
  parse_rows(csv, head->cols, p, builder, file ? progress_fn([&](std::size_t at) { file->release(rest.data(), rest.data() + at); }) : progress_fn{});
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
  observation_builder b(p);
  {
    // A large regular file is read in chunks with pread, in parallel parts, unless it holds quotes.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    const bool large = fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) >= parallel_threshold;
    const std::size_t parts = part_count();
    bool parsed = false;
    try {
      if (large && parts > 1) {
        const byte_source src(fd, static_cast<std::size_t>(st.st_size), path);
        waypoint::detail::column<char> buf;
        if (const auto head = read_head(src, path, buf)) parsed = parse_in_parts(src, *head, p, b, path, parts);
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (fd >= 0) ::close(fd);
    if (parsed) return std::move(b).finish();
  }
  const detail::mapped_file file(path, errc::obs_io);
  append_observations_impl(file.text(), p, b, path, &file);
  return std::move(b).finish();
}

}  // namespace waypoint::io
