#pragma once
// Checksum lists in `sha1sum`/`sha256sum` text form ("<hex>  <name>"): the kernel lock
// (SHA-1 by kernel file name, D§1.5) and fetch's ER table manifest (SHA-256 by path relative
// to the data folder, e.g. "1998/152_181JUN/3D980615.TAB").

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace lpm::io {

using ChecksumList = std::map<std::string, std::string>;  // name -> lower-case hex digest

// Kernel lock (D§1.5): blank lines and '#' lines are ignored, lines with fewer than two tokens
// are skipped; first token = SHA-1, last token = path reduced to its basename ("spice_kernels/x"
// -> "x"; sha1sum's binary-mode '*' dropped). Throws std::runtime_error naming `source` and the
// line when a hash is not 40 hex digits.
ChecksumList parse_kernel_lock(std::string_view text, std::string_view source);

// Sizes a kernel lock may carry for `fetch --dry-run` without a network (issue 20), as comment
// lines that sha1sum -c skips: "# size <bytes> <name>" (name reduced to its basename). Other '#'
// lines are ignored. Throws std::runtime_error naming `source` and the line for a size line
// whose byte count is not a whole number or that names no file.
std::map<std::string, std::uint64_t> parse_kernel_lock_sizes(std::string_view text, std::string_view source);
inline constexpr std::string_view kernel_lock_size_tag = "size";

// Manifest: "<64 hex>  <relative path>" per line, '#' and blank lines ignored. Throws
// std::runtime_error naming `source` and the line for anything else.
ChecksumList parse_manifest(std::string_view text, std::string_view source);

// Text of a checksum list: `header` as a '#' comment line, then one "<hex>  <name>" line per
// (name, digest) pair in the order given (a ChecksumList: sorted by name).
template <class NameDigestPairs>
std::string format_checksum_list(const NameDigestPairs& list, std::string_view header) {
  std::string text = fmt::format("# {}\n", header);
  for (const auto& [name, digest] : list) text += fmt::format("{}  {}\n", digest, name);
  return text;
}

bool is_hex_digest(std::string_view text, std::size_t length);

}  // namespace lpm::io
