#include "io/zip_writer.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "io/npy_le_bytes.hpp"
#include "io/zip_format.hpp"
#include "io/zip_posix_file.hpp"

namespace lpm::io {
namespace {

constexpr std::size_t copy_piece_bytes = 1 << 20;  // add_encoded copies in pieces of this size

bool needs_zip64(std::uint64_t value) { return value >= zip::zip64_marker32; }

std::uint16_t name_flags(std::string_view name) {
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? 0 : zip::flag_utf8_name;
}

// The fields local and central headers share, from "version needed" to "uncompressed size"
// (APPNOTE 4.3.7 / 4.3.12). With zip64 both sizes are markers and live in the extra field.
void append_shared_fields(std::vector<std::uint8_t>& out, std::uint16_t version, std::uint16_t flags,
                          std::uint16_t method, std::uint32_t crc, std::uint64_t compressed, std::uint64_t uncompressed,
                          bool zip64) {
  append_le<std::uint16_t>(out, version);
  append_le<std::uint16_t>(out, flags);
  append_le<std::uint16_t>(out, method);
  append_le<std::uint16_t>(out, zip::fixed_dos_time);
  append_le<std::uint16_t>(out, zip::fixed_dos_date);
  append_le<std::uint32_t>(out, crc);
  append_le<std::uint32_t>(out, zip64 ? zip::zip64_marker32 : static_cast<std::uint32_t>(compressed));
  append_le<std::uint32_t>(out, zip64 ? zip::zip64_marker32 : static_cast<std::uint32_t>(uncompressed));
}

// ZIP64 extended information extra field (APPNOTE 4.5.3): the listed 8-byte values in order.
std::vector<std::uint8_t> zip64_extra(std::initializer_list<std::uint64_t> values) {
  std::vector<std::uint8_t> extra;
  append_le<std::uint16_t>(extra, zip::zip64_extra_id);
  append_le<std::uint16_t>(extra, static_cast<std::uint16_t>(8 * values.size()));
  for (std::uint64_t v : values) append_le<std::uint64_t>(extra, v);
  return extra;
}

}  // namespace

ZipWriter::ZipWriter(int fd, ZipWriterOptions options) : fd_(fd), options_(options) {
  zip_method_for_level(options.compression_level);  // checks the level
}

void ZipWriter::append(std::span<const std::uint8_t> bytes) {
  write_all(fd_, bytes);
  offset_ += bytes.size();
}

struct ZipWriter::OpenEntry {
  CentralRecord record;
  ZipEntryEncoder encoder;
};

ZipWriter::~ZipWriter() = default;

ZipWriter::CentralRecord ZipWriter::open_record(std::string_view name, std::uint64_t uncompressed_size) {
  if (open_) throw std::runtime_error(fmt::format("zip entry '{}' is still open", open_->record.name));
  if (name.empty() || name.size() > 0xFFFF) throw std::runtime_error("zip entry name is empty or too long");
  CentralRecord record;
  record.name = std::string(name);
  record.method = zip_method_for_level(options_.compression_level);
  record.local_header_offset = offset_;
  record.uncompressed_size = uncompressed_size;
  // The compressed size is known only afterwards; decide ZIP64 from an upper bound of it
  // (deflate's worst-case growth, zlib's deflateBound, is far below 0.1% + 1 KiB).
  const std::uint64_t size_bound = uncompressed_size + uncompressed_size / 1000 + 1024;
  record.zip64 = options_.force_zip64 || needs_zip64(size_bound) || needs_zip64(offset_);

  const std::uint16_t version = record.zip64 ? zip::version_zip64 : zip::version_default;
  const std::uint16_t flags = name_flags(name);
  std::vector<std::uint8_t> header;
  append_le<std::uint32_t>(header, zip::local_header_signature);
  append_shared_fields(header, version, flags, record.method, 0, 0, 0, record.zip64);
  const std::vector<std::uint8_t> extra = record.zip64 ? zip64_extra({0, 0}) : std::vector<std::uint8_t>{};
  append_le<std::uint16_t>(header, static_cast<std::uint16_t>(name.size()));
  append_le<std::uint16_t>(header, static_cast<std::uint16_t>(extra.size()));
  header.insert(header.end(), name.begin(), name.end());
  header.insert(header.end(), extra.begin(), extra.end());
  append(header);
  return record;
}

void ZipWriter::begin_entry(std::string_view name, std::uint64_t uncompressed_size) {
  if (open_) throw std::runtime_error(fmt::format("zip entry '{}' is still open", open_->record.name));
  // The encoder first: a failure there leaves nothing written.
  ZipEntryEncoder encoder(std::string(name), options_.compression_level, uncompressed_size,
                          [this](std::span<const std::uint8_t> encoded) { append(encoded); });
  CentralRecord record = open_record(name, uncompressed_size);
  open_ = std::make_unique<OpenEntry>(
      OpenEntry{std::move(record), std::move(encoder)});  // braces: clang 14 has no C++20 aggregate ( )
}

void ZipWriter::write(std::span<const std::uint8_t> bytes) {
  if (!open_) throw std::runtime_error("zip write without an open entry");
  open_->encoder.write(bytes);
}

void ZipWriter::close_record(CentralRecord record, const EncodedSizes& sizes) {
  record.crc32 = sizes.crc32;
  record.compressed_size = sizes.compressed_size;
  if (!record.zip64 && needs_zip64(record.compressed_size))
    throw std::runtime_error("zip entry grew past its ZIP64 size bound");

  // Patch CRC-32 and sizes into the local header now that they are known.
  std::vector<std::uint8_t> patch;
  append_le<std::uint32_t>(patch, record.crc32);
  if (record.zip64) {
    pwrite_all(fd_, patch, record.local_header_offset + 14);
    patch.clear();
    append_le<std::uint64_t>(patch, record.uncompressed_size);
    append_le<std::uint64_t>(patch, record.compressed_size);
    pwrite_all(fd_, patch, record.local_header_offset + zip::local_header_size + record.name.size() + 4);
  } else {
    append_le<std::uint32_t>(patch, static_cast<std::uint32_t>(record.compressed_size));
    append_le<std::uint32_t>(patch, static_cast<std::uint32_t>(record.uncompressed_size));
    pwrite_all(fd_, patch, record.local_header_offset + 14);
  }
  records_.push_back(std::move(record));
}

void ZipWriter::end_entry() {
  if (!open_) throw std::runtime_error("zip end_entry without an open entry");
  const EncodedSizes sizes = open_->encoder.finish();
  CentralRecord record = std::move(open_->record);
  open_.reset();
  close_record(std::move(record), sizes);
}

void ZipWriter::add_encoded(std::string_view name, const EncodedSizes& sizes, int encoded_fd) {
  if (sizes.method != zip_method_for_level(options_.compression_level))
    throw std::logic_error(fmt::format("zip entry '{}' was encoded with another method", name));
  CentralRecord record = open_record(name, sizes.uncompressed_size);
  std::vector<std::uint8_t> piece(std::min<std::uint64_t>(sizes.compressed_size, copy_piece_bytes));
  for (std::uint64_t at = 0; at < sizes.compressed_size;) {
    const std::size_t n = std::min<std::uint64_t>(piece.size(), sizes.compressed_size - at);
    pread_exact(encoded_fd, {piece.data(), n}, at);
    append({piece.data(), n});
    at += n;
  }
  close_record(std::move(record), sizes);
}

void ZipWriter::add(std::string_view name, std::span<const std::span<const std::uint8_t>> parts) {
  std::uint64_t size = 0;
  for (auto part : parts) size += part.size();
  begin_entry(name, size);
  for (auto part : parts) write(part);
  end_entry();
}

void ZipWriter::finish() {
  if (open_) throw std::runtime_error(fmt::format("zip entry '{}' is still open", open_->record.name));
  const std::uint64_t central_offset = offset_;
  std::vector<std::uint8_t> out;
  for (const CentralRecord& r : records_) {
    const std::uint16_t version = r.zip64 ? zip::version_zip64 : zip::version_default;
    append_le<std::uint32_t>(out, zip::central_header_signature);
    append_le<std::uint16_t>(out, version);  // "made by": MS-DOS attributes (host 0), no host fields
    append_shared_fields(out, version, name_flags(r.name), r.method, r.crc32, r.compressed_size, r.uncompressed_size,
                         r.zip64);
    const std::vector<std::uint8_t> extra =
        r.zip64 ? zip64_extra({r.uncompressed_size, r.compressed_size, r.local_header_offset})
                : std::vector<std::uint8_t>{};
    append_le<std::uint16_t>(out, static_cast<std::uint16_t>(r.name.size()));
    append_le<std::uint16_t>(out, static_cast<std::uint16_t>(extra.size()));
    append_le<std::uint16_t>(out, 0);  // comment length
    append_le<std::uint16_t>(out, 0);  // disk number start
    append_le<std::uint16_t>(out, 0);  // internal attributes
    append_le<std::uint32_t>(out, 0);  // external attributes
    append_le<std::uint32_t>(out, r.zip64 ? zip::zip64_marker32 : static_cast<std::uint32_t>(r.local_header_offset));
    out.insert(out.end(), r.name.begin(), r.name.end());
    out.insert(out.end(), extra.begin(), extra.end());
  }
  const std::uint64_t central_size = out.size();
  const std::uint64_t count = records_.size();
  const bool zip64_end =
      options_.force_zip64 || count >= zip::zip64_marker16 || needs_zip64(central_size) || needs_zip64(central_offset);
  if (zip64_end) {
    const std::uint64_t zip64_end_offset = central_offset + central_size;
    append_le<std::uint32_t>(out, zip::zip64_end_signature);  // APPNOTE 4.3.14
    append_le<std::uint64_t>(out, zip::zip64_end_size - 12);  // size of the rest of the record
    append_le<std::uint16_t>(out, zip::version_zip64);
    append_le<std::uint16_t>(out, zip::version_zip64);
    append_le<std::uint32_t>(out, 0);  // this disk
    append_le<std::uint32_t>(out, 0);  // disk with the central directory
    append_le<std::uint64_t>(out, count);
    append_le<std::uint64_t>(out, count);
    append_le<std::uint64_t>(out, central_size);
    append_le<std::uint64_t>(out, central_offset);
    append_le<std::uint32_t>(out, zip::zip64_locator_signature);  // APPNOTE 4.3.15
    append_le<std::uint32_t>(out, 0);                             // disk with the zip64 end record
    append_le<std::uint64_t>(out, zip64_end_offset);
    append_le<std::uint32_t>(out, 1);  // total number of disks
  }
  append_le<std::uint32_t>(out, zip::end_of_central_dir_signature);  // APPNOTE 4.3.16
  append_le<std::uint16_t>(out, 0);                                  // this disk
  append_le<std::uint16_t>(out, 0);                                  // disk with the central directory
  const auto count16 = zip64_end ? zip::zip64_marker16 : static_cast<std::uint16_t>(count);
  append_le<std::uint16_t>(out, count16);
  append_le<std::uint16_t>(out, count16);
  append_le<std::uint32_t>(out, zip64_end ? zip::zip64_marker32 : static_cast<std::uint32_t>(central_size));
  append_le<std::uint32_t>(out, zip64_end ? zip::zip64_marker32 : static_cast<std::uint32_t>(central_offset));
  append_le<std::uint16_t>(out, 0);  // comment length
  append(out);
}

}  // namespace lpm::io
