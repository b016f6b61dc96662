#include "io/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace lpm::io {
namespace {

std::string system_error_text() { return std::strerror(errno); }

// Closes the descriptor when the scope ends (also on exceptions).
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_whole_file(const std::filesystem::path& path) {
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) throw std::runtime_error(fmt::format("{}: cannot open: {}", path.string(), system_error_text()));
  struct stat info {};
  if (::fstat(file.fd, &info) != 0)
    throw std::runtime_error(fmt::format("{}: cannot stat: {}", path.string(), system_error_text()));
  if (S_ISDIR(info.st_mode)) throw std::runtime_error(fmt::format("{}: is a directory, not a file", path.string()));

  std::string content;
  content.resize(info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0);
  std::size_t filled = 0;
  for (;;) {
    if (filled == content.size()) content.resize(content.size() + 65536);  // grew or size unknown
    ssize_t got = ::read(file.fd, content.data() + filled, content.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("{}: read failed: {}", path.string(), system_error_text()));
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  content.resize(filled);
  return content;
}

}  // namespace lpm::io
