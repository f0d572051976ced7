/* The C API: prints the series off track or regressing and the status summary, as `waypoint evaluate` does. */
#include <stdio.h>
#include <string.h>
#include <waypoint/waypoint.h>

int main(int argc, char** argv) {
  waypoint_plan* plan = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION);
  opt.as_of = argc > 3 ? argv[3] : "2029-06-30";
  if (argc < 3 || waypoint_plan_load(argv[1], WAYPOINT_PLAN_AUTO, &plan) ||
      waypoint_observations_load_csv(plan, argv[2], &obs) || waypoint_evaluate(plan, obs, &opt, &ev))
    return fprintf(stderr, "error: %s\n", argc < 3 ? "usage: PLAN OBSERVATIONS [AS_OF]" : waypoint_last_error()), 1;
  const waypoint_result* r;
  const char *indicator, *entity, *status;
  size_t n = 0, count = 0;
  waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n);
  for (size_t i = 0; i < n && !waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, i, &r); ++i)
    if (!waypoint_result_string(r, WAYPOINT_FIELD_INDICATOR, &indicator) && !waypoint_result_string(r, WAYPOINT_FIELD_ENTITY, &entity) &&
        !waypoint_result_string(r, WAYPOINT_FIELD_STATUS, &status) && (!strcmp(status, "off_track") || !strcmp(status, "regressing")))
      printf("%s %s %s\n", indicator, entity, status);
  printf("%zu series:", n);
  for (int s = WAYPOINT_STATUS_ACHIEVED; s <= WAYPOINT_STATUS_NOT_APPLICABLE; ++s)
    if (!waypoint_evaluation_status_count(ev, s, &count) && count && !waypoint_status_name(s, &status)) printf(" %s %zu;", status, count);
  printf("\n");
  waypoint_evaluation_destroy(ev), waypoint_observations_destroy(obs), waypoint_plan_destroy(plan);
}
