#pragma once
// The one gate every input file passes before it is read (issue 23). It must be a regular file:
// not a FIFO (a read waits for a writer forever), not a device such as /dev/zero (a read never
// ends), a socket or a folder; and no larger than the plausible size for its kind
// (io/input_limits.hpp). Reads stop at that size even when the file grows meanwhile.
// Errors are one-line std::runtime_errors that start with the path.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/zip_posix_file.hpp"

namespace lpm::io {

struct RegularFile {
  UniqueFd fd;
  std::uint64_t size_bytes = 0;  // when opened
  std::uint64_t max_bytes = 0;   // the limit it was checked against
};

// Opens `path` read-only after checking its kind (a FIFO is never opened for a blocking read) and
// its size. `what` names the kind of file, e.g. "attitude table". Messages:
//   "<path>: cannot open: <reason>"
//   "<path>: is a FIFO, not a file" (or directory, character device, block device, socket)
//   "<path>: 3221225472 bytes, more than any attitude table can be (at most 64.0 MiB)"
RegularFile open_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what);

// The whole content of a file opened by open_regular_file; fails when it grows past max_bytes
// while being read.
std::string read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what);
std::vector<std::uint8_t> read_regular_file_bytes(const std::filesystem::path& path, std::uint64_t max_bytes,
                                                  std::string_view what);

// At most the first `head_bytes` bytes of such a file (fewer when it is shorter).
std::string read_regular_file_head(const std::filesystem::path& path, std::size_t head_bytes, std::uint64_t max_bytes,
                                   std::string_view what);

// The error for a file that grew past `max_bytes` while being read (after passing the gate):
// "<path>: grew past 64.0 MiB while being read, more than any ER table can be".
std::runtime_error grew_past_limit(const std::filesystem::path& path, std::uint64_t max_bytes, std::string_view what);

// "512 bytes", "3.5 KiB", "64.0 MiB", "2.0 GiB": a size for messages.
std::string size_text(std::uint64_t bytes);

}  // namespace lpm::io
