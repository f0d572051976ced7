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
/// When a thread cannot be started (no memory for its stack, a process limit), the parts left run
/// on the calling thread after part 0: slower, never an abort.
template <class Work>
void run_parts(std::size_t parts, Work&& work) {
  std::vector<std::exception_ptr> failed(parts);
  std::vector<std::thread> threads;
  const auto run = [&](std::size_t k) noexcept {
    try {
      work(k);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  };
  std::size_t started = 1;  // parts [1, started) have a thread
  try {
    threads.reserve(parts > 0 ? parts - 1 : 0);
    for (; started < parts; ++started) threads.emplace_back(run, started);
  } catch (...) {  // std::system_error or std::bad_alloc: this thread does the rest
  }
  if (parts > 0) run(0);
  for (std::size_t k = started; k < parts; ++k) run(k);
  for (auto& t : threads) t.join();
  for (auto& e : failed)
    if (e) std::rethrow_exception(e);
}

}  // namespace waypoint::detail
