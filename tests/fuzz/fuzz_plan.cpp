// libFuzzer harness: the plan loader (YAML, JSON and CSV indicator tables). Any input must give a
// plan or a waypoint::error; every other exception, crash, leak or UB is a finding. Built a second
// time as fuzz_plan_json with WAYPOINT_FUZZ_JSON_ONLY: the JSON loader alone.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "waypoint/io/plan_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
#ifdef WAYPOINT_FUZZ_JSON_ONLY
  constexpr waypoint::io::plan_format formats[] = {waypoint::io::plan_format::json};
#else
  constexpr waypoint::io::plan_format formats[] = {waypoint::io::plan_format::yaml, waypoint::io::plan_format::json,
                                                   waypoint::io::plan_format::indicator_table};
#endif
  for (const auto f : formats) {
    try {
      (void)waypoint::io::parse_plan(text, f, "fuzz");
    } catch (const waypoint::error&) {
    }
  }
  return 0;
}
