// The error-code vocabulary (waypoint/error_code.hpp): unique texts that round-trip, printed as
// before, and listed in docs/errors.md exactly as in the enum.
#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

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

// Plain scanning, not std::regex: GCC 12 warns (maybe-uninitialized) inside <regex> in the
// sanitizer build, and warnings are errors.

/// `[a-z]+` then `.` then `[a-z_]+`.
bool code_shaped(std::string_view s) {
  const auto dot = s.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == s.size()) return false;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    if (k == dot) continue;
    if (!((c >= 'a' && c <= 'z') || (c == '_' && k > dot))) return false;
  }
  return true;
}

/// Every `text` between backticks in `doc` that is code-shaped, in order.
std::vector<std::string> backticked_codes(const std::string& doc) {
  std::vector<std::string> out;
  for (std::size_t open = doc.find('`'); open != std::string::npos;) {
    const std::size_t close = doc.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string_view inside(doc.data() + open + 1, close - open - 1);
    if (code_shaped(inside)) {
      out.emplace_back(inside);
      open = doc.find('`', close + 1);
    } else {
      open = close;  // the closing backtick may open the next span
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Error codes: every code has a unique non-empty text and meaning, and its text reads back", "[error]") {
  std::set<std::string_view> texts;
  for (std::size_t k = 0; k < errc_table.size(); ++k) {
    const auto c = static_cast<errc>(k);
    INFO(k << " " << to_string(c));
    CHECK(errc_table[k].code == c);
    CHECK_FALSE(to_string(c).empty());
    CHECK_FALSE(meaning(c).empty());
    CHECK(code_shaped(to_string(c)));
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
  std::vector<std::pair<std::string, std::string>> rows;  // "| `code` | meaning |" lines
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0 || line.size() < 4 || line.compare(line.size() - 2, 2, " |") != 0) continue;
    const auto close = line.find("` | ", 3);
    if (close == std::string::npos || !code_shaped(std::string_view(line).substr(3, close - 3))) continue;
    rows.emplace_back(line.substr(3, close - 3), line.substr(close + 4, line.size() - 2 - (close + 4)));
  }
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
  const std::set<std::string> extensions = {"yaml", "yml", "json", "csv", "xml", "md", "hpp", "cpp", "h", "py", "html"};
  std::vector<std::filesystem::path> files = {source_dir / "README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(source_dir / "docs"))
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  std::size_t seen = 0;
  for (const auto& f : files) {
    const std::string text = read_text(f);
    for (const auto& name : backticked_codes(text)) {
      const auto dot = name.find('.');
      if (!prefixes.count(name.substr(0, dot)) || extensions.count(name.substr(dot + 1))) continue;
      INFO(f.filename().string() << ": " << name);
      CHECK(parse_errc(name));
      ++seen;
    }
  }
  CHECK(seen > errc_table.size());  // errors.md alone names each once
}
