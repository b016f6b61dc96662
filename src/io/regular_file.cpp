#include "io/regular_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "io/input_limits.hpp"

namespace lpm::io {
namespace {

std::runtime_error failure(const std::filesystem::path& path, const std::string& reason) {
  return std::runtime_error(fmt::format("{}: {}", path.string(), reason));
}

std::runtime_error errno_failure(const std::filesystem::path& path, const char* what) {
  return failure(path, fmt::format("{}: {}", what, std::strerror(errno)));
}

// The kind of a file that is not regular, for "is a <kind>, not a file".
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "directory";
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISSOCK(mode)) return "socket";
  return "special file";
}

void check_kind_and_size(const std::filesystem::path& path, const struct stat& info, std::uint64_t max_bytes,
                         std::string_view what) {
  if (!S_ISREG(info.st_mode)) throw failure(path, fmt::format("is a {}, not a file", kind_of(info.st_mode)));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes)
    throw failure(path,
                  fmt::format("{} bytes, more than any {} can be (at most {})", size, what, size_text(max_bytes)));
}

// Reads into `out` (sized to the expected length) until end of file, but not past `limit` bytes;
// returns false when the file holds more than `limit` bytes.
template <typename Bytes>
bool read_up_to(int fd, Bytes& out, std::uint64_t limit, const std::filesystem::path& path) {
  std::size_t filled = 0;
  for (;;) {
    if (filled == out.size()) {
      if (filled >= limit) {
        char probe = 0;  // one byte past the limit tells whether the file is longer
        ssize_t got;
        while ((got = ::read(fd, &probe, 1)) < 0 && errno == EINTR) {
        }
        if (got < 0) throw errno_failure(path, "read failed");
        out.resize(filled);
        return got == 0;
      }
      out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(limit, filled + 65536)));  // grew since fstat
    }
    const ssize_t got = ::read(fd, out.data() + filled, out.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw errno_failure(path, "read failed");
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  out.resize(filled);
  return true;
}

template <typename Bytes>
Bytes read_whole(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what) {
  RegularFile file = open_regular_file(path, max_bytes, what);
  Bytes content(static_cast<std::size_t>(file.size_bytes), 0);
  if (!read_up_to(file.fd.get(), content, max_bytes, path)) throw grew_past_limit(path, max_bytes, what);
  return content;
}

}  // namespace

std::runtime_error grew_past_limit(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what) {
  return failure(path,
                 fmt::format("grew past {} while being read, more than any {} can be", size_text(max_bytes), what));
}

std::string size_text(std::uint64_t bytes) {
  const auto in = [bytes](std::uint64_t unit) { return static_cast<double>(bytes) / static_cast<double>(unit); };
  if (bytes >= bytes_per_gib) return fmt::format("{:.1f} GiB", in(bytes_per_gib));
  if (bytes >= bytes_per_mib) return fmt::format("{:.1f} MiB", in(bytes_per_mib));
  if (bytes >= bytes_per_kib) return fmt::format("{:.1f} KiB", in(bytes_per_kib));
  return fmt::format("{} bytes", bytes);
}

RegularFile open_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what) {
  // Checked before opening: opening a device can have effects of its own.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw errno_failure(path, "cannot open");
  check_kind_and_size(path, info, max_bytes, what);
  // O_NONBLOCK: should the path have become a FIFO since, open returns at once instead of waiting.
  RegularFile file{UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)), 0, max_bytes};
  if (file.fd.get() < 0) throw errno_failure(path, "cannot open");
  if (::fstat(file.fd.get(), &info) != 0) throw errno_failure(path, "cannot stat");
  check_kind_and_size(path, info, max_bytes, what);
  const int flags = ::fcntl(file.fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(file.fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
    throw errno_failure(path, "cannot set blocking reads");
  file.size_bytes = static_cast<std::uint64_t>(info.st_size);
  return file;
}

std::string read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what) {
  return read_whole<std::string>(path, max_bytes, what);
}

std::vector<std::uint8_t> read_regular_file_bytes(const std::filesystem::path& path, std::uint64_t max_bytes,
                                                  std::string_view what) {
  return read_whole<std::vector<std::uint8_t>>(path, max_bytes, what);
}

std::string read_regular_file_head(const std::filesystem::path& path, std::size_t head_bytes, std::uint64_t max_bytes,
                                   std::string_view what) {
  RegularFile file = open_regular_file(path, max_bytes, what);
  std::string head;
  read_up_to(file.fd.get(), head, head_bytes, path);
  return head;
}

}  // namespace lpm::io
