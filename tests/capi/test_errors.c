/* SPDX-License-Identifier: Apache-2.0 */
/* The error paths: bad files, NULL handles, a wrong options version, an unknown method, bad rows,
 * states and ranges. Each failure has its status, a stable code and a message saying what. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

static waypoint_plan* mini_plan(void) {
  waypoint_plan* plan = NULL;
  REQUIRE_OK(waypoint_plan_load(MINI_PLAN, WAYPOINT_PLAN_AUTO, &plan));
  return plan;
}

static void test_bad_files(void) {
  static const char bad_yaml[] =
      "waypoint: 1\nplan: {id: p, title: P, period: 2027-01-01/2031-12-31}\nsections:\n"
      "  - id: s\n    title: S\n    actions:\n      - id: A\n        text: T\n        indicators:\n"
      "          - {id: X, measure: count}\n          - {id: X, measure: nonsense}\n";
  static const char bad_obs[] = "indicator,entity,period,value\nP1,*,2027,abc\nZZ,*,2027,1\nP2,LAO,20x7,5\n";
  int sentinel = 0;
  waypoint_plan* plan = (waypoint_plan*)&sentinel; /* a failed call sets handle out-parameters to NULL */
  waypoint_observations* obs = (waypoint_observations*)&sentinel;
  size_t n = 0;

  CHECK_FAILS(waypoint_plan_load("/nonexistent/plan.yaml", WAYPOINT_PLAN_AUTO, &plan), WAYPOINT_E_IO, "plan.io", "/nonexistent/plan.yaml");
  CHECK(plan == NULL);
  /* Every problem is listed, each with its location. */
  CHECK_FAILS(waypoint_plan_parse(bad_yaml, WAYPOINT_NUL_TERMINATED, WAYPOINT_PLAN_YAML, "bad.yaml", &plan), WAYPOINT_E_INVALID,
              "plan.duplicate_id", "bad.yaml:11:");
  CHECK(strstr(waypoint_last_error(), "\n") != NULL && strstr(waypoint_last_error(), "nonsense") != NULL);
  CHECK_FAILS(waypoint_plan_parse("{", 1, WAYPOINT_PLAN_JSON, NULL, &plan), WAYPOINT_E_INVALID, "plan.syntax", "<input>");
  CHECK_FAILS(waypoint_plan_parse(bad_yaml, WAYPOINT_NUL_TERMINATED, WAYPOINT_PLAN_AUTO, NULL, &plan), WAYPOINT_E_ARGUMENT,
              "capi.bad_format", "WAYPOINT_PLAN_AUTO");
  CHECK_FAILS(waypoint_plan_load(FLAGSHIP_PLAN, 42, &plan), WAYPOINT_E_ARGUMENT, "capi.bad_format", "42");

  plan = mini_plan();
  CHECK_FAILS(waypoint_observations_load_csv(plan, "/nonexistent/obs.csv", &obs), WAYPOINT_E_IO, "obs.io", "/nonexistent/obs.csv");
  CHECK(obs == NULL);
  CHECK_FAILS(waypoint_observations_parse_csv(plan, bad_obs, WAYPOINT_NUL_TERMINATED, "bad.csv", &obs), WAYPOINT_E_INVALID,
              "obs.not_a_number", "bad.csv:2:");
  CHECK(strstr(waypoint_last_error(), "bad.csv:3:") != NULL && strstr(waypoint_last_error(), "bad.csv:4:") != NULL);

  /* An append with a bad CSV row adds none of its rows. */
  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  CHECK_FAILS(waypoint_observations_append_csv(obs, bad_obs, WAYPOINT_NUL_TERMINATED, "bad.csv"), WAYPOINT_E_INVALID,
              "obs.not_a_number", "unknown indicator \"ZZ\"");
  CHECK_FAILS(waypoint_observations_append_csv(obs, "indicator,entity\n", WAYPOINT_NUL_TERMINATED, NULL), WAYPOINT_E_INVALID,
              "obs.missing_column", "period");
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n == 0);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

/* Every problem of an array of rows is reported, and none of its rows is added. */
static void test_bad_rows(void) {
  const char* indicators[] = {"P1", "ZZ", "P1", "P2", "P2", "P1", "B1", "O1", "O1", "P1"};
  const char* entities[] = {"*", "*", "*", "XXX", "LAO", "*", "LAO", "IRQ", "IRQ", ""};
  const char* periods[] = {"2027", "2027", "2027-13", "2027", "2027", "2028", "2028", "2028", "2028", "2029"};
  const char* reported[] = {NULL, NULL, NULL, NULL, NULL, "2028-02-30", NULL, NULL, NULL, NULL};
  double values[] = {1, 1, 1, 1, 101, 1, 2, 3, 0.5, 1};
  waypoint_plan* plan = mini_plan();
  waypoint_observations* obs = NULL;
  const char* e;
  size_t n = 99;

  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  CHECK_OK(waypoint_observations_append(obs, "P1", "*", "2026", 100, NULL));
  CHECK(waypoint_observations_append_rows(obs, 10, indicators, entities, periods, values, reported) == WAYPOINT_E_INVALID);
  e = waypoint_last_error();
  CHECK_STR(waypoint_last_error_code(), "obs.unknown_indicator");
  CHECK(strstr(e, "<rows>:2") == NULL); /* row 1 of this call is the set's row 2, and it is fine */
  CHECK(strstr(e, "<rows>:3: obs.unknown_indicator: unknown indicator \"ZZ\"") != NULL);
  CHECK(strstr(e, "<rows>:4: obs.bad_period") != NULL);
  CHECK(strstr(e, "<rows>:5: obs.unknown_entity: unknown entity 'XXX'") != NULL);
  CHECK(strstr(e, "<rows>:6: obs.out_of_range") != NULL);
  CHECK(strstr(e, "<rows>:7: obs.bad_date") != NULL);
  CHECK(strstr(e, "<rows>:8: obs.bad_level") != NULL);
  CHECK(strstr(e, "<rows>:9: obs.bad_level") != NULL);
  CHECK(strstr(e, "<rows>:10: obs.bad_level") != NULL);
  CHECK(strstr(e, "<rows>:11: obs.missing_value") != NULL);
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n == 1);
  CHECK_FAILS(waypoint_observations_append(obs, "P1", "*", "2027", NAN, NULL), WAYPOINT_E_INVALID, "obs.not_finite", "<rows>:2");
  indicators[0] = NULL;
  CHECK_FAILS(waypoint_observations_append_rows(obs, 1, indicators, entities, periods, values, NULL), WAYPOINT_E_NULL, "capi.null",
              "indicators[0] is NULL");
  CHECK_FAILS(waypoint_observations_append_rows(obs, 1, indicators, entities, periods, NULL, NULL), WAYPOINT_E_NULL, "capi.null", "values");
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

/* Sealed sets refuse appends; duplicates fail sealing, and then every use of the set. */
static void test_states(void) {
  waypoint_plan *plan = mini_plan(), *other = mini_plan();
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;

  REQUIRE_OK(waypoint_observations_parse_csv(plan, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL, &obs));
  CHECK_FAILS(waypoint_observations_append(obs, "P1", "*", "2026", 100, NULL), WAYPOINT_E_STATE, "capi.sealed", "sealed");
  CHECK_FAILS(waypoint_evaluate(other, obs, NULL, &ev), WAYPOINT_E_ARGUMENT, "capi.plan_mismatch", "another plan");
  waypoint_observations_destroy(obs);

  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  CHECK_OK(waypoint_observations_append(obs, "P1", "*", "2026", 100, NULL));
  CHECK_OK(waypoint_observations_append(obs, "P1", "*", "2026", 101, NULL));
  CHECK_FAILS(waypoint_observations_seal(obs), WAYPOINT_E_INVALID, "obs.duplicate", "<rows>:2: obs.duplicate: duplicate value for P1/* period 2026, first given at <rows>:1");
  CHECK_FAILS(waypoint_evaluate(plan, obs, NULL, &ev), WAYPOINT_E_STATE, "obs.duplicate", "could not be sealed");
  CHECK(ev == NULL);
  CHECK_FAILS(waypoint_observations_append_csv(obs, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL), WAYPOINT_E_STATE, "capi.sealed", "sealed");
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(other);
  waypoint_plan_destroy(plan);
}

static void test_options(void) {
  waypoint_plan* plan = mini_plan();
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  const char* params[] = {"tolerance=0.05", "no_equals_sign", NULL};
  const char* unknown[] = {"nonsense=1"};
  const size_t v1_end = offsetof(waypoint_evaluation_options, traces) + sizeof opt.traces;
  unsigned char tail[sizeof opt];

  REQUIRE_OK(waypoint_observations_parse_csv(plan, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL, &obs));
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.version = 0;
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_VERSION, "capi.options_version", "version 0 is not supported");
  opt.version = WAYPOINT_EVALUATION_OPTIONS_VERSION + 1;
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_VERSION, "capi.options_version", "waypoint_evaluation_options_init");
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.method = "no-such-method";
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_METHOD, "method.unknown", "no-such-method");
  opt.method = NULL;
  opt.params = unknown;
  opt.param_count = 1;
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_METHOD, "method.bad_param", "nonsense");
  opt.params = params;
  opt.param_count = 2;
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_ARGUMENT, "capi.bad_param", "no_equals_sign");
  opt.param_count = 3;
  params[1] = "tolerance=0";
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_NULL, "capi.null", "options->params[2]");
  opt.params = NULL;
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_NULL, "capi.null", "options->params");
  opt.param_count = 0;
  opt.as_of = "2029-02-30";
  CHECK_FAILS(waypoint_evaluate(plan, obs, &opt, &ev), WAYPOINT_E_ARGUMENT, "capi.bad_date", "2029-02-30");
  CHECK(ev == NULL);
  CHECK_FAILS(waypoint_evaluation_options_init(NULL, WAYPOINT_EVALUATION_OPTIONS_VERSION), WAYPOINT_E_NULL, "capi.null", "options");
  CHECK_FAILS(waypoint_evaluation_options_init(&opt, 0), WAYPOINT_E_VERSION, "capi.options_version", "version 0");
  CHECK_FAILS(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION + 1), WAYPOINT_E_VERSION,
              "capi.options_version", "is not supported");

  /* A program built with the version 1 header: its struct ends after `traces`. init writes
   * nothing past that, and evaluate reads nothing past it (the bytes there are garbage here). */
  memset(&opt, 0xAB, sizeof opt);
  memset(tail, 0xAB, sizeof tail);
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, 1));
  CHECK(opt.version == 1 && opt.traces == 1 && opt.as_of == NULL && opt.param_count == 0);
  CHECK(memcmp((unsigned char*)&opt + v1_end, tail, sizeof opt - v1_end) == 0);
  opt.as_of = "2029-06-30";
  CHECK_OK(waypoint_evaluate(plan, obs, &opt, &ev));
  waypoint_evaluation_destroy(ev);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

/* NULL handles and out-parameters, ranges, field types, kinds and formats. */
static void test_null_and_ranges(void) {
  waypoint_plan *plan = mini_plan(), *other = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  const waypoint_result* r = NULL;
  const char* s = NULL;
  char* out = (char*)&s;
  double v = 0;
  int64_t i = 0;
  size_t n = 0;

  other = (waypoint_plan*)&s;
  CHECK_FAILS(waypoint_plan_load(NULL, WAYPOINT_PLAN_AUTO, &other), WAYPOINT_E_NULL, "capi.null", "path is NULL");
  CHECK(other == NULL); /* the out-parameter was reset before the check */
  CHECK_FAILS(waypoint_plan_load(FLAGSHIP_PLAN, WAYPOINT_PLAN_AUTO, NULL), WAYPOINT_E_NULL, "capi.null", "out is NULL");
  CHECK_FAILS(waypoint_plan_parse(NULL, 0, WAYPOINT_PLAN_YAML, NULL, &other), WAYPOINT_E_NULL, "capi.null", "text is NULL");
  CHECK_FAILS(waypoint_plan_id(NULL, &s), WAYPOINT_E_NULL, "capi.null", "plan is NULL");
  CHECK_FAILS(waypoint_plan_title(plan, NULL), WAYPOINT_E_NULL, "capi.null", "title is NULL");
  CHECK_FAILS(waypoint_plan_indicator_count(NULL, &n), WAYPOINT_E_NULL, "capi.null", "plan");
  CHECK_FAILS(waypoint_plan_indicator_id(plan, 5, &s), WAYPOINT_E_RANGE, "capi.range", "5");
  CHECK_FAILS(waypoint_observations_create(NULL, &obs), WAYPOINT_E_NULL, "capi.null", "plan is NULL");
  CHECK_FAILS(waypoint_observations_load_csv(plan, NULL, &obs), WAYPOINT_E_NULL, "capi.null", "path");
  CHECK_FAILS(waypoint_observations_parse_csv(NULL, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL, &obs), WAYPOINT_E_NULL, "capi.null", "plan");
  CHECK_FAILS(waypoint_observations_append(NULL, "P1", "*", "2026", 1, NULL), WAYPOINT_E_NULL, "capi.null", "observations");
  CHECK_FAILS(waypoint_observations_append_csv(NULL, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL), WAYPOINT_E_NULL, "capi.null", "observations");
  CHECK_FAILS(waypoint_observations_seal(NULL), WAYPOINT_E_NULL, "capi.null", "observations");
  CHECK_FAILS(waypoint_observations_row_count(NULL, &n), WAYPOINT_E_NULL, "capi.null", "observations");
  CHECK_FAILS(waypoint_evaluate(NULL, obs, NULL, &ev), WAYPOINT_E_NULL, "capi.null", "plan is NULL");
  CHECK_FAILS(waypoint_evaluate(plan, NULL, NULL, &ev), WAYPOINT_E_NULL, "capi.null", "observations is NULL");
  CHECK_FAILS(waypoint_evaluation_as_of(NULL, &s), WAYPOINT_E_NULL, "capi.null", "evaluation");
  CHECK_FAILS(waypoint_evaluation_count(NULL, WAYPOINT_RESULTS_SERIES, &n), WAYPOINT_E_NULL, "capi.null", "evaluation");
  CHECK_FAILS(waypoint_evaluation_result(NULL, WAYPOINT_RESULTS_SERIES, 0, &r), WAYPOINT_E_NULL, "capi.null", "evaluation");
  CHECK_FAILS(waypoint_evaluation_status_count(NULL, 0, &n), WAYPOINT_E_NULL, "capi.null", "evaluation");
  CHECK_FAILS(waypoint_evaluation_render(NULL, WAYPOINT_FORMAT_CSV, &out, NULL), WAYPOINT_E_NULL, "capi.null", "evaluation");
  CHECK(out == NULL);
  CHECK_FAILS(waypoint_result_string(NULL, WAYPOINT_FIELD_STATUS, &s), WAYPOINT_E_NULL, "capi.null", "result");
  CHECK_FAILS(waypoint_result_number(NULL, WAYPOINT_FIELD_SCORE, &v, NULL), WAYPOINT_E_NULL, "capi.null", "result");
  CHECK_FAILS(waypoint_result_integer(NULL, WAYPOINT_FIELD_N_POINTS, &i), WAYPOINT_E_NULL, "capi.null", "result");
  CHECK_FAILS(waypoint_status_name(0, NULL), WAYPOINT_E_NULL, "capi.null", "name");

  REQUIRE_OK(waypoint_observations_parse_csv(plan, MINI_CSV, WAYPOINT_NUL_TERMINATED, NULL, &obs));
  REQUIRE_OK(waypoint_evaluate(plan, obs, NULL, &ev));
  CHECK_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_COLLECTIVE, &n)); /* a plan without collective indicators: none */
  CHECK(n == 0);
  CHECK_FAILS(waypoint_evaluation_result(ev, WAYPOINT_RESULTS_COLLECTIVE, 0, &r), WAYPOINT_E_UNSUPPORTED, "capi.unsupported",
              "waypoint_evaluation_columns");
  CHECK_FAILS(waypoint_evaluation_count(ev, 99, &n), WAYPOINT_E_ARGUMENT, "capi.bad_kind", "99");
  CHECK_FAILS(waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, 5, &r), WAYPOINT_E_RANGE, "capi.range",
              "result index 5 is past the end (5 results)");
  REQUIRE_OK(waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, 0, &r));
  CHECK_FAILS(waypoint_result_string(r, WAYPOINT_FIELD_SCORE, &s), WAYPOINT_E_FIELD, "capi.field_type", "waypoint_result_number");
  CHECK_FAILS(waypoint_result_number(r, WAYPOINT_FIELD_ENTITY, &v, NULL), WAYPOINT_E_FIELD, "capi.field_type", "waypoint_result_string");
  CHECK_FAILS(waypoint_result_integer(r, WAYPOINT_FIELD_CAGR, &i), WAYPOINT_E_FIELD, "capi.field_type", "waypoint_result_number");
  CHECK_FAILS(waypoint_result_string(r, 0, &s), WAYPOINT_E_ARGUMENT, "capi.bad_field", "unknown field 0");
  CHECK_FAILS(waypoint_result_number(r, 1000, &v, NULL), WAYPOINT_E_ARGUMENT, "capi.bad_field", "1000");
  CHECK_FAILS(waypoint_result_number(r, WAYPOINT_FIELD_SCORE, NULL, NULL), WAYPOINT_E_NULL, "capi.null", "value");
  CHECK_FAILS(waypoint_status_name(8, &s), WAYPOINT_E_ARGUMENT, "capi.bad_status", "8");
  CHECK_FAILS(waypoint_evaluation_status_count(ev, -1, &n), WAYPOINT_E_ARGUMENT, "capi.bad_status", "-1");
  out = (char*)&s;
  CHECK_FAILS(waypoint_evaluation_render(ev, 99, &out, &n), WAYPOINT_E_ARGUMENT, "capi.bad_format", "unknown output format 99");
  CHECK(out == NULL);
  CHECK_FAILS(waypoint_evaluation_render(ev, 0, &out, &n), WAYPOINT_E_ARGUMENT, "capi.bad_format", "unknown output format 0");
  CHECK_FAILS(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_CSV, NULL, &n), WAYPOINT_E_NULL, "capi.null", "output");
  /* A success clears the last error. */
  CHECK_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n));
  CHECK_STR(waypoint_last_error(), "");
  CHECK_STR(waypoint_last_error_code(), "");
  waypoint_evaluation_destroy(ev);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

int main(void) {
  test_bad_files();
  test_bad_rows();
  test_states();
  test_options();
  test_null_and_ranges();
  return check_report("capi.errors");
}
