#include "io/checksum.hpp"

#include <openssl/evp.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"

namespace lpm::io {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string to_hex(const unsigned char* digest, unsigned length) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(2 * std::size_t{length}, '0');
  for (std::size_t i = 0; i < length; ++i) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 0xF];
  }
  return hex;
}

// Feeds chunks to an OpenSSL digest; `read` returns false when the input is exhausted.
template <typename Reader>
std::string digest(const EVP_MD* method, Reader&& read) {
  DigestContext context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), method, nullptr) != 1)
    throw std::runtime_error("cannot initialise the digest");
  std::string_view chunk;
  while (read(chunk)) EVP_DigestUpdate(context.get(), chunk.data(), chunk.size());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(context.get(), out, &length);
  return to_hex(out, length);
}

// Reads in 1 MiB chunks, as the reference; stops with an error past the size limit.
std::string digest_file(const EVP_MD* method, const std::filesystem::path& path) {
  RegularFile file = open_regular_file(path, max_checksummed_file_bytes, "checksummed file");
  std::vector<char> buffer(1 << 20);
  std::uint64_t total = 0;
  return digest(method, [&](std::string_view& chunk) {
    ssize_t got;
    while ((got = ::read(file.fd.get(), buffer.data(), buffer.size())) < 0 && errno == EINTR) {
    }
    if (got < 0) throw std::runtime_error(fmt::format("{}: read failed: {}", path.string(), std::strerror(errno)));
    total += static_cast<std::uint64_t>(got);
    if (total > file.max_bytes)
      throw std::runtime_error(
          fmt::format("{}: grew past {} while being checksummed", path.string(), size_text(file.max_bytes)));
    chunk = std::string_view(buffer.data(), static_cast<std::size_t>(got));
    return got > 0;
  });
}

std::string digest_bytes(const EVP_MD* method, std::string_view bytes) {
  bool done = false;
  return digest(method, [&](std::string_view& chunk) {
    if (done) return false;
    chunk = bytes;
    done = true;
    return true;
  });
}

}  // namespace

std::string sha1_file(const std::filesystem::path& path) { return digest_file(EVP_sha1(), path); }
std::string sha256_file(const std::filesystem::path& path) { return digest_file(EVP_sha256(), path); }
std::string sha1_hex(std::string_view bytes) { return digest_bytes(EVP_sha1(), bytes); }
std::string sha256_hex(std::string_view bytes) { return digest_bytes(EVP_sha256(), bytes); }

}  // namespace lpm::io
