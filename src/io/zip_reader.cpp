#include "io/zip_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

#include "io/npy_le_bytes.hpp"
#include "io/zip_format.hpp"
#include "io/zip_posix_file.hpp"

namespace lpm::io {
namespace {

constexpr std::size_t max_zlib_chunk = 1u << 30;      // zlib counts avail_in/out in 32-bit uInt
constexpr std::size_t input_chunk_bytes = 1u << 20;   // compressed bytes read at a time
constexpr std::size_t first_output_bytes = 1u << 24;  // grown as real output arrives
constexpr std::uint64_t max_deflate_ratio = 1032;     // deflate cannot expand data more than this

[[noreturn]] void fail(const std::string& reason) { throw std::runtime_error(reason); }

// Bounds-checked little-endian reads from a byte range; `what` names the record in errors.
class Cursor {
 public:
  Cursor(std::span<const std::uint8_t> bytes, const char* what) : bytes_(bytes), what_(what) {}
  template <typename UInt>
  UInt take() {
    return load_le<UInt>(take_bytes(sizeof(UInt)).data());
  }
  std::span<const std::uint8_t> take_bytes(std::size_t n) {
    if (n > bytes_.size() - pos_) fail(fmt::format("truncated {}", what_));
    auto out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  const char* what_;
};

// Replaces the central-directory fields that hold the ZIP64 marker by the 8-byte values of
// the ZIP64 extended information extra field, in APPNOTE 4.5.3 order.
void apply_zip64_extra(std::span<const std::uint8_t> extra, ZipEntry& entry, bool size_marked, bool compressed_marked,
                       bool offset_marked) {
  if (!size_marked && !compressed_marked && !offset_marked) return;
  Cursor blocks(extra, "extra field");
  while (blocks.remaining() >= 4) {
    const auto id = blocks.take<std::uint16_t>();
    const auto length = blocks.take<std::uint16_t>();
    Cursor block(blocks.take_bytes(length), "ZIP64 extra field");
    if (id != zip::zip64_extra_id) continue;
    if (size_marked) entry.uncompressed_size = block.take<std::uint64_t>();
    if (compressed_marked) entry.compressed_size = block.take<std::uint64_t>();
    if (offset_marked) entry.local_header_offset = block.take<std::uint64_t>();
    return;
  }
  fail("central directory entry has 32-bit size markers but no ZIP64 extra field");
}

class InflateStream {
 public:
  InflateStream() {
    if (inflateInit2(&stream_, -15) != Z_OK) fail("zlib inflateInit2 failed");
  }
  ~InflateStream() { inflateEnd(&stream_); }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
  z_stream& get() { return stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

std::vector<std::uint8_t> ZipReader::read_at(std::uint64_t offset, std::uint64_t length) const {
  if (offset > file_size_ || length > file_size_ - offset) fail("unexpected end of file (truncated?)");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length));
  pread_exact(fd_, bytes, offset);
  return bytes;
}

ZipReader::ZipReader(int fd) : fd_(fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) throw_errno("cannot stat");
  file_size_ = static_cast<std::uint64_t>(info.st_size);
  if (file_size_ < zip::end_of_central_dir_size)
    fail(fmt::format("too short ({} bytes) to be a zip archive", file_size_));

  // End of central directory record (APPNOTE 4.3.16): the last 22 bytes plus a comment of up
  // to 65535 bytes; search backwards for a signature whose comment ends exactly at end of file.
  const std::uint64_t tail_size = std::min<std::uint64_t>(file_size_, zip::end_of_central_dir_size + 0xFFFF);
  const std::uint64_t tail_offset = file_size_ - tail_size;
  const std::vector<std::uint8_t> tail = read_at(tail_offset, tail_size);
  std::optional<std::size_t> found;
  for (std::size_t i = tail.size() - zip::end_of_central_dir_size + 1; i-- > 0;) {
    if (load_le<std::uint32_t>(&tail[i]) == zip::end_of_central_dir_signature &&
        i + zip::end_of_central_dir_size + load_le<std::uint16_t>(&tail[i + 20]) == tail.size()) {
      found = i;
      break;
    }
  }
  if (!found) fail("no end-of-central-directory record (not a zip archive, or truncated)");
  const std::size_t eocd = *found;
  const std::uint64_t eocd_offset = tail_offset + eocd;
  Cursor end(std::span<const std::uint8_t>(tail).subspan(eocd + 4), "end-of-central-directory record");
  const auto disk = end.take<std::uint16_t>();
  const auto central_disk = end.take<std::uint16_t>();
  const auto disk_entries = end.take<std::uint16_t>();
  std::uint64_t count = end.take<std::uint16_t>();
  std::uint64_t central_size = end.take<std::uint32_t>();
  std::uint64_t central_offset = end.take<std::uint32_t>();
  std::uint64_t central_end = eocd_offset;  // the central directory must end before this

  // ZIP64 end of central directory locator (4.3.15) right before the record, when present.
  bool zip64 = false;
  if (eocd_offset >= zip::zip64_locator_size) {
    const auto locator_bytes = read_at(eocd_offset - zip::zip64_locator_size, zip::zip64_locator_size);
    Cursor locator(locator_bytes, "ZIP64 locator");
    if (locator.take<std::uint32_t>() == zip::zip64_locator_signature) {
      zip64 = true;
      const auto record_disk = locator.take<std::uint32_t>();
      const auto record_offset = locator.take<std::uint64_t>();
      const auto disks = locator.take<std::uint32_t>();
      if (record_disk != 0 || disks > 1) fail("multi-disk zip archives are not supported");
      if (record_offset > eocd_offset - zip::zip64_locator_size ||
          eocd_offset - zip::zip64_locator_size - record_offset < zip::zip64_end_size)
        fail("ZIP64 end-of-central-directory record lies outside the file");
      const auto record_bytes = read_at(record_offset, zip::zip64_end_size);
      Cursor record(record_bytes, "ZIP64 end-of-central-directory record");
      if (record.take<std::uint32_t>() != zip::zip64_end_signature)
        fail("bad ZIP64 end-of-central-directory signature");
      record.take<std::uint64_t>();  // record size
      record.take<std::uint32_t>();  // versions made by / needed
      const auto disk64 = record.take<std::uint32_t>();
      const auto central_disk64 = record.take<std::uint32_t>();
      const auto disk_entries64 = record.take<std::uint64_t>();
      count = record.take<std::uint64_t>();
      central_size = record.take<std::uint64_t>();
      central_offset = record.take<std::uint64_t>();
      if (disk64 != 0 || central_disk64 != 0 || disk_entries64 != count)
        fail("multi-disk zip archives are not supported");
      central_end = record_offset;
    }
  }
  if (!zip64 && (disk != 0 || central_disk != 0 || disk_entries != count))
    fail("multi-disk zip archives are not supported");
  if (central_offset > central_end || central_size > central_end - central_offset)
    fail("central directory lies outside the file (truncated?)");
  if (count > central_size / zip::central_header_size)
    fail(fmt::format("{} entries cannot fit a central directory of {} bytes", count, central_size));

  const std::vector<std::uint8_t> directory = read_at(central_offset, central_size);
  Cursor cursor(directory, "central directory");
  entries_.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    if (cursor.take<std::uint32_t>() != zip::central_header_signature)
      fail(fmt::format("bad signature of central directory entry {}", i));
    ZipEntry entry;
    cursor.take<std::uint16_t>();  // version made by
    cursor.take<std::uint16_t>();  // version needed
    entry.flags = cursor.take<std::uint16_t>();
    entry.method = cursor.take<std::uint16_t>();
    cursor.take<std::uint32_t>();  // DOS time and date
    entry.crc32 = cursor.take<std::uint32_t>();
    entry.compressed_size = cursor.take<std::uint32_t>();
    entry.uncompressed_size = cursor.take<std::uint32_t>();
    const auto name_length = cursor.take<std::uint16_t>();
    const auto extra_length = cursor.take<std::uint16_t>();
    const auto comment_length = cursor.take<std::uint16_t>();
    const auto start_disk = cursor.take<std::uint16_t>();
    cursor.take<std::uint16_t>();  // internal attributes
    cursor.take<std::uint32_t>();  // external attributes
    entry.local_header_offset = cursor.take<std::uint32_t>();
    const auto name = cursor.take_bytes(name_length);
    entry.name.assign(name.begin(), name.end());
    const auto extra = cursor.take_bytes(extra_length);
    cursor.take_bytes(comment_length);
    apply_zip64_extra(extra, entry, entry.uncompressed_size == zip::zip64_marker32,
                      entry.compressed_size == zip::zip64_marker32, entry.local_header_offset == zip::zip64_marker32);

    const std::string where = fmt::format("entry '{}': ", entry.name);
    if (start_disk != 0) fail(where + "multi-disk zip archives are not supported");
    if (entry.flags & (zip::flag_encrypted | zip::flag_strong_encryption))
      fail(where + "encrypted entries are not supported");
    if (entry.method != zip::method_stored && entry.method != zip::method_deflated)
      fail(where + fmt::format("compression method {} is not supported (only stored and deflate)", entry.method));
    if (entry.method == zip::method_stored && entry.compressed_size != entry.uncompressed_size)
      fail(where + "stored entry with different compressed and uncompressed sizes");
    if (entry.local_header_offset >= central_offset ||
        central_offset - entry.local_header_offset < zip::local_header_size)
      fail(where + "local header offset lies outside the data area");
    entries_.push_back(std::move(entry));
  }
}

std::vector<std::uint8_t> ZipReader::read(const ZipEntry& entry, EntrySize size) const {
  std::vector<std::uint8_t> data = read_start(entry, entry.uncompressed_size, size);
  const auto crc = static_cast<std::uint32_t>(crc32_z(crc32_z(0L, Z_NULL, 0), data.data(), data.size()));
  if (crc != entry.crc32) fail(fmt::format("CRC-32 mismatch (stored {:08x}, computed {:08x})", entry.crc32, crc));
  return data;
}

std::vector<std::uint8_t> ZipReader::read_start(const ZipEntry& entry, std::uint64_t max_bytes, EntrySize size) const {
  const std::uint64_t data_offset = this->data_offset(entry);
  const std::uint64_t wanted = std::min(max_bytes, entry.uncompressed_size);
  if (entry.method == zip::method_stored) return read_at(data_offset, wanted);
  return inflate_range(data_offset, entry.compressed_size, entry.uncompressed_size, wanted, size);
}

std::uint64_t ZipReader::data_offset(const ZipEntry& entry) const {
  const auto header_bytes = read_at(entry.local_header_offset, zip::local_header_size);
  Cursor header(header_bytes, "local header");
  if (header.take<std::uint32_t>() != zip::local_header_signature) fail("bad local header signature");
  header.take_bytes(22);  // version, flags, method, time, date, CRC and sizes: the central directory rules
  const auto name_length = header.take<std::uint16_t>();
  const auto extra_length = header.take<std::uint16_t>();
  const auto name = read_at(entry.local_header_offset + zip::local_header_size, name_length);
  if (name.size() != entry.name.size() || !std::equal(name.begin(), name.end(), entry.name.begin()))
    fail("local header name differs from the central directory");
  const std::uint64_t data_offset = entry.local_header_offset + zip::local_header_size + name_length + extra_length;
  if (data_offset > file_size_ || entry.compressed_size > file_size_ - data_offset)
    fail("entry data runs past the end of the file (truncated?)");
  return data_offset;
}

namespace {

void check_ratio(std::uint64_t compressed, std::uint64_t declared) {
  if (declared > std::numeric_limits<std::size_t>::max() ||
      (compressed < (std::numeric_limits<std::uint64_t>::max() - 1024) / max_deflate_ratio &&
       declared > compressed * max_deflate_ratio + 1024))
    fail(fmt::format("declared size {} is impossible for {} compressed bytes", declared, compressed));
}

}  // namespace

// Raw-deflate data at [offset, offset + compressed) → the first `wanted` of its `declared` bytes;
// when all are wanted, checked to be exactly `declared`. The input is read in chunks as zlib
// needs it and, unless the size is checked, the output grows with the data actually produced, so
// neither a lying size field nor a large entry of which only the start is wanted makes us read
// or allocate more.
std::vector<std::uint8_t> ZipReader::inflate_range(std::uint64_t offset, std::uint64_t compressed,
                                                   std::uint64_t declared, std::uint64_t wanted, EntrySize size) const {
  check_ratio(compressed, declared);
  InflateStream inflater;
  z_stream& z = inflater.get();
  std::vector<std::uint8_t> input;
  std::vector<std::uint8_t> out(size == EntrySize::checked ? wanted
                                                           : std::min<std::uint64_t>(wanted, first_output_bytes));
  std::size_t produced = 0;
  std::uint64_t consumed = 0;  // input bytes handed to zlib
  while (true) {
    if (z.avail_in == 0 && consumed < compressed) {
      input = read_at(offset + consumed, std::min<std::uint64_t>(compressed - consumed, input_chunk_bytes));
      z.next_in = input.data();
      z.avail_in = static_cast<uInt>(input.size());
      consumed += input.size();
    }
    if (produced == out.size() && out.size() < wanted)
      out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(wanted, 2 * out.size())));
    const bool full = produced == out.size();
    if (full && wanted < declared) return out;  // the start asked for is there
    // Once the declared size is reached, inflate into a scratch byte to detect surplus data.
    std::uint8_t scratch = 0;
    z.next_out = full ? &scratch : out.data() + produced;
    z.avail_out = full ? 1u : static_cast<uInt>(std::min(out.size() - produced, max_zlib_chunk));
    const uInt room = z.avail_out;
    const int status = inflate(&z, Z_NO_FLUSH);
    const std::size_t got = room - z.avail_out;
    if (full && got > 0) fail(fmt::format("entry holds more data than its declared size {}", declared));
    produced += got;
    if (status == Z_STREAM_END) break;
    if (status == Z_OK) continue;
    if (status == Z_BUF_ERROR && z.avail_in == 0 && consumed == compressed) fail("deflate data ends early (truncated)");
    fail(fmt::format("corrupt deflate data ({})", z.msg ? z.msg : "zlib error"));
  }
  if (produced != declared)
    fail(fmt::format("entry decompresses to {} bytes, not the declared {}", produced, declared));
  return out;
}

struct ZipEntryStream::State {
  const ZipReader* reader = nullptr;
  ZipEntry entry;
  std::uint64_t offset = 0;    // of the entry's data in the file
  std::uint64_t consumed = 0;  // compressed bytes handed to zlib
  std::uint64_t produced = 0;  // uncompressed bytes handed out
  std::vector<std::uint8_t> input;
  InflateStream inflater;
  bool stream_ended = false;  // zlib saw the end of the deflate data
  bool done = false;
  uLong crc = crc32_z(0L, Z_NULL, 0);

  // Inflates into [out, out + room); returns the bytes produced (0 only at the stream's end).
  std::size_t inflate_into(std::uint8_t* out, std::size_t room) {
    z_stream& z = inflater.get();
    if (z.avail_in == 0 && consumed < entry.compressed_size) {
      input = reader->read_at(offset + consumed,
                              std::min<std::uint64_t>(entry.compressed_size - consumed, input_chunk_bytes));
      z.next_in = input.data();
      z.avail_in = static_cast<uInt>(input.size());
      consumed += input.size();
    }
    z.next_out = out;
    z.avail_out = static_cast<uInt>(std::min(room, max_zlib_chunk));
    const uInt before = z.avail_out;
    const int status = inflate(&z, Z_NO_FLUSH);
    const std::size_t got = before - z.avail_out;
    if (status == Z_STREAM_END) stream_ended = true;
    if (status == Z_STREAM_END || status == Z_OK) return got;
    if (status == Z_BUF_ERROR && z.avail_in == 0 && consumed == entry.compressed_size)
      fail("deflate data ends early (truncated)");
    fail(fmt::format("corrupt deflate data ({})", z.msg ? z.msg : "zlib error"));
  }

  std::vector<std::uint8_t> take(std::size_t wanted) {
    if (entry.method == zip::method_stored) {
      std::vector<std::uint8_t> out = reader->read_at(offset + produced, wanted);
      if (out.size() != wanted) fail("entry data runs past the end of the file (truncated?)");
      return out;
    }
    std::vector<std::uint8_t> out(wanted);
    std::size_t filled = 0;
    while (filled < wanted) {
      if (stream_ended)
        fail(fmt::format("entry decompresses to {} bytes, not the declared {}", produced + filled,
                         entry.uncompressed_size));
      filled += inflate_into(out.data() + filled, wanted - filled);
    }
    return out;
  }

  // After the declared size: no surplus data, and the CRC-32 of what was handed out.
  void finish() {
    if (entry.method != zip::method_stored)
      while (!stream_ended) {
        std::uint8_t scratch = 0;
        if (inflate_into(&scratch, 1) > 0)
          fail(fmt::format("entry holds more data than its declared size {}", entry.uncompressed_size));
      }
    if (crc != entry.crc32)
      fail(fmt::format("CRC-32 mismatch (stored {:08x}, computed {:08x})", entry.crc32,
                       static_cast<std::uint32_t>(crc)));
    done = true;
  }
};

ZipEntryStream::ZipEntryStream(const ZipReader& reader, const ZipEntry& entry) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.reader = &reader;
  s.entry = entry;
  s.offset = reader.data_offset(entry);
  if (entry.method != zip::method_stored) check_ratio(entry.compressed_size, entry.uncompressed_size);
}

ZipEntryStream::~ZipEntryStream() = default;
ZipEntryStream::ZipEntryStream(ZipEntryStream&&) noexcept = default;
ZipEntryStream& ZipEntryStream::operator=(ZipEntryStream&&) noexcept = default;

std::vector<std::uint8_t> ZipEntryStream::next(std::size_t max_bytes) {
  State& s = *state_;
  if (s.done) return {};
  const auto wanted =
      static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, s.entry.uncompressed_size - s.produced));
  if (wanted == 0) {
    s.finish();
    return {};
  }
  std::vector<std::uint8_t> out = s.take(wanted);
  s.produced += out.size();
  s.crc = crc32_z(s.crc, out.data(), out.size());
  return out;
}

}  // namespace lpm::io
