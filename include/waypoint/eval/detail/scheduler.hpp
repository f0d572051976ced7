// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file scheduler.hpp
/// The one scheduler of every evaluation (`evaluate`, `evaluate_in_blocks`, the CSV writer,
/// `live_evaluation`, the C API): the output order, partitions, and the blocks and runs spread
/// over a pool of threads. What is evaluated per row is the kernel's (eval/detail/kernel.hpp).

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/data/parallel.hpp"
#include "waypoint/error.hpp"
#include "waypoint/model/plan.hpp"

namespace waypoint {
namespace detail {

/// FNV-1a, 64 bits: a hash that is the same on every platform and in every run.
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL) noexcept {
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

}  // namespace detail

/// The partition (0 ... count-1) of the series of `indicator` and `entity`: a stable hash, the same
/// on every machine, so partitions can be evaluated anywhere and merged.
constexpr unsigned partition_of(std::string_view indicator, std::string_view entity, unsigned count) noexcept {
  return count <= 1 ? 0u : static_cast<unsigned>(detail::fnv1a(entity, detail::fnv1a("\x1f", detail::fnv1a(indicator))) % count);
}

namespace detail {

/// One row of the output: a series of the store, or the no-data row of an indicator without observations.
struct output_item {
  std::uint32_t index;  ///< series index, or indicator index for a no-data row
  bool no_data;         ///< the row of an indicator without observations
};

/// The output order: by indicator id, then entity and disaggregation (the store's order), with one
/// no-data row for each indicator that has no series.
/// A column: ~8 bytes per series, so on huge pages for large stores (data/column.hpp).
inline column<output_item> output_order(const plan& p, const observation_store& store) {
  const std::size_t n = p.indicators().size();
  std::vector<std::uint32_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return p.indicators()[a].id < p.indicators()[b].id; });
  column<output_item> out;
  out.reserve(store.series_count() + n);
  for (const auto k : by_id) {
    const auto [first, end] = store.series_of(k);
    if (first == end) out.push_back({k, true});
    for (std::size_t i = first; i < end; ++i) out.push_back({static_cast<std::uint32_t>(i), false});
  }
  return out;
}

/// A partition of a run: `index` of `count`.
struct partition_index {
  unsigned index = 0;
  unsigned count = 1;
};

/// The output order of a run: every row, or only those of `part`. Throws `waypoint::error`
/// (`eval.bad_partition`) for a partition that does not exist.
inline column<output_item> run_order(const plan& p, const observation_store& store, std::optional<partition_index> part) {
  auto order = output_order(p, store);
  if (part) {
    const unsigned index = part->index, count = part->count;
    if (count == 0 || index >= count)
      throw error(errc::eval_bad_partition, {}, "partition " + std::to_string(index) + "/" + std::to_string(count) + " does not exist (need 0 <= K < N)");
    std::erase_if(order, [&](const output_item& it) {
      const auto& ind = p.indicators()[it.no_data ? it.index : store.series(it.index).indicator];
      const std::string_view entity = it.no_data ? (ind.scope == scope::collective ? std::string_view("*") : std::string_view())
                                                 : std::string_view(*store.series(it.index).entity);
      return partition_of(ind.id.str(), entity, count) != index;
    });
  }
  return order;
}

/// Runs `emit(state, row, item)` for every item of `order`, in blocks of `block_size` items spread
/// over `requested_threads` threads (0 = one per hardware thread) by `run_parts`. Each block is cut into runs of
/// at most `chunk_rows` consecutive items, which the workers take in turn; `row` is a
/// default-constructed `Row` in the run's buffer, filled in place. After a run,
/// `on_part(first_item, std::span<Row>)` runs on its worker; after a block, `on_block()` runs on
/// the calling thread. Each worker has its own `State`, whose `start_run()` is called before each
/// run. The first exception a worker throws is rethrown after its block.
template <class Row, class State, class Emit, class OnPart, class OnBlock>
void run_blocks(const column<output_item>& order, unsigned requested_threads, Emit&& emit, OnPart&& on_part, OnBlock&& on_block,
                std::size_t block_size, std::size_t chunk_rows) {
  const std::size_t parts = std::max<std::size_t>(1, thread_count(requested_threads));
  const std::size_t chunk = std::max<std::size_t>(1, chunk_rows);
  std::vector<column<Row>> results(parts);
  std::vector<State> states(parts);
  for (std::size_t begin = 0; begin < order.size(); begin += block_size) {
    const std::size_t end = std::min(order.size(), begin + block_size);
    // The workers take the block's runs in turn (the next run not yet taken), so a worker slowed
    // by other work on the machine takes fewer runs instead of holding the block up.
    std::atomic<std::size_t> next{begin};
    auto work = [&](std::size_t k) {
      try {
        auto& out = results[k];
        // Runs of a few hundred results are written and read while in cache.
        for (std::size_t run = next.fetch_add(chunk); run < end; run = next.fetch_add(chunk)) {
          const std::size_t run_end = std::min(end, run + chunk);
          out.clear();
          out.reserve(run_end - run);
          states[k].start_run();
          for (std::size_t i = run; i < run_end; ++i) emit(states[k], out.emplace_back(), order[i]);
          on_part(run, std::span<Row>(out));
        }
      } catch (...) {
        next = end;  // the other workers stop at their next run
        throw;
      }
    };
    // A small block is not worth a thread.
    run_parts(parts == 1 || end - begin < 2 * parts ? 1 : parts, work);
    on_block();
  }
}

}  // namespace detail
}  // namespace waypoint
