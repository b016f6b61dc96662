#pragma once
// Thin POSIX file helpers for the zip writer and reader: an owning descriptor and
// whole-buffer reads/writes that retry on short transfers and EINTR.
// Errors throw std::runtime_error("<what>: <strerror>"); callers add the file name.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace lpm::io {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes now and reports a failed close (which may signal a lost write).
  void close_checked();

 private:
  int fd_ = -1;
};

// Throws runtime_error("<what>: <strerror(errno)>").
[[noreturn]] void throw_errno(const std::string& what);

void write_all(int fd, std::span<const std::uint8_t> bytes);
void pwrite_all(int fd, std::span<const std::uint8_t> bytes, std::uint64_t offset);
// Reads exactly bytes.size() bytes at offset; throws "unexpected end of file" when short.
void pread_exact(int fd, std::span<std::uint8_t> bytes, std::uint64_t offset);

}  // namespace lpm::io
