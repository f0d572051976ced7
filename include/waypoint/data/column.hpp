// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file column.hpp
/// `detail::column<T>`: the vector type of the observation store's columns and of the evaluator's
/// buffers. Large blocks (512 KiB and more) come straight from the kernel, aligned to 2 MiB and
/// marked for transparent huge pages (Linux `madvise(MADV_HUGEPAGE)`), so that filling a column of
/// millions of rows costs one page fault per 2 MiB instead of one per 4 KiB (on a virtual machine
/// the first touch of a 4 KiB page is slow; the figures are in benchmarks/README.md). Smaller
/// blocks, and other systems, use
/// `std::allocator`. Blocks are rounded up to 2 MiB and a huge page is backed whole once touched, so
/// a block may cost up to 1.5 MiB more than it holds (4x on the smallest, 512 KiB, block).
///
/// Two more differences from `std::vector<T>`, both for the parallel CSV reader, which parses the
/// parts of a file straight into the final columns (observation_builder::lend_rows):
/// - `resize(n)`, `column<T>(n)` and `emplace_back()` leave elements of a trivial type
///   uninitialised (like `new T[n]`), instead of zeroing them: the elements are there to be
///   written, and writing zeros first touched every page twice.
/// - An allocator can lend: `column_allocator<T>(room, n)` hands out `room` (memory that another
///   column owns) for its first allocation of at most `n` elements, and never frees it. It travels
///   with the column on move and swap; a copy of the column allocates its own memory.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace waypoint::detail {

template <class T>
struct column_allocator {
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;
  column_allocator() noexcept = default;
  /// An allocator whose first allocation of at most `n` elements returns `room`, which it never
  /// frees (the owner of `room` does). Needs `room` to hold `n` elements and outlive the column.
  column_allocator(T* room, std::size_t n) noexcept : lent_(room), lendable_(n) {}
  template <class U>
  column_allocator(const column_allocator<U>& /*other*/) noexcept {}  // NOLINT: converting, as allocators must (lends nothing)
  /// The room this allocator lends (nullptr when none): a column whose `data()` is not it has
  /// outgrown its room.
  [[nodiscard]] T* lent() const noexcept { return lent_; }
  /// A copied column owns its memory.
  [[nodiscard]] column_allocator select_on_container_copy_construction() const noexcept { return {}; }

  [[nodiscard]] T* allocate(std::size_t n) {
    if (lendable_ != 0 && n <= lendable_) {
      lendable_ = 0;  // lent once
      return lent_;
    }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n > max_size()) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= large) {
      const std::size_t size = rounded(bytes);
      void* p = ::mmap(nullptr, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      // Keep the 2 MiB-aligned part; give back the head and tail.
      const auto at = reinterpret_cast<std::uintptr_t>(p);
      const std::uintptr_t aligned = (at + huge - 1) / huge * huge;
      if (aligned > at) ::munmap(p, aligned - at);
      if (const std::size_t tail = at + size + huge - (aligned + size); tail > 0) ::munmap(reinterpret_cast<void*>(aligned + size), tail);
      ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // advice only: ignored where THP is off
      return reinterpret_cast<T*>(aligned);
    }
#endif
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (p != nullptr && p == lent_) return;  // lent: its owner frees it
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n * sizeof(T) >= large) {
      ::munmap(p, rounded(n * sizeof(T)));
      return;
    }
#endif
    std::allocator<T>{}.deallocate(p, n);
  }
  /// Default-initialises: an element of a trivial type made without a value is left unwritten.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0 && std::is_trivially_default_constructible_v<U>)
      ::new (static_cast<void*>(p)) U;
    else
      std::construct_at(p, std::forward<Args>(args)...);
  }
  [[nodiscard]] static constexpr std::size_t max_size() noexcept { return static_cast<std::size_t>(-1) / 2 / sizeof(T); }

  /// Equal when either can free what the other allocated: neither lends, or both lend the same room.
  friend bool operator==(const column_allocator& a, const column_allocator& b) noexcept { return a.lent_ == b.lent_; }

 private:
  T* lent_ = nullptr;
  std::size_t lendable_ = 0;
  static constexpr std::size_t huge = std::size_t{2} << 20;   // the x86-64 and arm64 huge page
  static constexpr std::size_t large = std::size_t{512} << 10;  // blocks from here on go to mmap
  static constexpr std::size_t rounded(std::size_t bytes) noexcept { return (bytes + huge - 1) / huge * huge; }
};

/// A vector whose large blocks are backed by huge pages (see the file comment).
template <class T>
using column = std::vector<T, column_allocator<T>>;

}  // namespace waypoint::detail
