// The library's concurrent paths, small enough to run under ThreadSanitizer (scripts/test builds
// this program and capi_threads with -fsanitize=thread): the evaluator called from many threads at
// once on one plan and store, its own worker threads, live_evaluation as its contract allows, and
// the CSV reader's parallel parts. Each case compares the results with a run on one thread, so it
// fails on a wrong result in any build, and TSan fails it on a race.
//
// Catch2 2.13's assertions are not thread-safe: the threads only record what they computed, and
// the checks run on the main thread after the joins.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "support.hpp"

using namespace waypoint;

namespace {

const std::string flagship_dir = std::string(WAYPOINT_SOURCE_DIR) + "/examples/ccm_action_plan/";

std::string json_of(const plan& p, const evaluation& ev) {
  std::ostringstream out;
  io::write_json(out, p, ev);
  return out.str();
}

std::string csv_of(const plan& p, const evaluation& ev) {
  std::ostringstream out;
  io::write_csv(out, p, ev);
  return out.str();
}

/// Runs `work(k)` for k in [0, n) on n threads that start together (a latch), and joins them.
void run_together(std::size_t n, const std::function<void(std::size_t)>& work) {
  std::latch start(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (std::size_t k = 0; k < n; ++k)
    threads.emplace_back([&, k] {
      start.arrive_and_wait();
      work(k);
    });
  for (auto& t : threads) t.join();
}

/// The problems `f` throws, one a line; "no error" when it throws none (no Catch2 assertion: this
/// runs on the test's threads).
template <class F>
std::string problems_text(F&& f) {
  try {
    f();
  } catch (const waypoint::error& e) {
    std::string out;
    for (const auto& p : e.problems()) out += p.str() + "\n";
    return out;
  }
  return "no error";
}

}  // namespace

TEST_CASE("many threads evaluate one shared plan and store at once, each as on one thread", "[concurrency][evaluate]") {
  const plan p = io::load_plan(flagship_dir + "plan.yaml");
  const observation_store s = io::load_observations(flagship_dir + "observations.csv", p);
  const auto as_of = parse_date("2029-06-30");
  evaluation_options one;
  one.threads = 1;
  evaluation_options sdg = one;
  sdg.method = "sdg-canada";
  const std::string json = json_of(p, evaluate(p, s, as_of, one)), csv = csv_of(p, evaluate(p, s, as_of, one));
  const std::string sdg_json = json_of(p, evaluate(p, s, as_of, sdg));
  REQUIRE(json != sdg_json);  // the override changes the results: a mix-up between threads would show
  // Each thread takes one entry point (in turn), twice, with its own options: the whole evaluation
  // on one thread and on two of its own, the streaming CSV writer, and a run-wide method override.
  constexpr std::size_t threads = 4, rounds = 2;
  std::vector<std::string> got(threads * rounds);
  run_together(threads, [&](std::size_t k) {
    for (std::size_t r = 0; r < rounds; ++r) {
      evaluation_options opt;
      opt.threads = k % 2 == 0 ? 1 : 2;
      std::string& out = got[k * rounds + r];
      switch (k % 4) {
        case 0:
        case 1: out = json_of(p, evaluate(p, s, as_of, opt)); break;
        case 2: {
          std::ostringstream streamed;
          io::evaluate_to_csv(streamed, p, s, as_of, opt);
          out = streamed.str();
          break;
        }
        default: opt.method = "sdg-canada"; out = json_of(p, evaluate(p, s, as_of, opt)); break;
      }
    }
  });
  for (std::size_t k = 0; k < threads; ++k)
    for (std::size_t r = 0; r < rounds; ++r) {
      INFO("thread " << k << ", round " << r);
      CHECK(got[k * rounds + r] == (k % 4 == 2 ? csv : k % 4 == 3 ? sdg_json : json));
    }
}

TEST_CASE("the evaluator's own threads give the results of one thread", "[concurrency][evaluate]") {
  const test::batch g(60);  // 11 x 60 series and a no-data row
  evaluation_options one, many;
  one.threads = 1;
  many.threads = 4;
  const evaluation reference = evaluate(g.p, g.s, std::nullopt, one);
  REQUIRE(reference.series.size() == 11 * 60 + 1);
  const std::string json = json_of(g.p, reference);
  CHECK(json_of(g.p, evaluate(g.p, g.s, std::nullopt, many)) == json);
  // The streaming writer: runs formatted on the workers, written in output order.
  std::ostringstream streamed;
  io::evaluate_to_csv(streamed, g.p, g.s, std::nullopt, many);
  CHECK(streamed.str() == csv_of(g.p, reference));
  // Small blocks and runs (97 rows, runs of 7): many hand-overs between the workers, whose rows
  // are moved into their places as `evaluate` does, then rolled up the same way.
  evaluation pieces;
  pieces.plan = g.p.id();
  pieces.series.resize(reference.series.size());
  std::size_t blocks = 0;
  evaluate_in_blocks<series_result>(
      g.p, g.s, std::nullopt, many,
      [&](std::size_t first, std::span<series_result> part) {
        std::move(part.begin(), part.end(), pieces.series.begin() + static_cast<std::ptrdiff_t>(first));
      },
      [&] { ++blocks; }, {}, 97, 7);
  CHECK(blocks == (reference.series.size() + 96) / 97);
  pieces.indicators = aggregate_indicators(pieces.series);
  pieces.roll_up(g.p, results_graph(g.p));
  CHECK(json_of(g.p, pieces) == json);
}

TEST_CASE("live_evaluation: snapshots and counts read from many threads, updates on one", "[concurrency][incremental]") {
  // Its contract: updates are not concurrent (one thread updates, here the main one, between the
  // rounds); `snapshot` and `status_counts` may run concurrently with each other.
  const plan p = io::load_plan(flagship_dir + "plan.yaml");
  const std::string text = [] {
    std::ifstream in(flagship_dir + "observations.csv", std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
  }();
  const auto as_of = parse_date("2029-06-30");
  evaluation_options opt;
  opt.threads = 2;  // the first evaluation, in the constructor, on two threads
  live_evaluation live(p, io::parse_observations(text, p, "observations.csv"), as_of, opt);
  // Updates: a revision (reported 2029-06-17) of the last value of every third quantitative series
  // of an indicator that is not computed by aggregation, some of which feed collective indicators.
  std::vector<std::vector<observation>> updates(2);
  {
    const observation_store base = io::parse_observations(text, p, "observations.csv");
    for (std::size_t i = 0; i < base.series_count(); i += 3) {
      const series_view v = base.series(i);
      const indicator& ind = p.indicators()[v.indicator];
      if (ind.aggregate || !is_quantitative(ind.measure)) continue;
      observation o;
      o.indicator = ind.id;
      o.entity = entity_id{*v.entity};
      o.disaggregation = *v.disaggregation;
      o.period = v.period_of(v.size() - 1);
      o.amount = v.amount[v.size() - 1] / 2;
      o.reported_on = test::d("2029-06-17");
      updates[(i / 3) % 2].push_back(o);
    }
  }
  REQUIRE(updates[0].size() >= 10);
  REQUIRE(updates[1].size() >= 10);
  for (std::size_t round = 0; round <= updates.size(); ++round) {
    INFO("after " << round << " updates");
    // The series revised, and the collective indicators computed from them (more than none).
    if (round > 0) REQUIRE(live.update(updates[round - 1]) > updates[round - 1].size());
    // The reference: everything evaluated again from the file's rows and the updates so far.
    observation_builder all(p);
    io::append_observations(text, p, all, "observations.csv");
    for (std::size_t u = 0; u < round; ++u)
      for (const auto& o : updates[u]) all.append(o);
    const evaluation full = evaluate(p, std::move(all).finish(), as_of);
    const std::string json = json_of(p, full);
    constexpr std::size_t threads = 4;
    std::vector<std::string> snapshots(threads);
    std::vector<char> counts_equal(threads, 0);
    run_together(threads, [&](std::size_t k) {
      if (k % 2 == 0) snapshots[k] = json_of(p, live.snapshot());
      counts_equal[k] = live.status_counts() == full.status_counts();
      if (k % 2 == 1) snapshots[k] = json_of(p, live.snapshot());
    });
    for (std::size_t k = 0; k < threads; ++k) {
      CHECK(snapshots[k] == json);
      CHECK(counts_equal[k]);
    }
  }
}

TEST_CASE("live_evaluation: separate objects over one plan are updated on separate threads", "[concurrency][incremental]") {
  const test::batch g(20);
  constexpr std::size_t threads = 3;
  // Thread k adds year 2021 to entity k's series of indicator k, then revises its 2020 value.
  const auto obs = [](std::size_t k, int year, double v, const char* reported) {
    observation o;
    o.indicator = indicator_id{"I" + std::to_string(k)};
    o.entity = entity_id{"E" + std::to_string(k)};
    o.period = period::year(year);
    o.amount = v;
    if (reported) o.reported_on = parse_date(reported);
    return o;
  };
  std::vector<std::string> got(threads), want(threads);
  for (std::size_t k = 0; k < threads; ++k) {
    observation_builder b(g.p);
    io::append_observations(g.text, g.p, b, "batch_obs.csv");
    b.append(obs(k, 2021, 99, nullptr));
    b.append(obs(k, 2020, -5, "2022-01-01"));
    want[k] = json_of(g.p, evaluate(g.p, std::move(b).finish(), std::nullopt));
  }
  std::vector<std::unique_ptr<live_evaluation>> lives;
  for (std::size_t k = 0; k < threads; ++k) lives.push_back(std::make_unique<live_evaluation>(g.p, g.s, std::nullopt));
  run_together(threads, [&](std::size_t k) {
    (void)lives[k]->update(std::vector<observation>{obs(k, 2021, 99, nullptr)});
    (void)lives[k]->update(std::vector<observation>{obs(k, 2020, -5, "2022-01-01")});
    got[k] = json_of(g.p, lives[k]->snapshot());
  });
  for (std::size_t k = 0; k < threads; ++k) {
    INFO("thread " << k);
    CHECK(got[k] == want[k]);
  }
  CHECK(want[0] != want[1]);
}

namespace {
/// Observations of one indicator: `entities` series of 10 yearly values, ~24 bytes a row.
std::string big_csv(int entities) {
  std::string csv = "indicator,entity,year,value\n";
  for (int e = 0; e < entities; ++e)
    for (int y = 0; y < 10; ++y) csv += "I,E" + std::to_string(100000 + e) + "," + std::to_string(2015 + y) + "," + std::to_string(e + y) + ".5\n";
  return csv;
}

/// The store as text: every series key and row, in order.
std::string dump(const observation_store& s) {
  std::string out;
  for (std::size_t i = 0; i < s.series_count(); ++i) {
    const series_view v = s.series(i);
    out += std::to_string(v.indicator) + "/" + *v.entity + "/" + *v.disaggregation + ":";
    for (std::size_t r = 0; r < v.size(); ++r) out += " " + v.period_of(r).str() + "=" + detail::format_amount(v.amount[r]);
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the CSV reader's parallel parts give the rows and problems of a one-pass read", "[concurrency][obs_io]") {
  // Over 4 MB: the reader cuts the rows into parts parsed on their own threads (one per hardware
  // thread, up to 16). A quote anywhere makes it read the same rows in one pass on the calling
  // thread: the reference. The quoted field is the first row's indicator, which reads the same.
  if (std::thread::hardware_concurrency() < 2) WARN("one hardware thread: the reader has no parallel parts to check");
  const plan p = io::parse_plan("indicator,direction,target,target_year,limit,base_year\nI,1,,2030,,2015\n", io::plan_format::indicator_table, "ind.csv");
  const int entities = 22000;  // 220,000 rows, ~5.3 MB
  const std::string csv = big_csv(entities);
  REQUIRE(csv.size() > (std::size_t{4} << 20));
  const auto quote_first_row = [](std::string text) { return text.replace(text.find('\n') + 1, 1, "\"I\""); };
  const std::string quoted = quote_first_row(csv);
  const std::string one_pass = dump(io::parse_observations(quoted, p, "big.csv"));
  REQUIRE(one_pass.size() > csv.size() / 2);
  // A bad value and a duplicate late in the file (in the last part): the same problems, with the
  // same lines, as from one pass.
  std::string broken = csv;
  broken.replace(broken.rfind("\nI,") + 1, std::string::npos, "I,E100000,2015,1\nI,E999999,2020,abc\n");
  const std::string broken_one_pass = problems_text([&] { (void)io::parse_observations(quote_first_row(broken), p, "big.csv"); });
  REQUIRE(broken_one_pass.find("obs.not_a_number") != std::string::npos);
  REQUIRE(broken_one_pass.find("obs.duplicate") != std::string::npos);
  // The text in memory and the same text as a file (read with pread in chunks), each parsed on two
  // threads at once (no state shared between two reads).
  const std::filesystem::path file = std::filesystem::temp_directory_path() / ("waypoint-concurrency-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(file, std::ios::binary) << csv;
  std::vector<std::string> got(4), problems(2);
  run_together(4, [&](std::size_t k) {
    got[k] = dump(k % 2 == 0 ? io::parse_observations(csv, p, "big.csv") : io::load_observations(file.string(), p));
    if (k < 2) problems[k] = problems_text([&] { (void)io::parse_observations(broken, p, "big.csv"); });
  });
  std::filesystem::remove(file);
  for (std::size_t k = 0; k < got.size(); ++k) {
    INFO("reader " << k);
    CHECK(got[k] == one_pass);
  }
  for (const auto& ps : problems) CHECK(ps == broken_one_pass);
}
