// The checks of fuzz_report (fuzz_report_checks.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fuzz_report {

/// Aborts with the check's name, what is wrong, and the output around byte `at` (when given).
[[noreturn]] void finding(const char* check, const std::string& what, std::string_view out = {}, std::size_t at = 0);

/// Checks an HTML report: utf8, html-xml, html-tags, html-escape. Returns its number of <h1> and
/// <h2> elements, std::string::npos when it does not parse.
std::size_t check_html(const std::string& html);

/// Checks a Markdown report: utf8, md-lines, md-table, md-entities; `html_headings` is what
/// check_html returned for the HTML report of the same evaluation.
void check_markdown(const std::string& md, std::size_t html_headings);

}  // namespace fuzz_report
