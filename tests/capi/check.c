/* SPDX-License-Identifier: Apache-2.0 */
#include "check.h"

int check_failures = 0;

int check_report(const char* name) {
  if (check_failures == 0) {
    printf("%s: all checks passed\n", name);
    return 0;
  }
  fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
  return 1;
}

char* read_text(const char* path) {
  FILE* f = fopen(path, "rb");
  char* text;
  long n;
  REQUIRE(f != NULL);
  REQUIRE(fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0);
  text = (char*)malloc((size_t)n + 1);
  REQUIRE(text != NULL && fread(text, 1, (size_t)n, f) == (size_t)n);
  text[n] = '\0';
  fclose(f);
  return text;
}
