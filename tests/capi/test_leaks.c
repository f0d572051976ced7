/* SPDX-License-Identifier: Apache-2.0 */
/* Creates and destroys every kind of handle many times, on the success and the error paths
 * (argument: the number of rounds). The leak check is the tool that runs it: LeakSanitizer in
 * the sanitizer build (ASAN_OPTIONS=detect_leaks=1), and Valgrind, when installed, in the plain
 * build (see CMakeLists.txt). Heap statistics cannot tell: evaluation runs on worker threads,
 * whose glibc arenas and cached thread stacks keep memory that is not leaked. */
#include "check.h"

static void flagship_round(void) {
  waypoint_plan* plan = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  const char* params[] = {"tolerance=0.01"};
  const waypoint_result* r = NULL;
  const char* s = NULL;
  char* out = NULL;
  size_t n = 0, i;
  double v;
  int present, format;

  REQUIRE_OK(waypoint_plan_load(FLAGSHIP_PLAN, WAYPOINT_PLAN_AUTO, &plan));
  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &obs));
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.as_of = "2029-06-30";
  opt.method = "linear-trajectory"; /* every indicator, so that every one has the parameter */
  opt.params = params;
  opt.param_count = 1;
  REQUIRE_OK(waypoint_evaluate(plan, obs, &opt, &ev));
  waypoint_plan_destroy(plan); /* before the evaluation: it keeps the plan alive */
  REQUIRE_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n));
  for (i = 0; i < n; ++i) {
    REQUIRE_OK(waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, i, &r));
    REQUIRE_OK(waypoint_result_string(r, WAYPOINT_FIELD_BASE_PERIOD, &s));
    REQUIRE_OK(waypoint_result_number(r, WAYPOINT_FIELD_GAP_TO_TARGET, &v, &present));
  }
  for (format = WAYPOINT_FORMAT_TABLE; format <= WAYPOINT_FORMAT_MARKDOWN; ++format) {
    REQUIRE_OK(waypoint_evaluation_render(ev, format, &out, NULL));
    waypoint_free(out);
  }
  { /* columns of every kind, released (a child moved out first) */
    int kind;
    for (kind = WAYPOINT_RESULTS_SERIES; kind <= WAYPOINT_RESULTS_MILESTONES; ++kind) {
      struct ArrowSchema s;
      struct ArrowArray a;
      REQUIRE_OK(waypoint_evaluation_columns(ev, kind, NULL, 0, &s, &a));
      if (a.n_children > 0) {
        struct ArrowArray moved = *a.children[0];
        a.children[0]->release = NULL;
        moved.release(&moved);
      }
      a.release(&a);
      s.release(&s);
    }
  }
  waypoint_evaluation_destroy(ev);
  waypoint_observations_destroy(obs);
}

static void small_round(void) {
  const char* indicators[] = {"P1", "P1", "P2"};
  const char* entities[] = {"*", "*", "LAO"};
  const char* periods[] = {"2026", "2027", "2026"};
  const double values[] = {100, 104, 10};
  const char* bad[] = {"P1", "*", "2026", "ZZ"};
  waypoint_plan *plan = NULL, *failed = NULL;
  waypoint_observations *obs = NULL, *dup = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;

  REQUIRE_OK(waypoint_plan_load(MINI_PLAN, WAYPOINT_PLAN_YAML, &plan));
  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  REQUIRE_OK(waypoint_observations_append_rows(obs, 3, indicators, entities, periods, values, NULL));
  REQUIRE_OK(waypoint_observations_append_csv(obs, MINI_CSV, WAYPOINT_NUL_TERMINATED, "mini.csv"));
  REQUIRE_OK(waypoint_evaluate(plan, obs, NULL, &ev));
  waypoint_evaluation_destroy(ev);
  /* Error paths: they must not leak either. */
  CHECK(waypoint_plan_load("/nonexistent/plan.yaml", WAYPOINT_PLAN_AUTO, &failed) == WAYPOINT_E_IO);
  CHECK(waypoint_plan_parse("waypoint: 2\n", WAYPOINT_NUL_TERMINATED, WAYPOINT_PLAN_YAML, NULL, &failed) == WAYPOINT_E_INVALID);
  CHECK(waypoint_observations_append_rows(obs, 1, &bad[3], entities, periods, values, NULL) == WAYPOINT_E_STATE);
  REQUIRE_OK(waypoint_observations_create(plan, &dup));
  CHECK(waypoint_observations_append_rows(dup, 1, &bad[3], entities, periods, values, NULL) == WAYPOINT_E_INVALID);
  REQUIRE_OK(waypoint_observations_append(dup, bad[0], bad[1], bad[2], 1, NULL));
  REQUIRE_OK(waypoint_observations_append(dup, bad[0], bad[1], bad[2], 2, NULL));
  CHECK(waypoint_evaluate(plan, dup, NULL, &ev) == WAYPOINT_E_INVALID); /* duplicates */
  CHECK(waypoint_evaluate(plan, dup, NULL, &ev) == WAYPOINT_E_STATE);
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.method = "no-such-method";
  CHECK(waypoint_evaluate(plan, obs, &opt, &ev) == WAYPOINT_E_METHOD);
  waypoint_observations_destroy(dup);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? atoi(argv[1]) : 100;
  int k;
  for (k = 0; k < rounds; ++k) {
    if (k % 10 == 0) flagship_round();
    small_round();
  }
  printf("%d rounds\n", rounds);
  return check_report("capi.leaks");
}
