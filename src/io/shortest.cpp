// SPDX-License-Identifier: Apache-2.0
// See shortest.hpp. fmt is used header-only (CMake's fmt::fmt-header-only defines FMT_HEADER_ONLY),
// in this file alone: libwaypoint gains no link dependency.
#include "shortest.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace waypoint::io::detail {
namespace {

constexpr char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/// Writes the `n` decimal digits of `v` (below 10^17) at `out`, two at a time from the end; the
/// eight low digits, and the rest, with 32-bit divisions.
void write_digits(char* out, std::uint64_t v, int n) noexcept {
  char* p = out + n;
  if (n > 8) {
    auto low = static_cast<std::uint32_t>(v % 100000000);
    v /= 100000000;
    for (int k = 0; k < 4; ++k) {
      p -= 2;
      std::memcpy(p, two_digits + (low % 100) * 2, 2);
      low /= 100;
    }
  }
  auto high = static_cast<std::uint32_t>(v);
  while (high >= 100) {
    p -= 2;
    std::memcpy(p, two_digits + (high % 100) * 2, 2);
    high /= 100;
  }
  if (high >= 10) {
    p -= 2;
    std::memcpy(p, two_digits + high * 2, 2);
  } else {
    *--p = static_cast<char>('0' + high);
  }
}

}  // namespace

char* write_shortest(char* out, double v) noexcept {
  if (!std::isfinite(v) || v == 0) return std::to_chars(out, out + shortest_max, v).ptr;
  // Whole numbers below 10^5 in magnitude (scores, counts, years): at most five digits, so the
  // fixed form is never longer than the scientific one and std::to_chars writes the integer.
  if (std::fabs(v) < 1e5 && v == static_cast<double>(static_cast<std::int32_t>(v)))
    return std::to_chars(out, out + shortest_max, static_cast<std::int32_t>(v)).ptr;
  const auto dec = fmt::detail::dragonbox::to_decimal(v);
  const int n = fmt::detail::count_digits(dec.significand);
  const int e = dec.exponent;  // v = significand * 10^e
  const int sci_exp = e + n - 1;
  const int abs_exp = sci_exp < 0 ? -sci_exp : sci_exp;
  // The lengths of both forms, without the sign; std::to_chars takes the shorter, fixed on a tie.
  const int sci_len = n + (n > 1 ? 1 : 0) + 2 + (abs_exp >= 100 ? 3 : 2);
  const int fixed_len = e >= 0 ? n + e : (-e < n ? n + 1 : 2 - e);
  // In fixed form std::to_chars writes the exact value of an integer, whose digits past the 17th
  // are not the shortest digits' zeros once it is 2^53 or more: left to it.
  if (fixed_len <= sci_len && e > 0 && std::fabs(v) >= 9007199254740992.0) return std::to_chars(out, out + shortest_max, v).ptr;
  char* p = out;
  if (v < 0) *p++ = '-';
  // The digits are written where they end up, then the point moved in front of the fraction.
  if (fixed_len <= sci_len) {
    if (e >= 0) {  // an integer: the digits and at most five zeros
      write_digits(p, dec.significand, n);
      p += n;
      for (int k = 0; k < e; ++k) *p++ = '0';
    } else if (-e < n) {  // 12.345: the whole digits shifted left by one, then the point
      const int whole = n + e;
      write_digits(p + 1, dec.significand, n);
      for (int k = 0; k < whole; ++k) p[k] = p[k + 1];
      p[whole] = '.';
      p += n + 1;
    } else {  // 0.00123
      *p++ = '0';
      *p++ = '.';
      for (int k = 0; k < -e - n; ++k) *p++ = '0';
      write_digits(p, dec.significand, n);
      p += n;
    }
    return p;
  }
  write_digits(p + 1, dec.significand, n);  // 1.2345e+06: the first digit moved before the point
  p[0] = p[1];
  if (n > 1) {
    p[1] = '.';
    p += n + 1;
  } else {
    p += 1;
  }
  *p++ = 'e';
  *p++ = sci_exp < 0 ? '-' : '+';
  if (abs_exp >= 100) *p++ = static_cast<char>('0' + abs_exp / 100);
  std::memcpy(p, two_digits + (abs_exp % 100) * 2, 2);
  return p + 2;
}

}  // namespace waypoint::io::detail
