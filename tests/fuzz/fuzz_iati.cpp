// libFuzzer harness: the IATI reader, and the round trip behind `waypoint import/export iati`.
// An input must give a plan or a waypoint::error. When it gives a plan, the plan YAML and the
// observation CSV written from it must read back, be written to IATI, and that IATI must read
// back and be written again unchanged; anything else aborts (a finding).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string_view>

#include "waypoint/io/iati.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/plan_writer.hpp"

namespace {
[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::cerr << "fuzz_iati: " << what << '\n' << detail << '\n';
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = waypoint::io;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<io::iati_activity> a;
  try {
    a.emplace(io::parse_iati(text, "fuzz.xml"));
  } catch (const waypoint::error&) {
    return 0;
  }
  std::string first;
  try {
    std::ostringstream yaml, csv, xml;
    io::write_plan_yaml(yaml, a->plan);
    io::write_observations_csv(csv, a->plan, a->observations);
    const waypoint::plan p = io::parse_plan(yaml.str(), io::plan_format::yaml, "plan.yaml");
    const auto obs = io::parse_observations(csv.str(), p, "obs.csv");
    io::write_iati(xml, p, obs);
    first = xml.str();
  } catch (const waypoint::error& e) {
    finding("the files written from a plan read from IATI do not read back", e.what());
  }
  try {
    const auto b = io::parse_iati(first, "export.xml");
    std::ostringstream again;
    io::write_iati(again, b.plan, b.observations);
    if (again.str() != first) finding("export(import(export(x))) differs from export(x)", first + "\n----\n" + again.str());
  } catch (const waypoint::error& e) {
    finding("an exported IATI file does not read back", std::string(e.what()) + "\n" + first);
  }
  return 0;
}
