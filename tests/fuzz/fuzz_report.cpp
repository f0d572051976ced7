// libFuzzer harness: the HTML and Markdown reports (src/report) of a plan and its observations.
// Input: a YAML plan, then optionally a line `# observations` (or `# observations as of
// YYYY-MM-DD`) and an observation CSV. A plan that does not load ends the run; observations that
// do not load are replaced by none. The plan is evaluated (as of the date given, else the latest
// data) and both reports are written. Any exception, and any output that breaks a check of
// fuzz_report_checks.cpp, aborts (a finding).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_report_checks.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = waypoint::io;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view separator = "\n# observations";
  const std::size_t split = text.find(separator);
  const std::string_view plan_text = text.substr(0, split);
  std::optional<waypoint::plan> p;
  try {
    p.emplace(io::parse_plan(plan_text, io::plan_format::yaml, "fuzz.yaml"));
  } catch (const waypoint::error&) {
    return 0;
  }
  std::optional<waypoint::date> as_of;
  std::optional<waypoint::observation_store> obs;
  if (split != std::string_view::npos) {
    std::string_view rest = text.substr(split + separator.size());
    const std::size_t eol = rest.find('\n');
    const std::string_view head = rest.substr(0, eol);
    if (head.starts_with(" as of ")) as_of = waypoint::parse_date(head.substr(7));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    try {
      obs.emplace(io::parse_observations(rest, *p, "fuzz.csv"));
    } catch (const waypoint::error&) {
    }
  }
  if (!obs) obs.emplace(waypoint::observation_builder(*p).finish());
  std::string html, md;
  try {
    waypoint::evaluation_options opt;
    opt.threads = 1;
    const waypoint::evaluation ev = waypoint::evaluate(*p, *obs, as_of, opt);
    std::ostringstream h, m;
    waypoint::report::write_html(h, *p, ev);
    waypoint::report::write_markdown(m, *p, ev);
    html = h.str();
    md = m.str();
  } catch (const std::exception& e) {
    fuzz_report::finding("exception", std::string("evaluating or writing a plan that loaded threw: ") + e.what());
  }
  fuzz_report::check_markdown(md, fuzz_report::check_html(html));
  return 0;
}
