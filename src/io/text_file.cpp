#include "io/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"

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
  return read_regular_file(path, max_er_table_bytes, "text table");  // ER tables are the largest
}

}  // namespace lpm::io
