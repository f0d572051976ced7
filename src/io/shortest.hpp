// SPDX-License-Identifier: Apache-2.0
#pragma once
// The shortest text of a double that reads back to it, for the CSV writer: the same bytes as
// `std::to_chars(first, last, v)` (tests/io/test_shortest.cpp pins the two together), about twice
// as fast. The digits come from fmt's Dragonbox (`fmt::detail::dragonbox::to_decimal`, compiled
// into shortest.cpp alone, header-only); the layout (fixed or scientific, whichever is shorter,
// fixed on a tie) is written here. The ~16 numbers of each CSV row made number formatting the
// largest single cost of `waypoint evaluate -f csv` (benchmarks/README.md).

namespace waypoint::io::detail {

/// Room `write_shortest` needs: "-1.2345678901234567e-308" is 24 characters.
inline constexpr int shortest_max = 32;

/// Writes the shortest text of `v` that reads back to `v` at `out` (room for `shortest_max`
/// characters) and returns the end: exactly what `std::to_chars(out, out + shortest_max, v)`
/// writes, including `-0`, `inf`, `-inf` and `nan`. Never throws.
char* write_shortest(char* out, double v) noexcept;

}  // namespace waypoint::io::detail
