/* SPDX-License-Identifier: Apache-2.0 */
/* One plan and one observation set evaluated from many threads at once: the set is open when
 * the threads start, so they also race to seal it. Every thread gets byte-identical output, and
 * its own last-error message. */
#include <pthread.h>

#include "check.h"

#define THREADS 8

struct job {
  const waypoint_plan* plan;
  waypoint_observations* obs;
  char* csv;
  int status;
  int error_isolated;
};

static void* run(void* arg) {
  struct job* j = (struct job*)arg;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  waypoint_plan* none = NULL;
  waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION);
  opt.as_of = "2029-06-30";
  j->status = waypoint_evaluate(j->plan, j->obs, &opt, &ev);
  if (j->status == WAYPOINT_OK) j->status = waypoint_evaluation_render(ev, WAYPOINT_FORMAT_CSV, &j->csv, NULL);
  waypoint_evaluation_destroy(ev);
  /* A failure here is reported here, and nowhere else. */
  j->error_isolated = waypoint_plan_load("/nonexistent/thread.yaml", WAYPOINT_PLAN_AUTO, &none) == WAYPOINT_E_IO &&
                      strstr(waypoint_last_error(), "thread.yaml") != NULL;
  return NULL;
}

int main(void) {
  waypoint_plan *plan = NULL, *none = NULL;
  waypoint_observations *open = NULL, *loaded = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  pthread_t threads[THREADS];
  struct job jobs[THREADS];
  char *reference = NULL, *text = read_text(FLAGSHIP_OBS);
  int k;

  REQUIRE_OK(waypoint_plan_load(FLAGSHIP_PLAN, WAYPOINT_PLAN_AUTO, &plan));
  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &loaded));
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.as_of = "2029-06-30";
  REQUIRE_OK(waypoint_evaluate(plan, loaded, &opt, &ev));
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_CSV, &reference, NULL));
  waypoint_evaluation_destroy(ev);
  REQUIRE_OK(waypoint_observations_create(plan, &open));
  REQUIRE_OK(waypoint_observations_append_csv(open, text, WAYPOINT_NUL_TERMINATED, "observations.csv"));

  CHECK(waypoint_plan_load("/nonexistent/main.yaml", WAYPOINT_PLAN_AUTO, &none) == WAYPOINT_E_IO);
  for (k = 0; k < THREADS; ++k) {
    jobs[k].plan = plan;
    jobs[k].obs = open;
    jobs[k].csv = NULL;
    jobs[k].status = -1;
    jobs[k].error_isolated = 0;
    REQUIRE(pthread_create(&threads[k], NULL, run, &jobs[k]) == 0);
  }
  for (k = 0; k < THREADS; ++k) REQUIRE(pthread_join(threads[k], NULL) == 0);
  CHECK(strstr(waypoint_last_error(), "main.yaml") != NULL); /* this thread's message is untouched */
  for (k = 0; k < THREADS; ++k) {
    CHECK(jobs[k].status == WAYPOINT_OK);
    CHECK(jobs[k].csv != NULL && strcmp(jobs[k].csv, reference) == 0);
    CHECK(jobs[k].error_isolated);
    waypoint_free(jobs[k].csv);
  }
  waypoint_free(reference);
  free(text);
  waypoint_observations_destroy(open);
  waypoint_observations_destroy(loaded);
  waypoint_plan_destroy(plan);
  return check_report("capi.threads");
}
