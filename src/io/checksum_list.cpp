#include "io/checksum_list.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace lpm::io {
namespace {

constexpr std::size_t sha1_hex_digits = 40, sha256_hex_digits = 64;

std::vector<std::string> tokens_of(const std::string& line) {
  std::istringstream stream(line);
  std::vector<std::string> tokens;
  for (std::string token; stream >> token;) tokens.push_back(token);
  return tokens;
}

// Calls handle(line_number, tokens) for each line that is not blank or a comment.
template <class Handle>
void for_each_entry(std::string_view text, Handle handle) {
  std::istringstream stream{std::string(text)};
  int line_number = 0;
  for (std::string line; std::getline(stream, line);) {
    ++line_number;
    std::vector<std::string> tokens = tokens_of(line);
    if (tokens.empty() || tokens.front().starts_with('#')) continue;
    handle(line_number, tokens);
  }
}

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c + 32) : c; });
  return text;
}

}  // namespace

bool is_hex_digest(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

ChecksumList parse_kernel_lock(std::string_view text, std::string_view source) {
  ChecksumList lock;
  for_each_entry(text, [&](int line_number, const std::vector<std::string>& tokens) {
    if (tokens.size() < 2) return;  // D§1.5: silently skipped
    if (!is_hex_digest(tokens.front(), sha1_hex_digits))
      throw std::runtime_error(fmt::format("{}:{}: '{}' is not a 40-digit SHA-1", source, line_number, tokens.front()));
    std::string name = tokens.back();
    if (name.starts_with('*')) name.erase(0, 1);  // sha1sum's binary-mode marker
    if (std::size_t slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
    lock[name] = lower_case(tokens.front());
  });
  return lock;
}

std::map<std::string, std::uint64_t> parse_kernel_lock_sizes(std::string_view text, std::string_view source) {
  std::map<std::string, std::uint64_t> sizes;
  std::istringstream stream{std::string(text)};
  int line_number = 0;
  for (std::string line; std::getline(stream, line);) {
    ++line_number;
    const std::vector<std::string> tokens = tokens_of(line);
    if (tokens.size() < 2 || tokens[0] != "#" || tokens[1] != kernel_lock_size_tag) continue;
    std::uint64_t bytes = 0;
    const std::string& count = tokens.size() > 2 ? tokens[2] : tokens[1];
    const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), bytes);
    if (tokens.size() != 4 || error != std::errc() || end != count.data() + count.size())
      throw std::runtime_error(
          fmt::format("{}:{}: expected '# {} <bytes> <name>'", source, line_number, kernel_lock_size_tag));
    std::string name = tokens[3];
    if (std::size_t slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
    sizes[name] = bytes;
  }
  return sizes;
}

ChecksumList parse_manifest(std::string_view text, std::string_view source) {
  ChecksumList manifest;
  for_each_entry(text, [&](int line_number, const std::vector<std::string>& tokens) {
    if (tokens.size() != 2 || !is_hex_digest(tokens.front(), sha256_hex_digits))
      throw std::runtime_error(fmt::format("{}:{}: expected '<64-digit SHA-256>  <path>'", source, line_number));
    manifest[tokens.back()] = lower_case(tokens.front());
  });
  return manifest;
}

}  // namespace lpm::io
