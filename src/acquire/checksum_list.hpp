#pragma once
// The two checksum lists of `fetch`, both in `sha1sum`/`sha256sum` text form ("<hex>  <name>"):
// the kernel lock (SHA-1 by kernel file name, D§1.5) and the ER table manifest
// (SHA-256 by path relative to the data folder, e.g. "1998/152_181JUN/3D980615.TAB").

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace lpm::acquire {

using ChecksumList = std::map<std::string, std::string>;  // name -> lower-case hex digest

// Kernel lock (D§1.5): blank lines and '#' lines are ignored, lines with fewer than two tokens
// are skipped; first token = SHA-1, last token = path reduced to its basename ("spice_kernels/x"
// -> "x"). Throws std::invalid_argument naming `source` and the line when a hash is not 40 hex
// digits.
ChecksumList parse_kernel_lock(std::string_view text, std::string_view source);

// Manifest: "<64 hex>  <relative path>" per line, '#' and blank lines ignored. Throws
// std::runtime_error naming `source` and the line for anything else.
ChecksumList parse_manifest(std::string_view text, std::string_view source);

// Text of a checksum list, sorted by name, one "<hex>  <name>" line each, after `header`
// (a '#' comment line).
std::string format_checksum_list(const ChecksumList& list, std::string_view header);

bool is_hex_digest(std::string_view text, std::size_t length);

}  // namespace lpm::acquire
