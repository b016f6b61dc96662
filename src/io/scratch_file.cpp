#include "io/scratch_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

namespace lpm::io {

UniqueFd unnamed_temp_file(const std::filesystem::path& folder) {
  UniqueFd fd(::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd.get() >= 0) return fd;
  // Kernels or file systems without O_TMPFILE say so with one of these; anything else is a real failure.
  if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
    std::string pattern = (folder / ".scratch-XXXXXX").string();
    fd = UniqueFd(::mkostemp(pattern.data(), O_CLOEXEC));
    if (fd.get() >= 0) {
      ::unlink(pattern.c_str());
      return fd;
    }
  }
  throw std::runtime_error(
      fmt::format("cannot create a temporary file in '{}': {}", folder.string(), std::strerror(errno)));
}

}  // namespace lpm::io
