// model/text.hpp: which texts waypoint accepts (text_fault_of), byte by byte.
#include <catch2/catch.hpp>

#include <string>

#include "waypoint/model/text.hpp"

using waypoint::text_fault_of;

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
