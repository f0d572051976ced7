// SPDX-License-Identifier: Apache-2.0
// `waypoint fields`: the result vocabulary of eval/fields.hpp, as table, CSV or JSON.

#include "fields_cmd.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "waypoint/eval/fields.hpp"
#include "waypoint/io/output_format.hpp"

namespace waypoint::cli {
namespace {

/// The levels of `f`, separated by `sep` ("series|indicator").
std::string levels_of(const field_info& f, const char* sep) {
  std::string s;
  for (const result_level l : result_levels)
    if (f.has(l)) s += (s.empty() ? "" : sep) + std::string(to_string(l));
  return s;
}

std::string csv_cell(std::string_view v) {
  if (v.find_first_of(",\"\n") == std::string_view::npos) return std::string(v);
  std::string q = "\"";
  for (const char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void write_fields(std::ostream& out, io::output_format format) {
  if (format == io::output_format::json) {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& f : fields()) {
      nlohmann::ordered_json levels = nlohmann::ordered_json::array();
      for (const result_level l : result_levels)
        if (f.has(l)) levels.push_back(std::string(to_string(l)));
      all.push_back({{"name", std::string(f.name)},
                     {"type", std::string(to_string(f.type))},
                     {"unit", std::string(f.unit)},
                     {"levels", std::move(levels)},
                     {"csv", f.in_csv()},
                     {"c_id", f.c_id == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.c_id)},
                     {"description", std::string(f.description)}});
    }
    out << all.dump(2) << '\n';
  } else if (format == io::output_format::csv) {
    out << "name,type,unit,levels,csv,c_id,description\n";
    for (const auto& f : fields())
      out << f.name << ',' << to_string(f.type) << ',' << csv_cell(f.unit) << ',' << levels_of(f, "|") << ',' << (f.in_csv() ? "true" : "false")
          << ',' << (f.c_id == 0 ? std::string() : std::to_string(f.c_id)) << ',' << csv_cell(f.description) << '\n';
  } else {
    std::size_t wn = 4, wt = 4, wl = 6;
    for (const auto& f : fields()) {
      wn = std::max(wn, f.name.size());
      wt = std::max(wt, to_string(f.type).size());
      wl = std::max(wl, levels_of(f, ",").size());
    }
    auto pad = [](std::string_view s, std::size_t w) { return std::string(s) + std::string(w - s.size() + 2, ' '); };
    out << pad("name", wn) << pad("type", wt) << pad("levels", wl) << "description\n";
    for (const auto& f : fields())
      out << pad(f.name, wn) << pad(to_string(f.type), wt) << pad(levels_of(f, ","), wl) << f.description
          << (f.unit.empty() ? std::string() : " [" + std::string(f.unit) + "]") << '\n';
  }
}

}  // namespace

void add_fields_command(CLI::App& app) {
  auto* fc = app.add_subcommand("fields", "List the result vocabulary: every field, its type, levels and meaning");
  auto format = std::make_shared<io::output_format>(io::output_format::table);
  auto output = std::make_shared<std::string>();
  add_choice(fc, "--format,-f", *format, "Output format", {io::output_format::table, io::output_format::csv, io::output_format::json}, io::format_name);
  fc->add_option("-o,--output", *output, "write to this file instead of standard output");
  fc->callback([format, output] { run_command([&] { with_output(*output, [&](std::ostream& out) { write_fields(out, *format); }); }); });
}

}  // namespace waypoint::cli
