/* SPDX-License-Identifier: Apache-2.0 */
/* Checks and shared inputs for the C API tests (C99). */
#ifndef WAYPOINT_TEST_CHECK_H
#define WAYPOINT_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waypoint/waypoint.h"

/* The number of failed checks so far (check.c). */
extern int check_failures;

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

/* Prints the outcome and returns main's exit status. */
int check_report(const char* name);

/* The whole file, NUL-terminated, malloc'ed (the caller frees it); stops the test if unreadable. */
char* read_text(const char* path);

#define FLAGSHIP_PLAN WAYPOINT_SOURCE_DIR "/examples/ccm_action_plan/plan.yaml"
#define FLAGSHIP_OBS WAYPOINT_SOURCE_DIR "/examples/ccm_action_plan/observations.csv"

/* A small plan with every kind of measure the API checks values for (shared with tests/python). */
#define MINI_PLAN WAYPOINT_SOURCE_DIR "/tests/capi/mini.yaml"

/* The same observations as rows (P1, P2) and as CSV text (the rest). Evaluated as of 2029-06-30:
 * B1 LAO achieved; O1 IRQ on_track; P1 * on_track; P2 IRQ needs_acceleration; P2 LAO on_track;
 * Q1 LAO not_applicable. */
#define MINI_CSV                                                                                       \
  "indicator,entity,period,value\n"                                                                    \
  "B1,LAO,2028,yes\n"                                                                                  \
  "O1,IRQ,2028,draft\n"                                                                                \
  "Q1,LAO,2028,\"Progress reported, with a comma\"\n"

#endif
