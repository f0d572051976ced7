// The error-code vocabulary (waypoint/error_code.hpp): unique texts that round-trip, printed as
// before, and listed in docs/errors.md exactly as in the enum.
#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace waypoint;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::filesystem::path source_dir{WAYPOINT_SOURCE_DIR};

}  // namespace

TEST_CASE("Error codes: every code has a unique non-empty text and meaning, and its text reads back", "[error]") {
  std::set<std::string_view> texts;
  const std::regex shape("[a-z]+\\.[a-z_]+");
  for (std::size_t k = 0; k < errc_table.size(); ++k) {
    const auto c = static_cast<errc>(k);
    INFO(k << " " << to_string(c));
    CHECK(errc_table[k].code == c);
    CHECK_FALSE(to_string(c).empty());
    CHECK_FALSE(meaning(c).empty());
    CHECK(std::regex_match(std::string(to_string(c)), shape));
    CHECK(texts.insert(to_string(c)).second);
    CHECK(parse_errc(to_string(c)) == c);
    CHECK(to_string(c).data()[to_string(c).size()] == '\0');  // the C API hands out the pointer
  }
  CHECK(texts.size() == errc_table.size());
  CHECK_FALSE(parse_errc("plan.no_such_code"));
  CHECK_FALSE(parse_errc(""));
  CHECK_FALSE(parse_errc("plan"));
  static_assert(to_string(errc::plan_duplicate_id) == "plan.duplicate_id");
  static_assert(parse_errc("obs.io") == errc::obs_io);
}

TEST_CASE("Error codes: problems and errors print the stable text", "[error]") {
  const problem p{errc::plan_duplicate_id, location{"plan.yaml", 3, 7, "/sections/0"}, "duplicate section id 'S1'"};
  CHECK(p.str() == "plan.yaml:3:7 (/sections/0): plan.duplicate_id: duplicate section id 'S1'");
  const error e(errc::obs_io, location{"obs.csv", 0, 0, {}}, "cannot open file");
  CHECK(e.code() == errc::obs_io);
  CHECK(std::string(e.what()) == "obs.csv: obs.io: cannot open file");
  std::ostringstream os;
  os << errc::method_unknown;
  CHECK(os.str() == "method.unknown");
}

TEST_CASE("Error codes: docs/errors.md lists every code with its meaning, in the order of the enum", "[error][docs]") {
  const std::string doc = read_text(source_dir / "docs" / "errors.md");
  const std::regex row("\\| `([a-z]+\\.[a-z_]+)` \\| (.*) \\|\n");
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it) rows.emplace_back((*it)[1], (*it)[2]);
  REQUIRE(rows.size() == errc_table.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CHECK(rows[k].first == errc_table[k].text);
    CHECK(rows[k].second == errc_table[k].meaning);
  }
}

TEST_CASE("Error codes: every code the docs and the README name exists", "[error][docs]") {
  std::set<std::string> prefixes;
  for (const auto& row : errc_table) prefixes.insert(std::string(row.text.substr(0, row.text.find('.'))));
  // `plan.unknown_key`, but not `plan.yaml` or `observations.csv`: a file name.
  const std::regex named("`([a-z]+)\\.([a-z_]+)`");
  const std::set<std::string> extensions = {"yaml", "yml", "json", "csv", "xml", "md", "hpp", "cpp", "h", "py", "html"};
  std::vector<std::filesystem::path> files = {source_dir / "README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(source_dir / "docs"))
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  std::size_t seen = 0;
  for (const auto& f : files) {
    const std::string text = read_text(f);
    for (std::sregex_iterator it(text.begin(), text.end(), named), end; it != end; ++it) {
      if (!prefixes.count((*it)[1]) || extensions.count((*it)[2])) continue;
      INFO(f.filename().string() << ": " << (*it)[0]);
      CHECK(parse_errc((*it)[1].str() + "." + (*it)[2].str()));
      ++seen;
    }
  }
  CHECK(seen > errc_table.size());  // errors.md alone names each once
}
