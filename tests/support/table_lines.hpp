#pragma once
// Plain text and byte helpers for tests that damage input files (tests/reliability): splitting
// a table into lines, reading and replacing whitespace-separated fields, walking the array
// summaries of a little-endian SPK. Deliberately simple: the readers themselves are under test.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lpm::test {

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Lines with their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}
inline std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line;
  return text;
}
// Whitespace-separated field `index` of a table line.
inline std::string field(const std::string& line, int index) {
  std::istringstream in(line);
  std::string token;
  for (int i = 0; i <= index; ++i) in >> token;
  return token;
}
// Replaces field `index` of a line by `text`, keeping the line end.
inline std::string with_field(const std::string& line, int index, const std::string& text) {
  std::size_t pos = 0;
  for (int i = 0; i < index; ++i) pos = line.find(' ', line.find_first_not_of(' ', pos));
  ++pos;
  std::size_t end = line.find_first_of(" \r\n", pos);
  return line.substr(0, pos) + text + line.substr(end);
}

// Calls visit(offset) with the byte offset of every array summary of a little-endian DAF with
// ND=2, NI=6 (an SPK: start ET at +0, end ET at +8, target at +16, type at +28).
template <class Visit>
void for_each_spk_summary(const std::string& bytes, Visit&& visit) {
  auto i32 = [&](std::size_t at) {
    std::int32_t v;
    std::memcpy(&v, bytes.data() + at, 4);
    return v;
  };
  auto f64 = [&](std::size_t at) {
    double v;
    std::memcpy(&v, bytes.data() + at, 8);
    return v;
  };
  for (auto record = i32(76); record > 0;) {
    std::size_t base = static_cast<std::size_t>(record - 1) * 1024;
    int count = static_cast<int>(f64(base + 16));
    for (int i = 0; i < count; ++i) visit(base + 24 + static_cast<std::size_t>(i) * 40);
    record = static_cast<std::int32_t>(f64(base));
  }
}

}  // namespace lpm::test
