#pragma once
// Reading a text file line by line in bounded memory: whatever the file holds (a 2 GB run of
// NUL bytes without a line end, say), at most one read buffer and `max_line_bytes` of the line
// are held. Lines end as in text_scan.hpp's for_each_line ("\n", "\r\n" or a lone "\r").

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

namespace lpm::io {

// Bytes asked of the kernel per read (a line may span several reads).
inline constexpr std::size_t line_reader_chunk_bytes = std::size_t{64} * 1024;

struct TextLine {
  std::size_t number = 0;  // 1-based
  std::string_view text;   // without its line end; cut after the reader's max_line_bytes
  std::size_t bytes = 0;   // the whole line's length (> text.size() when it was cut)
};

// Calls visit(line) for every line of the regular file at `path` and returns the bytes read.
// The file passes io::open_regular_file first (`what` and `max_file_bytes` as there: not a FIFO,
// device or folder, not larger than plausible); other failures name the path too.
std::size_t read_lines(const std::filesystem::path& path, std::size_t max_line_bytes, std::uint64_t max_file_bytes,
                       std::string_view what, const std::function<void(const TextLine&)>& visit);

}  // namespace lpm::io
