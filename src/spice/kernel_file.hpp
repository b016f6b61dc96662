#pragma once
// Kernel files are read through the io gate (io/regular_file.hpp): a FIFO, a device such as
// /dev/zero or a folder is refused before a read can hang or run without end, and a file larger
// than any kernel of its kind (io/input_limits.hpp) is refused before it is loaded into memory.
// Errors are SpiceError naming the file.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lpm::spice {

std::vector<std::uint8_t> read_binary_kernel(const std::filesystem::path& path);  // SPK, binary PCK (DAF)
std::string read_text_kernel(const std::filesystem::path& path);                  // LSK, text PCK, FK, meta
// The first `head_bytes` bytes (fewer for a shorter file), to tell the kind of a kernel.
std::string read_kernel_head(const std::filesystem::path& path, std::size_t head_bytes);

}  // namespace lpm::spice
