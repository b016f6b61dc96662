#include "io/checksum.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace lpm::io {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string to_hex(const unsigned char* digest, unsigned length) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(2 * length, '0');
  for (unsigned i = 0; i < length; ++i) {
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

std::string digest_file(const EVP_MD* method, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<char> buffer(1 << 20);  // 1 MiB chunks, as the reference
  std::string result = digest(method, [&](std::string_view& chunk) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    chunk = std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount()));
    return !chunk.empty();
  });
  if (in.bad()) throw std::runtime_error("read error in " + path.string());
  return result;
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
