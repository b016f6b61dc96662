#pragma once
// Fixed facts of the ZIP container (PKWARE APPNOTE.TXT 6.3.x) shared by the writer and reader.
// All multi-byte fields are little-endian.

#include <cstdint>

namespace lpm::io::zip {

constexpr std::uint32_t local_header_signature = 0x04034b50;        // APPNOTE 4.3.7
constexpr std::uint32_t central_header_signature = 0x02014b50;      // 4.3.12
constexpr std::uint32_t end_of_central_dir_signature = 0x06054b50;  // 4.3.16
constexpr std::uint32_t zip64_end_signature = 0x06064b50;           // 4.3.14
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;       // 4.3.15

constexpr std::size_t local_header_size = 30;        // fixed part, before name and extra field
constexpr std::size_t central_header_size = 46;      // fixed part, before name, extra, comment
constexpr std::size_t end_of_central_dir_size = 22;  // fixed part, before the comment
constexpr std::size_t zip64_end_size = 56;           // record without extensible data
constexpr std::size_t zip64_locator_size = 20;

constexpr std::uint16_t zip64_extra_id = 0x0001;  // 4.5.3
constexpr std::uint16_t method_stored = 0;
constexpr std::uint16_t method_deflated = 8;
constexpr std::uint16_t version_default = 20;  // deflate (4.4.3.2)
constexpr std::uint16_t version_zip64 = 45;

constexpr std::uint16_t flag_encrypted = 1u << 0;
constexpr std::uint16_t flag_data_descriptor = 1u << 3;
constexpr std::uint16_t flag_strong_encryption = 1u << 6;
constexpr std::uint16_t flag_utf8_name = 1u << 11;

// MS-DOS date and time of 1980-01-01 00:00:00, the earliest representable: no host clock.
constexpr std::uint16_t fixed_dos_time = 0;
constexpr std::uint16_t fixed_dos_date = (0 << 9) | (1 << 5) | 1;

// 32-bit and 16-bit fields saturate at these values when the real value is in a ZIP64 record.
constexpr std::uint32_t zip64_marker32 = 0xFFFFFFFFu;
constexpr std::uint16_t zip64_marker16 = 0xFFFFu;

}  // namespace lpm::io::zip
