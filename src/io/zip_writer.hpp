#pragma once
// Streaming writer of a ZIP archive into an open, empty, seekable file (PKWARE APPNOTE 6.3).
// Each entry is deflated (raw deflate, zlib windowBits -15; zip_entry_encoder.hpp) straight to the
// file, or copied from a file it was encoded into beforehand; its CRC-32 and sizes are patched
// into the local header afterwards, so no data descriptors are needed.
// Deterministic: fixed 1980-01-01 timestamp, no host fields, entries in the order added.
// ZIP64 records are written when a size or offset reaches 4 GiB, or always with force_zip64.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/zip_entry_encoder.hpp"

namespace lpm::io {

struct ZipWriterOptions {
  bool force_zip64 = false;
  int compression_level = 6;  // zlib level 1-9; 0 stores entries uncompressed
};

class ZipWriter {
 public:
  // fd: a file open for writing, empty, positioned at 0. Throws on a level outside 0-9.
  ZipWriter(int fd, ZipWriterOptions options);

  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Appends one entry whose contents are the concatenation of `parts`.
  void add(std::string_view name, std::span<const std::span<const std::uint8_t>> parts);

  // The same in pieces, for contents too large to hold at once: begin_entry() with the total
  // size, write() the bytes in order, end_entry(). add() is these three calls, so the bytes on
  // disk do not depend on how the contents were cut. Throws if the pieces do not add up.
  void begin_entry(std::string_view name, std::uint64_t uncompressed_size);
  void write(std::span<const std::uint8_t> bytes);
  void end_entry();

  // An entry encoded beforehand (ZipEntryEncoder with this writer's compression level): the
  // `sizes.compressed_size` bytes at the start of the file `encoded_fd` are copied in. The same
  // bytes on disk as begin_entry/write/end_entry with the contents it was encoded from.
  void add_encoded(std::string_view name, const EncodedSizes& sizes, int encoded_fd);

  // Writes the central directory and the end records. Call once, after the last add().
  void finish();

 private:
  struct CentralRecord {
    std::string name;
    bool zip64 = false;
    std::uint16_t method = 0;
    std::uint32_t crc32 = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t uncompressed_size = 0;
    std::uint64_t local_header_offset = 0;
  };

  struct OpenEntry;  // between begin_entry() and end_entry(): the record and its encoder

  void append(std::span<const std::uint8_t> bytes);
  // Writes the local header of a new entry (CRC-32 and sizes zero) and returns its record.
  CentralRecord open_record(std::string_view name, std::uint64_t uncompressed_size);
  // Patches the encoded entry's CRC-32 and sizes into its local header and keeps its record.
  void close_record(CentralRecord record, const EncodedSizes& sizes);

  int fd_;
  ZipWriterOptions options_;
  std::uint64_t offset_ = 0;  // bytes written so far = offset of the next record
  std::vector<CentralRecord> records_;
  std::unique_ptr<OpenEntry> open_;
};

}  // namespace lpm::io
