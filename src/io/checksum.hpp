#pragma once
// File checksums for the kernel lock (SHA-1, D§1.5) and the ER table manifest (SHA-256).

#include <filesystem>
#include <string>
#include <string_view>

namespace lpm::io {

// Lower-case hex digests. Throw std::runtime_error naming the file if it cannot be read.
std::string sha1_file(const std::filesystem::path& path);
std::string sha256_file(const std::filesystem::path& path);
std::string sha1_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);

}  // namespace lpm::io
