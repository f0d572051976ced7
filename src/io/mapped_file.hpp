// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal: a read-only view of a whole file. Regular files are memory-mapped (no copy); anything
// else (a pipe, /dev/stdin) is read into a buffer.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "waypoint/error.hpp"

namespace waypoint::io::detail {

class mapped_file {
 public:
  /// Opens `path`; throws waypoint::error(`io`, e.g. errc::obs_io) when it cannot be read.
  mapped_file(const std::string& path, errc io) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw error(io, location{path, 0, 0, {}}, std::string("cannot open file: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
        map_ = p;
        size_ = static_cast<std::size_t>(st.st_size);
        ::close(fd);
        return;
      }
    }
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int e = errno;
        ::close(fd);
        throw error(io, location{path, 0, 0, {}}, std::string("cannot read file: ") + std::strerror(e));
      }
      copy_.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
  }
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  ~mapped_file() {
    if (map_) ::munmap(map_, size_);
  }
  /// Tells the kernel that the bytes of [from, to) — a range inside text() — will not be read
  /// again, so their pages can leave memory. Only whole pages inside the range are released.
  /// Does nothing for a file that was read into a buffer.
  void release(const char* from, const char* to) const noexcept {
    if (!map_ || to <= from) return;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto a = (reinterpret_cast<std::uintptr_t>(from) + page - 1) / page * page;
    const auto b = reinterpret_cast<std::uintptr_t>(to) / page * page;
    if (b > a) ::madvise(reinterpret_cast<void*>(a), b - a, MADV_DONTNEED);
  }
  [[nodiscard]] std::string_view text() const noexcept {
    return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(copy_);
  }

 private:
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string copy_;
};

}  // namespace waypoint::io::detail
