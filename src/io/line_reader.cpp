#include "io/line_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/regular_file.hpp"
#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

std::runtime_error failure(const std::filesystem::path& path, const char* what) {
  return std::runtime_error(fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno)));
}

// The line being assembled across reads: its first max_bytes bytes and its full length.
class PendingLine {
 public:
  explicit PendingLine(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  void append(std::string_view piece) {
    if (text_.size() < max_bytes_) text_.append(piece.substr(0, max_bytes_ - text_.size()));
    bytes_ += piece.size();
  }
  bool empty() const { return bytes_ == 0; }

  // Visits the line made of what was appended and `tail`, then starts the next one. A line that
  // lies wholly in one read buffer is passed on without a copy.
  void finish(std::string_view tail, const std::function<void(const TextLine&)>& visit) {
    ++number_;
    if (bytes_ == 0) {
      visit({number_, tail.substr(0, max_bytes_), tail.size()});
      return;
    }
    append(tail);
    visit({number_, text_, bytes_});
    text_.clear();
    bytes_ = 0;
  }

 private:
  std::size_t max_bytes_;
  std::string text_;
  std::size_t bytes_ = 0;
  std::size_t number_ = 0;
};

}  // namespace

std::size_t read_lines(const std::filesystem::path& path, std::size_t max_line_bytes, std::uint64_t max_file_bytes,
                       std::string_view what, const std::function<void(const TextLine&)>& visit) {
  const RegularFile file = open_regular_file(path, max_file_bytes, what);  // the one gate (regular_file.hpp)

  std::vector<char> buffer(line_reader_chunk_bytes);
  PendingLine line(max_line_bytes);
  bool after_cr = false;  // the previous read ended in '\r': a '\n' starting this one belongs to it
  std::size_t total = 0;
  for (;;) {
    const ssize_t got = ::read(file.fd.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      throw failure(path, "read failed");
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
    if (total > max_file_bytes) throw grew_past_limit(path, max_file_bytes, what);
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
    std::size_t position = after_cr && chunk.front() == '\n' ? 1 : 0;
    after_cr = false;
    while (position < chunk.size()) {
      const std::size_t end = find_line_end(chunk, position);
      if (end == chunk.size()) {  // the line goes on in the next read
        line.append(chunk.substr(position));
        break;
      }
      line.finish(chunk.substr(position, end - position), visit);
      after_cr = chunk[end] == '\r' && end + 1 == chunk.size();
      position = end + line_end_length(chunk, end);
    }
  }
  if (!line.empty()) line.finish({}, visit);  // a last line without a line end
  return total;
}

}  // namespace lpm::io
