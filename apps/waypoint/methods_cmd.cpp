// SPDX-License-Identifier: Apache-2.0
// `waypoint methods`

#include "methods_cmd.hpp"

#include "command.hpp"

#include <iostream>

#include "waypoint/eval/method.hpp"

namespace waypoint::cli {

void add_methods_command(CLI::App& app) {
  auto* me = app.add_subcommand("methods", "List the assessment methods with their parameters and defaults");
  me->callback([] {
    run_command([] {
      for (const auto& m : methods()) {
        std::cout << m.name << (m.name == default_method_name() ? " (default)" : "") << "\n  " << m.summary << '\n';
        for (const auto& p : m.params) std::cout << "  --param " << p.name << "=<" << p.type << ">  default " << p.default_value << ": " << p.help << '\n';
        std::cout << "  no data: category " << m.no_data_category << '\n';
      }
    });
  });
}

}  // namespace waypoint::cli
