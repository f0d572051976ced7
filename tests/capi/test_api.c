/* SPDX-License-Identifier: Apache-2.0 */
/* Every function of waypoint.h, used as a C99 program would use it (check_symbols.cmake checks
 * that this file calls each exported function). */
#include <math.h>
#include <stdint.h>

#include "check.h"

/* The series result for indicator/entity, or NULL. */
static const waypoint_result* find(const waypoint_evaluation* ev, const char* indicator, const char* entity) {
  size_t n = 0, i;
  if (waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n) != WAYPOINT_OK) return NULL;
  for (i = 0; i < n; ++i) {
    const waypoint_result* r = NULL;
    const char *ind = NULL, *ent = NULL;
    if (waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, i, &r) != WAYPOINT_OK) return NULL;
    if (waypoint_result_string(r, WAYPOINT_FIELD_INDICATOR, &ind) != WAYPOINT_OK) return NULL;
    if (waypoint_result_string(r, WAYPOINT_FIELD_ENTITY, &ent) != WAYPOINT_OK) return NULL;
    if (strcmp(ind, indicator) == 0 && strcmp(ent, entity) == 0) return r;
  }
  return NULL;
}

static const char* text(const waypoint_result* r, int field) {
  const char* s = NULL;
  REQUIRE_OK(waypoint_result_string(r, field, &s));
  return s;
}

static double number(const waypoint_result* r, int field) {
  double v = 0;
  int present = 0;
  REQUIRE_OK(waypoint_result_number(r, field, &v, &present));
  REQUIRE(present);
  return v;
}

static int64_t integer(const waypoint_result* r, int field) {
  int64_t v = -1;
  REQUIRE_OK(waypoint_result_integer(r, field, &v));
  return v;
}

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  char expected[32];
  const char* v = waypoint_version(&major, &minor, &patch);
  CHECK(major == WAYPOINT_VERSION_MAJOR && minor == WAYPOINT_VERSION_MINOR && patch == WAYPOINT_VERSION_PATCH);
  sprintf(expected, "%d.%d.%d", WAYPOINT_VERSION_MAJOR, WAYPOINT_VERSION_MINOR, WAYPOINT_VERSION_PATCH);
  CHECK_STR(v, expected);
  CHECK_STR(waypoint_version(NULL, NULL, NULL), expected);
}

/* The flagship plan: loading, every field of one series, the status counts and every format. */
static void test_flagship(void) {
  waypoint_plan *plan = NULL, *again = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  const waypoint_result* r;
  const char* s = NULL;
  size_t n = 0, total = 0, len = 0;
  char* out = NULL;
  double v = 1;
  int present = 1, st;

  REQUIRE_OK(waypoint_plan_load(FLAGSHIP_PLAN, WAYPOINT_PLAN_AUTO, &plan));
  CHECK_STR(waypoint_last_error(), "");
  CHECK_STR(waypoint_last_error_code(), "");
  CHECK_OK(waypoint_plan_load(FLAGSHIP_PLAN, WAYPOINT_PLAN_YAML, &again));
  waypoint_plan_destroy(again);
  CHECK_OK(waypoint_plan_id(plan, &s));
  CHECK_STR(s, "ccm-2027-2031");
  CHECK_OK(waypoint_plan_title(plan, &s));
  CHECK(strstr(s, "Vientiane Capital Action Plan 2027") != NULL);
  CHECK_OK(waypoint_plan_indicator_count(plan, &n));
  CHECK(n == 48);
  CHECK_OK(waypoint_plan_indicator_id(plan, 0, &s));
  CHECK(strlen(s) > 0);

  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &obs));
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n == 1006);
  CHECK_OK(waypoint_observations_seal(obs)); /* already sealed: succeeds */

  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  CHECK(opt.version == WAYPOINT_EVALUATION_OPTIONS_VERSION && opt.traces == 1 && opt.as_of == NULL && opt.method == NULL);
  CHECK(opt.params == NULL && opt.param_count == 0 && opt.threads == 0 && opt.partition_count == 0);
  opt.as_of = "2029-06-30";
  REQUIRE_OK(waypoint_evaluate(plan, obs, &opt, &ev));
  CHECK_OK(waypoint_evaluation_as_of(ev, &s));
  CHECK_STR(s, "2029-06-30");
  CHECK_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n));
  CHECK(n == 154);
  /* The README's summary: achieved 51; on_track 66; needs_acceleration 18; off_track 7; regressing 4;
   * not_due 2; insufficient_data 3; not_applicable 3. */
  for (st = WAYPOINT_STATUS_ACHIEVED; st <= WAYPOINT_STATUS_NOT_APPLICABLE; ++st) {
    size_t c = 0;
    CHECK_OK(waypoint_evaluation_status_count(ev, st, &c));
    CHECK_OK(waypoint_status_name(st, &s));
    total += c;
  }
  CHECK(total == 154);
  CHECK_OK(waypoint_evaluation_status_count(ev, WAYPOINT_STATUS_ACHIEVED, &n));
  CHECK(n == 51);
  CHECK_OK(waypoint_evaluation_status_count(ev, WAYPOINT_STATUS_REGRESSING, &n));
  CHECK(n == 4);
  CHECK_OK(waypoint_status_name(WAYPOINT_STATUS_NEEDS_ACCELERATION, &s));
  CHECK_STR(s, "needs_acceleration");

  /* V1 (casualties, lower is better), as the README shows it. */
  r = find(ev, "V1", "*");
  REQUIRE(r != NULL);
  CHECK_STR(text(r, WAYPOINT_FIELD_STATUS), "regressing");
  CHECK(integer(r, WAYPOINT_FIELD_STATUS) == WAYPOINT_STATUS_REGRESSING);
  CHECK_STR(text(r, WAYPOINT_FIELD_CATEGORY), "moving_away");
  CHECK_STR(text(r, WAYPOINT_FIELD_METHOD), "linear-trajectory");
  CHECK_STR(text(r, WAYPOINT_FIELD_DISAGGREGATION), "");
  CHECK_STR(text(r, WAYPOINT_FIELD_BASE_PERIOD), "2025");
  CHECK_STR(text(r, WAYPOINT_FIELD_CURRENT_PERIOD), "2028");
  CHECK_STR(text(r, WAYPOINT_FIELD_TARGET_PERIOD), "2031");
  CHECK_STR(text(r, WAYPOINT_FIELD_REASON), "");
  CHECK_STR(text(r, WAYPOINT_FIELD_NARRATIVE), "");
  CHECK(strstr(text(r, WAYPOINT_FIELD_TRACE_RULE), "p = (y_t-y_b)/(x*-y_b)") != NULL);
  CHECK(number(r, WAYPOINT_FIELD_BASE_VALUE) == 268);
  CHECK(number(r, WAYPOINT_FIELD_CURRENT_VALUE) == 431);
  CHECK(number(r, WAYPOINT_FIELD_TARGET_VALUE) == 150);
  CHECK(number(r, WAYPOINT_FIELD_GAP_TO_TARGET) == 281);
  CHECK(number(r, WAYPOINT_FIELD_PLAN_TOTAL) == 787);
  CHECK(fabs(number(r, WAYPOINT_FIELD_SLOPE_PER_YEAR) - 44.3) < 1e-9);
  CHECK(fabs(number(r, WAYPOINT_FIELD_SCORE) - -1.711713970514494) < 1e-12);
  CHECK(fabs(number(r, WAYPOINT_FIELD_PROGRESS_VALUE) - -1.38135593220339) < 1e-12);
  CHECK(fabs(number(r, WAYPOINT_FIELD_R_SQUARED) - 0.6450148723932227) < 1e-12);
  CHECK(fabs(number(r, WAYPOINT_FIELD_CAGR) - 0.1716039450488449) < 1e-12);
  CHECK(fabs(number(r, WAYPOINT_FIELD_EXPECTED_VALUE) - 229.01775147928973) < 1e-9);
  CHECK(fabs(number(r, WAYPOINT_FIELD_PROJECTED_VALUE) - 563.5999999999913) < 1e-6);
  CHECK(fabs(number(r, WAYPOINT_FIELD_GAP_TO_TRAJECTORY) - 201.98224852071027) < 1e-9);
  CHECK(number(r, WAYPOINT_FIELD_SLOPE_STD_ERROR) > 0);
  CHECK(isfinite(number(r, WAYPOINT_FIELD_INTERCEPT)));
  CHECK(integer(r, WAYPOINT_FIELD_N_POINTS) == 4);
  CHECK(integer(r, WAYPOINT_FIELD_ESTIMATED_POINTS) == 0);
  CHECK(integer(r, WAYPOINT_FIELD_PROVISIONAL_POINTS) == 1);
  /* An absent number: through `present`, or as WAYPOINT_E_ABSENT when `present` is NULL. */
  CHECK_OK(waypoint_result_number(r, WAYPOINT_FIELD_GAP_TO_MILESTONE, &v, &present));
  CHECK(present == 0 && isnan(v));
  CHECK(waypoint_result_number(r, WAYPOINT_FIELD_NEXT_MILESTONE_VALUE, &v, NULL) == WAYPOINT_E_ABSENT);
  CHECK_STR(text(r, WAYPOINT_FIELD_NEXT_MILESTONE_PERIOD), "");
  CHECK_OK(waypoint_result_number(r, WAYPOINT_FIELD_TARGET_VALUE, &v, NULL));
  CHECK(v == 150);
  /* C1: a milestone is still ahead. */
  r = find(ev, "C1", "*");
  REQUIRE(r != NULL);
  CHECK_STR(text(r, WAYPOINT_FIELD_STATUS), "off_track");
  CHECK(number(r, WAYPOINT_FIELD_GAP_TO_TARGET) == 4);

  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_CSV, &out, &len));
  CHECK(strncmp(out, "indicator,entity,disaggregation,method,status,category,", 55) == 0);
  CHECK(len == strlen(out));
  {
    /* The field vocabulary: the CSV header is its scalar fields in order, and every field of a
     * series reads with the getter of its type (booleans may be absent). */
    char header[2048] = "";
    size_t i, n = waypoint_field_count();
    const char* end = strchr(out, '\n');
    int id = 0, type = 0;
    const char *name = NULL, *description = NULL, *s = NULL;
    CHECK(n >= 39);
    for (i = 0; i < n; ++i) {
      int64_t iv = 0;
      REQUIRE_OK(waypoint_field_info(i, &id, &name, &type, &description));
      CHECK(id > 0 && name != NULL && description != NULL && strlen(description) > 0);
      if (type != WAYPOINT_FIELD_TYPE_OBJECT) {
        if (i > 0) strcat(header, ",");
        strcat(header, name);
      }
      switch (type) {
        case WAYPOINT_FIELD_TYPE_NUMBER: CHECK_OK(waypoint_result_number(r, id, &v, &present)); break;
        case WAYPOINT_FIELD_TYPE_INTEGER: CHECK_OK(waypoint_result_integer(r, id, &iv)); break;
        case WAYPOINT_FIELD_TYPE_BOOLEAN: {
          const int rc = waypoint_result_integer(r, id, &iv);
          CHECK(rc == WAYPOINT_OK || rc == WAYPOINT_E_ABSENT);
          break;
        }
        default: CHECK_OK(waypoint_result_string(r, id, &s)); CHECK(s != NULL); break;
      }
    }
    REQUIRE(end != NULL);
    CHECK((size_t)(end - out) == strlen(header) && strncmp(out, header, strlen(header)) == 0);
    CHECK(waypoint_field_info(n, &id, &name, &type, &description) == WAYPOINT_E_RANGE);
    CHECK_OK(waypoint_field_info(0, NULL, NULL, NULL, NULL));
    /* Object fields are JSON text. */
    CHECK(strncmp(text(r, WAYPOINT_FIELD_TRACE), "{\"rule\":", 8) == 0);
    CHECK_STR(text(r, WAYPOINT_FIELD_COLLECTIVE), "null");
    CHECK(integer(r, WAYPOINT_FIELD_BASE_DECLARED) == 1 || integer(r, WAYPOINT_FIELD_BASE_DECLARED) == 0);
  }
  {
    /* The streamed CSV: every column gives the rendered bytes; a few columns (the values path,
     * with sdg-canada's fast path) give those columns; a bad name fails and writes nothing. */
    char* streamed = NULL;
    size_t streamed_len = 0, lines = 0;
    const char* some[] = {"indicator", "entity", "status", "score", "slope_per_year"};
    const char* bad[] = {"indicator", "colour"};
    const char* p;
    REQUIRE_OK(waypoint_evaluate_csv(plan, obs, &opt, NULL, 0, &streamed, &streamed_len));
    CHECK(streamed_len == len && strcmp(streamed, out) == 0);
    waypoint_free(streamed);
    opt.method = "sdg-canada";
    REQUIRE_OK(waypoint_evaluate_csv(plan, obs, &opt, some, 5, &streamed, NULL));
    CHECK(strncmp(streamed, "indicator,entity,status,score,slope_per_year\n", 45) == 0);
    for (p = streamed; *p; ++p) lines += *p == '\n';
    CHECK(lines == 155); /* the header and 154 series */
    waypoint_free(streamed);
    opt.method = NULL;
    streamed = (char*)1;
    CHECK(waypoint_evaluate_csv(plan, obs, &opt, bad, 2, &streamed, NULL) == WAYPOINT_E_ARGUMENT);
    CHECK(streamed == NULL);
    CHECK(strstr(waypoint_last_error(), "unknown column 'colour'") != NULL);
    CHECK_STR(waypoint_last_error_code(), "csv.unknown_column");
    CHECK(waypoint_evaluate_csv(plan, obs, &opt, NULL, 2, &streamed, NULL) == WAYPOINT_E_NULL);
  }
  waypoint_free(out);
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_JSON, &out, NULL));
  CHECK(strstr(out, "\"format\": \"waypoint-evaluation\"") != NULL && strstr(out, "\"trace\"") != NULL);
  waypoint_free(out);
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_TABLE, &out, NULL));
  CHECK(strstr(out, "154 series: achieved 51; on_track 66; needs_acceleration 18; off_track 7; regressing 4;") != NULL);
  waypoint_free(out);
  { /* The reports in a language: French labels and dates, and the English ones unchanged by default. */
    char* en = NULL;
    char* fr = NULL;
    REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_HTML, &en, NULL));
    REQUIRE_OK(waypoint_evaluation_render_in(ev, WAYPOINT_FORMAT_HTML, WAYPOINT_LANGUAGE_EN, &out, NULL));
    CHECK_STR(out, en);
    waypoint_free(out);
    REQUIRE_OK(waypoint_evaluation_render_in(ev, WAYPOINT_FORMAT_HTML, WAYPOINT_LANGUAGE_FR, &fr, NULL));
    CHECK(strstr(fr, "<html lang=\"fr\">") != NULL && strstr(fr, "30 juin 2029") != NULL);
    CHECK(strstr(en, "<html lang=\"en\">") != NULL && strstr(en, "30 June 2029") != NULL);
    waypoint_free(en);
    waypoint_free(fr);
    REQUIRE_OK(waypoint_evaluation_render_in(ev, WAYPOINT_FORMAT_MARKDOWN, WAYPOINT_LANGUAGE_ES, &out, NULL));
    CHECK(strstr(out, "30 de junio de 2029") != NULL);
    waypoint_free(out);
    out = NULL;
    CHECK(waypoint_evaluation_render_in(ev, WAYPOINT_FORMAT_HTML, 7, &out, NULL) == WAYPOINT_E_ARGUMENT);
    CHECK(strstr(waypoint_last_error(), "unknown language 7") != NULL);
    CHECK(out == NULL);
  }

  /* Handles are released in any order: the evaluation outlives its plan and observations. */
  waypoint_plan_destroy(plan);
  waypoint_observations_destroy(obs);
  r = find(ev, "C6", "*");
  REQUIRE(r != NULL);
  CHECK_STR(text(r, WAYPOINT_FIELD_STATUS), "regressing");
  waypoint_evaluation_destroy(ev);
}

/* A plan from text in each format, and observations appended one by one, as arrays and as CSV. */
static void test_text_and_appends(void) {
  static const char json[] =
      "{\"waypoint\": 1, \"plan\": {\"id\": \"j\", \"title\": \"JSON plan\", \"period\": \"2027-01-01/2031-12-31\"}, \"sections\": []}";
  static const char table[] = "indicator,direction,target,target_year,limit,base_year\nI1,1,50,2030,,2015\nI2,-1,5,2030,,2015\n";
  const char* indicators[] = {"P1", "P1", "P2", "P2"};
  const char* entities[] = {"*", "*", "LAO", "LAO"};
  const char* periods[] = {"2027", "2028", "2026", "2028"};
  const double values[] = {104, 109, 10, 30};
  const char* reported[] = {"2028-03-01", NULL, "", NULL};
  const char* params[] = {"tolerance=0"};
  const char* s = NULL;
  waypoint_plan *plan = NULL, *other = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  size_t n = 0;
  char *out = NULL, *yaml;

  /* Text with an explicit length: the tail after it is not read. */
  REQUIRE_OK(waypoint_plan_parse(json, sizeof json - 1, WAYPOINT_PLAN_JSON, "inline.json", &other));
  CHECK_OK(waypoint_plan_title(other, &s));
  CHECK_STR(s, "JSON plan");
  waypoint_plan_destroy(other);
  REQUIRE_OK(waypoint_plan_parse(table, WAYPOINT_NUL_TERMINATED, WAYPOINT_PLAN_INDICATOR_TABLE, NULL, &other));
  CHECK_OK(waypoint_plan_indicator_count(other, &n));
  CHECK(n == 2);
  CHECK_OK(waypoint_plan_indicator_id(other, 1, &s));
  CHECK_STR(s, "I2");
  waypoint_plan_destroy(other);

  yaml = read_text(MINI_PLAN);
  REQUIRE_OK(waypoint_plan_parse(yaml, WAYPOINT_NUL_TERMINATED, WAYPOINT_PLAN_YAML, "mini.yaml", &plan));
  free(yaml);
  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  CHECK_OK(waypoint_observations_append(obs, "P1", "*", "2026", 100, NULL));
  CHECK_OK(waypoint_observations_append_rows(obs, 4, indicators, entities, periods, values, reported));
  CHECK_OK(waypoint_observations_append(obs, "P2", "IRQ", "2027", 12, "2028-01-15"));
  CHECK_OK(waypoint_observations_append_rows(obs, 0, NULL, NULL, NULL, NULL, NULL));
  CHECK_OK(waypoint_observations_append_csv(obs, MINI_CSV, WAYPOINT_NUL_TERMINATED, "mini.csv"));
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n == 9);
  CHECK_OK(waypoint_observations_seal(obs));
  CHECK(waypoint_observations_append(obs, "P1", "*", "2029", 110, NULL) == WAYPOINT_E_STATE);

  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.as_of = "2029-06-30";
  opt.method = "linear-trajectory";
  opt.params = params;
  opt.param_count = 1;
  opt.traces = 0;
  REQUIRE_OK(waypoint_evaluate(plan, obs, &opt, &ev)); /* seals obs */
  CHECK_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &n));
  CHECK(n == 6);
  CHECK_STR(text(find(ev, "B1", "LAO"), WAYPOINT_FIELD_STATUS), "achieved");
  CHECK_STR(text(find(ev, "O1", "IRQ"), WAYPOINT_FIELD_STATUS), "on_track");
  CHECK_STR(text(find(ev, "P1", "*"), WAYPOINT_FIELD_STATUS), "on_track");
  CHECK_STR(text(find(ev, "P2", "IRQ"), WAYPOINT_FIELD_STATUS), "needs_acceleration");
  CHECK_STR(text(find(ev, "P2", "LAO"), WAYPOINT_FIELD_STATUS), "on_track");
  CHECK_STR(text(find(ev, "Q1", "LAO"), WAYPOINT_FIELD_STATUS), "not_applicable");
  CHECK_STR(text(find(ev, "Q1", "LAO"), WAYPOINT_FIELD_NARRATIVE), "Progress reported, with a comma");
  CHECK_STR(text(find(ev, "P1", "*"), WAYPOINT_FIELD_TRACE_RULE), ""); /* traces off */
  CHECK(number(find(ev, "P1", "*"), WAYPOINT_FIELD_CURRENT_VALUE) == 109);
  waypoint_evaluation_destroy(ev);

  /* CSV text loaded at once (sealed), with no options: every observation, each indicator's own method. */
  waypoint_observations_destroy(obs);
  REQUIRE_OK(waypoint_observations_parse_csv(plan, MINI_CSV, strlen(MINI_CSV), "mini.csv", &obs));
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n == 3);
  REQUIRE_OK(waypoint_evaluate(plan, obs, NULL, &ev));
  CHECK_OK(waypoint_evaluation_as_of(ev, &s));
  CHECK_STR(s, "");
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_CSV, &out, &n));
  CHECK(strstr(out, "\nQ1,LAO,,linear-trajectory,not_applicable,") != NULL);
  waypoint_free(out);
  waypoint_evaluation_destroy(ev);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

int main(void) {
  test_version();
  test_flagship();
  test_text_and_appends();
  /* Destroy and free accept NULL. */
  waypoint_plan_destroy(NULL);
  waypoint_observations_destroy(NULL);
  waypoint_evaluation_destroy(NULL);
  waypoint_free(NULL);
  return check_report("capi.api");
}
