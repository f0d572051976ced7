// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every subcommand does around its work: print waypoint::error problems the same way, open
// the output (a file, or standard output), check that writing worked, and end the CLI11 parse
// with the exit status; and options whose value is one of an enum's names.

#include <CLI/CLI.hpp>

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
#include <new>
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

/// A file written whole or not at all. The text goes to a new temporary file in the target's
/// directory, which replaces the target (by rename) only when every write, the flush and the close
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
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw error(errc::cli_io, location{path_, 0, 0, {}}, std::string("cannot write file: ") + std::strerror(errno));
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);  // what a plain open would have given
    ::close(fd);
    temp_ = name;
    file_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!file_) fail("cannot write file");
  }
  atomic_output(const atomic_output&) = delete;
  atomic_output& operator=(const atomic_output&) = delete;
  ~atomic_output() {
    if (!temp_.empty()) std::remove(temp_.c_str());
  }

  std::ostream& stream() { return file_; }

  /// Flushes and closes the temporary file and puts it in place. Throws waypoint::error (`cli.io`)
  /// when any write failed (the target is then untouched).
  void commit() {
    file_.flush();
    const bool written = static_cast<bool>(file_);
    file_.close();
    if (!written || file_.fail()) fail("write failed (disk full or file too large?); the file was not changed");
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
  std::ofstream file_;
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
