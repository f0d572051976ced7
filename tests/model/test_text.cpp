// model/text.hpp: which texts waypoint accepts (text_fault_of), byte by byte.
#include <catch2/catch.hpp>

#include <string>

#include "waypoint/model/text.hpp"

using waypoint::text_fault_of;
using waypoint::after_plus;
using waypoint::utf8_prefix;

TEST_CASE("text_fault_of accepts UTF-8 with tab, line feed and carriage return", "[text]") {
  for (const std::string& s : {std::string(), std::string("plain ASCII ~"), std::string("caf\xC3\xA9"), std::string("\xE6\xBC\xA2\xE5\xAD\x97"),
                              std::string("\xF0\x9F\x98\x80"), std::string("\xF4\x8F\xBF\xBF"), std::string("a\tb\nc\r\n"), std::string("\x7F")}) {
    INFO(s);
    CHECK_FALSE(text_fault_of(s));
  }
}

TEST_CASE("text_fault_of names the first bad byte: invalid UTF-8 and C0 controls", "[text]") {
  const struct {
    std::string text;
    std::size_t offset;
    const char* what;
  } cases[] = {
      {"caf\xE9", 3, "invalid UTF-8 (byte 0xE9)"},                // Latin-1
      {"ok\xC0\xAF", 2, "invalid UTF-8 (byte 0xC0)"},             // overlong '/'
      {"\xE0\x80\xAF", 0, "invalid UTF-8 (byte 0xE0)"},           // overlong, 3 bytes
      {"x\xED\xA0\x80", 1, "invalid UTF-8 (byte 0xED)"},          // a surrogate
      {"\xF4\x90\x80\x80", 0, "invalid UTF-8 (byte 0xF4)"},       // past U+10FFFF
      {"\xE2\x82", 0, "invalid UTF-8 (byte 0xE2)"},               // cut short
      {"\x80", 0, "invalid UTF-8 (byte 0x80)"},                   // a lone continuation byte
      {"a\x01", 1, "a control character (U+0001)"},
      {"\x1B[31m", 0, "a control character (U+001B)"},
      {std::string("nul\0here", 8), 3, "a control character (U+0000)"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto f = text_fault_of(c.text);
    REQUIRE(f);
    CHECK(f->offset == c.offset);
    CHECK(f->what == c.what);
  }
}

TEST_CASE("one leading plus is a sign, and a plus before another sign is no number", "[text][numbers]") {
  // Every reader of numbers (observations, plan scalars, IATI values) starts from_chars here.
  const auto start = [](std::string_view s) { return static_cast<std::size_t>(after_plus(s) - s.data()); };
  CHECK(start("+5") == 1);
  CHECK(start("+.5") == 1);
  CHECK(start("5") == 0);
  CHECK(start("-5") == 0);
  CHECK(start("+-5") == 0);  // from_chars then refuses the '+': it once read -5
  CHECK(start("++5") == 0);
  CHECK(start("+") == 0);
  CHECK(start("") == 0);
  // And the cut of a text never leaves half a UTF-8 character: the boundary walk both cuts share.
  CHECK(waypoint::detail::utf8_start("a\u00e9b", 2) == 1);  // byte 2 is the second byte of é
  CHECK(waypoint::detail::utf8_start("a\u00e9b", 3) == 3);
  CHECK(utf8_prefix("a\u00e9b", 2) == "a");
}
