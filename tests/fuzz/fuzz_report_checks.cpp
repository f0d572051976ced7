// The checks fuzz_report makes of the reports it has written; a broken one aborts (a finding).
// Compiled without coverage instrumentation (CMakeLists.txt): which branches of a check an
// output takes is no news about the writers, and would only grow the corpus.
//   utf8         both reports are UTF-8 without control characters other than tab, LF and CR
//   html-xml     the HTML, with its <meta> tags closed, parses as XML (pugixml) with one root
//   html-tags    every element is one the writer emits (no script), no attribute is an event
//                handler (on*), every href is a fragment (#...)
//   html-escape  every '&' starts &amp; &lt; &gt; or &quot;, no '>' stands in text and no '<' or
//                '>' in an attribute value: what escape() makes of the input's texts
//   md-lines     every Markdown line is a heading, a quote, a table row, blank, or one of the
//                writer's own sentences; the title is the first line and the one '# ', a blank
//                line follows each heading, tables start with their header and delimiter rows,
//                and there are as many headings as the HTML has <h1> and <h2>: no text of the
//                input starts a line of its own
//   md-table     every row of a Markdown table has the cells of its header row
//   md-entities  the Markdown has no '<', no '>' except the quote marker at a line's start, and
//                every '&' starts &lt; &gt; or &amp; (texts are written with these entities)
// WAYPOINT_FUZZ_REPORT_SKIP=check,check,... skips the named checks: to fuzz on past a finding
// that is not fixed yet.
#include "fuzz_report_checks.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string_view>
#include <vector>

namespace fuzz_report {
namespace {

std::set<std::string> skipped_checks() {
  std::set<std::string> out;
  const char* env = std::getenv("WAYPOINT_FUZZ_REPORT_SKIP");
  std::string_view s = env ? env : "";
  while (!s.empty()) {
    const auto comma = s.find(',');
    out.emplace(s.substr(0, comma));
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
  }
  return out;
}

bool checked(const char* name) {
  static const std::set<std::string> skip = skipped_checks();
  return !skip.contains(name);
}

}  // namespace

void finding(const char* check, const std::string& what, std::string_view out, std::size_t at) {
  std::cerr << "fuzz_report: " << check << ": " << what << '\n';
  if (!out.empty()) {
    const std::size_t from = at > 200 ? at - 200 : 0;
    std::cerr << "at byte " << at << " of the output, after [[" << out.substr(from, at - from) << "]]: [[" << out.substr(at, 200) << "]]\n";
  }
  std::abort();
}

namespace {

/// The offset of the first byte of `s` that is not part of a UTF-8 character (no overlong forms,
/// surrogates or code points past U+10FFFF), or a C0 control other than tab, LF and CR; npos if
/// none. Written here rather than calling waypoint::text_fault_of: a check of its own, and no
/// uninstrumented copy of the library's inline function to take the place of the loaders' one.
std::size_t bad_text_at(std::string_view s) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned c = b[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    unsigned cp = c & (0xFFu >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
      if ((b[i + k] & 0xC0) != 0x80) return i;
      cp = cp << 6 | (b[i + k] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

void check_utf8(std::string_view out, const char* which) {
  if (!checked("utf8")) return;
  if (const std::size_t at = bad_text_at(out); at != std::string_view::npos)
    finding("utf8", std::string(which) + ": not UTF-8, or a control character", out, at);
}

/// The elements html.cpp and chart.cpp write.
const std::set<std::string, std::less<>> html_elements = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "code", "strong", "nav", "a",
    "section", "span", "table", "tr", "th", "td", "details", "summary", "ul", "li", "article", "div", "figure", "blockquote", "footer",
    "svg", "defs", "clipPath", "rect", "line", "text", "g", "path", "polyline", "circle"};

bool starts_with_entity(std::string_view s, std::initializer_list<std::string_view> entities) {
  for (const auto e : entities)
    if (s.starts_with(e)) return true;
  return false;
}

/// html-escape: a scan of the raw text, which pugixml accepts more loosely (a lone '&', '>' in
/// text, '<' in attribute values).
void check_html_escapes(std::string_view h) {
  if (!checked("html-escape")) return;
  bool in_tag = false, in_style = false;
  char quote = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const char c = h[i];
    if (in_style) {  // CSS: the writer's own constant
      if (h.substr(i).starts_with("</style>")) in_style = false;
      else continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '<' || c == '>') finding("html-escape", std::string("a raw '") + c + "' in an attribute value", h, i);
      else if (c == '&' && !starts_with_entity(h.substr(i), {"&amp;", "&lt;", "&gt;", "&quot;"})) finding("html-escape", "a raw '&' in an attribute value", h, i);
    } else if (in_tag) {
      if (c == '"' || c == '\'') quote = c;
      else if (c == '<') finding("html-escape", "a '<' inside a tag", h, i);
      else if (c == '>') {
        in_tag = false;
        if (h.substr(0, i).ends_with("<style")) in_style = true;
      }
    } else if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      finding("html-escape", "a raw '>' in text", h, i);
    } else if (c == '&' && !starts_with_entity(h.substr(i), {"&amp;", "&lt;", "&gt;", "&quot;"})) {
      finding("html-escape", "a raw '&' in text", h, i);
    }
  }
}

void check_html_node(const pugi::xml_node& n) {
  for (const auto& e : n.children()) {
    if (e.type() != pugi::node_element) continue;
    if (!html_elements.contains(std::string_view(e.name()))) finding("html-tags", std::string("an element the writer does not write: <") + e.name() + ">");
    for (const auto& a : e.attributes()) {
      const std::string_view name = a.name();
      if (name.size() >= 2 && (name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N'))
        finding("html-tags", std::string("an event handler attribute ") + a.name() + " on <" + e.name() + ">");
      // Links stay in the document: anchors, and the per-chart CSV downloads as data: URIs
      // (percent-encoded, so no quote or angle bracket of the data can end the attribute).
      const std::string_view href = a.value();
      if (name == "href" && !href.starts_with("#") && !href.starts_with("data:text/csv;charset=utf-8,"))
        finding("html-tags", std::string("a link out of the document: ") + a.value());
      if (name == "href" && href.starts_with("data:") && href.find_first_of("\"<> ") != std::string_view::npos)
        finding("html-tags", std::string("a data: URI that is not percent-encoded: ") + a.value());
    }
    check_html_node(e);
  }
}

}  // namespace

std::size_t check_html(const std::string& h) {
  constexpr std::size_t unknown = std::string::npos;
  check_utf8(h, "HTML");
  check_html_escapes(h);
  // HTML's void <meta> is the one tag the writer does not close; close it for the XML parser.
  std::string x = h;
  for (std::size_t at = 0; (at = x.find("<meta ", at)) != std::string::npos;) {
    const std::size_t end = x.find('>', at);
    if (end == std::string::npos) {
      if (checked("html-xml")) finding("html-xml", "a <meta> tag without its '>'", h, at);
      return unknown;
    }
    if (x[end - 1] != '/') x.insert(end, "/");
    at = end;
  }
  pugi::xml_document doc;
  const auto r = doc.load_buffer(x.data(), x.size());
  if (!r) {
    if (checked("html-xml")) finding("html-xml", std::string("not well-formed: ") + r.description(), x, static_cast<std::size_t>(r.offset));
    return unknown;
  }
  std::size_t roots = 0;
  for (const auto& e : doc.children()) roots += e.type() == pugi::node_element;
  if (checked("html-xml") && (roots != 1 || std::string_view(doc.document_element().name()) != "html"))
    finding("html-xml", std::to_string(roots) + " root elements, the first <" + doc.document_element().name() + ">");
  if (checked("html-tags")) check_html_node(doc);
  return doc.select_nodes("//h1 | //h2").size();
}

namespace {

/// The lines the Markdown writer starts itself (markdown.cpp), besides headings, quotes and rows.
constexpr std::array<std::string_view, 9> md_sentences = {"Plan ", "Total series per status", "Series per status", "Not computed",
                                                          "No series is off track", "Series off track or regressing",
                                                          "The indicators whose data also serve",  // streamlined reporting
                                                          "Sources:", "- "};  // each indicator's sources, one item each

/// The lines of `md`, which CommonMark ends at LF, CR or CR LF.
std::vector<std::string_view> md_lines(std::string_view md) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < md.size();) {
    const std::size_t end = std::min(md.find_first_of("\r\n", at), md.size());
    out.push_back(md.substr(at, end - at));
    at = end + (md.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  return out;
}

bool md_row(std::string_view line) { return line.starts_with("| ") && line.ends_with(" |"); }
bool md_delimiter_row(std::string_view line) {
  return line.starts_with("|---") && line.ends_with("|") && line.find_first_not_of("|-:") == std::string_view::npos;
}

/// The cells of a table row: its '|' not escaped by a backslash, less one.
std::size_t md_cells(std::string_view row) {
  std::size_t bars = 0;
  for (std::size_t i = 0; i < row.size(); ++i) bars += row[i] == '|' && (i == 0 || row[i - 1] != '\\');
  return bars - 1;
}

}  // namespace

void check_markdown(const std::string& md, std::size_t html_headings) {
  check_utf8(md, "Markdown");
  const auto lines = md_lines(md);
  // Where line k starts in `md`, for the message.
  const auto offset = [&](std::size_t k) { return static_cast<std::size_t>(lines[k].data() - md.data()); };
  std::size_t headings = 0;
  std::size_t header_cells = 0;  // of the table line k is in; 0 outside tables
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string_view line = lines[k];
    const bool table = line.starts_with("|");
    const std::string_view next = k + 1 < lines.size() ? lines[k + 1] : std::string_view{};
    if (line.starts_with("# ") || line.starts_with("## ")) ++headings;
    if (checked("md-lines")) {
      if ((k == 0) != line.starts_with("# ")) finding("md-lines", "the title is not the one line that starts with '# '", md, offset(k));
      if ((line.starts_with("# ") || line.starts_with("## ")) && !next.empty()) finding("md-lines", "a heading not followed by a blank line", md, offset(k));
      if (table && header_cells == 0 && !(md_row(line) && md_delimiter_row(next))) finding("md-lines", "a table without its header and delimiter rows", md, offset(k));
      if (table && header_cells != 0 && !md_row(line) && !(md_delimiter_row(line) && k > 0 && md_row(lines[k - 1])))
        finding("md-lines", "a line of a table that is not a row", md, offset(k));
      if (!line.empty() && !table && !line.starts_with("# ") && !line.starts_with("## ") && !line.starts_with("> ") &&
          std::none_of(md_sentences.begin(), md_sentences.end(), [&](std::string_view s) { return line.starts_with(s); }))
        finding("md-lines", "a line the writer does not start", md, offset(k));
    }
    if (table) {
      const std::size_t n = md_cells(line);
      if (header_cells == 0) header_cells = n;
      else if (checked("md-table") && n != header_cells)
        finding("md-table", std::to_string(n) + " cells in a row of a table of " + std::to_string(header_cells), md, offset(k));
    } else {
      header_cells = 0;
    }
    if (checked("md-entities")) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '<') finding("md-entities", "a raw '<'", md, offset(k) + i);
        if (c == '>' && !(i == 0 && line.starts_with("> "))) finding("md-entities", "a raw '>'", md, offset(k) + i);
        if (c == '&' && !starts_with_entity(line.substr(i), {"&amp;", "&lt;", "&gt;"})) finding("md-entities", "a raw '&'", md, offset(k) + i);
      }
    }
  }
  // The HTML has an <h1> or <h2> for each heading of the Markdown (title, summary, challenges,
  // milestones, sections): a line break in a text can make more.
  if (checked("md-lines") && html_headings != std::string::npos && headings != html_headings)
    finding("md-lines", std::to_string(headings) + " headings, the HTML " + std::to_string(html_headings));
}

}  // namespace fuzz_report
