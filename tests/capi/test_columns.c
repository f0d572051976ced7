/* SPDX-License-Identifier: Apache-2.0 */
/* The columnar C API (C99): results of every kind as Arrow C Data Interface columns, equal to the
 * row getters field by field; the batch path equal to the full evaluation; observations appended
 * as columns, equal to the same rows appended as text, with located, all-or-nothing errors. */
#include <math.h>
#include <stdint.h>

#include "check.h"

/* The child named `name` of a struct array, or -1. */
static int64_t child_of(const struct ArrowSchema* s, const char* name) {
  int64_t k;
  for (k = 0; k < s->n_children; ++k)
    if (strcmp(s->children[k]->name, name) == 0) return k;
  return -1;
}

/* Whether row `i` of array `a` is null. */
static int is_null(const struct ArrowArray* a, int64_t i) {
  const uint8_t* v = (const uint8_t*)a->buffers[0];
  return v != NULL && !(v[i / 8] & (1u << (i % 8)));
}

/* Row `i` of a dictionary-encoded text column, copied into `buf`. */
static const char* text_at(const struct ArrowArray* a, int64_t i, char* buf, size_t size) {
  const int32_t code = ((const int32_t*)a->buffers[1])[i];
  const struct ArrowArray* d = a->dictionary;
  const int32_t* offsets = (const int32_t*)d->buffers[1];
  const char* data = (const char*)d->buffers[2];
  size_t n = (size_t)(offsets[code + 1] - offsets[code]);
  if (n >= size) n = size - 1;
  memcpy(buf, data + offsets[code], n);
  buf[n] = '\0';
  return buf;
}

/* A text column of `codes` into a dictionary of `size` texts. */
static waypoint_text_column text_column(const int32_t* codes, const char* const* dictionary, size_t size) {
  waypoint_text_column t;
  t.codes = codes;
  t.dictionary = dictionary;
  t.dictionary_size = size;
  return t;
}

static waypoint_plan* load_plan(const char* path) {
  waypoint_plan* plan = NULL;
  REQUIRE_OK(waypoint_plan_load(path, WAYPOINT_PLAN_AUTO, &plan));
  return plan;
}

/* Every series field, for every row: the columns hold what the row getters give. */
static void check_series_columns_match_getters(const waypoint_evaluation* ev) {
  struct ArrowSchema schema;
  struct ArrowArray array;
  size_t count = 0, f, nf = waypoint_field_count();
  int64_t row;
  char buf[4096];
  REQUIRE_OK(waypoint_evaluation_count(ev, WAYPOINT_RESULTS_SERIES, &count));
  REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SERIES, NULL, 0, &schema, &array));
  CHECK_STR(schema.format, "+s");
  CHECK(array.length == (int64_t)count);
  CHECK(array.n_children == schema.n_children);
  for (f = 0; f < nf; ++f) {
    int id = 0, type = 0;
    const char* name = NULL;
    int64_t c;
    const struct ArrowArray* col;
    const struct ArrowSchema* cs;
    REQUIRE_OK(waypoint_field_info(f, &id, &name, &type, NULL));
    c = child_of(&schema, name);
    if (type == WAYPOINT_FIELD_TYPE_OBJECT) { /* not a CSV column: not in the default set */
      CHECK(c == -1);
      continue;
    }
    CHECK(c == (int64_t)f); /* the CSV's column order */
    if (c < 0) continue;
    col = array.children[c];
    cs = schema.children[c];
    CHECK(col->length == (int64_t)count);
    for (row = 0; row < (int64_t)count; ++row) {
      const waypoint_result* r = NULL;
      REQUIRE_OK(waypoint_evaluation_result(ev, WAYPOINT_RESULTS_SERIES, (size_t)row, &r));
      if (type == WAYPOINT_FIELD_TYPE_TEXT || type == WAYPOINT_FIELD_TYPE_PERIOD) {
        const char* want = NULL;
        CHECK_STR(cs->format, "i");
        CHECK_STR(cs->dictionary->format, "u");
        CHECK_OK(waypoint_result_string(r, id, &want));
        CHECK_STR(text_at(col, row, buf, sizeof buf), want);
      } else if (type == WAYPOINT_FIELD_TYPE_NUMBER) {
        double want = 0, got = ((const double*)col->buffers[1])[row];
        int present = 0;
        CHECK_STR(cs->format, "g");
        CHECK_OK(waypoint_result_number(r, id, &want, &present));
        CHECK(is_null(col, row) == !present);
        if (present) CHECK(got == want);
        else CHECK(isnan(got)); /* absent: null and NaN */
      } else if (type == WAYPOINT_FIELD_TYPE_INTEGER) {
        int64_t want = 0;
        CHECK_STR(cs->format, "l");
        CHECK_OK(waypoint_result_integer(r, id, &want));
        CHECK(((const int64_t*)col->buffers[1])[row] == want);
      } else if (type == WAYPOINT_FIELD_TYPE_BOOLEAN) {
        int64_t want = 0;
        const int rc = waypoint_result_integer(r, id, &want);
        const uint8_t* bits = (const uint8_t*)col->buffers[1];
        CHECK_STR(cs->format, "b");
        CHECK(is_null(col, row) == (rc == WAYPOINT_E_ABSENT));
        if (rc == WAYPOINT_OK) CHECK(((bits[row / 8] >> (row % 8)) & 1u) == (unsigned)want);
      }
    }
  }
  /* Children may be released on their own (moved out), then the parents. */
  {
    struct ArrowArray moved = *array.children[0];
    array.children[0]->release = NULL;
    moved.release(&moved);
    CHECK(moved.release == NULL);
  }
  schema.release(&schema);
  array.release(&array);
  CHECK(schema.release == NULL && array.release == NULL);
}

/* The batch path gives the columns of the full evaluation, for the same rows. */
static void check_batch_equals_full(const waypoint_plan* plan, waypoint_observations* obs, const waypoint_evaluation* ev,
                                    const waypoint_evaluation_options* opt) {
  struct ArrowSchema s1, s2;
  struct ArrowArray a1, a2;
  int64_t c, row;
  char b1[4096], b2[4096];
  REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SERIES, NULL, 0, &s1, &a1));
  REQUIRE_OK(waypoint_evaluate_columns(plan, obs, opt, NULL, 0, &s2, &a2));
  REQUIRE(a1.length == a2.length && s1.n_children == s2.n_children);
  for (c = 0; c < s1.n_children; ++c) {
    const struct ArrowArray *x = a1.children[c], *y = a2.children[c];
    const char* format = s1.children[c]->format;
    CHECK_STR(s1.children[c]->name, s2.children[c]->name);
    CHECK_STR(format, s2.children[c]->format);
    for (row = 0; row < a1.length; ++row) {
      CHECK(is_null(x, row) == is_null(y, row));
      if (strcmp(format, "i") == 0) {
        CHECK_STR(text_at(x, row, b1, sizeof b1), text_at(y, row, b2, sizeof b2));
      } else if (strcmp(format, "g") == 0) {
        const double u = ((const double*)x->buffers[1])[row], v = ((const double*)y->buffers[1])[row];
        CHECK(u == v || (isnan(u) && isnan(v)));
      } else if (strcmp(format, "l") == 0) {
        CHECK(((const int64_t*)x->buffers[1])[row] == ((const int64_t*)y->buffers[1])[row]);
      }
    }
  }
  s1.release(&s1);
  a1.release(&a1);
  s2.release(&s2);
  a2.release(&a2);
}

/* The roll-up kinds: counts agree with waypoint_evaluation_count, and each kind has its columns. */
static void check_other_kinds(const waypoint_evaluation* ev) {
  static const struct {
    int kind;
    const char* column;
  } kinds[] = {{WAYPOINT_RESULTS_COLLECTIVE, "members"}, {WAYPOINT_RESULTS_INDICATORS, "n_series"}, {WAYPOINT_RESULTS_ACTIONS, "series"},   {WAYPOINT_RESULTS_SECTIONS, "series"},
               {WAYPOINT_RESULTS_PLAN, "series"},         {WAYPOINT_RESULTS_CHALLENGES, "rank"}, {WAYPOINT_RESULTS_MILESTONES, "due"}};
  const char* pick[] = {"on_track", "id"};
  const char* twice[] = {"id", "id"};
  const char* bad[] = {"nope"};
  size_t k;
  struct ArrowSchema s;
  struct ArrowArray a;
  char buf[256];
  const waypoint_result* r = NULL;
  for (k = 0; k < sizeof kinds / sizeof kinds[0]; ++k) {
    size_t n = 99;
    CHECK_OK(waypoint_evaluation_count(ev, kinds[k].kind, &n));
    REQUIRE_OK(waypoint_evaluation_columns(ev, kinds[k].kind, NULL, 0, &s, &a));
    CHECK(a.length == (int64_t)n);
    CHECK(child_of(&s, kinds[k].column) >= 0);
    s.release(&s);
    a.release(&a);
    /* Not one at a time. */
    CHECK_FAILS(waypoint_evaluation_result(ev, kinds[k].kind, 0, &r), WAYPOINT_E_UNSUPPORTED, "capi.unsupported", "waypoint_evaluation_columns");
  }
  /* The plan row: 154 series, 51 achieved, 50 of the 126 total series counted in roll-ups... as the CLI says. */
  REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_PLAN, NULL, 0, &s, &a));
  {
    const int64_t series = ((const int64_t*)a.children[child_of(&s, "series")]->buffers[1])[0];
    int64_t sum = 0;
    int st;
    for (st = WAYPOINT_STATUS_ACHIEVED; st <= WAYPOINT_STATUS_NOT_APPLICABLE; ++st) {
      const char* name = NULL;
      CHECK_OK(waypoint_status_name(st, &name));
      sum += ((const int64_t*)a.children[child_of(&s, name)]->buffers[1])[0];
    }
    CHECK(series == sum);
    CHECK(series > 0);
    CHECK_STR(text_at(a.children[child_of(&s, "level")], 0, buf, sizeof buf), "plan");
  }
  s.release(&s);
  a.release(&a);
  /* Columns picked by name, in the order asked. */
  REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SECTIONS, pick, 2, &s, &a));
  CHECK(s.n_children == 2);
  CHECK_STR(s.children[0]->name, "on_track");
  CHECK_STR(s.children[1]->name, "id");
  s.release(&s);
  a.release(&a);
  CHECK_FAILS(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SECTIONS, bad, 1, &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_field", "no column 'nope'");
  CHECK_FAILS(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SECTIONS, twice, 2, &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_field", "named twice");
  CHECK_FAILS(waypoint_evaluation_columns(ev, 99, NULL, 0, &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_kind", "unknown result kind 99");
  /* The collective detail: each group's count is the number of its ';'-joined ids; a group the
     rule does not fill is "" with a null count. */
  {
    const char* cols[] = {"meeting", "meeting_count", "overdue", "overdue_count", "members"};
    int64_t row, filled = 0, unfilled = 0;
    static char ids_text[1 << 16];
    REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_COLLECTIVE, cols, 5, &s, &a));
    CHECK(a.length > 0);
    for (row = 0; row < a.length; ++row) {
      int g;
      for (g = 0; g < 2; ++g) {
        const struct ArrowArray* counts = a.children[2 * g + 1];
        const int valid = (((const uint8_t*)counts->buffers[0])[row / 8] >> (row % 8)) & 1;
        text_at(a.children[2 * g], row, ids_text, sizeof ids_text);
        if (!valid) {
          CHECK_STR(ids_text, "");
          ++unfilled;
        } else {
          size_t ids = ids_text[0] ? 1 : 0;
          const char* c;
          for (c = ids_text; *c; ++c) ids += *c == ';';
          CHECK(((const double*)counts->buffers[1])[row] == (double)ids);
          ++filled;
        }
      }
      CHECK(((const int64_t*)a.children[4]->buffers[1])[row] >= 0);
    }
    CHECK(filled > 0);
    CHECK(unfilled > 0);
    s.release(&s);
    a.release(&a);
  }
  CHECK_FAILS(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SERIES, NULL, 0, NULL, &a), WAYPOINT_E_NULL, "capi.null", "schema");
}

static void test_flagship(void) {
  waypoint_plan* plan = load_plan(FLAGSHIP_PLAN);
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  waypoint_evaluation_options opt;
  struct ArrowSchema s;
  struct ArrowArray a;
  const char* trace[] = {"indicator", "trace"};
  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &obs));
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.as_of = "2029-06-30";
  REQUIRE_OK(waypoint_evaluate(plan, obs, &opt, &ev));
  check_series_columns_match_getters(ev);
  check_batch_equals_full(plan, obs, ev, &opt);
  check_other_kinds(ev);
  /* Object fields: JSON text, from a full evaluation only. */
  REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SERIES, trace, 2, &s, &a));
  CHECK_STR(s.children[1]->format, "U");
  {
    const int64_t* offsets = (const int64_t*)a.children[1]->buffers[1];
    CHECK(offsets[1] > offsets[0]);
    CHECK(((const char*)a.children[1]->buffers[2])[0] == '{');
  }
  s.release(&s);
  a.release(&a);
  CHECK_FAILS(waypoint_evaluate_columns(plan, obs, &opt, trace, 2, &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_field", "needs a full evaluation");
  waypoint_evaluation_destroy(ev);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

/* The CSV of evaluating `obs` as of 2029-06-30 (malloc'ed by the library). */
static char* csv_of(const waypoint_plan* plan, waypoint_observations* obs) {
  waypoint_evaluation_options opt;
  char* out = NULL;
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.as_of = "2029-06-30";
  REQUIRE_OK(waypoint_evaluate_csv(plan, obs, &opt, NULL, 0, &out, NULL));
  return out;
}

static void test_columnar_input(void) {
  waypoint_plan* plan = load_plan(MINI_PLAN);
  waypoint_observations *by_rows = NULL, *by_columns = NULL, *obs = NULL;
  /* The same rows, as text rows and as columns (with a NaN row, which is left out). */
  const char* ind_rows[] = {"P1", "P1", "P1", "P2", "P2", "P2", "B1", "O1"};
  const char* ent_rows[] = {"*", "*", "*", "LAO", "LAO", "IRQ", "LAO", "IRQ"};
  const char* per_rows[] = {"2026", "2027", "2028", "2026", "2028", "2027", "2028", "2028"};
  const double val_rows[] = {100, 104, 109, 10, 30, 12, 1, 1};
  const char* rep_rows[] = {NULL, "2028-03-01", NULL, NULL, NULL, "2028-01-15", NULL, NULL};
  const char* ind_dict[] = {"P1", "P2", "B1", "O1"};
  const int32_t ind_codes[] = {0, 0, 0, 1, 1, 1, 2, 3, 1};
  const char* ent_dict[] = {"*", "LAO", "IRQ"};
  const int32_t ent_codes[] = {0, 0, 0, 1, 1, 2, 1, 2, 2};
  const int32_t years[] = {2026, 2027, 2028, 2026, 2028, 2027, 2028, 2028, 2029};
  const double values[] = {100, 104, 109, 10, 30, 12, 1, 1, NAN};
  const int32_t reported[] = {INT32_MIN, 21244 /* 2028-03-01 */, INT32_MIN, INT32_MIN, INT32_MIN, 21198 /* 2028-01-15 */, INT32_MIN, INT32_MIN, INT32_MIN};
  waypoint_observation_columns c;
  size_t n = 0;
  char *a, *b;

  REQUIRE_OK(waypoint_observations_create(plan, &by_rows));
  REQUIRE_OK(waypoint_observations_append_rows(by_rows, 8, ind_rows, ent_rows, per_rows, val_rows, rep_rows));
  REQUIRE_OK(waypoint_observations_create(plan, &by_columns));
  REQUIRE_OK(waypoint_observation_columns_init(&c, WAYPOINT_OBSERVATION_COLUMNS_VERSION));
  c.row_count = 9;
  c.indicator = text_column(ind_codes, ind_dict, 4);
  c.entity = text_column(ent_codes, ent_dict, 3);
  c.period_form = WAYPOINT_PERIODS_YEAR;
  c.period_numbers = years;
  c.values = values;
  c.reported_on = reported;
  REQUIRE_OK(waypoint_observations_append_columns(by_columns, &c));
  CHECK_OK(waypoint_observations_row_count(by_columns, &n));
  CHECK(n == 8); /* the NaN row is no data */
  a = csv_of(plan, by_rows);
  b = csv_of(plan, by_columns);
  CHECK_STR(a, b);
  waypoint_free(a);
  waypoint_free(b);

  /* Problems: every one located at its row, and nothing added. */
  REQUIRE_OK(waypoint_observations_create(plan, &obs));
  {
    const char* bad_ind[] = {"P1", "NOPE"};
    const int32_t bad_ind_codes[] = {0, 1, 0};
    const char* periods[] = {"2026", "20x6"};
    const int32_t period_codes[] = {0, 0, 1};
    const double v[] = {1, 2, 3};
    waypoint_observation_columns d;
    REQUIRE_OK(waypoint_observation_columns_init(&d, WAYPOINT_OBSERVATION_COLUMNS_VERSION));
    d.row_count = 3;
    d.indicator = text_column(bad_ind_codes, bad_ind, 2);
    d.entity = text_column(ent_codes, ent_dict, 3);
    d.period_text = text_column(period_codes, periods, 2);
    d.values = v;
    CHECK_FAILS(waypoint_observations_append_columns(obs, &d), WAYPOINT_E_INVALID, "obs.unknown_indicator", "<columns>:2: obs.unknown_indicator: unknown indicator \"NOPE\"");
    CHECK(strstr(waypoint_last_error(), "<columns>:3: obs.bad_period") != NULL);
    CHECK_OK(waypoint_observations_row_count(obs, &n));
    CHECK(n == 0);
    /* A code outside its dictionary is the caller's error. */
    d.row_count = 1;
    {
      const int32_t out_of_range[] = {7};
      d.entity.codes = out_of_range;
      CHECK_FAILS(waypoint_observations_append_columns(obs, &d), WAYPOINT_E_ARGUMENT, "capi.bad_column", "entity.codes[0] is 7");
    }
    d.version = 99;
    CHECK_FAILS(waypoint_observations_append_columns(obs, &d), WAYPOINT_E_VERSION, "capi.options_version", "version 99");
    CHECK_FAILS(waypoint_observation_columns_init(&d, 99), WAYPOINT_E_VERSION, "capi.options_version", "version 99");
  }
  /* Dimensions, flags and sources, as the CSV's dim:, flag and source columns. */
  {
    const char* ind[] = {"P2"};
    const int32_t zeros[] = {0, 0, 0, 0};
    const char* ent[] = {"LAO"};
    const int32_t days[] = {20454, 20819, 20454, 20819}; /* 2026-01-01 and 2027-01-01 */
    const double v[] = {10, 20, 5, 9};
    const int8_t flags[] = {0, 1, 0, 2};
    const char* sex[] = {"female", ""};
    const int32_t sex_codes[] = {0, 0, 1, 1}; /* "" and -1 alike: not disaggregated by it */
    const char* age[] = {"0-17"};
    const int32_t age_codes[] = {-1, -1, 0, 0};
    const char* names[] = {"sex", "age"};
    const char* src[] = {"Survey"};
    waypoint_text_column dims[2];
    waypoint_observation_columns d;
    struct ArrowSchema s;
    struct ArrowArray arr;
    waypoint_evaluation* ev = NULL;
    char buf[256];
    int64_t k, dis, est;
    waypoint_observations* o2 = NULL;
    REQUIRE_OK(waypoint_observations_create(plan, &o2));
    REQUIRE_OK(waypoint_observation_columns_init(&d, WAYPOINT_OBSERVATION_COLUMNS_VERSION));
    dims[0] = text_column(sex_codes, sex, 2);
    dims[1] = text_column(age_codes, age, 1);
    d.row_count = 4;
    d.indicator = text_column(zeros, ind, 1);
    d.entity = text_column(zeros, ent, 1);
    d.period_form = WAYPOINT_PERIODS_DATE;
    d.period_numbers = days;
    d.values = v;
    d.flags = flags;
    d.source = text_column(zeros, src, 1);
    d.dimension_count = 2;
    d.dimension_names = names;
    d.dimensions = dims;
    REQUIRE_OK(waypoint_observations_append_columns(o2, &d));
    REQUIRE_OK(waypoint_evaluate(plan, o2, NULL, &ev));
    REQUIRE_OK(waypoint_evaluation_columns(ev, WAYPOINT_RESULTS_SERIES, NULL, 0, &s, &arr));
    dis = child_of(&s, "disaggregation");
    est = child_of(&s, "estimated_points");
    {
      int seen = 0;
      for (k = 0; k < arr.length; ++k) {
        const char* g = text_at(arr.children[dis], k, buf, sizeof buf);
        if (strcmp(g, "age=0-17") == 0) ++seen;
        if (strcmp(g, "sex=female") == 0) {
          ++seen;
          CHECK(((const int64_t*)arr.children[est]->buffers[1])[k] == 1);
        }
      }
      CHECK(seen == 2);
    }
    s.release(&s);
    arr.release(&arr);
    waypoint_evaluation_destroy(ev);
    waypoint_observations_destroy(o2);
    /* A bad flag is a problem of its row. */
    REQUIRE_OK(waypoint_observations_create(plan, &o2));
    {
      const int8_t bad_flags[] = {0, 0, 0, 5};
      d.flags = bad_flags;
      CHECK_FAILS(waypoint_observations_append_columns(o2, &d), WAYPOINT_E_INVALID, "obs.bad_flag", "<columns>:4");
    }
    names[1] = "sex";
    CHECK_FAILS(waypoint_observations_append_columns(o2, &d), WAYPOINT_E_ARGUMENT, "capi.bad_column", "given twice");
    waypoint_observations_destroy(o2);
  }
  /* Sealed sets take no more rows. */
  CHECK_OK(waypoint_observations_seal(by_columns));
  CHECK_FAILS(waypoint_observations_append_columns(by_columns, &c), WAYPOINT_E_STATE, "capi.sealed", "sealed");
  CHECK_FAILS(waypoint_observations_append_columns(NULL, &c), WAYPOINT_E_NULL, "capi.null", "observations");
  waypoint_observations_destroy(obs);
  waypoint_observations_destroy(by_rows);
  waypoint_observations_destroy(by_columns);
  waypoint_plan_destroy(plan);
}

/* waypoint_validate, the IATI import and export, and the reports rendered through the C API. */
static void test_services(void) {
  struct ArrowSchema s;
  struct ArrowArray a;
  size_t errors = 99, n = 0;
  char buf[512];
  waypoint_plan* plan = NULL;
  waypoint_observations* obs = NULL;
  waypoint_evaluation* ev = NULL;
  char* xml = NULL;
  char* text = NULL;
  size_t length = 0;

  /* A clean plan and observations: no problem, a table of 0 rows. */
  REQUIRE_OK(waypoint_validate(FLAGSHIP_PLAN, WAYPOINT_PLAN_AUTO, FLAGSHIP_OBS, &errors, &s, &a));
  CHECK(errors == 0);
  CHECK(a.length == 0 && s.n_children == 7);
  s.release(&s);
  a.release(&a);
  /* A bad plan: every problem a row, with its code and line. */
  REQUIRE_OK(waypoint_validate(WAYPOINT_SOURCE_DIR "/tests/cli/bad_plan.yaml", WAYPOINT_PLAN_YAML, NULL, &errors, &s, &a));
  CHECK(errors >= 1);
  CHECK(a.length >= 1);
  CHECK_STR(text_at(a.children[child_of(&s, "severity")], 0, buf, sizeof buf), "error");
  CHECK(strncmp(text_at(a.children[child_of(&s, "code")], 0, buf, sizeof buf), "plan.", 5) == 0);
  CHECK(((const int64_t*)a.children[child_of(&s, "line")]->buffers[1])[0] > 0);
  s.release(&s);
  a.release(&a);
  /* A missing file is a problem too, not a failure; bad arguments are failures. */
  REQUIRE_OK(waypoint_validate(WAYPOINT_SOURCE_DIR "/no/such/plan.yaml", WAYPOINT_PLAN_AUTO, NULL, &errors, &s, &a));
  CHECK(errors == 1);
  CHECK_STR(text_at(a.children[child_of(&s, "code")], 0, buf, sizeof buf), "plan.io");
  s.release(&s);
  a.release(&a);
  CHECK_FAILS(waypoint_validate(FLAGSHIP_PLAN, 42, NULL, NULL, &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_format", "unknown plan format 42");
  CHECK_FAILS(waypoint_validate(NULL, 0, NULL, NULL, &s, &a), WAYPOINT_E_NULL, "capi.null", "plan_path");

  /* IATI: import, evaluate, export; the export imports back to the same export. */
  REQUIRE_OK(waypoint_iati_load(WAYPOINT_SOURCE_DIR "/tests/data/iati/full.xml", NULL, &plan, &obs, &s, &a));
  CHECK(s.n_children == 7); /* the findings table */
  s.release(&s);
  a.release(&a);
  CHECK_OK(waypoint_observations_row_count(obs, &n));
  CHECK(n > 0);
  REQUIRE_OK(waypoint_iati_export(plan, obs, &xml, &length));
  CHECK(length == strlen(xml));
  CHECK(strstr(xml, "<iati-activities") != NULL);
  {
    waypoint_plan* p2 = NULL;
    waypoint_observations* o2 = NULL;
    char* again = NULL;
    REQUIRE_OK(waypoint_iati_parse(xml, length, "export.xml", NULL, &p2, &o2, NULL, NULL));
    REQUIRE_OK(waypoint_iati_export(p2, o2, &again, NULL));
    CHECK_STR(again, xml);
    waypoint_free(again);
    waypoint_observations_destroy(o2);
    waypoint_plan_destroy(p2);
  }
  waypoint_free(xml);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
  CHECK_FAILS(waypoint_iati_parse("<nope/>", WAYPOINT_NUL_TERMINATED, "n.xml", NULL, &plan, &obs, NULL, NULL), WAYPOINT_E_INVALID, "iati.not_iati", "n.xml");
  CHECK(plan == NULL && obs == NULL);
  CHECK_FAILS(waypoint_iati_load(WAYPOINT_SOURCE_DIR "/no/such.xml", NULL, &plan, &obs, NULL, NULL), WAYPOINT_E_IO, "iati.io", "such.xml");

  /* The reports, as the CLI writes them. */
  plan = load_plan(FLAGSHIP_PLAN);
  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &obs));
  /* Deadlines: the columns of `waypoint deadlines --format csv`, overdue first. */
  REQUIRE_OK(waypoint_deadlines(plan, obs, "2029-06-30", &s, &a));
  CHECK(s.n_children == 8 && a.length > 0);
  CHECK_STR(s.children[3]->format, "tdD");
  CHECK_STR(text_at(a.children[child_of(&s, "state")], 0, buf, sizeof buf), "overdue");
  s.release(&s);
  a.release(&a);
  CHECK_FAILS(waypoint_deadlines(plan, obs, "2029-02-30", &s, &a), WAYPOINT_E_ARGUMENT, "capi.bad_date", "2029-02-30");
  REQUIRE_OK(waypoint_evaluate(plan, obs, NULL, &ev));
  /* The evaluation keeps the observations it was made from: its reports show their sources after the set is gone. */
  waypoint_observations_destroy(obs);
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_HTML, &text, &length));
  CHECK(strncmp(text, "<!DOCTYPE html>", 15) == 0 && length > 10000);
  CHECK(strstr(text, "<p class=\"sources\">Sources: ") != NULL && strstr(text, "<th>source</th>") != NULL);
  waypoint_free(text);
  REQUIRE_OK(waypoint_evaluation_render(ev, WAYPOINT_FORMAT_MARKDOWN, &text, &length));
  CHECK(text[0] == '#');
  CHECK(strstr(text, "\nSources:\n\n- U1: ") != NULL);
  waypoint_free(text);
  CHECK_FAILS(waypoint_evaluation_render(ev, 6, &text, NULL), WAYPOINT_E_ARGUMENT, "capi.bad_format", "unknown output format 6");
  waypoint_evaluation_destroy(ev);
  waypoint_plan_destroy(plan);
}

/* waypoint_partitions_of puts each series where a partitioned evaluation puts it. */
static void test_partitions(void) {
  waypoint_plan* plan = load_plan(FLAGSHIP_PLAN);
  waypoint_observations* obs = NULL;
  waypoint_evaluation_options opt;
  unsigned k;
  size_t total = 0;
  REQUIRE_OK(waypoint_observations_load_csv(plan, FLAGSHIP_OBS, &obs));
  REQUIRE_OK(waypoint_evaluation_options_init(&opt, WAYPOINT_EVALUATION_OPTIONS_VERSION));
  opt.partition_count = 3;
  for (k = 0; k < 3; ++k) {
    struct ArrowSchema s;
    struct ArrowArray a;
    const char* cols[] = {"indicator", "entity"};
    int64_t row;
    char ib[256], eb[256];
    opt.partition_index = k;
    REQUIRE_OK(waypoint_evaluate_columns(plan, obs, &opt, cols, 2, &s, &a));
    total += (size_t)a.length;
    for (row = 0; row < a.length; ++row) {
      const char* ind[1];
      const char* ent[1];
      const int32_t zero[] = {0};
      const int32_t none[] = {-1};
      waypoint_text_column ic, ec;
      uint32_t part = 99;
      ind[0] = text_at(a.children[0], row, ib, sizeof ib);
      ent[0] = text_at(a.children[1], row, eb, sizeof eb);
      ic = text_column(zero, ind, 1);
      ec = text_column(ent[0][0] ? zero : none, ent, 1); /* an indicator without observations: no entity */
      CHECK_OK(waypoint_partitions_of(&ic, &ec, 1, 3, &part));
      CHECK(part == k);
    }
    s.release(&s);
    a.release(&a);
  }
  CHECK(total == 154);
  waypoint_observations_destroy(obs);
  waypoint_plan_destroy(plan);
}

int main(void) {
  test_partitions();
  test_flagship();
  test_columnar_input();
  test_services();
  return check_report("capi.columns");
}
