// libFuzzer harness: the observation CSV reader, against a small fixed plan with every measure.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"

namespace {
const char* kPlan = R"(waypoint: 1
plan: {id: fuzz, title: Fuzz, period: 2020-01-01/2030-12-31}
entities: [{id: AFG}, {id: LAO}]
sections:
  - id: S
    actions:
      - id: A
        indicators:
          - {id: C, measure: count, target: {value: 10, at: 2030}}
          - {id: P, measure: percentage, direction: decrease}
          - {id: F, measure: amount, accumulation: flow}
          - {id: B, measure: binary}
          - {id: O, measure: ordinal, levels: [none, draft, adopted]}
          - {id: Q, measure: qualitative}
)";
const waypoint::plan& fixed_plan() {
  static const waypoint::plan p = waypoint::io::parse_plan(kPlan, waypoint::io::plan_format::yaml, "fuzz-plan.yaml");
  return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)waypoint::io::parse_observations(text, fixed_plan(), "fuzz.csv");
  } catch (const waypoint::error&) {
  }
  return 0;
}
