// SPDX-License-Identifier: Apache-2.0
// The Arrow C Data Interface export of a `table` (table.hpp). The layout is the one of
// https://arrow.apache.org/docs/format/CDataInterface.html; no Arrow library is needed.

#include "table.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <new>

namespace waypoint::capi {

void column::number(std::optional<double> v) {
  numbers.push_back(v ? *v : std::numeric_limits<double>::quiet_NaN());
  absent.push_back(v ? 0 : 1);
  ++rows;
}

void column::period_text(const std::optional<waypoint::period>& p) {
  if (!p) {
    text("");
    return;
  }
  auto& m = period_lookup[static_cast<std::size_t>(p->kind())];
  const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(p->start_days())) << 32) | static_cast<std::uint32_t>(p->end_days());
  auto it = m.find(key);
  if (it == m.end()) it = m.emplace(key, code_of(p->str())).first;
  codes.push_back(it->second);
  ++rows;
}

void column::append(const column& other) {
  switch (type) {
    case column_type::text: {
      // The other column's codes, mapped once per distinct value.
      std::vector<std::int32_t> map(other.dictionary.size());
      for (std::size_t k = 0; k < other.dictionary.size(); ++k) {
        map[k] = code_of(other.dictionary[k]);
      }
      // No reserve to the exact size here: called once per run of rows, it would reallocate the
      // whole column every time (quadratic; it was half the instructions of waypoint_evaluate_columns).
      for (const auto c : other.codes) codes.push_back(map[static_cast<std::size_t>(c)]);
      break;
    }
    case column_type::json: texts.insert(texts.end(), other.texts.begin(), other.texts.end()); break;
    case column_type::number:
      numbers.insert(numbers.end(), other.numbers.begin(), other.numbers.end());
      absent.insert(absent.end(), other.absent.begin(), other.absent.end());
      break;
    case column_type::integer: integers.insert(integers.end(), other.integers.begin(), other.integers.end()); break;
    case column_type::boolean: flags.insert(flags.end(), other.flags.begin(), other.flags.end()); break;
    case column_type::date:
      days.insert(days.end(), other.days.begin(), other.days.end());
      absent.insert(absent.end(), other.absent.begin(), other.absent.end());
      break;
  }
  rows += other.rows;
}

namespace {

/// A bit-packed buffer, least significant bit first (Arrow's order).
std::vector<std::uint8_t> bits_of(std::size_t n, auto&& bit) {
  std::vector<std::uint8_t> out((n + 7) / 8, 0);
  for (std::size_t k = 0; k < n; ++k)
    if (bit(k)) out[k / 8] = static_cast<std::uint8_t>(out[k / 8] | (1u << (k % 8)));
  return out;
}

/// What one exported array owns: its buffers (kept alive through the shared table and its own
/// vectors), its child structs and the pointers to them.
struct array_data {
  std::shared_ptr<const void> keep;  ///< the table (or whatever the buffers point into)
  std::vector<std::vector<std::uint8_t>> bytes;  ///< buffers made for the export (bitmaps, offsets, text)
  std::vector<const void*> buffers;
  std::vector<ArrowArray> child_structs;
  std::vector<ArrowArray*> children;
  ArrowArray dictionary{};
  bool has_dictionary = false;
};

struct schema_data {
  std::string format, name;
  std::vector<ArrowSchema> child_structs;
  std::vector<ArrowSchema*> children;
  ArrowSchema dictionary{};
  bool has_dictionary = false;
};

/// The release callback of an ArrowArray (Data = array_data) or ArrowSchema (schema_data): releases
/// the children not moved out and the dictionary, then what the struct owns.
template <class Data, class Struct>
void release_node(Struct* x) noexcept {
  if (x == nullptr || x->release == nullptr) return;
  auto* d = static_cast<Data*>(x->private_data);
  for (auto& c : d->child_structs)
    if (c.release != nullptr) c.release(&c);
  if (d->has_dictionary && d->dictionary.release != nullptr) d->dictionary.release(&d->dictionary);
  delete d;
  x->release = nullptr;
}
void release_array(ArrowArray* a) noexcept { release_node<array_data>(a); }
void release_schema(ArrowSchema* s) noexcept { release_node<schema_data>(s); }

/// Fills `s` from `d` (which it then owns).
void finish_schema(ArrowSchema& s, std::unique_ptr<schema_data> d, std::int64_t flags) {
  d->children.clear();
  for (auto& c : d->child_structs) d->children.push_back(&c);
  s.format = d->format.c_str();
  s.name = d->name.c_str();
  s.metadata = nullptr;
  s.flags = flags;
  s.n_children = static_cast<std::int64_t>(d->child_structs.size());
  s.children = d->children.empty() ? nullptr : d->children.data();
  s.dictionary = d->has_dictionary ? &d->dictionary : nullptr;
  s.release = release_schema;
  s.private_data = d.release();
}

void finish_array(ArrowArray& a, std::unique_ptr<array_data> d, std::int64_t length, std::int64_t null_count) {
  d->children.clear();
  for (auto& c : d->child_structs) d->children.push_back(&c);
  a.length = length;
  a.null_count = null_count;
  a.offset = 0;
  a.n_buffers = static_cast<std::int64_t>(d->buffers.size());
  a.n_children = static_cast<std::int64_t>(d->child_structs.size());
  a.buffers = d->buffers.data();
  a.children = d->children.empty() ? nullptr : d->children.data();
  a.dictionary = d->has_dictionary ? &d->dictionary : nullptr;
  a.release = release_array;
  a.private_data = d.release();
}

/// Offsets and bytes of UTF-8 strings, with 32-bit ("u") or 64-bit ("U") offsets.
template <class Offset>
void strings_into(array_data& d, const std::vector<std::string>& texts) {
  std::vector<std::uint8_t> offsets((texts.size() + 1) * sizeof(Offset));
  std::vector<std::uint8_t> data;
  Offset at = 0;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    std::memcpy(offsets.data() + k * sizeof(Offset), &at, sizeof(Offset));
    data.insert(data.end(), texts[k].begin(), texts[k].end());
    at = static_cast<Offset>(at + static_cast<Offset>(texts[k].size()));
  }
  std::memcpy(offsets.data() + texts.size() * sizeof(Offset), &at, sizeof(Offset));
  if (data.empty()) data.push_back(0);  // a valid pointer even when every text is empty
  d.bytes.push_back(std::move(offsets));
  d.bytes.push_back(std::move(data));
  d.buffers = {nullptr, d.bytes[0].data(), d.bytes[1].data()};
}

/// The number of set entries of `absent`, and the validity bitmap (empty when none is absent).
std::int64_t validity_into(array_data& d, const std::vector<std::uint8_t>& absent) {
  std::int64_t nulls = 0;
  for (const auto b : absent) nulls += b;
  if (nulls == 0) {
    d.buffers.push_back(nullptr);
  } else {
    d.bytes.push_back(bits_of(absent.size(), [&](std::size_t k) { return !absent[k]; }));
    d.buffers.push_back(d.bytes.back().data());
  }
  return nulls;
}

/// The data buffer of `v`: never null, as the Arrow C Data Interface asks, even when `v` is empty
/// (then any valid address: the column's).
template <class T>
const void* buffer_of(const std::vector<T>& v, const column& c) {
  return v.empty() ? static_cast<const void*>(&c) : v.data();
}

void export_column(const std::shared_ptr<const table>& keep, const column& c, ArrowSchema& s, ArrowArray& a) {
  auto sd = std::make_unique<schema_data>();
  auto ad = std::make_unique<array_data>();
  ad->keep = keep;
  sd->name = c.name;
  ad->bytes.reserve(4);
  std::int64_t nulls = 0;
  std::int64_t flags = 0;
  switch (c.type) {
    case column_type::text: {
      sd->format = "i";
      ad->buffers = {nullptr, buffer_of(c.codes, c)};
      auto dsd = std::make_unique<schema_data>();
      dsd->format = "u";
      auto dad = std::make_unique<array_data>();
      dad->keep = keep;
      strings_into<std::int32_t>(*dad, c.dictionary);
      sd->has_dictionary = true;
      ad->has_dictionary = true;
      finish_schema(sd->dictionary, std::move(dsd), 0);
      finish_array(ad->dictionary, std::move(dad), static_cast<std::int64_t>(c.dictionary.size()), 0);
      break;
    }
    case column_type::json:
      sd->format = "U";
      strings_into<std::int64_t>(*ad, c.texts);
      break;
    case column_type::number:
    case column_type::date:  // a value buffer with a validity bitmap (absent rows)
      sd->format = c.type == column_type::number ? "g" : "tdD";
      flags = ARROW_FLAG_NULLABLE;
      nulls = validity_into(*ad, c.absent);
      ad->buffers.push_back(c.type == column_type::number ? buffer_of(c.numbers, c) : buffer_of(c.days, c));
      break;
    case column_type::integer:
      sd->format = "l";
      ad->buffers = {nullptr, buffer_of(c.integers, c)};
      break;
    case column_type::boolean: {
      sd->format = "b";
      flags = ARROW_FLAG_NULLABLE;
      std::vector<std::uint8_t> absent(c.flags.size());
      for (std::size_t k = 0; k < c.flags.size(); ++k) absent[k] = c.flags[k] < 0 ? 1 : 0;
      nulls = validity_into(*ad, absent);
      ad->bytes.push_back(bits_of(c.flags.size(), [&](std::size_t k) { return c.flags[k] > 0; }));
      if (ad->bytes.back().empty()) ad->bytes.back().push_back(0);
      ad->buffers.push_back(ad->bytes.back().data());
      break;
    }
  }
  finish_schema(s, std::move(sd), flags);
  finish_array(a, std::move(ad), static_cast<std::int64_t>(c.rows), nulls);
}

}  // namespace

void export_table(table t, ArrowSchema& schema, ArrowArray& array) {
  for (auto& c : t.columns) {  // not needed past building
    c.lookup.clear();
    for (auto& m : c.period_lookup) m.clear();
  }
  const auto keep = std::make_shared<const table>(std::move(t));
  auto sd = std::make_unique<schema_data>();
  auto ad = std::make_unique<array_data>();
  sd->format = "+s";
  ad->keep = keep;
  ad->buffers = {nullptr};
  const std::size_t n = keep->columns.size();
  sd->child_structs.resize(n);
  ad->child_structs.resize(n);
  for (auto& c : sd->child_structs) c.release = nullptr;
  for (auto& c : ad->child_structs) c.release = nullptr;
  try {
    for (std::size_t k = 0; k < n; ++k) export_column(keep, keep->columns[k], sd->child_structs[k], ad->child_structs[k]);
  } catch (...) {
    for (auto& c : sd->child_structs) release_schema(&c);
    for (auto& c : ad->child_structs) release_array(&c);
    throw;
  }
  finish_schema(schema, std::move(sd), 0);
  finish_array(array, std::move(ad), static_cast<std::int64_t>(keep->rows()), 0);
}

}  // namespace waypoint::capi
