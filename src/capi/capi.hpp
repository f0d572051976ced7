// SPDX-License-Identifier: Apache-2.0
// Internals of the C API: the handle structs, the exception barrier and argument checks.
// Nothing here is exported: the library is built with hidden visibility and a version script.

#pragma once

#include <array>
#include <cstdint>
#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waypoint/data/observation_store.hpp"
#include "waypoint/error.hpp"
#include "waypoint/eval/evaluate.hpp"
#include "waypoint/model/plan.hpp"
#include "waypoint/waypoint.h"

struct waypoint_plan {
  std::shared_ptr<const waypoint::plan> plan;
};

/// Open (a builder) until sealed (a store); `seal_error` keeps why sealing failed. Every member
/// but `plan` is guarded by `mutex`; once `store` is set it never changes, so readers may keep a
/// reference to it after unlocking. The store is shared: an evaluation made from it keeps it (for
/// the sources in its reports) after the set is destroyed.
struct waypoint_observations {
  explicit waypoint_observations(std::shared_ptr<const waypoint::plan> p) : plan(std::move(p)) {}
  std::shared_ptr<const waypoint::plan> plan;
  mutable std::mutex mutex;
  std::optional<waypoint::observation_builder> builder;
  std::shared_ptr<const waypoint::observation_store> store;
  std::optional<waypoint::error> seal_error;
  std::size_t appended = 0;  ///< rows appended through the API so far: they are "<rows>:1", "<rows>:2"...

  /// The sealed store; seals the set first when it is open. Thread-safe.
  const waypoint::observation_store& sealed();
};

/// One result. Period texts are made once so that getters can lend them.
struct waypoint_result {
  const waypoint::series_result* series = nullptr;
  /// The text of each period field, made once (the C strings the getter hands out).
  std::string base_period, current_period, target_period, next_milestone_period;
  /// The JSON text of each object field, made on first use (results may be read from many threads).
  mutable std::once_flag trace_once, collective_once;
  mutable std::string trace_json, collective_json;
};

struct waypoint_evaluation {
  std::shared_ptr<const waypoint::plan> plan;
  waypoint::evaluation result;
  /// The observations `result` was made from (their sources and flags go into the reports).
  std::shared_ptr<const waypoint::observation_store> observations;
  std::string as_of;
  std::vector<waypoint_result> series;
  std::array<std::size_t, waypoint::status_count> status_counts{};
};

namespace waypoint::capi {

/// A failure the C API itself detects (NULL pointer, bad argument...): a status, a stable code and
/// a message. Thrown inside entry points; `guard` turns it into the status and the last error.
struct failure {
  int status;
  waypoint::errc code;
  std::string message;
};

/// The last error of the calling thread.
struct last_error_state {
  std::string message;
  std::optional<waypoint::errc> code;  ///< none after a success
  bool lost = false;  ///< recording the message itself ran out of memory

  void clear() noexcept {
    message.clear();
    code.reset();
    lost = false;
  }
  int set(int status, waypoint::errc c, std::string_view m) noexcept {
    try {
      message.assign(m);
      code = c;
      lost = false;
    } catch (...) {
      clear();
      lost = true;
    }
    return status;
  }
};
last_error_state& last_error() noexcept;

/// The status for a `waypoint::error`: unreadable files, methods, or problems in the input.
int status_of(const waypoint::error& e) noexcept;

/// The exception barrier every entry point goes through: runs `body`, returns WAYPOINT_OK or the
/// status of whatever it threw, and records the message for `waypoint_last_error()`.
template <class Body>
int guard(Body&& body) noexcept {
  auto& le = last_error();
  le.clear();
  try {
    body();
    return WAYPOINT_OK;
  } catch (const failure& f) {
    return le.set(f.status, f.code, f.message);
  } catch (const waypoint::error& e) {
    return le.set(status_of(e), e.code(), e.what());
  } catch (const std::bad_alloc&) {
    // The call's work is unwound (its memory freed) before this runs; nothing it was building is kept.
    return le.set(WAYPOINT_E_NOMEM, waypoint::errc::sys_out_of_memory,
                  "out of memory while building the call's result or reading its input; nothing was changed");
  } catch (const std::exception& e) {
    return le.set(WAYPOINT_E_INTERNAL, waypoint::errc::capi_internal, std::string("internal error: ") + e.what());
  } catch (...) {
    return le.set(WAYPOINT_E_INTERNAL, waypoint::errc::capi_internal, "internal error: an unknown exception");
  }
}

/// `*p`, or a WAYPOINT_E_NULL failure naming the argument.
template <class T>
T& need(T* p, const char* what) {
  if (p == nullptr) throw failure{WAYPOINT_E_NULL, errc::capi_null, std::string(what) + " is NULL"};
  return *p;
}

/// `array[k]`, given as `p`, when it is not NULL; else a WAYPOINT_E_NULL failure naming it.
inline const char* element(const char* p, const char* array, std::size_t k) {
  if (p == nullptr) throw failure{WAYPOINT_E_NULL, errc::capi_null, std::string(array) + "[" + std::to_string(k) + "] is NULL"};
  return p;
}

/// A handle out-parameter: checked, and set to NULL until the call succeeds.
template <class H>
H*& out_handle(H** out) {
  need(out, "out");
  *out = nullptr;
  return *out;
}

/// The handle of a plan that is not NULL.
inline const std::shared_ptr<const waypoint::plan>& plan_of(const waypoint_plan* p) { return need(p, "plan").plan; }

/// Text given with a length, or NUL-terminated when `length` is WAYPOINT_NUL_TERMINATED.
inline std::string_view text_of(const char* text, std::size_t length) {
  need(text, "text");
  return length == WAYPOINT_NUL_TERMINATED ? std::string_view(text) : std::string_view(text, length);
}

/// A name for locations: `name`, or "<input>" when NULL.
inline std::string name_of(const char* name) { return name != nullptr ? std::string(name) : std::string("<input>"); }

/// A WAYPOINT_E_ARGUMENT failure.
[[noreturn]] inline void bad_argument(waypoint::errc code, std::string message) {
  throw failure{WAYPOINT_E_ARGUMENT, code, std::move(message)};
}

/// The options of a run, read field by field as far as the caller's struct version goes.
struct run_options {
  std::optional<waypoint::date> as_of;
  waypoint::evaluation_options opt;
};
/// Checks that this library knows version `version` of waypoint_evaluation_options.
void check_options_version(std::uint32_t version);
/// The options `options` gives (the defaults for NULL); WAYPOINT_E_VERSION, WAYPOINT_E_ARGUMENT.
run_options read_options(const waypoint_evaluation_options* options);
/// The sealed store of `obs`, which must have been made for plan `p` (WAYPOINT_E_ARGUMENT).
const waypoint::observation_store& store_for(const std::shared_ptr<const waypoint::plan>& p, waypoint_observations* obs);
/// Hands `text` to the caller as a NUL-terminated buffer to release with waypoint_free.
void give_text(const std::string& text, char*& out, size_t* length);
/// The number of results of `kind` (columns.cpp); fails like waypoint_evaluation_columns.
std::size_t kind_count(const waypoint_evaluation& e, int kind);

}  // namespace waypoint::capi
