// build_checked: a plan built in code gets the eval layer's checks (method names and parameters,
// cycles of supports links), all problems together, each located where its part was given.
#include <catch2/catch.hpp>

#include "support.hpp"
#include "waypoint/eval/checks.hpp"

using namespace waypoint;

namespace {

/// Where a host says a part came from: its own source, and a pointer per part.
location at(const std::string& pointer) { return location{"host", 0, 0, pointer}; }

/// A plan in code: section S, actions A and B that support each other (a cycle), and indicator I
/// of action A whose method is `method`.
plan_builder cyclic_plan(const std::string& method) {
  plan_builder b(plan_id{"p"}, "Built in code", *parse_period("2027-01-01/2031-12-31"));
  b.add_section(section{section_id{"S"}, "S", {}, {}, {}}, at("/sections/S"));
  action a{action_id{"A"}, section_id{"S"}, "a", {}, {}};
  a.supports.emplace_back("B");
  action c{action_id{"B"}, section_id{"S"}, "b", {}, {}};
  c.supports.emplace_back("A");
  b.add_action(a, at("/actions/A"));
  b.add_action(c, at("/actions/B"));
  indicator i;
  i.id = indicator_id{"I"};
  i.action = action_id{"A"};
  i.baseline = baseline{value::number(0), period::year(2026), ""};
  i.target = target{value::number(10), period::year(2031)};
  i.method.name = method;
  b.add_indicator(i, at("/indicators/I"));
  return b;
}

}  // namespace

TEST_CASE("build_checked rejects a plan built in code with an unknown method and a supports cycle, locating both", "[checks][graph][cycle]") {
  // The model alone knows neither methods nor the graph: plain build() lets both through.
  CHECK_NOTHROW((void)cyclic_plan("no-such-method").build());

  const auto ps = test::problems_of([] { (void)build_checked(cyclic_plan("no-such-method")); });
  REQUIRE(ps.size() == 2);
  const auto method = test::find_code(ps, errc::plan_unknown_method);
  CHECK(method.where.file == "host");
  CHECK(method.where.pointer == "/indicators/I/method");
  CHECK(method.message.find("indicator 'I'") != std::string::npos);
  CHECK(method.message.find("no-such-method") != std::string::npos);
  const auto cycle = test::find_code(ps, errc::graph_cycle);
  CHECK(cycle.where.file == "host");
  CHECK(cycle.where.pointer == "/actions/A/supports");  // the cycle's first member, A
  CHECK(cycle.message.find("action 'A' → action 'B' → action 'A'") != std::string::npos);

  // install_checks + validate lists the same problems without throwing.
  auto b = cyclic_plan("no-such-method");
  const auto listed = install_checks(b).validate();
  CHECK(listed.size() == 2);
  CHECK(test::has_code(listed, errc::plan_unknown_method));
  CHECK(test::has_code(listed, errc::graph_cycle));
}

TEST_CASE("build_checked: a bad parameter is located at the method, and a sound plan builds and evaluates", "[checks]") {
  plan_builder b(plan_id{"p"}, "Built in code", *parse_period("2027-01-01/2031-12-31"));
  b.add_section(section{section_id{"S"}, "S", {}, {}, {}});
  b.add_action(action{action_id{"A"}, section_id{"S"}, "a", {}, {}});
  indicator i;
  i.id = indicator_id{"I"};
  i.action = action_id{"A"};
  i.baseline = baseline{value::number(0), period::year(2026), ""};
  i.target = target{value::number(10), period::year(2031)};
  i.method = method_spec{"eurostat", {{"period", "medium"}}};
  plan_builder bad = b;
  bad.add_indicator(i, at("/indicators/I"));
  const auto ps = test::problems_of([&] { (void)build_checked(std::move(bad)); });
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::plan_bad_param);
  CHECK(ps[0].where.pointer == "/indicators/I/method");

  i.method = method_spec{"eurostat", {{"period", "long"}}};
  b.add_indicator(i);
  const plan p = build_checked(std::move(b));
  const auto store = test::store_of(p, {});
  const auto ev = evaluate(p, store, std::nullopt);
  REQUIRE(ev.series.size() == 1);
  CHECK(ev.series[0].outcome.status == status::insufficient_data);
}
