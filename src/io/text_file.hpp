#pragma once
// Whole-file reading for the text tables of src/io; their writing is write_file_atomically
// (atomic_output.hpp, the one owner of output files), included here for the table writers.

#include <filesystem>
#include <string>
#include <string_view>

#include "io/atomic_output.hpp"

namespace lpm::io {

// The complete contents of a file, read through io/regular_file.hpp (not a FIFO or device, at
// most max_er_table_bytes). Throws std::runtime_error naming the path when the file cannot be
// opened or read.
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace lpm::io
