// The results graph (Boost.Graph): nodes and links, topological order, cycles named in order,
// the serves links and the DOT/CSV exports; a cyclic plan file fails to load with the cycle.
#include <catch2/catch.hpp>

#include <sstream>

#include "support.hpp"
#include "waypoint/eval/graph.hpp"

using namespace waypoint;

namespace {

struct plan_parts {
  plan_builder b{plan_id{"p"}, "Graph plan", *parse_period("2027-01-01/2031-12-31")};

  void sec(const char* id) {
    section s;
    s.id = section_id{id};
    b.add_section(s);
  }
  void act(const char* id, const char* section, std::vector<const char*> supports = {}, std::vector<const char*> also = {}) {
    action a;
    a.id = action_id{id};
    a.section = section_id{section};
    for (const char* x : supports) a.supports.emplace_back(x);
    for (const char* x : also) a.contributes_to.emplace_back(x);
    b.add_action(a);
  }
  void ind(const char* id, const char* action, std::vector<external_link> serves = {}) {
    indicator i;
    i.id = indicator_id{id};
    i.action = action_id{action};
    i.serves = std::move(serves);
    b.add_indicator(i);
  }
  plan build() { return std::move(b).build(); }
};

std::size_t position(const results_graph& g, node_kind k, const char* id) {
  const auto v = g.find({k, id});
  REQUIRE(v);
  const auto& order = g.topological_order();
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), *v) - order.begin());
}

}  // namespace

TEST_CASE("results graph: nodes, links and a topological order sources first", "[graph]") {
  plan_parts pp;
  pp.sec("S1");
  pp.sec("S2");
  pp.act("B", "S2");
  pp.act("A", "S1", {"B"}, {"S2"});  // supports B, also serves S2
  pp.act("C", "S2", {}, {"S2"});     // contributes_to its own section: one link, not two
  pp.ind("I1", "A", {{"APMBC", "Oslo #23"}, {"CCW-V", "Art. 4"}});
  pp.ind("I2", "B", {{"APMBC", "Oslo #23"}});
  pp.ind("I3", "C");
  const plan p = pp.build();
  const results_graph g(p);
  // plan + 2 sections + 3 actions + 3 indicators + 2 distinct external actions
  CHECK(g.node_count() == 11);
  REQUIRE(g.externals().size() == 2);
  CHECK(g.externals()[0].instrument == "APMBC");
  CHECK(g.externals()[1].ref == "Art. 4");
  const auto links = g.links();
  CHECK(links.size() == 2 /*rolls_up*/ + 3 /*belongs_to*/ + 1 /*contributes_to*/ + 1 /*supports*/ + 3 /*measures*/ + 3 /*serves*/);
  const graph_link expected{{node_kind::action, "A"}, {node_kind::section, "S2"}, edge_kind::contributes_to};
  CHECK(std::find(links.begin(), links.end(), expected) != links.end());
  CHECK(std::is_sorted(links.begin(), links.end(), [](const graph_link& a, const graph_link& b) { return std::tie(a.from, a.to, a.kind) < std::tie(b.from, b.to, b.kind); }));

  // Every node comes after everything that links to it.
  CHECK(position(g, node_kind::indicator, "I1") < position(g, node_kind::action, "A"));
  CHECK(position(g, node_kind::action, "A") < position(g, node_kind::action, "B"));  // A supports B
  CHECK(position(g, node_kind::indicator, "I2") < position(g, node_kind::action, "B"));
  CHECK(position(g, node_kind::action, "B") < position(g, node_kind::section, "S2"));
  CHECK(position(g, node_kind::action, "A") < position(g, node_kind::section, "S2"));
  CHECK(position(g, node_kind::section, "S1") < position(g, node_kind::plan, "p"));
  CHECK(position(g, node_kind::plan, "p") == g.node_count() - 1);
  for (const auto& l : links) {
    CAPTURE(l.from.str(), l.to.str());
    CHECK(position(g, l.from.kind, l.from.id.c_str()) < position(g, l.to.kind, l.to.id.c_str()));
  }

  const auto serves = serves_links(p);
  REQUIRE(serves.size() == 3);
  CHECK(serves[0].indicator == indicator_id{"I1"});
  CHECK(serves[0].action == action_id{"A"});
  CHECK(serves[0].instrument == "APMBC");
  CHECK(serves[1].instrument == "CCW-V");
  CHECK(serves[2].indicator == indicator_id{"I2"});
}

TEST_CASE("results graph: a cycle of supports links is an error naming its members in order", "[graph][cycle]") {
  plan_parts pp;
  pp.sec("S");
  pp.act("A0", "S", {"A2"});
  pp.act("A2", "S", {"A3"});
  pp.act("A3", "S", {"A4"});
  pp.act("A4", "S", {"A2"});  // A2 → A3 → A4 → A2; A0 only leads into it
  pp.ind("I", "A0");
  const plan p = pp.build();  // the model does not know the graph: the plan builds
  try {
    const results_graph g(p);
    FAIL("expected graph.cycle");
  } catch (const cycle_error& e) {
    CHECK(e.code() == errc::graph_cycle);
    REQUIRE(e.members().size() == 3);
    CHECK(e.members()[0] == node_key{node_kind::action, "A2"});
    CHECK(e.members()[1] == node_key{node_kind::action, "A3"});
    CHECK(e.members()[2] == node_key{node_kind::action, "A4"});
    CHECK(std::string(e.what()).find("action 'A2' → action 'A3' → action 'A4' → action 'A2'") != std::string::npos);
  }
  // evaluate() refuses the cyclic plan with the same error.
  observation_builder ob(p);
  const auto store = std::move(ob).finish();
  CHECK(test::find_code(test::problems_of([&] { (void)evaluate(p, store, std::nullopt); }), errc::graph_cycle).message.find("action 'A2'") !=
        std::string::npos);
}

TEST_CASE("results graph: an action that supports itself is a cycle of one", "[graph][cycle]") {
  plan_parts pp;
  pp.sec("S");
  pp.act("A", "S", {"A"});
  const plan p = pp.build();
  try {
    const results_graph g(p);
    FAIL("expected graph.cycle");
  } catch (const cycle_error& e) {
    REQUIRE(e.members().size() == 1);
    CHECK(std::string(e.what()).find("action 'A' → action 'A'") != std::string::npos);
  }
}

TEST_CASE("a plan file whose supports links loop fails to load, located at the first member", "[graph][cycle][io]") {
  const std::string yaml = R"(waypoint: 1
plan: {id: p, period: 2027-01-01/2031-12-31}
sections:
  - id: S
    actions:
      - id: B
        supports: [C]
      - id: C
        supports: [B]
)";
  const auto ps = test::problems_of([&] { (void)io::parse_plan(yaml, io::plan_format::yaml, "cyclic.yaml"); });
  const auto pr = test::find_code(ps, errc::graph_cycle);
  CHECK(pr.message.find("action 'B' → action 'C' → action 'B'") != std::string::npos);
  CHECK(pr.where.file == "cyclic.yaml");
  CHECK(pr.where.pointer == "/sections/0/actions/0/supports");
  CHECK(pr.where.line == 7);
  // validate lists it too, without throwing.
  CHECK(test::has_code(io::validate_plan_text(yaml, io::plan_format::yaml, "cyclic.yaml"), errc::graph_cycle));
}

TEST_CASE("results graph exports: CSV links and Graphviz DOT", "[graph][export]") {
  plan_parts pp;
  pp.sec("S");
  pp.act("A", "S");
  pp.ind("I, with comma", "A", {{"APMBC", "Oslo #23"}});
  const plan p = pp.build();
  const results_graph g(p);
  std::ostringstream csv;
  write_links_csv(csv, g);
  CHECK(csv.str() ==
        "from_kind,from,relation,to_kind,to\n"
        "section,S,rolls_up,plan,p\n"
        "action,A,belongs_to,section,S\n"
        "indicator,\"I, with comma\",measures,action,A\n"
        "indicator,\"I, with comma\",serves,external,APMBC:Oslo #23\n");
  std::ostringstream dot;
  write_dot(dot, g);
  const std::string d = dot.str();
  CHECK(d.find("digraph G {") == 0);
  CHECK(d.find("[label=\"indicator I, with comma\", shape=note]") != std::string::npos);
  CHECK(d.find("[label=\"serves\", style=dashed]") != std::string::npos);
  CHECK(d.find("->") != std::string::npos);
}
