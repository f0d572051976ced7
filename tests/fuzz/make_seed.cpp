// Seeds scripts/fuzz makes with the library itself (not a harness; built in build-fuzz):
//   make_seed iati PLAN OBSERVATIONS   the IATI export of a plan and its observations, for
//                                      fuzz_iati: a file that imports, so its mutations reach
//                                      the writer, with more of it than the hand-written files
//   make_seed report ACTIVITY.xml      the plan and observations imported from an IATI file,
//                                      as fuzz_report reads them (plan, `# observations`, CSV)
// Writes to standard output; exits 1 with the error of an input that does not load.
#include <iostream>
#include <string>

#include "waypoint/io/iati.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/io/plan_writer.hpp"

int main(int argc, char** argv) try {
  namespace io = waypoint::io;
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "iati" && argc == 4) {
    const waypoint::plan p = io::load_plan(argv[2]);
    io::write_iati(std::cout, p, io::load_observations(argv[3], p));
  } else if (mode == "report" && argc == 3) {
    const io::iati_activity a = io::load_iati(argv[2]);
    io::write_plan_yaml(std::cout, a.plan);
    std::cout << "# observations\n";
    io::write_observations_csv(std::cout, a.plan, a.observations);
  } else {
    std::cerr << "usage: make_seed iati PLAN OBSERVATIONS | make_seed report ACTIVITY.xml\n";
    return 2;
  }
  return 0;
} catch (const waypoint::error& e) {
  std::cerr << "make_seed: " << e.what() << '\n';
  return 1;
}
