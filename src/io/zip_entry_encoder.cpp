#include "io/zip_entry_encoder.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <zlib.h>

#include "io/zip_format.hpp"

namespace lpm::io {
namespace {

constexpr std::size_t output_buffer_bytes = 1 << 20;
constexpr std::size_t max_zlib_chunk = 1u << 30;  // zlib counts avail_in/out in 32-bit uInt

}  // namespace

std::uint16_t zip_method_for_level(int compression_level) {
  if (compression_level < 0 || compression_level > 9)
    throw std::runtime_error(fmt::format("compression level {} outside 0-9", compression_level));
  return compression_level == 0 ? zip::method_stored : zip::method_deflated;
}

// The running CRC-32 and, for deflated entries, the raw deflate stream with its output buffer.
struct ZipEntryEncoder::State {
  std::string name;
  Output output;
  EncodedSizes sizes;
  std::uint64_t received = 0;
  uLong crc = crc32_z(0L, Z_NULL, 0);
  bool deflating = false;
  bool finished = false;
  z_stream z{};
  std::vector<std::uint8_t> buffer;

  ~State() {
    if (deflating) deflateEnd(&z);
  }

  void emit(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return;
    output(bytes);
    sizes.compressed_size += bytes.size();
  }

  // Runs the deflate stream with `flush` (Z_NO_FLUSH or Z_FINISH) and emits what it produces.
  void deflate_out(int flush) {
    int status = Z_OK;
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      status = deflate(&z, flush);
      if (status == Z_STREAM_ERROR) throw std::runtime_error("zlib deflate failed");
      emit({buffer.data(), buffer.size() - z.avail_out});
    } while (z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }
};

ZipEntryEncoder::ZipEntryEncoder(std::string name, int compression_level, std::uint64_t uncompressed_size,
                                 Output output)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.name = std::move(name);
  s.output = std::move(output);
  s.sizes.method = zip_method_for_level(compression_level);
  s.sizes.uncompressed_size = uncompressed_size;
  if (s.sizes.method != zip::method_deflated) return;
  if (deflateInit2(&s.z, compression_level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib deflateInit2 failed");
  s.deflating = true;
  s.buffer.resize(output_buffer_bytes);
}

ZipEntryEncoder::~ZipEntryEncoder() = default;
ZipEntryEncoder::ZipEntryEncoder(ZipEntryEncoder&&) noexcept = default;  // the z_stream stays where it is
ZipEntryEncoder& ZipEntryEncoder::operator=(ZipEntryEncoder&&) noexcept = default;

void ZipEntryEncoder::write(std::span<const std::uint8_t> bytes) {
  State& s = *state_;
  if (s.finished) throw std::runtime_error(fmt::format("zip entry '{}' written after its end", s.name));
  if (bytes.size() > s.sizes.uncompressed_size - s.received)
    throw std::runtime_error(
        fmt::format("zip entry '{}' got more than its declared {} bytes", s.name, s.sizes.uncompressed_size));
  s.received += bytes.size();
  if (!bytes.empty()) s.crc = crc32_z(s.crc, bytes.data(), bytes.size());  // a null buffer resets the CRC
  if (!s.deflating) {
    s.emit(bytes);
    return;
  }
  while (!bytes.empty()) {
    const std::size_t chunk = std::min(bytes.size(), max_zlib_chunk);
    s.z.next_in = const_cast<Bytef*>(bytes.data());  // zlib's API is not const-correct
    s.z.avail_in = static_cast<uInt>(chunk);
    s.deflate_out(Z_NO_FLUSH);
    bytes = bytes.subspan(chunk);
  }
}

EncodedSizes ZipEntryEncoder::finish() {
  State& s = *state_;
  if (s.finished) throw std::runtime_error(fmt::format("zip entry '{}' ended twice", s.name));
  if (s.received != s.sizes.uncompressed_size)
    throw std::runtime_error(
        fmt::format("zip entry '{}' got {} of its declared {} bytes", s.name, s.received, s.sizes.uncompressed_size));
  if (s.deflating) s.deflate_out(Z_FINISH);
  s.finished = true;
  s.sizes.crc32 = static_cast<std::uint32_t>(s.crc);
  return s.sizes;
}

}  // namespace lpm::io
