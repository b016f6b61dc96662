#pragma once
// Reader of the ZIP subset the NPZ files use (PKWARE APPNOTE 6.3): one disk, stored or deflated
// entries, ZIP64 records, data descriptors (sizes are taken from the central directory).
// Written for hostile input: every offset and length is checked against the file before use,
// and memory use is bounded by the data actually decompressed (the caller bounds the sizes it
// accepts: see read_npz).
// Errors throw std::runtime_error with a one-line reason; the caller adds file and entry names.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lpm::io {

struct ZipEntry {
  std::string name;
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;
  std::uint64_t local_header_offset = 0;
};

// How an entry's output is allocated: grown as inflated data arrives, so that memory is bounded
// by the data really there (unchecked); or whole at once, when the caller has checked the
// declared size against what the content must be and against a limit (checked: the peak is the
// entry's size instead of 1.5 times it).
enum class EntrySize { unchecked, checked };

class ZipEntryStream;

class ZipReader {
 public:
  // fd: a file open for reading (not owned; must outlive the reader). Parses the central directory.
  explicit ZipReader(int fd);

  const std::vector<ZipEntry>& entries() const { return entries_; }

  // The entry's uncompressed contents, checked against its size and CRC-32.
  std::vector<std::uint8_t> read(const ZipEntry& entry, EntrySize size = EntrySize::unchecked) const;
  // The first max_bytes uncompressed bytes (all, if fewer), without the CRC check: enough to
  // look at a header before committing memory to the whole entry.
  std::vector<std::uint8_t> read_start(const ZipEntry& entry, std::uint64_t max_bytes,
                                       EntrySize size = EntrySize::unchecked) const;

 private:
  friend class ZipEntryStream;
  std::uint64_t data_offset(const ZipEntry& entry) const;  // checks the local header
  std::vector<std::uint8_t> read_at(std::uint64_t offset, std::uint64_t length) const;
  std::vector<std::uint8_t> inflate_range(std::uint64_t offset, std::uint64_t compressed, std::uint64_t declared,
                                          std::uint64_t wanted, EntrySize size) const;

  int fd_;
  std::uint64_t file_size_ = 0;
  std::vector<ZipEntry> entries_;
};

// An entry's uncompressed contents piece by piece, so that memory is one piece, not the entry
// (`merge` of year-long caches). The checks of ZipReader::read (declared size, surplus data,
// CRC-32) are made when the last piece has been taken; the reader must outlive the stream.
class ZipEntryStream {
 public:
  ZipEntryStream(const ZipReader& reader, const ZipEntry& entry);
  ~ZipEntryStream();
  ZipEntryStream(ZipEntryStream&&) noexcept;
  ZipEntryStream& operator=(ZipEntryStream&&) noexcept;

  // The next max_bytes bytes (fewer only at the end of the entry); empty once every byte has
  // been taken and checked. Throws std::runtime_error as ZipReader::read does.
  std::vector<std::uint8_t> next(std::size_t max_bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lpm::io
