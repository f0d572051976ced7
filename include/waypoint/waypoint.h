/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file waypoint.h
 * The stable C API of waypoint (C99). It is the surface for other languages: the Python package
 * in python/waypoint is a pure-ctypes binding of exactly this header.
 *
 * Link with libwaypoint-c (CMake: `waypoint::c`). The C++ API (`waypoint/waypoint.hpp`) is not
 * needed and not exposed: the shared library exports only the functions declared here.
 *
 * CONVENTIONS
 *
 * Handles. `waypoint_plan`, `waypoint_observations` and `waypoint_evaluation` are opaque. Each is
 *   made by a function that writes it to an out-parameter and released by its `*_destroy`, which
 *   accepts NULL. Handles may be destroyed in any order: observations and evaluations keep what
 *   they need of their plan alive. `waypoint_result` is borrowed from its evaluation and lives as
 *   long as it.
 *
 * Status codes. Every function that can fail returns an int status: WAYPOINT_OK (0) or one of the
 *   WAYPOINT_E_* codes below. Treat any non-zero code you do not know as an error: later versions
 *   may add codes. On failure the out-parameters are left as they were, except the handle and
 *   output-buffer out-parameters (`waypoint_plan**`, `char**`...), which are set to NULL. The
 *   functions that cannot fail return something else: the `*_destroy` functions and
 *   `waypoint_free` (void; they accept NULL), and `waypoint_last_error`,
 *   `waypoint_last_error_code` and `waypoint_version` (a string).
 *
 * Errors. `waypoint_last_error()` is the message of the most recent call on the calling thread
 *   ("" when it succeeded). For bad files and plans it lists every problem found, one per line,
 *   as `file:line:column: code: message`. `waypoint_last_error_code()` is the stable code of the
 *   first problem (e.g. "plan.duplicate_id", "obs.unknown_entity", "method.unknown"), for
 *   programs. Both strings are owned by the library and valid until the next call on the same
 *   thread. Every entry point is an exception barrier: no C++ exception ever crosses this API.
 *
 * Strings. Arguments are UTF-8, NUL-terminated unless a length is given. Text arguments with a
 *   length accept WAYPOINT_NUL_TERMINATED instead. Strings the library returns through
 *   `const char**` are borrowed: owned by the handle they come from and valid until it is
 *   destroyed. Rendered output (`waypoint_evaluation_render`, `waypoint_evaluate_csv`,
 *   `waypoint_iati_export`) is the only memory you own: release it with `waypoint_free`. Columns
 *   (Arrow structs) are released by their own `release` callbacks.
 *
 * Thread safety. A plan is immutable after it is loaded, an evaluation after it is made, and an
 *   observation set after it is sealed: any number of threads may read them and evaluate with them
 *   concurrently. One plan (and one observation set) can be evaluated from many threads at once.
 *   Appending to an observation set is not thread-safe: append from one thread, then share it.
 *   Sealing (explicit, or implicit in `waypoint_evaluate`) is itself thread-safe. The last-error
 *   message is per thread.
 *
 * ABI stability. The shared library's SOVERSION is the major version; within it, functions and
 *   the numeric values of every enumerator are never changed or removed, only added. Option
 *   structs start with a `version` field and only grow at the end (see
 *   waypoint_evaluation_options).
 */
#ifndef WAYPOINT_H
#define WAYPOINT_H

#include <stddef.h>
#include <stdint.h>

/* The version, identical to include/waypoint/version.hpp (CMake checks that they agree).
 * WAYPOINT_VERSION is major * 1000000 + minor * 1000 + patch. */
#define WAYPOINT_VERSION 2000
#define WAYPOINT_VERSION_MAJOR (WAYPOINT_VERSION / 1000000)
#define WAYPOINT_VERSION_MINOR (WAYPOINT_VERSION / 1000 % 1000)
#define WAYPOINT_VERSION_PATCH (WAYPOINT_VERSION % 1000)

#if defined(_WIN32)
#if defined(WAYPOINT_C_BUILDING)
#define WAYPOINT_API __declspec(dllexport)
#else
#define WAYPOINT_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define WAYPOINT_API __attribute__((visibility("default")))
#else
#define WAYPOINT_API
#endif

#ifdef __cplusplus
#define WAYPOINT_NOEXCEPT noexcept
extern "C" {
#else
#define WAYPOINT_NOEXCEPT
#endif

/** A text length meaning "the text is NUL-terminated". */
#define WAYPOINT_NUL_TERMINATED ((size_t)-1)

/** Status codes returned by the API. Values never change. */
enum waypoint_code {
  WAYPOINT_OK = 0,
  WAYPOINT_E_NULL = 1,         /**< a required pointer argument (handle, out-parameter, text) is NULL */
  WAYPOINT_E_ARGUMENT = 2,     /**< an argument is malformed or out of its domain: a date, period, `key=value`,
                                    an unknown enumerator, observations made for another plan */
  WAYPOINT_E_VERSION = 3,      /**< an option struct's `version` is not one this library knows */
  WAYPOINT_E_IO = 4,           /**< a file cannot be read (codes `plan.io`, `obs.io`) */
  WAYPOINT_E_INVALID = 5,      /**< the input has problems: the message lists every one (codes `plan.*`, `obs.*`) */
  WAYPOINT_E_METHOD = 6,       /**< unknown method or bad method parameter (`method.unknown`, `method.bad_param`) */
  WAYPOINT_E_STATE = 7,        /**< not allowed in the handle's state: appending to a sealed observation set,
                                    or using one whose sealing failed */
  WAYPOINT_E_RANGE = 8,        /**< an index is out of range */
  WAYPOINT_E_FIELD = 9,        /**< the field is of another type than the getter, or does not apply to this result */
  WAYPOINT_E_ABSENT = 10,      /**< the number is absent (only when waypoint_result_number gets present == NULL) */
  WAYPOINT_E_UNSUPPORTED = 11, /**< known, but not provided by this version of the library: collective
                                    results, the roll-up kinds of a partition's evaluation */
  WAYPOINT_E_NOMEM = 12,       /**< out of memory */
  WAYPOINT_E_INTERNAL = 13     /**< an unexpected internal error (a bug: please report the message) */
};

/* ---------------------------------------------------------------------------------------------
 * Library
 * ------------------------------------------------------------------------------------------- */

/** The library version at run time as "MAJOR.MINOR.PATCH"; each pointer may be NULL. Compare it
 * with WAYPOINT_VERSION_* to detect a header/library mismatch. */
WAYPOINT_API const char* waypoint_version(int* major, int* minor, int* patch) WAYPOINT_NOEXCEPT;

/** The message of the most recent call on this thread: "" after a success. Never NULL. */
WAYPOINT_API const char* waypoint_last_error(void) WAYPOINT_NOEXCEPT;

/** The stable code of the first problem of the most recent failed call on this thread
 * ("plan.io", "obs.duplicate", "method.unknown", "capi.null"...): "" after a success. */
WAYPOINT_API const char* waypoint_last_error_code(void) WAYPOINT_NOEXCEPT;

/** Releases memory the library gave you (rendered output, exported IATI XML). Accepts NULL. */
WAYPOINT_API void waypoint_free(void* memory) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Plans
 * ------------------------------------------------------------------------------------------- */

/** An immutable, validated action plan. */
typedef struct waypoint_plan waypoint_plan;

/** The syntax of a plan source (docs/formats.md). */
enum waypoint_plan_format {
  WAYPOINT_PLAN_AUTO = 0,           /**< files only: from the extension (.json, .csv = indicator table, else YAML) */
  WAYPOINT_PLAN_YAML = 1,
  WAYPOINT_PLAN_JSON = 2,
  WAYPOINT_PLAN_INDICATOR_TABLE = 3 /**< CSV: indicator,direction,target,target_year,limit,base_year[,...] */
};

/** Loads and validates a plan file. `format` is a waypoint_plan_format. Fails with
 * WAYPOINT_E_IO (unreadable) or WAYPOINT_E_INVALID (every problem listed, with locations). */
WAYPOINT_API int waypoint_plan_load(const char* path, int format, waypoint_plan** out) WAYPOINT_NOEXCEPT;

/** Parses and validates a plan from text of `length` bytes (or WAYPOINT_NUL_TERMINATED).
 * `format` must not be WAYPOINT_PLAN_AUTO. `name` is used in error locations (NULL: "<input>"). */
WAYPOINT_API int waypoint_plan_parse(const char* text, size_t length, int format, const char* name,
                                     waypoint_plan** out) WAYPOINT_NOEXCEPT;

/** Releases a plan. Accepts NULL. Observations and evaluations made from it stay valid. */
WAYPOINT_API void waypoint_plan_destroy(waypoint_plan* plan) WAYPOINT_NOEXCEPT;

/** The plan id (borrowed). */
WAYPOINT_API int waypoint_plan_id(const waypoint_plan* plan, const char** id) WAYPOINT_NOEXCEPT;

/** The plan title (borrowed). */
WAYPOINT_API int waypoint_plan_title(const waypoint_plan* plan, const char** title) WAYPOINT_NOEXCEPT;

/** The number of indicators. */
WAYPOINT_API int waypoint_plan_indicator_count(const waypoint_plan* plan, size_t* count) WAYPOINT_NOEXCEPT;

/** The id of the indicator at `index` (plan order; borrowed). WAYPOINT_E_RANGE past the end. */
WAYPOINT_API int waypoint_plan_indicator_id(const waypoint_plan* plan, size_t index, const char** id) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Observations
 *
 * A set of observations for one plan. A set is open (rows can be appended) until it is sealed:
 * explicitly by waypoint_observations_seal, or by the first waypoint_evaluate that uses it. Sealing
 * sorts the rows and checks duplicates; afterwards the set is immutable and appending fails with
 * WAYPOINT_E_STATE. A set loaded with waypoint_observations_load_csv or _parse_csv is complete:
 * it is sealed at once (every row is checked, duplicates included, as `waypoint evaluate` does).
 *
 * Each append call is all-or-nothing: when any row has a problem the call fails with
 * WAYPOINT_E_INVALID, the message lists every problem, and none of its rows is added. Rows
 * appended through the API are located as "<rows>:N", N counting them from 1 in append order.
 * A duplicate (same series, period and reported_on as another row) is reported by the append
 * call that brings it when that call can see it, and at the latest when the set is sealed: then
 * sealing fails with WAYPOINT_E_INVALID naming both rows, and every later use of the set fails
 * with WAYPOINT_E_STATE and the same message.
 * ------------------------------------------------------------------------------------------- */

/** Observations for one plan. */
typedef struct waypoint_observations waypoint_observations;

/** An empty, open observation set for `plan`. */
WAYPOINT_API int waypoint_observations_create(const waypoint_plan* plan, waypoint_observations** out) WAYPOINT_NOEXCEPT;

/** Loads an observation CSV file (indicator,entity,period|year,value[,reported_on,flag,source,dim:*])
 * for `plan` into a sealed set. Fails with WAYPOINT_E_IO or WAYPOINT_E_INVALID (every bad row). */
WAYPOINT_API int waypoint_observations_load_csv(const waypoint_plan* plan, const char* path,
                                                waypoint_observations** out) WAYPOINT_NOEXCEPT;

/** Same as waypoint_observations_load_csv for CSV text; `name` is used in locations (NULL: "<input>"). */
WAYPOINT_API int waypoint_observations_parse_csv(const waypoint_plan* plan, const char* text, size_t length,
                                                 const char* name, waypoint_observations** out) WAYPOINT_NOEXCEPT;

/** Appends one row. `value` is on the indicator's numeric axis: the number; 1 or 0 for a binary
 * indicator; the 0-based level index for an ordinal one (a qualitative indicator's value is not
 * used). It must be finite: leave out a row that has no data. `entity` is an entity id or "*"
 * for the collective. `period` is `2023`, `2023-Q2`, `2023-05`, `2023-05-31` or
 * `2023-01-01/2023-06-30`. `reported_on` is "YYYY-MM-DD", or NULL or "" when unknown. For
 * narratives, flags, sources and disaggregations, append CSV text. */
WAYPOINT_API int waypoint_observations_append(waypoint_observations* obs, const char* indicator, const char* entity,
                                              const char* period, double value, const char* reported_on) WAYPOINT_NOEXCEPT;

/** Appends `count` rows given as parallel arrays, as waypoint_observations_append does for one.
 * `reported_on` may be NULL (no dates), and any of its entries may be NULL or "". */
WAYPOINT_API int waypoint_observations_append_rows(waypoint_observations* obs, size_t count,
                                                   const char* const* indicators, const char* const* entities,
                                                   const char* const* periods, const double* values,
                                                   const char* const* reported_on) WAYPOINT_NOEXCEPT;

/** Appends the rows of observation CSV text (with its header line), with every column the CSV
 * format has. `name` is used in locations (NULL: "<input>"). */
WAYPOINT_API int waypoint_observations_append_csv(waypoint_observations* obs, const char* text, size_t length,
                                                  const char* name) WAYPOINT_NOEXCEPT;

/** Seals the set now (see above). Succeeds at once when it is already sealed. */
WAYPOINT_API int waypoint_observations_seal(waypoint_observations* obs) WAYPOINT_NOEXCEPT;

/** The number of rows in the set (revisions included). */
WAYPOINT_API int waypoint_observations_row_count(const waypoint_observations* obs, size_t* count) WAYPOINT_NOEXCEPT;

/** Releases an observation set. Accepts NULL. Evaluations made with it stay valid: each keeps the
 * sealed rows it was made from (their sources, flags and reporting dates go into its reports). */
WAYPOINT_API void waypoint_observations_destroy(waypoint_observations* obs) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------------------------- */

/** The version of waypoint_evaluation_options this header describes. */
#define WAYPOINT_EVALUATION_OPTIONS_VERSION 2

/** How to evaluate. Fill it with
 *   waypoint_evaluation_options_init(&options, WAYPOINT_EVALUATION_OPTIONS_VERSION);
 * then change what you need. `version` says which fields the caller knows: later versions only
 * append fields, and the library reads (and init writes) only the fields of the version it is
 * given, so a program built with an older header keeps working with a newer library. A version
 * the library does not know fails with WAYPOINT_E_VERSION. */
typedef struct waypoint_evaluation_options {
  uint32_t version;          /**< WAYPOINT_EVALUATION_OPTIONS_VERSION */
  const char* as_of;         /**< evaluate as of this date, "YYYY-MM-DD"; NULL or "": all data */
  const char* method;        /**< evaluate every indicator with this method; NULL or "": each its own */
  const char* const* params; /**< `param_count` method parameters "key=value", overriding the indicators' own */
  size_t param_count;
  int traces;                /**< non-zero (the default): record traces (the JSON output shows them) */
  /* Version 2 */
  unsigned threads;          /**< threads to evaluate with; 0 (the default): one per core. Results do not depend on it */
  unsigned partition_index;  /**< with partition_count > 1: evaluate only partition `partition_index` (0-based) ... */
  unsigned partition_count;  /**< ... of this many: a stable hash of (indicator, entity), the same on every machine.
                                  Partitions merged in (indicator, entity, disaggregation) order give exactly the
                                  single-run rows (docs/scaling.md). 0 or 1 (the default): every series */
} waypoint_evaluation_options;

/** Fills `options` as struct version `version` has it: sets `version` and each field of that
 * version to its default, and writes nothing past them. Pass WAYPOINT_EVALUATION_OPTIONS_VERSION
 * (a program built with an older header thereby passes its own, smaller, version and its struct is
 * never overrun by a newer library). WAYPOINT_E_VERSION for a version this library does not know. */
WAYPOINT_API int waypoint_evaluation_options_init(waypoint_evaluation_options* options, uint32_t version) WAYPOINT_NOEXCEPT;

/** An immutable evaluation: a status, trend and gaps per series. */
typedef struct waypoint_evaluation waypoint_evaluation;

/** Evaluates `plan` against `obs` (made for this plan; sealed by this call if it is open).
 * `options` may be NULL for the defaults. Fails with WAYPOINT_E_VERSION (options version),
 * WAYPOINT_E_ARGUMENT (bad as_of or parameter text, observations of another plan),
 * WAYPOINT_E_METHOD (unknown method or parameter), WAYPOINT_E_INVALID or WAYPOINT_E_STATE
 * (sealing the observations found duplicates). Data that is merely missing or odd never fails:
 * it becomes a status with a reason. */
WAYPOINT_API int waypoint_evaluate(const waypoint_plan* plan, waypoint_observations* obs,
                                   const waypoint_evaluation_options* options,
                                   waypoint_evaluation** out) WAYPOINT_NOEXCEPT;

/** Releases an evaluation and every result and string borrowed from it. Accepts NULL. */
WAYPOINT_API void waypoint_evaluation_destroy(waypoint_evaluation* evaluation) WAYPOINT_NOEXCEPT;

/** The evaluation date "YYYY-MM-DD", or "" when every observation was used (borrowed). */
WAYPOINT_API int waypoint_evaluation_as_of(const waypoint_evaluation* evaluation, const char** as_of) WAYPOINT_NOEXCEPT;

/** The normalised status of a result. Values never change; later versions may add statuses. */
enum waypoint_status {
  WAYPOINT_STATUS_ACHIEVED = 0,
  WAYPOINT_STATUS_ON_TRACK = 1,
  WAYPOINT_STATUS_NEEDS_ACCELERATION = 2,
  WAYPOINT_STATUS_OFF_TRACK = 3,
  WAYPOINT_STATUS_REGRESSING = 4,
  WAYPOINT_STATUS_NOT_DUE = 5,
  WAYPOINT_STATUS_INSUFFICIENT_DATA = 6,
  WAYPOINT_STATUS_NOT_APPLICABLE = 7
};

/** The name of a waypoint_status ("on_track"...; static storage). WAYPOINT_E_ARGUMENT when unknown. */
WAYPOINT_API int waypoint_status_name(int status, const char** name) WAYPOINT_NOEXCEPT;

/** How many series have `status` (a waypoint_status). */
WAYPOINT_API int waypoint_evaluation_status_count(const waypoint_evaluation* evaluation, int status,
                                                  size_t* count) WAYPOINT_NOEXCEPT;

/** The kinds of results an evaluation holds.
 *
 * Every kind can be read whole, as columns (waypoint_evaluation_columns), and counted
 * (waypoint_evaluation_count). Series results can also be read one at a time
 * (waypoint_evaluation_result and the field getters); for the other kinds that call fails with
 * WAYPOINT_E_UNSUPPORTED. New kinds are added without changing any function. An unknown kind
 * fails with WAYPOINT_E_ARGUMENT. The columns of each kind are those of the CLI's CSV output of
 * it (docs/formats.md); the collective detail's are listed in the README ("Columns"). */
enum waypoint_result_kind {
  WAYPOINT_RESULTS_SERIES = 1,     /**< one per indicator x entity x disaggregation, sorted by that key
                                        (entity "*" for a collective indicator's series) */
  WAYPOINT_RESULTS_COLLECTIVE = 2, /**< since 0.2.0: one per period of each collective series computed from
                                        national values (population, rule, members, value, each group's
                                        entity ids and count); as columns only */
  /* Since 0.2.0. */
  WAYPOINT_RESULTS_INDICATORS = 3, /**< one per indicator x entity, for the methods with an indicator-level rule */
  WAYPOINT_RESULTS_ACTIONS = 4,    /**< the action roll-ups, plan order */
  WAYPOINT_RESULTS_SECTIONS = 5,   /**< the section roll-ups, plan order */
  WAYPOINT_RESULTS_PLAN = 6,       /**< the plan roll-up (one row) */
  WAYPOINT_RESULTS_CHALLENGES = 7, /**< the series off track or regressing, worst first */
  WAYPOINT_RESULTS_MILESTONES = 8  /**< every section milestone, checked; plan order */
};

/** One result, borrowed from its evaluation. */
typedef struct waypoint_result waypoint_result;

/** The number of results of `kind` (a waypoint_result_kind). */
WAYPOINT_API int waypoint_evaluation_count(const waypoint_evaluation* evaluation, int kind,
                                           size_t* count) WAYPOINT_NOEXCEPT;

/** The result of `kind` at `index` (borrowed; valid until the evaluation is destroyed). */
WAYPOINT_API int waypoint_evaluation_result(const waypoint_evaluation* evaluation, int kind, size_t index,
                                            const waypoint_result** result) WAYPOINT_NOEXCEPT;

/** The fields of a result, each read with the getter of its type. Values never change; later
 * versions add fields. The CSV output (docs/formats.md) documents their meaning. */
enum waypoint_field {
  /* text: waypoint_result_string. An absent period or text is "". */
  WAYPOINT_FIELD_INDICATOR = 1,
  WAYPOINT_FIELD_ENTITY = 2,             /**< "*" for the collective */
  WAYPOINT_FIELD_DISAGGREGATION = 3,     /**< "" for the total */
  WAYPOINT_FIELD_METHOD = 4,
  WAYPOINT_FIELD_STATUS = 5,             /**< also an integer: the waypoint_status */
  WAYPOINT_FIELD_CATEGORY = 6,           /**< the method's own category */
  WAYPOINT_FIELD_REASON = 7,             /**< why, for insufficient_data and not_applicable */
  WAYPOINT_FIELD_NARRATIVE = 8,          /**< qualitative indicators: the latest text */
  WAYPOINT_FIELD_BASE_PERIOD = 9,
  WAYPOINT_FIELD_CURRENT_PERIOD = 10,
  WAYPOINT_FIELD_TARGET_PERIOD = 11,
  WAYPOINT_FIELD_NEXT_MILESTONE_PERIOD = 12,
  WAYPOINT_FIELD_TRACE_RULE = 13,        /**< the rule the method applied ("" when traces are off); not in the vocabulary */
  WAYPOINT_FIELD_TRACE = 14,             /**< the trace as JSON text ("null" when traces are off) */
  WAYPOINT_FIELD_COLLECTIVE = 15,        /**< the collective detail as JSON text ("null" when there is none) */
  /* numbers: waypoint_result_number (absent when undefined) */
  WAYPOINT_FIELD_SCORE = 20,
  WAYPOINT_FIELD_PROGRESS_VALUE = 21,
  WAYPOINT_FIELD_BASE_VALUE = 22,
  WAYPOINT_FIELD_CURRENT_VALUE = 23,
  WAYPOINT_FIELD_SLOPE_PER_YEAR = 24,
  WAYPOINT_FIELD_INTERCEPT = 25,
  WAYPOINT_FIELD_R_SQUARED = 26,
  WAYPOINT_FIELD_SLOPE_STD_ERROR = 27,
  WAYPOINT_FIELD_CAGR = 28,
  WAYPOINT_FIELD_TARGET_VALUE = 29,
  WAYPOINT_FIELD_NEXT_MILESTONE_VALUE = 30,
  WAYPOINT_FIELD_EXPECTED_VALUE = 31,
  WAYPOINT_FIELD_PROJECTED_VALUE = 32,
  WAYPOINT_FIELD_GAP_TO_MILESTONE = 33,  /**< gaps: oriented by direction, positive = still short */
  WAYPOINT_FIELD_GAP_TO_TARGET = 34,
  WAYPOINT_FIELD_GAP_TO_TRAJECTORY = 35,
  WAYPOINT_FIELD_PLAN_TOTAL = 36,        /**< flow indicators: the sum over the plan period */
  WAYPOINT_FIELD_CURRENT_STATUS = 37,    /**< escap only: the current status CS */
  WAYPOINT_FIELD_INTERVAL_LOW = 38,      /**< ols-projection only: the prediction interval at the target date */
  WAYPOINT_FIELD_INTERVAL_HIGH = 39,
  /* integers: waypoint_result_integer */
  WAYPOINT_FIELD_N_POINTS = 40,
  WAYPOINT_FIELD_ESTIMATED_POINTS = 41,
  WAYPOINT_FIELD_PROVISIONAL_POINTS = 42,
  /* booleans: waypoint_result_integer, 1 or 0; WAYPOINT_E_ABSENT when undefined */
  WAYPOINT_FIELD_BASE_DECLARED = 43,               /**< the base is the plan's declared baseline */
  WAYPOINT_FIELD_NEXT_MILESTONE_ASPIRATIONAL = 44  /**< the next milestone is aspirational */
};

/** The type of a field's values, and so its getter: text, period and object (JSON text) with
 * waypoint_result_string, number with waypoint_result_number, integer and boolean with
 * waypoint_result_integer. */
enum waypoint_field_type {
  WAYPOINT_FIELD_TYPE_TEXT = 1,
  WAYPOINT_FIELD_TYPE_NUMBER = 2,
  WAYPOINT_FIELD_TYPE_INTEGER = 3,
  WAYPOINT_FIELD_TYPE_PERIOD = 4,
  WAYPOINT_FIELD_TYPE_BOOLEAN = 5,
  WAYPOINT_FIELD_TYPE_OBJECT = 6
};

/** The number of fields of a series result in the result vocabulary (eval/fields.hpp, `waypoint
 * fields`): the CSV columns, then the object fields (trace, collective). Never fails. */
WAYPOINT_API size_t waypoint_field_count(void) WAYPOINT_NOEXCEPT;

/** Field `index` (0 <= index < waypoint_field_count(), in output order: the CSV's column order):
 * its `waypoint_field` id, name (the CSV column, JSON key and Python attribute), type
 * (`waypoint_field_type`) and a one-line description. Each out pointer may be NULL; the strings
 * are static. WAYPOINT_E_RANGE past the end. */
WAYPOINT_API int waypoint_field_info(size_t index, int* id, const char** name, int* type,
                                     const char** description) WAYPOINT_NOEXCEPT;

/** A text field (borrowed; "" when absent). WAYPOINT_E_FIELD for a field that is not text,
 * WAYPOINT_E_ARGUMENT for an unknown field. */
WAYPOINT_API int waypoint_result_string(const waypoint_result* result, int field, const char** value) WAYPOINT_NOEXCEPT;

/** A number field. Absent numbers: when `present` is not NULL the call succeeds and sets
 * `*present` to 1 or 0 (and `*value` to NaN when absent); when `present` is NULL an absent number
 * fails with WAYPOINT_E_ABSENT and leaves `*value` alone. WAYPOINT_E_FIELD for a field that is
 * not a number. */
WAYPOINT_API int waypoint_result_number(const waypoint_result* result, int field, double* value,
                                        int* present) WAYPOINT_NOEXCEPT;

/** An integer or boolean field (WAYPOINT_FIELD_STATUS gives the waypoint_status). Integers are
 * never absent; an undefined boolean fails with WAYPOINT_E_ABSENT. */
WAYPOINT_API int waypoint_result_integer(const waypoint_result* result, int field, int64_t* value) WAYPOINT_NOEXCEPT;

/** Output formats. */
enum waypoint_format {
  WAYPOINT_FORMAT_TABLE = 1, /**< an aligned text table and a status summary, as `waypoint evaluate` prints */
  WAYPOINT_FORMAT_CSV = 2,   /**< one row per series, stable columns (docs/formats.md) */
  WAYPOINT_FORMAT_JSON = 3,  /**< format `waypoint-evaluation` version 1, with traces when recorded */
  WAYPOINT_FORMAT_HTML = 4,  /**< the self-contained HTML report (since 0.2.0; before: WAYPOINT_E_UNSUPPORTED) */
  WAYPOINT_FORMAT_MARKDOWN = 5 /**< the Markdown report (since 0.2.0) */
};

/** Renders the evaluation in `format` (a waypoint_format) into a NUL-terminated buffer the caller
 * releases with waypoint_free. `length` (may be NULL) receives its length without the NUL. The
 * output is byte-identical to `waypoint evaluate --format ...` for the same input: the HTML and
 * Markdown reports show the sources of the observations the evaluation was made from, and the
 * HTML each chart's data table. */
WAYPOINT_API int waypoint_evaluation_render(const waypoint_evaluation* evaluation, int format, char** output,
                                            size_t* length) WAYPOINT_NOEXCEPT;

/** The languages of the human-readable formats (table, HTML, Markdown); since 0.2.0. */
enum waypoint_language {
  WAYPOINT_LANGUAGE_EN = 0, /**< English */
  WAYPOINT_LANGUAGE_FR = 1, /**< French */
  WAYPOINT_LANGUAGE_ES = 2  /**< Spanish */
};

/** waypoint_evaluation_render in `language` (a waypoint_language): the fixed labels, numbers and
 * dates of the table, HTML and Markdown, and the plan's own translations of its texts where it has
 * them (byte-identical to `waypoint evaluate --format ... --lang ...`). CSV and JSON keep their
 * codes in every language. An unknown language fails with WAYPOINT_E_ARGUMENT. Since 0.2.0. */
WAYPOINT_API int waypoint_evaluation_render_in(const waypoint_evaluation* evaluation, int format, int language, char** output,
                                               size_t* length) WAYPOINT_NOEXCEPT;

/** Evaluates `plan` against `obs` (as waypoint_evaluate does, with the same options and errors) and
 * writes the CSV straight into a NUL-terminated buffer the caller releases with waypoint_free,
 * keeping no evaluation: the way to evaluate a large store (or one partition of it) for a table.
 * `columns` names the columns to write, in that order (`column_count` names from the CSV header,
 * docs/formats.md); NULL or 0 columns: all of them. For the methods with a fast path no trace is
 * built, and reasons only for the rows that have one (and only when the `reason` column is named),
 * which is several times faster than evaluating in full. The bytes are those of
 * `waypoint evaluate --format csv --columns ...` for the same input. `length` (may be NULL)
 * receives the length without the NUL. Also fails with WAYPOINT_E_ARGUMENT for a column name that
 * does not exist or comes twice. */
WAYPOINT_API int waypoint_evaluate_csv(const waypoint_plan* plan, waypoint_observations* obs,
                                       const waypoint_evaluation_options* options, const char* const* columns,
                                       size_t column_count, char** output, size_t* length) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Columns (since 0.2.0)
 *
 * Whole result tables, column by column, in the Arrow C Data Interface layout
 * (https://arrow.apache.org/docs/format/CDataInterface.html): a plain C struct ABI that Arrow,
 * DuckDB, Polars and pandas (through pyarrow) import without copying, and that a host without any
 * Arrow library reads directly (python/waypoint does, with numpy). The table is a struct array
 * (format "+s") with one child per column, named as the CSV column. Column types:
 * - text and periods: dictionary-encoded UTF-8, int32 codes (format "i") into a dictionary
 *   (format "u") whose values are distinct, in order of first appearance. An absent text or
 *   period is the empty string "" (never null);
 * - numbers: float64 ("g"). An absent number is null in the validity bitmap AND NaN in the data,
 *   so a host may use either convention;
 * - integers (counts): int64 ("l"), never null;
 * - booleans: bit-packed ("b"), null when undefined;
 * - dates: date32 ("tdD"), days since 1970-01-01, null when absent;
 * - object fields (trace, collective: JSON text), only when named: large UTF-8 ("U").
 * The caller owns the two structs it passes: on success they are filled, and it calls
 * `schema->release(schema)` and `array->release(array)` when done (in any order; each child may
 * be moved out and released on its own, as the interface allows). On failure they are left
 * untouched (not filled: do not release them).
 * ------------------------------------------------------------------------------------------- */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
/* The Arrow C Data Interface structs, verbatim from the Arrow specification. */
#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
#endif /* ARROW_C_DATA_INTERFACE */

/** The results of `kind` (a waypoint_result_kind) as columns. `columns` names the columns to
 * export, in that order (`column_count` names of the kind's CSV header; for series also "trace"
 * and "collective", as JSON text); NULL or 0 columns: every CSV column of the kind. Fails with
 * WAYPOINT_E_ARGUMENT for an unknown kind or a column name the kind does not have or that comes
 * twice, WAYPOINT_E_UNSUPPORTED for collective results, WAYPOINT_E_NOMEM. */
WAYPOINT_API int waypoint_evaluation_columns(const waypoint_evaluation* evaluation, int kind, const char* const* columns,
                                             size_t column_count, struct ArrowSchema* schema,
                                             struct ArrowArray* array) WAYPOINT_NOEXCEPT;

/** Evaluates `plan` against `obs` (as waypoint_evaluate does, with the same options and errors)
 * and returns the series results as columns, keeping no evaluation: the columnar twin of
 * waypoint_evaluate_csv, as fast (no trace is built; reasons only when the `reason` column is
 * named). `columns` as for waypoint_evaluation_columns, but the object columns (trace,
 * collective) need a full evaluation: naming one fails with WAYPOINT_E_ARGUMENT. The values are
 * those of `waypoint evaluate --format csv` for the same input. */
WAYPOINT_API int waypoint_evaluate_columns(const waypoint_plan* plan, waypoint_observations* obs,
                                           const waypoint_evaluation_options* options, const char* const* columns,
                                           size_t column_count, struct ArrowSchema* schema,
                                           struct ArrowArray* array) WAYPOINT_NOEXCEPT;

/** Every obligation of every entity (and every overdue or late report) of `plan` as of `as_of`
 * ("YYYY-MM-DD", required), as `waypoint deadlines PLAN [-O OBS] --as-of DATE --format csv` gives
 * them, overdue first: the columns entity, obligation, state (text), deadline, original_deadline
 * (date), extensions (integer), completed (date) and days (number: past the deadline, negative =
 * days left; null where none runs). `obs` (may be NULL; sealed by this call) brings the reports for
 * report timeliness. Fails with WAYPOINT_E_ARGUMENT (bad date, observations of another plan). */
WAYPOINT_API int waypoint_deadlines(const waypoint_plan* plan, waypoint_observations* obs, const char* as_of,
                                    struct ArrowSchema* schema, struct ArrowArray* array) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Columnar input (since 0.2.0)
 * ------------------------------------------------------------------------------------------- */

/** The version of waypoint_observation_columns this header describes. */
#define WAYPOINT_OBSERVATION_COLUMNS_VERSION 1

/** A text column given as int32 codes into a dictionary of NUL-terminated UTF-8 strings: row k
 * has `dictionary[codes[k]]`. A code of -1 means "empty" (for an optional column: not given;
 * for a required one: a problem of that row). Strings given directly are a dictionary with codes
 * 0, 1, 2... */
typedef struct waypoint_text_column {
  const int32_t* codes;
  const char* const* dictionary;
  size_t dictionary_size;
} waypoint_text_column;

/** How the periods of waypoint_observation_columns are given. */
enum waypoint_period_form {
  WAYPOINT_PERIODS_TEXT = 0,  /**< `period_text`: "2023", "2023-Q2", "2023-05", "2023-05-31", "2023-01-01/2023-06-30" */
  WAYPOINT_PERIODS_YEAR = 1,  /**< `period_numbers`: calendar years (2023) */
  WAYPOINT_PERIODS_DATE = 2   /**< `period_numbers`: single days, as days since 1970-01-01 */
};

/** A batch of observation rows as columns: what `waypoint_observations_append_columns` takes.
 * Fill it with waypoint_observation_columns_init(&c, WAYPOINT_OBSERVATION_COLUMNS_VERSION), then
 * set `row_count` and the columns. NULL pointers are "column not given" for the optional ones. */
typedef struct waypoint_observation_columns {
  uint32_t version;              /**< WAYPOINT_OBSERVATION_COLUMNS_VERSION */
  size_t row_count;
  waypoint_text_column indicator;  /**< required */
  waypoint_text_column entity;     /**< required: an entity id, or "*" for the collective */
  int period_form;                 /**< a waypoint_period_form */
  waypoint_text_column period_text;  /**< WAYPOINT_PERIODS_TEXT */
  const int32_t* period_numbers;     /**< WAYPOINT_PERIODS_YEAR or _DATE */
  const double* values;            /**< required, on the indicator's numeric axis (as waypoint_observations_append):
                                        NaN = no data, the row is left out (never read as 0) */
  const int32_t* reported_on;      /**< optional: days since 1970-01-01; INT32_MIN = unknown */
  const int8_t* flags;             /**< optional: 0 none, 1 estimated, 2 provisional */
  waypoint_text_column source;     /**< optional (codes NULL: none) */
  size_t dimension_count;          /**< disaggregation columns, as the CSV's dim:<name> columns */
  const char* const* dimension_names;         /**< `dimension_count` names (without "dim:") */
  const waypoint_text_column* dimensions;     /**< `dimension_count` columns; code -1 or "" = not disaggregated by it */
} waypoint_observation_columns;

/** Fills `columns` as struct version `version` has it: every pointer NULL, counts 0, periods as
 * text. WAYPOINT_E_VERSION for a version this library does not know. */
WAYPOINT_API int waypoint_observation_columns_init(waypoint_observation_columns* columns,
                                                   uint32_t version) WAYPOINT_NOEXCEPT;

/** The partition (0 ... `count`-1) of each of `rows` rows of (indicator, entity) columns, into
 * `out[rows]`: the stable hash of waypoint_evaluation_options.partition_index, the same on every
 * machine. A host that spreads observations over workers by it (examples/python/dask_evaluate.py)
 * gives each worker every row of its series; evaluating partition K there with
 * partition_index = K, partition_count = `count` gives exactly K's rows of the single run. A code
 * of -1 hashes as the empty text; a code outside its dictionary fails with WAYPOINT_E_ARGUMENT. */
WAYPOINT_API int waypoint_partitions_of(const waypoint_text_column* indicator, const waypoint_text_column* entity, size_t rows,
                                        unsigned count, uint32_t* out) WAYPOINT_NOEXCEPT;

/** Appends the rows of `columns` to the open set `obs`, with the checks of the CSV loader: all
 * or nothing (WAYPOINT_E_INVALID lists every problem, located as "<columns>:N" with N the row,
 * counted from 1 in this call, and nothing is added). A code outside its dictionary fails the
 * call with WAYPOINT_E_ARGUMENT. Rows whose value is NaN are left out. WAYPOINT_E_STATE when the
 * set is sealed. */
WAYPOINT_API int waypoint_observations_append_columns(waypoint_observations* obs,
                                                      const waypoint_observation_columns* columns) WAYPOINT_NOEXCEPT;

/* ---------------------------------------------------------------------------------------------
 * Checks and IATI (since 0.2.0)
 *
 * Problems (of waypoint_validate and the IATI findings) come as a table in the column layout
 * above, one row per problem: severity ("error" or "warning"), code ("plan.duplicate_id"...),
 * file, line, column (0 when unknown), pointer (a JSON pointer, or ""), message.
 * ------------------------------------------------------------------------------------------- */

/** Checks the plan file at `plan_path` (`format` a waypoint_plan_format) and, when
 * `observations_path` is not NULL and the plan has no error, the observation CSV file against
 * it, as `waypoint validate PLAN [-O OBS]` does, and returns every problem and warning found as
 * a table (none: a table of 0 rows). `*errors` (may be NULL) receives the number of errors (not
 * warnings). Problems in the files are results, not failures: the call fails only for bad
 * arguments (WAYPOINT_E_NULL, WAYPOINT_E_ARGUMENT) and WAYPOINT_E_NOMEM. */
WAYPOINT_API int waypoint_validate(const char* plan_path, int format, const char* observations_path, size_t* errors,
                                   struct ArrowSchema* problems_schema, struct ArrowArray* problems) WAYPOINT_NOEXCEPT;

/** Imports an IATI 2.01-2.03 activity file (docs/formats.md, "IATI") as a plan and a sealed
 * observation set, as `waypoint import iati` does. `activity` is the iati-identifier to read when
 * the file holds several (NULL: the only one). The findings (what was skipped, with where) go to
 * `findings_schema`/`findings` when both are not NULL, as a problems table. Fails with
 * WAYPOINT_E_IO or WAYPOINT_E_INVALID (codes `iati.*`, every problem listed) and sets both
 * handles to NULL. */
WAYPOINT_API int waypoint_iati_load(const char* path, const char* activity, waypoint_plan** plan,
                                    waypoint_observations** observations, struct ArrowSchema* findings_schema,
                                    struct ArrowArray* findings) WAYPOINT_NOEXCEPT;

/** The same as waypoint_iati_load for XML text of `length` bytes (or WAYPOINT_NUL_TERMINATED);
 * `name` is used in locations (NULL: "<input>"). */
WAYPOINT_API int waypoint_iati_parse(const char* xml, size_t length, const char* name, const char* activity,
                                     waypoint_plan** plan, waypoint_observations** observations,
                                     struct ArrowSchema* findings_schema, struct ArrowArray* findings) WAYPOINT_NOEXCEPT;

/** Writes `plan` and `obs` (made for it; sealed by this call) as one IATI 2.03 activity, as
 * `waypoint export iati` does, into a NUL-terminated buffer released with waypoint_free. `length`
 * (may be NULL) receives its length without the NUL. */
WAYPOINT_API int waypoint_iati_export(const waypoint_plan* plan, waypoint_observations* obs, char** xml,
                                      size_t* length) WAYPOINT_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* WAYPOINT_H */
