// Observation CSV: columns, synonyms, quoting, disaggregation, revisions, and every kind of bad row
// with file:line:column — and no valid row lost.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace waypoint;

namespace {
plan test_plan() {
  return io::parse_plan(R"(waypoint: 1
plan: {id: t, period: 2020-01-01/2030-12-31}
entities: [{id: LAO}, {id: AFG}]
sections:
  - id: s
    actions:
      - id: a
        indicators:
          - {id: N, measure: count}
          - {id: P, measure: percentage}
          - {id: B, measure: binary}
          - {id: O, measure: ordinal, levels: [none, draft, adopted]}
          - {id: Q, measure: qualitative}
)",
                        io::plan_format::yaml, "t.yaml");
}
std::vector<problem> bad(const std::string& csv) {
  const plan p = test_plan();
  return test::problems_of([&] { (void)io::parse_observations(csv, p, "obs.csv"); });
}
}  // namespace

TEST_CASE("observation CSV loads every column", "[obs_io]") {
  const plan p = test_plan();
  const auto s = io::parse_observations(
      "indicator,entity,year,value,reported_on,flag,source,dim:sex,dim:age\n"
      "N,LAO,2021,5,,estimated,\"Monitor, 2022\",female,0-17\n"
      "N,LAO,2021,6,,,,male,\n"
      "N,LAO,2022,,,,,,\n"  // empty value: no data, skipped (never 0)
      "B,*,2022,yes,2023-04-30,,,,\n"
      "O,AFG,2022-Q3,draft,,provisional,,,\n"
      "Q,*,2022,\"Talks began; \"\"good\"\" progress\",,,,,\n",
      p, "obs.csv");
  CHECK(s.row_count() == 5);
  REQUIRE(s.series_count() == 5);
  // Series order: B/*, N/LAO[age=0-17;sex=female], N/LAO[sex=male], O/AFG, Q/*
  CHECK(*s.series(1).disaggregation == "age=0-17;sex=female");
  CHECK(s.series(1).flag(0) == obs_flag::estimated);
  CHECK(*s.series(2).disaggregation == "sex=male");
  CHECK(s.series(0).amount[0] == 1);
  CHECK(s.series(0).reported_on(0) == day_number(*parse_date("2023-04-30")));
  CHECK(s.series(3).amount[0] == 1);  // level index of "draft"
  CHECK(s.series(3).kind[0] == period_kind::quarter);
  CHECK(s.text(s.series(4).text(0)) == "Talks began; \"good\" progress");
}

TEST_CASE("bad observation rows: every one located, none silently dropped", "[obs_io][bad-input]") {
  const auto ps = bad(
      "indicator,entity,period,value\n"
      "N,LAO,2021,5\n"
      "X,LAO,2021,5\n"          // 3 unknown indicator
      "N,XYZ,2021,5\n"          // 4 unknown entity
      "N,LAO,2022,twelve\n"     // 5 not a number
      "N,LAO,2023,nan\n"        // 6 NaN
      "N,LAO,2024,inf\n"        // 7 inf
      "P,LAO,2021,100.5\n"      // 8 percentage out of range
      "O,LAO,2021,enacted\n"    // 9 level not on the scale
      "B,LAO,2021,maybe\n"      // 10 not yes/no
      "N,LAO,2021-13,5\n"       // 11 bad period
      "N,LAO,2025\n"            // 12 wrong field count
      "N,LAO,2021,6\n");        // 13 duplicate of line 2
  const std::vector<std::pair<errc, std::string>> expect = {
      {errc::obs_unknown_indicator, "obs.csv:3:1"}, {errc::obs_unknown_entity, "obs.csv:4:3"}, {errc::obs_not_a_number, "obs.csv:5:12"},
      {errc::obs_not_finite, "obs.csv:6:12"},      {errc::obs_not_finite, "obs.csv:7:12"},    {errc::obs_out_of_range, "obs.csv:8:12"},
      {errc::obs_bad_level, "obs.csv:9:12"},       {errc::obs_bad_level, "obs.csv:10:12"},    {errc::obs_bad_period, "obs.csv:11:7"},
      {errc::obs_syntax, "obs.csv:12"},            {errc::obs_duplicate, "obs.csv:13"}};
  REQUIRE(ps.size() == expect.size());
  for (std::size_t k = 0; k < expect.size(); ++k) {
    INFO(ps[k].str());
    CHECK(ps[k].code == expect[k].first);
    CHECK(ps[k].where.str() == expect[k].second);
  }
  CHECK(ps[2].message.find("expected a number for measure count, got \"twelve\"") != std::string::npos);
  CHECK(ps[10].message.find("obs.csv:2") != std::string::npos);
}

TEST_CASE("texts that are not UTF-8 or hold control characters are refused where they are, and the valid rows stay", "[obs_io][bad-input][text]") {
  const auto ps = bad(
      "indicator,entity,period,value,source\n"
      "Q,LAO,2021,caf\xC3\xA9 ok,\xE6\xBC\xA2 ok\n"  // 2 valid UTF-8: kept
      "Q,LAO,2022,caf\xE9,\n"                       // 3 Latin-1 in a narrative
      "N,LAO,2023,5,a\x1B[31m red\n"                // 4 an escape sequence in a source
      "Q,LAO,2024,tab\tand newline are fine,\n");   // 5 kept
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].code == errc::obs_bad_text);
  CHECK(ps[0].where.line == 3);
  CHECK(ps[0].message.find("the narrative is not a valid text at byte 4: invalid UTF-8 (byte 0xE9)") != std::string::npos);
  CHECK(ps[1].code == errc::obs_bad_text);
  CHECK(ps[1].where.line == 4);
  CHECK(ps[1].message.find("the source is not a valid text at byte 2: a control character (U+001B)") != std::string::npos);
}

TEST_CASE("a value too small for a double reads as 0, one too large is out of range", "[obs_io][bad-input]") {
  const plan p = test_plan();
  const auto store = io::parse_observations("indicator,entity,period,value\nN,LAO,2021,1e-999\nN,LAO,2022,-1e-400\n", p, "obs.csv");
  REQUIRE(store.row_count() == 2);
  const auto ps = bad("indicator,entity,period,value\nN,LAO,2021,1e999\n");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::obs_not_finite);
  CHECK(ps[0].where.line == 2);
}

TEST_CASE("values in every number form read as std::from_chars reads them, by the decimal fast path or not", "[obs_io][numbers]") {
  const plan p = test_plan();
  // Plain decimals (the fast path, src/io/decimal.hpp) and the rest (std::from_chars): the same
  // doubles, the sign of zero kept, a leading '+' read as before.
  const std::vector<std::string> values = {"49.4108", "123.", ".5", "-.5", "-0.0", "-0", "0", "+5", "+0.25", "1e2", "2.5E-1", "0.1",
                                           "999999999999999", "1234567890123456789", "0.0000000000000000000001", "0.00000000000000000000001"};
  std::string csv = "indicator,entity,period,value\n";
  for (std::size_t k = 0; k < values.size(); ++k) csv += "N,LAO,2021-01-" + std::string(k < 9 ? "0" : "") + std::to_string(k + 1) + "," + values[k] + "\n";
  const auto s = io::parse_observations(csv, p, "obs.csv");
  REQUIRE(s.series_count() == 1);
  REQUIRE(s.series(0).size() == values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    const std::string_view v = values[k][0] == '+' ? std::string_view(values[k]).substr(1) : std::string_view(values[k]);
    double expect = 0;
    REQUIRE(std::from_chars(v.data(), v.data() + v.size(), expect).ptr == v.data() + v.size());
    INFO(values[k]);
    CHECK(std::bit_cast<std::uint64_t>(s.series(0).amount[k]) == std::bit_cast<std::uint64_t>(expect));
  }
  CHECK(std::signbit(s.series(0).amount[4]));
  // Texts that are no number keep their message, and a percentage read either way is checked.
  const auto ps = bad("indicator,entity,period,value\nN,LAO,2021,.\nN,LAO,2022,-\nN,LAO,2023,1.2.3\nN,LAO,2024, 1\n"
                      "P,LAO,2021,100.5\nP,LAO,2022,1.005e2\nP,LAO,2023,-0.0\n"
                      "N,LAO,2025,+-5\nN,LAO,2026,++5\nN,LAO,2027,+\n");
  REQUIRE(ps.size() == 9);
  for (std::size_t k = 0; k < 4; ++k) CHECK(ps[k].code == errc::obs_not_a_number);
  CHECK(ps[2].message.find("expected a number for measure count, got \"1.2.3\"") != std::string::npos);
  CHECK(ps[4].code == errc::obs_out_of_range);
  CHECK(ps[4].message.find("a percentage must lie in 0-100, got \"100.5\"") != std::string::npos);
  CHECK(ps[5].code == errc::obs_out_of_range);
  CHECK(ps[5].where.line == 7);
  // One '+' is a sign; a '+' before another sign is no number (it once read as -5).
  for (std::size_t k = 6; k < 9; ++k) CHECK(ps[k].code == errc::obs_not_a_number);
  CHECK(ps[6].message.find("got \"+-5\"") != std::string::npos);
}

TEST_CASE("periods of different length that start the same day in one series are warned about, by name", "[obs_io][bad-input]") {
  const plan p = test_plan();
  const auto store = io::parse_observations(
      "indicator,entity,period,value\nN,LAO,2026,100\nN,LAO,2026-Q1,105\nN,LAO,2026-01,101\nN,AFG,2026,1\nN,AFG,2027-Q1,2\n"
      "N,AFG,2026-07-01/2026-09-30,3\n",
      p, "obs.csv");
  CHECK(store.row_count() == 6);  // a warning: every row kept
  REQUIRE(store.warnings().size() == 1);  // once per series; AFG's periods all start on different days
  const problem& w = store.warnings().front();
  CHECK(w.code == errc::data_mixed_periods);
  CHECK(w.warning);
  CHECK(w.where.file == "obs.csv");
  CHECK(w.where.line == 3);  // at the second of the first pair: 2026-01 (ends 01-31), then 2026-Q1 (03-31)
  CHECK(w.message.find("N/LAO: periods 2026-01 and 2026-Q1 both start on 2026-01-01") != std::string::npos);
}

TEST_CASE("groups of an indicator that declares no dimensions are kept, with a warning", "[obs_io][bad-input]") {
  const plan p = test_plan();
  const auto store = io::parse_observations("indicator,entity,period,value,dim:sex\nN,LAO,2021,1,female\nN,LAO,2021,2,\nN,LAO,2022,1,male\nP,LAO,2021,5,\n",
                                            p, "obs.csv");
  CHECK(store.row_count() == 4);
  REQUIRE(store.warnings().size() == 1);  // once for N; P has no groups
  const problem& w = store.warnings().front();
  CHECK(w.code == errc::data_undeclared_dimension);
  CHECK(w.where.file == "obs.csv");
  CHECK(w.message.find("indicator N declares no dimensions, so its groups ('sex=female', 'sex=male')") != std::string::npos);
}

TEST_CASE("a huge id is not echoed whole in an error", "[obs_io][bad-input]") {
  const std::string huge(1 << 20, 'X');
  const auto ps = bad("indicator,entity,period,value\nN," + huge + ",2021,1\n");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::obs_unknown_entity);
  CHECK(ps[0].where.line == 2);
  CHECK(ps[0].message.size() <= waypoint::detail::max_message_bytes + 40);
  CHECK(ps[0].message.rfind("unknown entity 'XXX", 0) == 0);
  CHECK(ps[0].message.find("bytes cut]") != std::string::npos);
  const plan p = test_plan();
  try {
    (void)io::parse_observations("indicator,entity,period,value\nN," + huge + ",2021,1\n", p, "obs.csv");
    FAIL("no error");
  } catch (const waypoint::error& e) {
    CHECK(std::string(e.what()).size() < 1200);
  }
}

TEST_CASE("bad observation files", "[obs_io][bad-input]") {
  CHECK(bad("")[0].code == errc::obs_empty);
  CHECK(bad("\n\n")[0].code == errc::obs_empty);
  const auto missing = bad("indicator,entity,value\n");
  CHECK(missing[0].code == errc::obs_missing_column);
  CHECK(missing[0].message.find("'period' (or 'year')") != std::string::npos);
  CHECK(bad("indicator,entity,period,value,colour\n")[0].code == errc::obs_unknown_column);
  const auto quote = bad("indicator,entity,period,value\nN,LAO,2021,\"5\n");
  CHECK(quote[0].code == errc::obs_syntax);
  CHECK(quote[0].where.str() == "obs.csv:2:12");
  CHECK(bad("indicator,entity,period,value,reported_on\nN,LAO,2021,5,30/04/2022\n")[0].code == errc::obs_bad_date);
  CHECK(bad("indicator,entity,period,value,flag\nN,LAO,2021,5,guess\n")[0].code == errc::obs_bad_flag);
  CHECK(test::problems_of([] { (void)io::load_observations("/nonexistent.csv", test_plan()); })[0].code == errc::obs_io);
}

TEST_CASE("header only and CRLF line endings", "[obs_io]") {
  const plan p = test_plan();
  CHECK(io::parse_observations("indicator,entity,period,value\n", p).row_count() == 0);
  const auto s = io::parse_observations("indicator,entity,period,value\r\nN,LAO,2021,5\r\nN,LAO,2022,6\r\n", p);
  CHECK(s.row_count() == 2);
}

TEST_CASE("unquoted fields with spaces, punctuation and UTF-8 end exactly where they end, at every byte offset", "[obs_io]") {
  // The tokenizer scans eight bytes at a time for bytes at or below ','; spaces, '!', '#', '&',
  // '\'', '(', ')', '*' and '+' sort below ',' too and must stay inside the field.
  const plan p = test_plan();
  std::string csv = "indicator,entity,year,source,value\n";
  std::vector<std::string> sources;
  for (int k = 0; k < 18; ++k) {
    sources.push_back(std::string(static_cast<std::size_t>(k), 'a') + " C\xC3\xB4te d'Ivoire #1 (r&d)!*+");
    csv += "N,LAO," + std::to_string(2000 + k) + "," + sources.back() + "," + std::to_string(k) + "\n";
  }
  const auto s = io::parse_observations(csv, p, "obs.csv");
  REQUIRE(s.row_count() == 18);
  for (std::size_t k = 0; k < 18; ++k) {
    CHECK(s.source_of_row(k) == sources[k]);
    CHECK(s.series(0).amount[k] == static_cast<double>(k));
  }
  // The column of a bad value after such a field counts every byte before it.
  const auto ps = bad("indicator,entity,year,source,value\nN,LAO,2021," + sources[5] + ",x!y\n");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::obs_not_a_number);
  CHECK(ps[0].where.column == std::string("N,LAO,2021,").size() + sources[5].size() + 2);
  CHECK(ps[0].message.find("\"x!y\"") != std::string::npos);
}

namespace {
/// A plan of one indicator, I, from an indicator table (which accepts any entity).
plan one_indicator_plan() {
  return io::parse_plan("indicator,direction,target,target_year,limit,base_year\nI,1,,2030,,2015\n", io::plan_format::indicator_table,
                        "ind.csv");
}
/// Observations of I: `entities` series (E100000, ...) of `years` yearly values from 2015, ~24 bytes a row.
std::string generated_csv(int entities, int years) {
  std::string csv = "indicator,entity,year,value\n";
  for (int e = 0; e < entities; ++e)
    for (int y = 0; y < years; ++y) csv += "I,E" + std::to_string(100000 + e) + "," + std::to_string(2015 + y) + "," + std::to_string(e + y) + ".5\n";
  return csv;
}
}  // namespace

TEST_CASE("files over 4 MB: parsed in parts with exact line numbers, and a quote anywhere means one pass", "[obs_io][parallel][bad-input]") {
  // 300,000 rows of ~24 bytes is over the 4 MB split size.
  const plan p = one_indicator_plan();
  const int entities = 30000, years = 10;
  const std::string csv = generated_csv(entities, years);
  REQUIRE(csv.size() > (std::size_t{4} << 20));
  const auto s = io::parse_observations(csv, p, "big.csv");
  CHECK(s.row_count() == static_cast<std::size_t>(entities * years));
  CHECK(s.series_count() == static_cast<std::size_t>(entities));
  // A bad value near the end: its line counts every line of the parts before it.
  std::string broken = csv;
  const std::size_t last = broken.rfind("I,E");
  broken.replace(last, broken.size() - last, "I,E999999,2020,abc\n");
  const auto ps = test::problems_of([&] { (void)io::parse_observations(broken, p, "big.csv"); });
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].code == errc::obs_not_a_number);
  CHECK(ps[0].where.line == static_cast<std::size_t>(entities * years + 1));
  // Quoted fields early in the file: quoted fields may hold newlines, so such a file is not cut at
  // line boundaries but read in one pass, and every row is still there.
  std::string quoted = csv;
  const std::size_t second = quoted.find('\n', quoted.find('\n') + 1) + 1;  // line 3
  quoted.insert(second, "\"I\",\"E0\",2015,1\n");
  const auto q = io::parse_observations(quoted, p, "quoted.csv");
  CHECK(q.row_count() == static_cast<std::size_t>(entities * years + 1));
}

TEST_CASE("parts parsed in place: blank lines, a file without its last newline and a builder that holds rows", "[obs_io][parallel]") {
  // Each part writes its rows into room of the builder sized by its newlines; a part with fewer
  // rows than lines (blank lines) leaves a gap that absorb closes. The rows must come out as if
  // read in one pass, with their lines.
  const plan p = one_indicator_plan();
  const int entities = 30000, years = 10;
  const std::string csv = generated_csv(entities, years);
  const auto clean = io::parse_observations(csv, p, "big.csv");
  // A blank line every ~1000 lines, so every part has gaps; and no newline at the end.
  std::string gappy;
  std::size_t lines = 0;
  for (std::size_t at = 0; at < csv.size();) {
    const std::size_t nl = csv.find('\n', at) + 1;
    gappy.append(csv, at, nl - at);
    if (++lines % 997 == 0) gappy += "\n";
    at = nl;
  }
  gappy.pop_back();
  REQUIRE(gappy.size() > (std::size_t{4} << 20));
  const auto s = io::parse_observations(gappy, p, "gappy.csv");
  CHECK(s.row_count() == clean.row_count());
  // The same stores, row for row (same_store below, spelled out: it is declared later).
  REQUIRE(s.series_count() == clean.series_count());
  for (std::size_t i = 0; i < s.series_count(); ++i) {
    const auto x = s.series(i), y = clean.series(i);
    REQUIRE(*x.entity == *y.entity);
    REQUIRE(std::equal(x.start.begin(), x.start.end(), y.start.begin(), y.start.end()));
    REQUIRE(std::equal(x.amount.begin(), x.amount.end(), y.amount.begin(), y.amount.end()));
  }
  // A bad value on the last line (which has no newline): its line counts the blank lines too.
  std::string broken = gappy;
  broken.replace(broken.rfind('\n') + 1, std::string::npos, "I,E999999,2020,abc");
  const auto ps = test::problems_of([&] { (void)io::parse_observations(broken, p, "gappy.csv"); });
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].where.line == static_cast<std::size_t>(std::count(broken.begin(), broken.end(), '\n')) + 1);
  // A row of the first series repeated on the last line: the rows are sorted, and the duplicate
  // names both lines, counted with the blank lines (the builder implies lines until a gap).
  std::string repeated = gappy + "\n" + csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n'));
  const auto dup = test::problems_of([&] { (void)io::parse_observations(repeated, p, "gappy.csv"); });
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].code == errc::obs_duplicate);
  CHECK(dup[0].where.line == static_cast<std::size_t>(std::count(repeated.begin(), repeated.end(), '\n')));
  CHECK(dup[0].message.find("gappy.csv:2") != std::string::npos);
  // Appended to a builder that already holds rows (another file): both files' rows are kept.
  observation_builder b(p);
  io::append_observations("indicator,entity,year,value\nI,A1,2015,7\nI,A1,2016,8\n", p, b, "first.csv");
  io::append_observations(gappy, p, b, "gappy.csv");
  const auto both = std::move(b).finish();
  CHECK(both.row_count() == clean.row_count() + 2);
  CHECK(both.series_count() == clean.series_count() + 1);
  const auto a1 = both.series(*both.find_series(0, "A1", ""));
  REQUIRE(a1.amount.size() == 2);
  CHECK(a1.amount[0] == 7);
  CHECK(a1.amount[1] == 8);
}

namespace {
/// Writes `text` to a file of its own under the system's temporary folder; removes it when done.
struct temp_csv {
  std::filesystem::path path;
  temp_csv(const std::string& name, const std::string& text)
      : path(std::filesystem::temp_directory_path() / ("waypoint-test-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~temp_csv() { std::filesystem::remove(path); }
  temp_csv(const temp_csv&) = delete;
  temp_csv& operator=(const temp_csv&) = delete;
};

/// True when both stores hold the same series and rows, in the same order.
bool same_store(const observation_store& a, const observation_store& b) {
  if (a.series_count() != b.series_count() || a.row_count() != b.row_count()) return false;
  for (std::size_t i = 0; i < a.series_count(); ++i) {
    const auto x = a.series(i), y = b.series(i);
    if (x.indicator != y.indicator || *x.entity != *y.entity || *x.disaggregation != *y.disaggregation ||
        !std::equal(x.start.begin(), x.start.end(), y.start.begin(), y.start.end()) ||
        !std::equal(x.amount.begin(), x.amount.end(), y.amount.begin(), y.amount.end()))
      return false;
  }
  return true;
}
}  // namespace

TEST_CASE("parts that outgrow the room lent to them: one row per series, and records ended by a lone CR", "[obs_io][parallel]") {
  // A part's room holds a row per line, and a run (series) per four lines. One row per series
  // fills the runs' room four times over, and a file whose records end with a lone '\r' has no
  // newline to count at all: those parts move to memory of their own. When later parts are still
  // in their rooms, absorbing the first ones in place would write over them: every part is then
  // copied. Here the first half of the file has one row per series, the second ten.
  const plan p = one_indicator_plan();
  const int singles = 200000, tens = 30000;
  std::string csv = generated_csv(singles, 1);
  std::string second = generated_csv(tens, 10);
  second.erase(0, second.find('\n') + 1);
  for (std::size_t at = 0; (at = second.find("I,E", at)) != std::string::npos; at += 3) second[at + 2] = 'F';  // after every E
  csv += second;
  REQUIRE(csv.size() > (std::size_t{8} << 20));
  for (const bool cr : {false, true}) {
    INFO((cr ? "lone CR line ends" : "newlines"));
    std::string text = csv;
    if (cr) std::replace(text.begin(), text.end(), '\n', '\r');
    const temp_csv f(cr ? "cr.csv" : "single.csv", text);
    for (const auto& s : {io::parse_observations(text, p, "single.csv"), io::load_observations(f.path.string(), p)}) {
      REQUIRE(s.row_count() == static_cast<std::size_t>(singles + 10 * tens));
      REQUIRE(s.series_count() == static_cast<std::size_t>(singles + tens));
      for (const int e : {0, 1, singles / 2, singles - 1}) {
        const auto at = s.find_series(0, "E" + std::to_string(100000 + e), "");
        REQUIRE(at);
        const auto v = s.series(*at);
        REQUIRE(v.amount.size() == 1);
        CHECK(v.amount[0] == e + 0.5);
      }
      for (const int e : {0, tens / 2, tens - 1}) {
        const auto at = s.find_series(0, "F" + std::to_string(100000 + e), "");
        REQUIRE(at);
        const auto v = s.series(*at);
        REQUIRE(v.amount.size() == 10);
        for (int y = 0; y < 10; ++y) CHECK(v.amount[static_cast<std::size_t>(y)] == e + y + 0.5);
      }
    }
  }
}

TEST_CASE("large files: read in chunks in parallel parts, the same rows and line numbers as in memory", "[obs_io][parallel][bad-input]") {
  // load_observations reads a regular file of 4 MB or more with pread, 2 MiB at a time per part,
  // each chunk ending at its last complete line. ~8 MB here: every part spans several chunks.
  const plan p = one_indicator_plan();
  const int entities = 40000, years = 10;
  const std::string csv = generated_csv(entities, years);
  REQUIRE(csv.size() > (std::size_t{8} << 20));
  const auto in_memory = io::parse_observations(csv, p, "big.csv");
  {
    const temp_csv f("big.csv", csv);
    const auto loaded = io::load_observations(f.path.string(), p);
    CHECK(loaded.row_count() == static_cast<std::size_t>(entities * years));
    CHECK(same_store(loaded, in_memory));
  }
  SECTION("a bad value in the last chunk and a duplicate across chunks name their lines in the whole file") {
    std::string broken = csv;
    const std::size_t last = broken.rfind("I,E");
    broken.replace(last, broken.size() - last, "I,E999999,2020,abc\n");
    // Line 3 again as line 2 + entities*years/2 (a later part): a duplicate of an earlier row.
    const std::size_t third = broken.find('\n', broken.find('\n') + 1) + 1;
    const std::string line3 = broken.substr(third, broken.find('\n', third) + 1 - third);
    std::size_t middle = broken.size() / 2;
    middle = broken.find('\n', middle) + 1;
    broken.insert(middle, line3);
    const std::size_t middle_line = static_cast<std::size_t>(std::count(broken.begin(), broken.begin() + static_cast<std::ptrdiff_t>(middle), '\n')) + 1;
    const temp_csv f("broken.csv", broken);
    const auto ps = test::problems_of([&] { (void)io::load_observations(f.path.string(), p); });
    const auto in_text = test::problems_of([&] { (void)io::parse_observations(broken, p, f.path.string()); });
    REQUIRE(ps.size() == 2);
    CHECK(test::find_code(ps, errc::obs_not_a_number).where.line == static_cast<std::size_t>(entities * years + 2));
    const auto dup = test::find_code(ps, errc::obs_duplicate);
    CHECK(dup.where.line == middle_line);
    CHECK(dup.message.find(":3") != std::string::npos);  // "first given at <file>:3"
    REQUIRE(in_text.size() == ps.size());
    for (std::size_t k = 0; k < ps.size(); ++k) CHECK(ps[k].str() == in_text[k].str());
  }
  SECTION("a quote anywhere: the file is read in one pass, and every row is there") {
    std::string quoted = csv;
    quoted.insert(quoted.find('\n', quoted.size() - 1000) + 1, "\"I\",\"E0\",2015,1\n");  // near the end, in the last part
    quoted.insert(quoted.find('\n') + 1, "I,\"E\n1\",2015,1\n");  // a newline inside a quoted entity
    const temp_csv f("quoted.csv", quoted);
    const auto loaded = io::load_observations(f.path.string(), p);
    CHECK(loaded.row_count() == static_cast<std::size_t>(entities * years + 2));
    CHECK(same_store(loaded, io::parse_observations(quoted, p, "quoted.csv")));
  }
  SECTION("a line longer than a chunk is read whole") {
    std::string long_line = "indicator,entity,year,value,source\n";
    for (int e = 0; e < entities; ++e) long_line += "I,E" + std::to_string(100000 + e) + ",2015,1,s\n";
    const std::string source(std::size_t{5} << 20, 'x');  // 5 MiB: more than two chunks
    long_line += "I,E999999,2015,1," + source + "\n";
    for (int e = 0; e < entities; ++e) long_line += "I,F" + std::to_string(100000 + e) + ",2015,1,s\n";
    const temp_csv f("long.csv", long_line);
    const auto loaded = io::load_observations(f.path.string(), p);
    REQUIRE(loaded.row_count() == static_cast<std::size_t>(2 * entities + 1));
    CHECK(same_store(loaded, io::parse_observations(long_line, p, "long.csv")));
    bool found = false;
    for (std::size_t row = 0; row < loaded.row_count(); ++row) found = found || loaded.source_of_row(row) == source;
    CHECK(found);
  }
}
