#pragma once
// The readers of binary kernels and NPZ archives take a path. A fuzz input is handed to them
// through one anonymous in-memory file (memfd) reached as /proc/self/fd/N: no disk writes,
// no temp files left behind when the fuzzer is killed.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace lpm::fuzz {

// Replaces the in-memory file's contents with `data` and returns a path that opens it.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size) {
  static const int fd = [] {
    int f = ::memfd_create("lpm-fuzz-input", 0);
    if (f < 0) std::abort();  // harness setup failure, not a finding
    return f;
  }();
  if (::ftruncate(fd, 0) != 0) std::abort();
  std::size_t written = 0;
  while (written < size) {
    ssize_t n = ::pwrite(fd, data + written, size - written, static_cast<off_t>(written));
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace lpm::fuzz
