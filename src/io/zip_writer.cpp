#include "io/zip_writer.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <zlib.h>

#include "io/npy_le_bytes.hpp"
#include "io/zip_format.hpp"
#include "io/zip_posix_file.hpp"

namespace lpm::io {
namespace {

constexpr std::size_t output_buffer_bytes = 1 << 20;
constexpr std::size_t max_zlib_chunk = 1u << 30;  // zlib counts avail_in/out in 32-bit uInt

bool needs_zip64(std::uint64_t value) { return value >= zip::zip64_marker32; }

std::uint16_t name_flags(std::string_view name) {
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return ascii ? 0 : zip::flag_utf8_name;
}

std::uint32_t crc32_parts(std::span<const std::span<const std::uint8_t>> parts) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  for (auto part : parts)
    if (!part.empty()) crc = crc32_z(crc, part.data(), part.size());  // a null buffer resets the CRC
  return static_cast<std::uint32_t>(crc);
}

// The fields local and central headers share, from "version needed" to "uncompressed size"
// (APPNOTE 4.3.7 / 4.3.12). With zip64 both sizes are markers and live in the extra field.
void append_shared_fields(std::vector<std::uint8_t>& out, std::uint16_t version, std::uint16_t flags,
                          std::uint16_t method, std::uint32_t crc, std::uint64_t compressed,
                          std::uint64_t uncompressed, bool zip64) {
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

class DeflateStream {
 public:
  explicit DeflateStream(int level) {
    if (deflateInit2(&stream_, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("zlib deflateInit2 failed");
  }
  ~DeflateStream() { deflateEnd(&stream_); }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;
  z_stream& get() { return stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

ZipWriter::ZipWriter(int fd, ZipWriterOptions options) : fd_(fd), options_(options) {
  if (options.compression_level < 0 || options.compression_level > 9)
    throw std::runtime_error(fmt::format("compression level {} outside 0-9", options.compression_level));
}

void ZipWriter::append(std::span<const std::uint8_t> bytes) {
  write_all(fd_, bytes);
  offset_ += bytes.size();
}

std::uint64_t ZipWriter::deflate_parts(std::span<const std::span<const std::uint8_t>> parts) {
  DeflateStream deflater(options_.compression_level);
  z_stream& z = deflater.get();
  std::vector<std::uint8_t> buffer(output_buffer_bytes);
  std::uint64_t written = 0;
  auto drain = [&](int flush) {
    int status = Z_OK;
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      status = deflate(&z, flush);
      if (status == Z_STREAM_ERROR) throw std::runtime_error("zlib deflate failed");
      const std::size_t produced = buffer.size() - z.avail_out;
      append({buffer.data(), produced});
      written += produced;
    } while (z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  };
  for (auto part : parts) {
    while (!part.empty()) {
      const std::size_t chunk = std::min(part.size(), max_zlib_chunk);
      z.next_in = const_cast<Bytef*>(part.data());  // zlib's API is not const-correct
      z.avail_in = static_cast<uInt>(chunk);
      drain(Z_NO_FLUSH);
      part = part.subspan(chunk);
    }
  }
  drain(Z_FINISH);
  return written;
}

void ZipWriter::add(std::string_view name, std::span<const std::span<const std::uint8_t>> parts) {
  if (name.empty() || name.size() > 0xFFFF) throw std::runtime_error("zip entry name is empty or too long");
  CentralRecord record;
  record.name = std::string(name);
  record.method = options_.compression_level == 0 ? zip::method_stored : zip::method_deflated;
  record.local_header_offset = offset_;
  for (auto part : parts) record.uncompressed_size += part.size();
  // The compressed size is known only afterwards; decide ZIP64 from an upper bound of it
  // (deflate's worst-case growth, zlib's deflateBound, is far below 0.1% + 1 KiB).
  const std::uint64_t size_bound = record.uncompressed_size + record.uncompressed_size / 1000 + 1024;
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

  record.crc32 = crc32_parts(parts);
  if (record.method == zip::method_stored) {
    for (auto part : parts) append(part);
    record.compressed_size = record.uncompressed_size;
  } else {
    record.compressed_size = deflate_parts(parts);
  }
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
    pwrite_all(fd_, patch, record.local_header_offset + zip::local_header_size + name.size() + 4);
  } else {
    append_le<std::uint32_t>(patch, static_cast<std::uint32_t>(record.compressed_size));
    append_le<std::uint32_t>(patch, static_cast<std::uint32_t>(record.uncompressed_size));
    pwrite_all(fd_, patch, record.local_header_offset + 14);
  }
  records_.push_back(std::move(record));
}

void ZipWriter::finish() {
  const std::uint64_t central_offset = offset_;
  std::vector<std::uint8_t> out;
  for (const CentralRecord& r : records_) {
    const std::uint16_t version = r.zip64 ? zip::version_zip64 : zip::version_default;
    append_le<std::uint32_t>(out, zip::central_header_signature);
    append_le<std::uint16_t>(out, version);  // "made by": MS-DOS attributes (host 0), no host fields
    append_shared_fields(out, version, name_flags(r.name), r.method, r.crc32, r.compressed_size,
                         r.uncompressed_size, r.zip64);
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
  const bool zip64_end = options_.force_zip64 || count >= zip::zip64_marker16 || needs_zip64(central_size) ||
                         needs_zip64(central_offset);
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
    append_le<std::uint32_t>(out, 0);  // disk with the zip64 end record
    append_le<std::uint64_t>(out, zip64_end_offset);
    append_le<std::uint32_t>(out, 1);  // total number of disks
  }
  append_le<std::uint32_t>(out, zip::end_of_central_dir_signature);  // APPNOTE 4.3.16
  append_le<std::uint16_t>(out, 0);  // this disk
  append_le<std::uint16_t>(out, 0);  // disk with the central directory
  const auto count16 = zip64_end ? zip::zip64_marker16 : static_cast<std::uint16_t>(count);
  append_le<std::uint16_t>(out, count16);
  append_le<std::uint16_t>(out, count16);
  append_le<std::uint32_t>(out, zip64_end ? zip::zip64_marker32 : static_cast<std::uint32_t>(central_size));
  append_le<std::uint32_t>(out, zip64_end ? zip::zip64_marker32 : static_cast<std::uint32_t>(central_offset));
  append_le<std::uint16_t>(out, 0);  // comment length
  append(out);
}

}  // namespace lpm::io
