// libFuzzer harness: the HTML and Markdown reports (src/report) of a plan and its observations.
// Input: a YAML plan, then optionally a line `# observations` (or `# observations as of
// YYYY-MM-DD`) and an observation CSV. A plan that does not load ends the run; observations that
// do not load are replaced by none. The plan is evaluated (as of the date given, else the latest
// data) and both reports are written. Any exception, and any output that breaks one of the
// checks below, aborts (a finding):
//   utf8         both reports are UTF-8 without control characters other than tab, LF and CR
//   html-xml     the HTML, with its <meta> tags closed, parses as XML (pugixml) with one root
//   html-tags    every element is one the writer emits (no script), no attribute is an event
//                handler (on*), every href is a fragment (#...)
//   html-escape  every '&' starts &amp; &lt; &gt; or &quot;, no '>' stands in text and no '<' or
//                '>' in an attribute value: what escape() makes of the input's texts
//   md-lines     every Markdown line is a heading, a quote, a table row, blank, or one of the
//                writer's own sentences: no text of the input starts a line of its own
//   md-table     every row of a Markdown table has the cells of its header row
//   md-entities  the Markdown has no '<', no '>' except the quote marker at a line's start, and
//                every '&' starts &lt; &gt; or &amp; (texts are written with these entities)
// WAYPOINT_FUZZ_REPORT_SKIP=check,check,... skips the named checks: to fuzz on past a finding
// that is not fixed yet.
#include <pugixml.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "waypoint/eval/evaluate.hpp"
#include "waypoint/io/observations_io.hpp"
#include "waypoint/io/plan_io.hpp"
#include "waypoint/model/text.hpp"
#include "waypoint/report/report.hpp"

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

/// Aborts with the check's name, what is wrong, and the output around byte `at`.
[[noreturn]] void finding(const char* check, const std::string& what, std::string_view out = {}, std::size_t at = 0) {
  std::cerr << "fuzz_report: " << check << ": " << what << '\n';
  if (!out.empty()) {
    const std::size_t from = at > 200 ? at - 200 : 0;
    std::cerr << "at byte " << at << " of the output, after [[" << out.substr(from, at - from) << "]]: [[" << out.substr(at, 200) << "]]\n";
  }
  std::abort();
}

void check_utf8(std::string_view out, const char* which) {
  if (!checked("utf8")) return;
  if (const auto f = waypoint::text_fault_of(out)) finding("utf8", std::string(which) + ": " + f->what, out, f->offset);
}

/// The elements html.cpp and chart.cpp write.
const std::set<std::string, std::less<>> html_elements = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "code", "strong", "nav", "a",
    "section", "span", "table", "tr", "th", "td", "details", "summary", "ul", "li", "article", "div", "blockquote", "footer",
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
      if (name == "href" && a.value()[0] != '#') finding("html-tags", std::string("a link out of the document: ") + a.value());
    }
    check_html_node(e);
  }
}

void check_html(const std::string& h) {
  check_utf8(h, "HTML");
  check_html_escapes(h);
  if (!checked("html-xml") && !checked("html-tags")) return;
  // HTML's void <meta> is the one tag the writer does not close; close it for the XML parser.
  std::string x = h;
  for (std::size_t at = 0; (at = x.find("<meta ", at)) != std::string::npos;) {
    const std::size_t end = x.find('>', at);
    if (end == std::string::npos) finding("html-xml", "a <meta> tag without its '>'", h, at);
    if (x[end - 1] != '/') x.insert(end, "/");
    at = end;
  }
  pugi::xml_document doc;
  const auto r = doc.load_buffer(x.data(), x.size());
  if (!r) {
    if (!checked("html-xml")) return;
    finding("html-xml", std::string("not well-formed: ") + r.description(), x, static_cast<std::size_t>(r.offset));
  }
  std::size_t roots = 0;
  for (const auto& e : doc.children()) roots += e.type() == pugi::node_element;
  if (checked("html-xml") && (roots != 1 || std::string_view(doc.document_element().name()) != "html"))
    finding("html-xml", std::to_string(roots) + " root elements, the first <" + doc.document_element().name() + ">");
  if (checked("html-tags")) check_html_node(doc);
}

/// The lines the Markdown writer starts itself (markdown.cpp), besides headings, quotes and rows.
constexpr std::array<std::string_view, 6> md_sentences = {"Plan `", "Total series per status", "Series per status", "Not computed",
                                                          "No series is off track", "Series off track or regressing"};

/// The cells of a table row: its '|' not escaped by a backslash, less one.
std::size_t md_cells(std::string_view row) {
  std::size_t bars = 0;
  for (std::size_t i = 0; i < row.size(); ++i) bars += row[i] == '|' && (i == 0 || row[i - 1] != '\\');
  return bars - 1;
}

void check_markdown(const std::string& md) {
  check_utf8(md, "Markdown");
  std::size_t header_cells = 0;  // of the table the previous line was in; 0 outside tables
  for (std::size_t at = 0; at < md.size();) {
    // CommonMark ends a line at LF, CR or CR LF.
    std::size_t end = md.find_first_of("\r\n", at);
    if (end == std::string::npos) end = md.size();
    const std::string_view line(md.data() + at, end - at);
    if (checked("md-lines") && !line.empty() && !line.starts_with("# ") && !line.starts_with("## ") && !line.starts_with("> ") &&
        !(line.starts_with("| ") && line.ends_with(" |")) && !(line.starts_with("|---") && line.ends_with("|"))) {
      bool sentence = false;
      for (const auto s : md_sentences) sentence = sentence || line.starts_with(s);
      if (!sentence) finding("md-lines", "a line the writer does not start", md, at);
    }
    if (line.starts_with("|")) {
      const std::size_t n = md_cells(line);
      if (header_cells == 0) header_cells = n;
      else if (checked("md-table") && n != header_cells)
        finding("md-table", std::to_string(n) + " cells in a row of a table of " + std::to_string(header_cells), md, at);
    } else {
      header_cells = 0;
    }
    if (checked("md-entities")) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '<') finding("md-entities", "a raw '<'", md, at + i);
        if (c == '>' && !(i == 0 && line.starts_with("> "))) finding("md-entities", "a raw '>'", md, at + i);
        if (c == '&' && !starts_with_entity(line.substr(i), {"&amp;", "&lt;", "&gt;"})) finding("md-entities", "a raw '&'", md, at + i);
      }
    }
    at = end + (md.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = waypoint::io;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view separator = "\n# observations";
  const std::size_t split = text.find(separator);
  const std::string_view plan_text = text.substr(0, split);
  std::optional<waypoint::plan> p;
  try {
    p.emplace(io::parse_plan(plan_text, io::plan_format::yaml, "fuzz.yaml"));
  } catch (const waypoint::error&) {
    return 0;
  }
  std::optional<waypoint::date> as_of;
  std::optional<waypoint::observation_store> obs;
  if (split != std::string_view::npos) {
    std::string_view rest = text.substr(split + separator.size());
    const std::size_t eol = rest.find('\n');
    const std::string_view head = rest.substr(0, eol);
    if (head.starts_with(" as of ")) as_of = waypoint::parse_date(head.substr(7));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    try {
      obs.emplace(io::parse_observations(rest, *p, "fuzz.csv"));
    } catch (const waypoint::error&) {
    }
  }
  if (!obs) obs.emplace(waypoint::observation_builder(*p).finish());
  std::string html, md;
  try {
    waypoint::evaluation_options opt;
    opt.threads = 1;
    const waypoint::evaluation ev = waypoint::evaluate(*p, *obs, as_of, opt);
    std::ostringstream h, m;
    waypoint::report::write_html(h, *p, ev);
    waypoint::report::write_markdown(m, *p, ev);
    html = h.str();
    md = m.str();
  } catch (const std::exception& e) {
    finding("exception", std::string("evaluating or writing a plan that loaded threw: ") + e.what());
  }
  check_html(html);
  check_markdown(md);
  return 0;
}
