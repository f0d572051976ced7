// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file graph.hpp
/// The results graph of a plan (Boost.Graph): who contributes to what.
///
/// Nodes: the plan, its sections, actions and indicators, and the actions of other instruments
/// that indicators also serve (`indicator::serves`, streamlined reporting). Edges point the way
/// results flow:
///
/// | edge | from → to |
/// |---|---|
/// | `measures` | indicator → the action it measures |
/// | `belongs_to` | action → its own section |
/// | `contributes_to` | action → each other section it serves (`action::contributes_to`, cross-cutting actions) |
/// | `supports` | action → each action it feeds (`action::supports`) |
/// | `rolls_up` | section → the plan |
/// | `serves` | indicator → an external instrument's action |
///
/// The graph must be acyclic; only `supports` links can close a cycle. Building a
/// `results_graph` throws `cycle_error` (code `graph.cycle`), whose message names the members of
/// one cycle in order. Nodes are identified by `node_key` (kind + id), never by vertex descriptor.

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/exception.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/topological_sort.hpp>
#include <compare>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/model/text.hpp"

namespace waypoint {

/// What a node of the results graph stands for.
enum class node_kind : std::uint8_t { plan, section, action, indicator, external };
constexpr std::string_view to_string(node_kind k) noexcept {
  constexpr std::string_view n[] = {"plan", "section", "action", "indicator", "external"};
  return n[static_cast<int>(k)];
}

/// How two nodes are linked (see the table in the file comment).
enum class edge_kind : std::uint8_t { measures, belongs_to, contributes_to, supports, rolls_up, serves };
constexpr std::string_view to_string(edge_kind k) noexcept {
  constexpr std::string_view n[] = {"measures", "belongs_to", "contributes_to", "supports", "rolls_up", "serves"};
  return n[static_cast<int>(k)];
}

/// The identity of a node: its kind and id. An external node's id is `instrument:ref`.
struct node_key {
  node_kind kind = node_kind::plan;
  std::string id;
  friend auto operator<=>(const node_key&, const node_key&) = default;
  friend bool operator==(const node_key&, const node_key&) = default;
  /// "action 'A3'"
  [[nodiscard]] std::string str() const { return std::string(to_string(kind)) + " '" + id + "'"; }
};

/// A node: its key, and its position in the plan's vector of its kind (`plan::sections()`,
/// `actions()`, `indicators()`; for externals, in `results_graph::externals()`; 0 for the plan).
struct graph_node {
  node_key key;
  std::size_t index = 0;
};

/// An edge's bundled property.
struct graph_edge {
  edge_kind kind = edge_kind::measures;
};

/// One link of the graph, for export.
struct graph_link {
  node_key from, to;
  edge_kind kind = edge_kind::measures;
  friend bool operator==(const graph_link&, const graph_link&) = default;
};

/// A link of an indicator to another instrument's action plan (streamlined reporting).
struct serves_link {
  indicator_id indicator;
  action_id action;  ///< the action the indicator measures in this plan (may be empty)
  std::string instrument, ref;
};

/// The results graph has a cycle: `members()` lists it in order (the first member again closes it).
class cycle_error : public error {
 public:
  cycle_error(std::vector<node_key> members, std::string message)
      : error(errc::graph_cycle, {}, std::move(message)), members_(std::move(members)) {}
  /// The nodes of the cycle in order, starting from the smallest key; each links to the next and
  /// the last to the first.
  [[nodiscard]] const std::vector<node_key>& members() const noexcept { return members_; }

 private:
  std::vector<node_key> members_;
};

/// The results graph of a plan. Immutable after construction; holds no reference to the plan.
class results_graph {
 public:
  using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, graph_node, graph_edge>;
  using vertex = graph_type::vertex_descriptor;

  /// Builds the graph of `p` and orders it. Throws `cycle_error` (`graph.cycle`) naming the
  /// members of a cycle when `supports` links form one.
  explicit results_graph(const plan& p) {
    add({node_kind::plan, p.id().str()}, 0);
    for (std::size_t i = 0; i < p.sections().size(); ++i) add({node_kind::section, p.sections()[i].id.str()}, i);
    for (std::size_t i = 0; i < p.actions().size(); ++i) add({node_kind::action, p.actions()[i].id.str()}, i);
    for (std::size_t i = 0; i < p.indicators().size(); ++i) add({node_kind::indicator, p.indicators()[i].id.str()}, i);
    std::map<std::pair<std::string, std::string>, std::size_t> ext;
    for (const auto& ind : p.indicators())
      for (const auto& s : ind.serves) ext.emplace(std::make_pair(s.instrument, s.ref), 0);
    for (auto& [k, i] : ext) {
      i = externals_.size();
      externals_.push_back({k.first, k.second});
      add({node_kind::external, k.first + ":" + k.second}, i);
    }
    const node_key plan_key{node_kind::plan, p.id().str()};
    for (const auto& s : p.sections()) link({node_kind::section, s.id.str()}, plan_key, edge_kind::rolls_up);
    for (const auto& a : p.actions()) {
      const node_key me{node_kind::action, a.id.str()};
      link(me, {node_kind::section, a.section.str()}, edge_kind::belongs_to);
      for (const auto& s : a.contributes_to) link(me, {node_kind::section, s.str()}, edge_kind::contributes_to);
      for (const auto& b : a.supports) link(me, {node_kind::action, b.str()}, edge_kind::supports);
    }
    for (const auto& ind : p.indicators()) {
      const node_key me{node_kind::indicator, ind.id.str()};
      if (!ind.action.empty()) link(me, {node_kind::action, ind.action.str()}, edge_kind::measures);
      for (const auto& s : ind.serves) link(me, {node_kind::external, s.instrument + ":" + s.ref}, edge_kind::serves);
    }
    std::vector<vertex> reversed;
    reversed.reserve(boost::num_vertices(g_));
    try {
      boost::topological_sort(g_, std::back_inserter(reversed));
    } catch (const boost::not_a_dag&) {
      throw_cycle();
    }
    order_.assign(reversed.rbegin(), reversed.rend());
  }

  /// The Boost graph (bundled properties `graph_node`, `graph_edge`), for algorithms.
  [[nodiscard]] const graph_type& graph() const noexcept { return g_; }
  [[nodiscard]] std::size_t node_count() const noexcept { return boost::num_vertices(g_); }
  [[nodiscard]] std::size_t link_count() const noexcept { return boost::num_edges(g_); }

  /// The vertex of a node, or std::nullopt. Valid as long as this graph lives.
  [[nodiscard]] std::optional<vertex> find(const node_key& k) const {
    auto it = index_.find(k);
    return it == index_.end() ? std::nullopt : std::optional<vertex>(it->second);
  }
  [[nodiscard]] const graph_node& node(vertex v) const { return g_[v]; }

  /// Every vertex, sources first: each node comes after every node that links to it (indicators
  /// before their action, a supporting action before the action it supports, actions before
  /// their sections, sections before the plan). Deterministic for a given plan.
  [[nodiscard]] const std::vector<vertex>& topological_order() const noexcept { return order_; }

  /// The distinct external instrument actions, sorted by (instrument, ref); `graph_node::index`
  /// of an external node points here.
  [[nodiscard]] const std::vector<external_link>& externals() const noexcept { return externals_; }

  /// Every link, sorted by (from, to, kind).
  [[nodiscard]] std::vector<graph_link> links() const {
    std::vector<graph_link> out;
    out.reserve(boost::num_edges(g_));
    for (auto [e, end] = boost::edges(g_); e != end; ++e)
      out.push_back({g_[boost::source(*e, g_)].key, g_[boost::target(*e, g_)].key, g_[*e].kind});
    std::sort(out.begin(), out.end(), [](const graph_link& a, const graph_link& b) {
      return std::tie(a.from, a.to, a.kind) < std::tie(b.from, b.to, b.kind);
    });
    return out;
  }

 private:
  void add(node_key k, std::size_t index) {
    if (index_.count(k)) return;  // a repeated id: plan_builder rejects it; keep the first
    // Not add_vertex(property, g): that overload first looks the property up as a name
    // (named_graph.hpp), and GCC 12 at -O1 (the sanitizer build) flags the empty boost::optional it
    // returns as maybe uninitialized; a #pragma cannot silence it through a precompiled header.
    const vertex v = boost::add_vertex(g_);
    g_[v] = graph_node{k, index};
    index_.emplace(std::move(k), v);
  }
  void link(const node_key& from, const node_key& to, edge_kind kind) {
    const auto a = find(from), b = find(to);
    if (!a || !b) return;  // an unknown reference: plan_builder rejects it
    if (boost::edge(*a, *b, g_).second) return;  // e.g. contributes_to naming the action's own section
    boost::add_edge(*a, *b, graph_edge{kind}, g_);
  }

  struct back_edge_finder : boost::default_dfs_visitor {
    std::vector<vertex>* parent;
    std::optional<std::pair<vertex, vertex>>* found;
    void tree_edge(graph_type::edge_descriptor e, const graph_type& g) const { (*parent)[boost::target(e, g)] = boost::source(e, g); }
    void back_edge(graph_type::edge_descriptor e, const graph_type& g) const {
      if (!*found) *found = std::make_pair(boost::source(e, g), boost::target(e, g));
    }
  };

  /// Finds one cycle with a depth-first search (the first back edge closes it) and throws.
  [[noreturn]] void throw_cycle() const {
    const std::size_t n = boost::num_vertices(g_);
    std::vector<vertex> parent(n);
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
    std::optional<std::pair<vertex, vertex>> found;
    back_edge_finder vis;
    vis.parent = &parent;
    vis.found = &found;
    std::vector<boost::default_color_type> color(n);
    boost::depth_first_search(g_, boost::visitor(vis).color_map(boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g_))));
    std::vector<node_key> members;
    if (found) {
      // The back edge u → v closes the tree path v → ... → u.
      const auto [u, v] = *found;
      for (vertex x = u;; x = parent[x]) {
        members.push_back(g_[x].key);
        if (x == v || parent[x] == x) break;
      }
      std::reverse(members.begin(), members.end());
      std::rotate(members.begin(), std::min_element(members.begin(), members.end()), members.end());
    }
    std::string msg = "the results graph has a cycle: ";
    for (const auto& m : members) msg += m.str() + " → ";
    msg += members.empty() ? std::string("(not found)") : members.front().str();
    msg += "; 'supports' links must not loop back";
    throw cycle_error(std::move(members), std::move(msg));
  }

  graph_type g_;
  std::map<node_key, vertex> index_;
  std::vector<vertex> order_;
  std::vector<external_link> externals_;
};

/// The `serves` links of `p` (streamlined reporting), sorted by indicator, instrument, ref.
inline std::vector<serves_link> serves_links(const plan& p) {
  std::vector<serves_link> out;
  for (const auto& ind : p.indicators())
    for (const auto& s : ind.serves) out.push_back({ind.id, ind.action, s.instrument, s.ref});
  std::sort(out.begin(), out.end(), [](const serves_link& a, const serves_link& b) {
    return std::tie(a.indicator, a.instrument, a.ref) < std::tie(b.indicator, b.instrument, b.ref);
  });
  return out;
}

/// Writes the graph in Graphviz DOT (boost::write_graphviz): one node per plan part, labelled
/// `kind id`, with a `shape` per kind; each edge labelled with its kind. Deterministic.
inline void write_dot(std::ostream& out, const results_graph& rg) {
  const auto& g = rg.graph();
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return q + '"';
  };
  auto vertex_writer = [&](std::ostream& os, results_graph::vertex v) {
    static constexpr const char* shape[] = {"doubleoctagon", "box", "ellipse", "note", "component"};
    const auto& k = g[v].key;
    os << "[label=" << quote(std::string(to_string(k.kind)) + " " + k.id) << ", shape=" << shape[static_cast<int>(k.kind)] << "]";
  };
  auto edge_writer = [&](std::ostream& os, results_graph::graph_type::edge_descriptor e) {
    os << "[label=\"" << to_string(g[e].kind) << "\"" << (g[e].kind == edge_kind::serves ? ", style=dashed" : "") << "]";
  };
  auto graph_writer = [](std::ostream& os) { os << "rankdir=BT;\n"; };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
}

/// Writes the links as CSV: `from_kind,from,relation,to_kind,to`, sorted like `links()`.
inline void write_links_csv(std::ostream& out, const results_graph& rg) {
  out << "from_kind,from,relation,to_kind,to\n";
  for (const auto& l : rg.links())
    out << to_string(l.from.kind) << ',' << csv_text(l.from.id) << ',' << to_string(l.kind) << ',' << to_string(l.to.kind) << ',' << csv_text(l.to.id) << '\n';
}

}  // namespace waypoint
