// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every subcommand does around its work: print waypoint::error problems the same way, open
// the output (a file, or standard output), check that writing worked, and end the CLI11 parse
// with the exit status; and options whose value is one of an enum's names.

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"

namespace waypoint::cli {

/// Prints every problem of `e` ("error: FILE:LINE:COL: code: message") to standard error; returns 1.
inline int print_problems(const error& e) {
  for (const auto& p : e.problems()) std::cerr << (p.warning ? "warning: " : "error: ") << p.str() << '\n';
  return 1;
}

/// Runs `work(out)` with `out` the file `path` (standard output when empty), then flushes and
/// checks it. Throws waypoint::error (`cli.io`) when the file cannot be opened or written.
template <class F>
void with_output(const std::string& path, F&& work) {
  std::ofstream file;
  if (!path.empty()) {
    file.open(path, std::ios::binary);
    if (!file) throw error(errc::cli_io, location{path, 0, 0, {}}, "cannot write file");
  }
  std::ostream& out = path.empty() ? std::cout : file;
  work(out);
  out.flush();
  if (!out) throw error(errc::cli_io, location{path.empty() ? "<stdout>" : path, 0, 0, {}}, "write failed");
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
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    throw CLI::RuntimeError(1);
  }
  throw CLI::Success();
}

}  // namespace waypoint::cli
