// SPDX-License-Identifier: Apache-2.0
// Microbenchmarks: CSV parsing (MB/s), series evaluated per second for each method, OLS per
// series, evaluation of the flagship plan. Data are generated in memory with the shape of
// ../shared/bench/gen_series.py (yearly values 2012-2024, some missing, some constant).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <random>
#include <sstream>

#include "waypoint/waypoint.hpp"

namespace {

using namespace waypoint;

struct workload {
  std::string indicators, observations;
};

workload make_workload(int n_indicators, int n_entities, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  workload w;
  w.indicators = "indicator,direction,target,target_year,limit,base_year\n";
  w.observations = "indicator,entity,year,value\n";
  char buf[96];
  for (int i = 0; i < n_indicators; ++i) {
    const bool up = u(rng) < 0.5, with_target = u(rng) < 0.7;
    std::snprintf(buf, sizeof buf, "I%04d,%s,%s,2030,%s,2015\n", i, up ? "1" : "-1", with_target ? "60" : "", u(rng) < 0.2 ? "100" : "");
    w.indicators += buf;
    for (int e = 0; e < n_entities; ++e) {
      const double start = 10 + 80 * u(rng), slope = (u(rng) - 0.5) * 4;
      const int first = u(rng) < 0.1 ? 2017 : 2012;
      for (int y = first; y <= 2024; ++y) {
        if (u(rng) < 0.1) continue;
        std::snprintf(buf, sizeof buf, "I%04d,E%05d,%d,%.6g\n", i, e, y, start + slope * (y - 2012) + u(rng));
        w.observations += buf;
      }
    }
  }
  return w;
}

const workload& shared_workload() {
  static const workload w = make_workload(200, 100);  // ~20k series, ~220k rows, ~5.6 MB
  return w;
}

const plan& shared_plan() {
  static const plan p = io::parse_plan(shared_workload().indicators, io::plan_format::indicator_table, "indicators.csv");
  return p;
}

void BM_parse_observations_csv(benchmark::State& state) {
  const auto& w = shared_workload();
  const plan& p = shared_plan();
  for (auto _ : state) {
    auto s = io::parse_observations(w.observations, p, "observations.csv");
    benchmark::DoNotOptimize(s.row_count());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(w.observations.size()));
}
BENCHMARK(BM_parse_observations_csv)->Unit(benchmark::kMillisecond);

/// Evaluates every series of `s` with `method` on one thread, without traces, once per
/// iteration: each result object is built, then dropped block by block (as `evaluate_to_csv`
/// does); roll-ups and the one big result vector of `evaluate()` are left out.
void run_series_evaluation(benchmark::State& state, const plan& p, const observation_store& s, const std::string& method) {
  evaluation_options opt;
  opt.method = method;
  opt.traces = false;
  opt.threads = 1;
  for (auto _ : state) {
    double sink = 0;
    evaluate_in_blocks(p, s, std::nullopt, opt, [&](std::size_t, std::span<series_result> r) { sink += r.back().outcome.score.value_or(0); }, [] {});
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(s.series_count()));
  state.counters["series"] = static_cast<double>(s.series_count());
}

void BM_evaluate_method(benchmark::State& state, const std::string& method) {
  const plan& p = shared_plan();
  static const observation_store s = io::parse_observations(shared_workload().observations, p, "observations.csv");
  run_series_evaluation(state, p, s, method);
}

/// Series of groups (a `dim:sex` column) against the same series as totals: the per-series cost of
/// disaggregation. Arg 0: the shared workload's ~20k series as totals; arg 1: each row once for
/// `female` and once for `male` (twice the series, each with the same points as its total).
void BM_evaluate_disaggregated(benchmark::State& state) {
  const plan& p = shared_plan();
  static const observation_store totals = io::parse_observations(shared_workload().observations, p, "observations.csv");
  static const observation_store groups = [&] {
    std::istringstream in(shared_workload().observations);
    std::string text = "indicator,entity,year,value,dim:sex\n", line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) text += line + ",female\n" + line + ",male\n";
    return io::parse_observations(text, p, "observations.csv");
  }();
  run_series_evaluation(state, p, state.range(0) ? groups : totals, "sdg-canada");
}
BENCHMARK(BM_evaluate_disaggregated)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

/// The inputs of BM_evaluation_phase: the files of the directory named by WAYPOINT_BENCH_WORKLOAD
/// (indicators.csv and observations.csv from gen_series.py: exactly what the peer evaluates;
/// compare_pandas.sh sets it), else the standard workload's shape generated in memory.
struct phase_inputs {
  plan p;
  observation_store s;
  static const phase_inputs& get() {
    static const phase_inputs in = [] {
      if (const char* dir = std::getenv("WAYPOINT_BENCH_WORKLOAD"); dir && *dir) {
        const std::string d(dir);
        plan p = io::load_plan(d + "/indicators.csv", io::plan_format::indicator_table);
        observation_store s = io::load_observations(d + "/observations.csv", p);
        return phase_inputs{std::move(p), std::move(s)};
      }
      const workload w = make_workload(200, 1000);
      plan p = io::parse_plan(w.indicators, io::plan_format::indicator_table, "indicators.csv");
      observation_store s = io::parse_observations(w.observations, p, "observations.csv");
      return phase_inputs{std::move(p), std::move(s)};
    }();
    return in;
  }
};

/// Runs `evaluate_in_blocks<Row>` (holding what `needs` says, for batch rows) on the standard
/// workload with sdg-canada, counting the scored rows.
template <class Row>
void evaluation_phase(benchmark::State& state, detail::row_needs needs = {}) {
  const plan& p = phase_inputs::get().p;
  const observation_store& s = phase_inputs::get().s;
  evaluation_options opt;
  opt.method = "sdg-canada";
  opt.traces = false;
  opt.threads = static_cast<unsigned>(state.range(0));  // 0 = one per core
  for (auto _ : state) {
    std::atomic<std::size_t> scored{0};
    evaluate_in_blocks<Row>(
        p, s, std::nullopt, opt,
        [&](std::size_t, std::span<Row> r) {
          std::size_t n = 0;
          for (const auto& x : r) n += x.outcome.score.has_value();
          scored += n;
        },
        [] {}, needs);
    benchmark::DoNotOptimize(scored.load());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(s.series_count()));
  state.counters["series"] = static_cast<double>(s.series_count());
  state.counters["rows"] = static_cast<double>(s.row_count());
}

/// The evaluation phase alone on the standard workload of compare_pandas.sh (200 indicators x 1000
/// entities: ~200,000 series, 2.2 M rows), sdg-canada, every core: what the peer's "evaluate"
/// figure measures (data already in memory; nothing written). Each series' values (status,
/// category, score, progress value, base, current, OLS trend, CAGR) are computed and dropped run
/// by run (`evaluate_in_blocks<series_row>` without figures or reasons, the path `evaluate_to_csv`
/// takes for such columns).
void BM_evaluation_phase(benchmark::State& state) { evaluation_phase<series_row>(state, {false, false}); }
BENCHMARK(BM_evaluation_phase)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same with every CSV column (`evaluate_in_blocks<series_row>` with figures and reasons): what
/// `waypoint evaluate --format csv` evaluates.
void BM_evaluation_phase_rows(benchmark::State& state) { evaluation_phase<series_row>(state); }
BENCHMARK(BM_evaluation_phase_rows)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same with the full result of every series (`evaluate_in_blocks`: strings for ids, method
/// and category, gaps, reasons): what `evaluate` and the 31-column CSV pay.
void BM_evaluation_phase_full(benchmark::State& state) { evaluation_phase<series_result>(state); }
BENCHMARK(BM_evaluation_phase_full)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_fit_ols(benchmark::State& state) {
  std::vector<double> t, y;
  for (int k = 0; k < state.range(0); ++k) {
    t.push_back(2012 + k);
    y.push_back(50 + 0.7 * k + (k % 3) * 0.1);
  }
  for (auto _ : state) {
    auto f = fit_ols(t, y);
    benchmark::DoNotOptimize(f.slope);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_fit_ols)->Arg(5)->Arg(13)->Arg(50);

void BM_evaluate_flagship(benchmark::State& state) {
  const std::string dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";
  static const plan p = io::load_plan(dir + "plan.yaml");
  static const observation_store s = io::load_observations(dir + "observations.csv", p);
  evaluation_options opt;
  opt.threads = 1;
  for (auto _ : state) {
    auto ev = evaluate(p, s, parse_date("2029-06-30"), opt);
    benchmark::DoNotOptimize(ev.series.data());
  }
  state.counters["series"] = static_cast<double>(s.series_count());
}
BENCHMARK(BM_evaluate_flagship)->Unit(benchmark::kMicrosecond);

// Appending one observation to a store of state.range(0) x 200 series and updating: the cost
// must not grow with the store (each update touches one series).
void BM_incremental_update(benchmark::State& state) {
  const workload w = make_workload(200, static_cast<int>(state.range(0)));
  const plan p = io::parse_plan(w.indicators, io::plan_format::indicator_table, "indicators.csv");
  evaluation_options opt;
  opt.traces = false;
  live_evaluation live(p, io::parse_observations(w.observations, p, "observations.csv"), std::nullopt, opt);
  std::vector<observation> one(1);
  one[0].amount = 1;
  int n = 0;
  for (auto _ : state) {
    // A new year for an existing series each time (a different series every iteration).
    const int i = n % 200, e = (n / 200) % static_cast<int>(state.range(0)), year = 2025 + n / (200 * static_cast<int>(state.range(0)));
    char ind[16], ent[16];
    std::snprintf(ind, sizeof ind, "I%04d", i);
    std::snprintf(ent, sizeof ent, "E%05d", e);
    one[0].indicator = indicator_id{ind};
    one[0].entity = entity_id{ent};
    one[0].period = period::year(year);
    benchmark::DoNotOptimize(live.update(one));
    ++n;
  }
  state.counters["series"] = 200.0 * static_cast<double>(state.range(0));
}
BENCHMARK(BM_incremental_update)->Arg(50)->Arg(500)->Arg(2500)->Unit(benchmark::kMicrosecond);

// The results graph of a generated plan: 20 sections x 100 actions x 4 indicators (10,021 nodes),
// every 10th action cross-cutting into the next section and every 5th supporting the next action;
// one series per indicator with statuses in rotation.
struct rollup_workload {
  plan p;
  std::vector<series_result> series;
};
const rollup_workload& shared_rollup_workload() {
  static const rollup_workload w = [] {
    plan_builder b(plan_id{"bench"}, "Roll-up benchmark", *parse_period("2027-01-01/2031-12-31"));
    char id[32];
    for (int s = 0; s < 20; ++s) {
      section sec;
      std::snprintf(id, sizeof id, "S%02d", s);
      sec.id = section_id{id};
      sec.weight = 1 + s % 3;
      sec.milestones.push_back(section_milestone{milestone_id{std::string(id) + "-M"}, "", time_ref{period::year(2029)}, std::nullopt, {}});
      b.add_section(sec);
      for (int a = 0; a < 100; ++a) {
        action act;
        std::snprintf(id, sizeof id, "S%02dA%03d", s, a);
        act.id = action_id{id};
        std::snprintf(id, sizeof id, "S%02d", s);
        act.section = section_id{id};
        act.weight = 1 + a % 4;
        if (a % 10 == 0) {
          std::snprintf(id, sizeof id, "S%02d", (s + 1) % 20);
          act.contributes_to.emplace_back(id);
        }
        if (a % 5 == 0 && a + 1 < 100) {
          std::snprintf(id, sizeof id, "S%02dA%03d", s, a + 1);
          act.supports.emplace_back(id);
        }
        const action_id aid = act.id;
        b.add_action(act);
        for (int k = 0; k < 4; ++k) {
          indicator ind;
          std::snprintf(id, sizeof id, "%sI%d", aid.str().c_str(), k);
          ind.id = indicator_id{id};
          ind.action = aid;
          ind.weight = 1 + k;
          b.add_indicator(ind);
        }
      }
    }
    rollup_workload w{build_checked(std::move(b)), {}};
    std::vector<const indicator*> sorted;
    for (const auto& ind : w.p.indicators()) sorted.push_back(&ind);
    std::sort(sorted.begin(), sorted.end(), [](auto x, auto y) { return x->id < y->id; });
    int n = 0;
    for (const auto* ind : sorted) {
      series_result r;
      r.indicator = ind->id;
      r.entity = collective_entity();
      r.outcome.status = static_cast<status>(n++ % status_count);
      w.series.push_back(std::move(r));
    }
    return w;
  }();
  return w;
}

void BM_results_graph_build(benchmark::State& state) {
  const auto& w = shared_rollup_workload();
  for (auto _ : state) {
    const results_graph g(w.p);
    benchmark::DoNotOptimize(g.node_count());
  }
  state.counters["nodes"] = static_cast<double>(results_graph(w.p).node_count());
}
BENCHMARK(BM_results_graph_build)->Unit(benchmark::kMillisecond);

void BM_rollup(benchmark::State& state) {
  const auto& w = shared_rollup_workload();
  const results_graph g(w.p);
  const auto as_of = parse_date("2029-06-30");
  for (auto _ : state) {
    auto r = compute_rollups(w.p, g, w.series, as_of);
    benchmark::DoNotOptimize(r.plan.score);
  }
  state.counters["nodes"] = static_cast<double>(g.node_count());
  state.counters["links"] = static_cast<double>(g.link_count());
}
BENCHMARK(BM_rollup)->Unit(benchmark::kMillisecond);

// Building and checking a plan of N actions in one `supports` chain (a0 supports a1 ...), with
// one section milestone fed by all of them: every reference is looked up by id. Was O(N^2)
// (linear finds: 12 s at 40k actions); the complexity fit says what it is now.
void BM_build_supports_chain(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    plan_builder b(plan_id{"p"}, "chain", period::year(2030));
    section s;
    s.id = section_id{"s"};
    s.title = "S";
    s.milestones.push_back(section_milestone{milestone_id{"m"}, "m", time_ref{period::year(2030)}, std::nullopt, {}});
    b.add_section(std::move(s));
    for (int i = 0; i < n; ++i) {
      action a;
      a.id = action_id{"a" + std::to_string(i)};
      a.section = section_id{"s"};
      if (i + 1 < n) a.supports.push_back(action_id{"a" + std::to_string(i + 1)});
      b.add_action(std::move(a));
    }
    const plan p = build_checked(std::move(b));
    benchmark::DoNotOptimize(p.actions().size());
  }
  state.SetComplexityN(n);
}
BENCHMARK(BM_build_supports_chain)->RangeMultiplier(4)->Range(2500, 40000)->Unit(benchmark::kMillisecond)->Complexity();

const int registered = [] {
  for (const auto& m : methods())
    benchmark::RegisterBenchmark(("BM_evaluate_method/" + m.name).c_str(), BM_evaluate_method, m.name)->Unit(benchmark::kMillisecond);
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
