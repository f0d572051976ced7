/* SPDX-License-Identifier: Apache-2.0 */
/* Checks and shared inputs for the C API tests (C99). */
#ifndef WAYPOINT_TEST_CHECK_H
#define WAYPOINT_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waypoint/waypoint.h"

static int check_failures = 0;

/* Records a failure (and the library's last error) without stopping. */
#define CHECK(cond)                                                                                    \
  do {                                                                                                 \
    if (!(cond)) {                                                                                     \
      fprintf(stderr, "%s:%d: CHECK(%s) failed (last error: [%s] %s)\n", __FILE__, __LINE__, #cond,    \
              waypoint_last_error_code(), waypoint_last_error());                                      \
      ++check_failures;                                                                                \
    }                                                                                                  \
  } while (0)
/* Stops the test: what follows depends on it. */
#define REQUIRE(cond)                                                                                  \
  do {                                                                                                 \
    if (!(cond)) {                                                                                     \
      fprintf(stderr, "%s:%d: REQUIRE(%s) failed (last error: [%s] %s)\n", __FILE__, __LINE__, #cond,  \
              waypoint_last_error_code(), waypoint_last_error());                                      \
      exit(1);                                                                                         \
    }                                                                                                  \
  } while (0)
#define CHECK_OK(call) CHECK((call) == WAYPOINT_OK)
#define REQUIRE_OK(call) REQUIRE((call) == WAYPOINT_OK)
#define CHECK_STR(a, b) CHECK(strcmp((a), (b)) == 0)
/* A failing call: its status, its stable error code, and a message that contains `needle`. */
#define CHECK_FAILS(call, status, code, needle)                                                        \
  do {                                                                                                 \
    CHECK((call) == (status));                                                                         \
    CHECK_STR(waypoint_last_error_code(), (code));                                                     \
    CHECK(strstr(waypoint_last_error(), (needle)) != NULL);                                            \
  } while (0)

static int check_report(const char* name) {
  if (check_failures == 0) {
    printf("%s: all checks passed\n", name);
    return 0;
  }
  fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
  return 1;
}

#define FLAGSHIP_PLAN WAYPOINT_SOURCE_DIR "/examples/ccm_action_plan/plan.yaml"
#define FLAGSHIP_OBS WAYPOINT_SOURCE_DIR "/examples/ccm_action_plan/observations.csv"

/* A small plan with every kind of measure the API checks values for. */
#define MINI_YAML                                                                                      \
  "waypoint: 1\n"                                                                                      \
  "plan: {id: mini, title: Mini plan, period: 2027-01-01/2031-12-31}\n"                                \
  "entities:\n"                                                                                        \
  "  - {id: LAO, name: Lao PDR}\n"                                                                     \
  "  - {id: IRQ, name: Iraq}\n"                                                                        \
  "sections:\n"                                                                                        \
  "  - id: s1\n"                                                                                       \
  "    title: Section one\n"                                                                           \
  "    actions:\n"                                                                                     \
  "      - id: A1\n"                                                                                   \
  "        text: Do it.\n"                                                                             \
  "        indicators:\n"                                                                              \
  "          - {id: P1, measure: count, scope: collective, baseline: {value: 100, period: 2026},"      \
  " target: {value: 120, at: 2031}}\n"                                                                 \
  "          - {id: P2, measure: percentage, baseline: {value: 10, period: 2026},"                     \
  " target: {value: 50, at: 2031}}\n"                                                                  \
  "          - {id: B1, measure: binary, target: {value: yes, at: 2031}}\n"                            \
  "          - {id: O1, measure: ordinal, levels: [none, draft, adopted],"                             \
  " baseline: {value: none, period: 2026}, target: {value: adopted, at: 2031}}\n"                      \
  "          - {id: Q1, measure: qualitative}\n"

/* The same observations as rows (P1, P2) and as CSV text (the rest). Evaluated as of 2029-06-30:
 * B1 LAO achieved; O1 IRQ on_track; P1 * on_track; P2 IRQ needs_acceleration; P2 LAO on_track;
 * Q1 LAO not_applicable. */
#define MINI_CSV                                                                                       \
  "indicator,entity,period,value\n"                                                                    \
  "B1,LAO,2028,yes\n"                                                                                  \
  "O1,IRQ,2028,draft\n"                                                                                \
  "Q1,LAO,2028,\"Progress reported, with a comma\"\n"

#endif
