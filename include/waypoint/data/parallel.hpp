// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file parallel.hpp
/// The one way waypoint runs work on several threads: `detail::run_parts`. The evaluation's
/// scheduler (eval/detail/scheduler.hpp), the parallel CSV reader and the store's merge use it.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace waypoint::detail {

/// The threads of a run: `requested`, or one per hardware thread for 0.
inline unsigned thread_count(unsigned requested) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return requested == 0 ? hw : requested;
}

/// Runs `work(k)` for every k in [0, parts): k = 0 on the calling thread, the others each on a
/// thread of its own, and waits for all. Rethrows the first exception (by part) once all are done.
template <class Work>
void run_parts(std::size_t parts, Work&& work) {
  std::vector<std::exception_ptr> failed(parts);
  std::vector<std::thread> threads;
  threads.reserve(parts > 0 ? parts - 1 : 0);
  for (std::size_t k = 1; k < parts; ++k) threads.emplace_back([&, k] {
    try {
      work(k);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  });
  if (parts > 0) {
    try {
      work(0);
    } catch (...) {
      failed[0] = std::current_exception();
    }
  }
  for (auto& t : threads) t.join();
  for (auto& e : failed)
    if (e) std::rethrow_exception(e);
}

}  // namespace waypoint::detail
