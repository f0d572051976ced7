// The observation loader's fast path for plain decimals (src/io/decimal.hpp) against its reference,
// std::from_chars: the same double, bit for bit, for every text it takes, and no text taken that
// it must leave to from_chars.
#include <catch2/catch.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "../src/io/decimal.hpp"

namespace {
using waypoint::io::detail::parse_plain_decimal;

/// The bits of what std::from_chars reads from all of `s`; fails the test when it does not read it all.
std::uint64_t reference_bits(std::string_view s) {
  double d = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  INFO("from_chars on \"" << std::string(s) << "\"");
  REQUIRE(r.ec == std::errc{});
  REQUIRE(r.ptr == s.data() + s.size());
  return std::bit_cast<std::uint64_t>(d);
}

/// Checks that the fast path takes `s` and reads the bits from_chars reads.
void check_same(const std::string& s) {
  double d = 0;
  INFO("\"" << s << "\"");
  REQUIRE(parse_plain_decimal(s, d));
  REQUIRE(std::bit_cast<std::uint64_t>(d) == reference_bits(s));
}

/// A random plain decimal that the fast path must take: a sign or none, up to three leading zeros
/// (more when the point needs them), then `significant` digits from a non-zero one on, placed so
/// that `fraction` digits follow the point.
std::string random_decimal(std::mt19937_64& rng, int significant, int fraction) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::string digits(1, static_cast<char>('1' + pick(0, 8)));
  for (int k = 1; k < significant; ++k) digits += static_cast<char>('0' + pick(0, 9));
  digits.insert(0, static_cast<std::size_t>(pick(0, 3)), '0');
  while (static_cast<int>(digits.size()) < fraction) digits.insert(0, 1, '0');
  std::string s = pick(0, 2) == 0 ? "-" : "";
  const std::size_t whole = digits.size() - static_cast<std::size_t>(fraction);
  s += digits.substr(0, whole);
  if (fraction > 0 || pick(0, 9) == 0) s += '.';  // sometimes "123." with no digit after the point
  s += digits.substr(whole);
  return s;
}
}  // namespace

TEST_CASE("parse_plain_decimal reads what std::from_chars reads, bit for bit", "[io][csv][numbers]") {
  SECTION("edge cases: zeros, signs, the forms 123. and .5, 15 digits, 22 after the point") {
    for (const char* s :
         {"0", "-0", "0.0", "-0.0", "0.", "-0.", ".0", "-.0", "000", "-000.000", "123.", "-123.", ".5", "-.5", "1", "-1", "007", "49.4108",
          "0.1", "0.2", "0.3", "-0.3", "2019", "100", "100.0", "99.9999999999999",
          // 15 significant digits: m < 10^15 < 2^53, the largest mantissa taken
          "999999999999999", "-999999999999999", "99999999.9999999", "0.999999999999999", "900719925474099", "9.00719925474099",
          "100000000000000", "0.000000000000001", "1.00000000000000", "12345678901234.5",
          // 22 digits after the point: 10^22 is the largest exact power of ten
          "0.0000000000000000000001", "-0.0000000000000000000001", "0.0000000999999999999999", "0.0000000123456789012345",
          ".0000000000000001234567", "0.0000000000000000000000", "0.0000000000000000000009",
          // leading zeros do not count
          "0000000000000000000000000001", "0000000000000000000000000.5", "-000000000000000000000009999999999999.99",
          // values whose nearest double lies below or above them, and decimal halfway look-alikes
          "0.100000000000005", "8.98846567431158", "4.35", "2.675", "1.005", "0.035", "0.125", "0.375", "2.5", "3.5"})
      check_same(s);
  }
  SECTION("-0 and -0.0 keep the sign of zero") {
    double d = 1;
    REQUIRE(parse_plain_decimal("-0.0", d));
    CHECK(std::signbit(d));
    REQUIRE(parse_plain_decimal("-0", d));
    CHECK(std::signbit(d));
    REQUIRE(parse_plain_decimal("0.000", d));
    CHECK_FALSE(std::signbit(d));
  }
  SECTION("random decimals of 1-15 significant digits and 0-22 digits after the point") {
    std::mt19937_64 rng(18);
    int n = 0;
    for (int significant = 1; significant <= 15; ++significant)
      for (int fraction = 0; fraction <= 22; ++fraction)
        for (int k = 0; k < 1000; ++k, ++n) check_same(random_decimal(rng, significant, fraction));
    CHECK(n == 15 * 23 * 1000);
  }
  SECTION("random mantissas below 10^15 at every scale") {
    std::mt19937_64 rng(53);
    for (int k = 0; k < 200000; ++k) {
      // A random mantissa below 10^15 and a random count of digits after the point.
      const std::uint64_t m = std::uniform_int_distribution<std::uint64_t>(0, 999'999'999'999'999)(rng);
      const int fraction = std::uniform_int_distribution<int>(0, 22)(rng);
      std::string digits = std::to_string(m);
      if (static_cast<int>(digits.size()) <= fraction) digits = std::string(static_cast<std::size_t>(fraction) - digits.size() + 1, '0') + digits;
      const std::size_t whole = digits.size() - static_cast<std::size_t>(fraction);
      check_same(digits.substr(0, whole) + "." + digits.substr(whole));
    }
  }
}

TEST_CASE("parse_plain_decimal leaves what it must not take to std::from_chars", "[io][csv][numbers]") {
  for (const char* s : {
           "",  "-", ".", "-.", "+", "+1", "+1.5", "+.5", "--1", "-+1", "1-", " 1", "1 ", "\t1", "1\n", "1,5", "1..2", "1.2.3", "1_000", "'1'",
           // exponents
           "1e5", "1E5", "1e-5", "1.5e3", "1.e3", ".5e1", "1e", "1e+", "0e0",
           // more than 15 significant digits: the mantissa may not be exact
           "9007199254740992", "9007199254740993", "1234567890123456", "0.1234567890123456", "1000000000000000", "-1000000000000000",
           "100000000000000.0", "1.0000000000000001", "99999999999999999999", "0.00001234567890123456", "00000000000000001234567890123456",
           // more than 22 digits after the point
           "0.00000000000000000000001", "0.00000000000000000000000", ".00000000000000000000005", "1.00000000000000000000000",
           // hex, infinities, not-a-numbers, other scripts' digits
           "0x10", "0x1p3", "0X1", "inf", "-inf", "infinity", "Infinity", "nan", "-nan", "NaN", "nan(1)", "\xD9\xA1", "\xEF\xBC\x91"}) {
    double d = 42;
    INFO("\"" << s << "\"");
    CHECK_FALSE(parse_plain_decimal(s, d));
    CHECK(d == 42);  // left alone
  }
}
