// SPDX-License-Identifier: Apache-2.0
// The compiled catalogues: one array of entries per language, generated at build time from
// po/waypoint.pot (English) and po/<lang>.po by cmake/po_to_cpp.cmake.
#pragma once

#include <cstddef>
#include <string_view>

namespace waypoint::text::detail {

/// One message: its key (msgctxt "\004" msgid, or the msgid), the msgid_plural ("" without one)
/// and the translation, singular and plural.
struct catalogue_entry {
  std::string_view key, plural;
  std::string_view str[2];
};

struct catalogue_span {
  const catalogue_entry* data = nullptr;
  std::size_t size = 0;
};

catalogue_span catalogue_en() noexcept;
catalogue_span catalogue_fr() noexcept;
catalogue_span catalogue_es() noexcept;

}  // namespace waypoint::text::detail
