#pragma once
// Whole-file reading and atomic whole-file writing for the text tables of src/io.

#include <filesystem>
#include <string>
#include <string_view>

namespace lpm::io {

// The complete contents of a file, read through io/regular_file.hpp (not a FIFO or device, at
// most max_er_table_bytes). Throws std::runtime_error naming the path when the file cannot be
// opened or read.
std::string read_whole_file(const std::filesystem::path& path);

// Writes `content` to `path` atomically: a temporary file in the same folder is written,
// fsync'ed and renamed over `path`, so readers never see a half-written table. The temporary
// file is removed on any error. Throws std::runtime_error naming the path.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace lpm::io
