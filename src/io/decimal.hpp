// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal: an exact fast path for reading plain decimals such as `49.4108`, the common value of an
// observation file, before std::from_chars.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace waypoint::io::detail {

/// Reads `s` into `out` when it is a plain decimal of the form `-?D*(.D*)?` (at least one digit)
/// with at most 15 significant digits (leading zeros do not count; trailing ones do) and at most 22
/// digits after the point; returns false, leaving `out` alone, for anything else (a '+', an
/// exponent, spaces, more digits, `inf`, `nan`, hex, an empty text), which the caller reads with
/// std::from_chars.
///
/// Why the result is exactly what std::from_chars gives (Clinger's fast path): the digits, read as
/// one integer m, give m < 10^15 < 2^53, and the text's value is m / 10^k with k <= 22 digits after
/// the point. Both m and 10^k are exact doubles (10^22 = 2^22 * 5^22 and 5^22 < 2^53), and one
/// IEEE division of exact operands is correctly rounded (to nearest, ties to even: the default
/// rounding mode, which waypoint never changes), as from_chars is: the same double, bit for bit.
/// The sign is applied afterwards, so `-0` and `-0.0` read as -0.0, as from_chars reads them.
/// tests/io/test_decimal.cpp pins this.
inline bool parse_plain_decimal(std::string_view s, double& out) noexcept {
  static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;  // wraps only past 19 significant digits, which are refused below
  const auto digits = [&] {  // reads digits into m; how many
    const char* const from = p;
    for (unsigned d = 0; p != end && (d = static_cast<unsigned>(static_cast<unsigned char>(*p)) - unsigned{'0'}) < 10; ++p) m = m * 10 + d;
    return p - from;
  };
  const auto zeros = [&] {  // leading zeros: they add nothing to m
    while (p != end && *p == '0') ++p;
  };
  const char* const whole = p;
  zeros();
  std::ptrdiff_t significant = digits(), k = 0;
  const bool any_whole = p != whole;
  if (p != end && *p == '.') {
    const char* const point = ++p;
    if (m == 0) zeros();
    significant += digits();
    k = p - point;
  }
  if (p != end || (!any_whole && k == 0) || significant > 15 || k > 22) return false;
  double v = static_cast<double>(m);  // exact: m < 10^15
  if (k != 0) v /= pow10[k];
  out = negative ? -v : v;
  return true;
}

}  // namespace waypoint::io::detail
