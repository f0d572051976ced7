// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every subcommand does around its work: print waypoint::error problems the same way, open
// the output (a file, or standard output), check that writing worked, and end the CLI11 parse
// with the exit status; and options whose value is one of an enum's names.

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <new>
#include <streambuf>
#include <optional>
#include <string>
#include <system_error>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"

namespace waypoint::cli {

/// All of standard input, for an input file named "-". Standard input can be read once: a second
/// "-" in one command is a usage error (`cli.bad_option`).
inline std::string read_standard_input(std::string_view option) {
  static bool used = false;
  if (used) throw error(errc::cli_bad_option, location{std::string(option), 0, 0, {}}, "standard input (\"-\") can be given for one input only");
  used = true;
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) throw error(errc::cli_io, location{"<stdin>", 0, 0, {}}, "cannot read standard input");
  return text;
}

/// The plan of file `path` (as io::load_plan: the format from the extension, or `format`), or of
/// standard input for "-": JSON when its first character other than white space is '{', else
/// YAML (or `format`). Locations name "<stdin>".
inline io::plan_format plan_format_of_text(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' ? io::plan_format::json : io::plan_format::yaml;
}
inline plan load_plan_arg(const std::string& path, std::optional<io::plan_format> format = std::nullopt) {
  if (path != "-") return format ? io::load_plan(path, *format) : io::load_plan(path);
  const std::string text = read_standard_input("PLAN");
  return io::parse_plan(text, format.value_or(plan_format_of_text(text)), "<stdin>");
}

/// The observations of file `path` against `p` (io::load_observations), or of standard input for "-".
inline observation_store load_observations_arg(const std::string& path, const plan& p) {
  if (path != "-") return io::load_observations(path, p);
  return io::parse_observations(read_standard_input("--observations"), p, "<stdin>");
}

/// Prints every problem of `e` ("error: FILE:LINE:COL: code: message") to standard error; returns 1.
inline int print_problems(const error& e) {
  for (const auto& p : e.problems()) std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
  return 1;
}

/// The stream buffer of an output file: POSIX writes of 1 MiB blocks (larger writes go straight
/// through), and write-behind: every 8 MiB written are handed to the kernel's writeback at once
/// (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`, which starts the writes and does not wait).
/// ext4 writes out a new file in full when it is renamed over an existing one (auto_da_alloc), so
/// `atomic_output`'s rename would otherwise do all of it at the end, on the critical path (tens of
/// milliseconds for a 50 MB evaluation; benchmarks/README.md). A failed write (disk full, the
/// file-size limit) sets `failed()` and makes the stream bad.
class file_writer : public std::streambuf {
 public:
  explicit file_writer(int fd) : fd_(fd), buffer_(std::make_unique_for_overwrite<char[]>(size)) { setp(buffer_.get(), buffer_.get() + size); }
  file_writer(const file_writer&) = delete;
  file_writer& operator=(const file_writer&) = delete;
  ~file_writer() override = default;

  /// True when a write failed; nothing written after it counts.
  [[nodiscard]] bool failed() const noexcept { return failed_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n < epptr() - pptr()) {  // fits in the buffer
      std::memcpy(pptr(), s, static_cast<std::size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    if (!drain() || !put(s, static_cast<std::size_t>(n))) return 0;
    return n;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  /// Writes what the buffer holds.
  bool drain() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    setp(buffer_.get(), buffer_.get() + size);
    return n == 0 || put(buffer_.get(), n);
  }
  /// Writes `n` bytes at `s`, whole, then starts the writeback of what is 8 MiB old or more.
  bool put(const char* s, std::size_t n) {
    if (failed_) return false;
    while (n > 0) {
      const ssize_t w = ::write(fd_, s, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        failed_ = true;
        return false;
      }
      s += w;
      n -= static_cast<std::size_t>(w);
      written_ += static_cast<std::size_t>(w);
    }
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    constexpr std::size_t window = std::size_t{8} << 20;
    if (written_ - started_ >= window) {
      // Advice only: a file system that cannot do it (EINVAL, ESPIPE) loses nothing.
      (void)::sync_file_range(fd_, static_cast<off_t>(started_), static_cast<off_t>(written_ - started_), SYNC_FILE_RANGE_WRITE);
      started_ = written_;
    }
#endif
    return true;
  }

  static constexpr std::size_t size = std::size_t{1} << 20;
  int fd_;
  std::unique_ptr<char[]> buffer_;  // not zero-filled: a page of it costs a fault only once written
  std::size_t written_ = 0, started_ = 0;  // bytes written; bytes whose writeback was started
  bool failed_ = false;
};

/// A file written whole or not at all. The text goes to a new temporary file in the target's
/// directory, which replaces the target (by rename) only when every write and the close
/// succeeded; otherwise the target is untouched and the temporary file removed. Refuses a target
/// that is one of `inputs` (the same file, by `std::filesystem::equivalent`).
class atomic_output {
 public:
  explicit atomic_output(std::string path, const std::vector<std::string>& inputs = {}) : path_(std::move(path)) {
    std::error_code ec;
    for (const auto& in : inputs)
      if (!in.empty() && in != "-" && std::filesystem::equivalent(path_, in, ec))
        throw error(errc::cli_output_is_input, location{path_, 0, 0, {}}, "the output would overwrite the input " + in + "; choose another file");
    std::filesystem::path dir = std::filesystem::path(path_).parent_path();
    std::string name = (dir.empty() ? std::string(".") : dir.string()) + "/." + std::filesystem::path(path_).filename().string() + ".XXXXXX";
    // The descriptor of mkstemp is written to as it is: reopening the file with O_TRUNC would make
    // ext4 flush it whole on close (auto_da_alloc), for nothing.
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) throw error(errc::cli_io, location{path_, 0, 0, {}}, std::string("cannot write file: ") + std::strerror(errno));
    temp_ = name;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);  // what a plain open would have given
    try {
      buf_.emplace(fd_);  // may throw std::bad_alloc: the destructor will not run, so clean up here
    } catch (...) {
      ::close(fd_);
      std::remove(temp_.c_str());
      throw;
    }
    stream_.rdbuf(&*buf_);
  }
  atomic_output(const atomic_output&) = delete;
  atomic_output& operator=(const atomic_output&) = delete;
  ~atomic_output() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty()) std::remove(temp_.c_str());
  }

  std::ostream& stream() { return stream_; }

  /// Flushes and closes the temporary file and puts it in place. Throws waypoint::error (`cli.io`)
  /// when any write failed (the target is then untouched).
  void commit() {
    stream_.flush();
    const bool written = static_cast<bool>(stream_) && !buf_->failed();
    const int closed = ::close(fd_);
    fd_ = -1;
    if (!written || closed != 0) fail("write failed (disk full or file too large?); the file was not changed");
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) fail(std::string("cannot replace the file: ") + std::strerror(errno));
    temp_.clear();
  }

 private:
  [[noreturn]] void fail(const std::string& why) {
    if (!temp_.empty()) std::remove(temp_.c_str());
    temp_.clear();
    throw error(errc::cli_io, location{path_, 0, 0, {}}, why);
  }
  std::string path_, temp_;
  int fd_ = -1;
  std::optional<file_writer> buf_;
  std::ostream stream_{nullptr};
};

/// Runs `work(out)` with `out` the file `path` (standard output when empty or "-"), then flushes
/// and checks it. A file is written atomically (`atomic_output`): a failed run leaves the old file
/// as it was. Throws waypoint::error (`cli.io`) when the file cannot be written, and
/// (`cli.output_is_input`) when `path` is one of `inputs`.
template <class F>
void with_output(const std::string& path, F&& work, const std::vector<std::string>& inputs = {}) {
  if (path.empty() || path == "-") {
    work(std::cout);
    std::cout.flush();
    if (!std::cout) throw error(errc::cli_io, location{"<stdout>", 0, 0, {}}, "write failed");
    return;
  }
  atomic_output file(path, inputs);
  work(file.stream());
  file.commit();
}

/// Runs `work()` and returns what it returns; a `std::bad_alloc` it throws becomes a
/// `waypoint::error` `sys.out_of_memory` that says memory ran out while `what` (e.g. "loading the
/// observations"), located at `file` when there is one. What the work built is freed by then.
template <class F>
decltype(auto) stage(std::string_view what, const std::string& file, F&& work) {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    throw error(errc::sys_out_of_memory, location{file, 0, 0, {}},
                "memory ran out while " + std::string(what) + "; nothing was written (fewer threads, or the csv format, which streams, need less)");
  }
}

/// Adds option `name` whose value is the name (`name_of`) of one of `choices`, in that order in
/// the help and in the message for any other word (CLI::IsMember); the value is parsed once, into
/// `target`, which keeps its value when the option is not given.
template <class E>
CLI::Option* add_choice(CLI::App* app, std::string name, E& target, std::string description, std::vector<E> choices,
                        std::string_view (*name_of)(E) noexcept) {
  std::vector<std::string> names;
  for (const E c : choices) names.emplace_back(name_of(c));
  auto set = [&target, choices, name_of](const std::string& word) {
    for (const E c : choices)
      if (name_of(c) == word) target = c;
  };
  return app->add_option_function<std::string>(std::move(name), std::move(set), std::move(description))->check(CLI::IsMember(std::move(names)));
}

/// For a subcommand's CLI11 callback: runs `work`, prints any error, and ends the parse with
/// CLI::Success or CLI::RuntimeError(1), so `main` goes no further.
template <class F>
void run_command(F&& work) {
  try {
    work();
  } catch (const error& e) {
    throw CLI::RuntimeError(print_problems(e));
  } catch (const CLI::Error&) {
    throw;  // the command's own exit status
  } catch (const std::bad_alloc&) {  // a step without its own `stage`
    std::cerr << "error: sys.out_of_memory: memory ran out; nothing was written\n";
    throw CLI::RuntimeError(1);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    throw CLI::RuntimeError(1);
  }
  throw CLI::Success();
}

}  // namespace waypoint::cli
