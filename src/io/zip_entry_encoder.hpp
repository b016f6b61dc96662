#pragma once
// The data of one zip entry as it is stored in the archive (PKWARE APPNOTE 6.3, 4.4.5): the
// contents themselves (method 0) or their raw deflate stream (method 8, zlib windowBits -15),
// with the CRC-32 of the contents. ZipWriter encodes every entry with it, either straight into
// the archive or, for ZipWriter::add_encoded, beforehand into a file of its own (possibly on
// another thread): the same contents, cut the same way, give the same bytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace lpm::io {

// What the archive records of an encoded entry, besides its name and position.
struct EncodedSizes {
  std::uint16_t method = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;
};

// zip method for a zlib level: 0 stores, 1-9 deflate. Throws on a level outside 0-9.
std::uint16_t zip_method_for_level(int compression_level);

class ZipEntryEncoder {
 public:
  // Receives the encoded bytes as they are produced (valid only during the call).
  using Output = std::function<void(std::span<const std::uint8_t> encoded)>;

  // `name` only for error messages. Throws on a level outside 0-9.
  ZipEntryEncoder(std::string name, int compression_level, std::uint64_t uncompressed_size, Output output);
  ~ZipEntryEncoder();
  ZipEntryEncoder(const ZipEntryEncoder&) = delete;
  ZipEntryEncoder& operator=(const ZipEntryEncoder&) = delete;
  ZipEntryEncoder(ZipEntryEncoder&&) noexcept;
  ZipEntryEncoder& operator=(ZipEntryEncoder&&) noexcept;

  // The next contents; throws if they go past the declared size.
  void write(std::span<const std::uint8_t> bytes);
  // Ends the entry; throws if fewer bytes came than declared. Call once.
  EncodedSizes finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lpm::io
