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

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp_name = ".";  // hidden, so folder scans never pick it up
  temp_name += path.filename().string();
  temp_name += ".tmp-XXXXXX";  // mkstemp fills in the X's
  std::string temp = (folder / temp_name).string();
  FileDescriptor file{::mkstemp(temp.data())};
  if (file.fd < 0)
    throw std::runtime_error(fmt::format("{}: cannot create a temporary file: {}", path.string(), system_error_text()));

  auto fail = [&](const char* what) {
    std::string reason = system_error_text();
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("{}: {}: {}", path.string(), what, reason));
  };
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t put = ::write(file.fd, content.data() + written, content.size() - written);
    if (put < 0) {
      if (errno == EINTR) continue;
      fail("write failed");
    }
    written += static_cast<std::size_t>(put);
  }
  // mkstemp creates 0600; give the table the usual rw-r--r-- (umask() would be process-global).
  if (::fchmod(file.fd, 0644) != 0) fail("chmod failed");
  if (::fsync(file.fd) != 0) fail("fsync failed");
  int fd = file.fd;
  file.fd = -1;
  if (::close(fd) != 0) fail("close failed");
  if (::rename(temp.c_str(), path.c_str()) != 0) fail("rename failed");
}

}  // namespace lpm::io
