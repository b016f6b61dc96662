#pragma once
// The largest plausible size of each kind of input file (issue 23). A file above its limit is
// refused before it is read (io/regular_file.hpp), so a damaged or hostile input cannot make a
// reader allocate without bound. Each limit leaves a wide margin over the largest real file.

#include <cstdint>

namespace lpm::io {

inline constexpr std::uint64_t bytes_per_kib = 1024;
inline constexpr std::uint64_t bytes_per_mib = 1024 * bytes_per_kib;
inline constexpr std::uint64_t bytes_per_gib = 1024 * bytes_per_mib;

// A daily ER table of the archive is at most ~25 MB.
inline constexpr std::uint64_t max_er_table_bytes = 64 * bytes_per_mib;
// theta.tab and solid_angles.tab: 88 numbers, well under 4 KiB.
inline constexpr std::uint64_t max_instrument_table_bytes = 1 * bytes_per_mib;
// attitude.tab: 42-byte records; the mission's table is a few MB.
inline constexpr std::uint64_t max_attitude_table_bytes = 64 * bytes_per_mib;
// kernels.lock and manifest.sha256: one line (~100 bytes) per kernel or ER table.
inline constexpr std::uint64_t max_checksum_list_bytes = 16 * bytes_per_mib;
// Binary SPICE kernels (SPK, binary PCK) are read whole into memory; DE kernels are ~115 MB,
// the two halves of de441 ~1.6 GB each.
inline constexpr std::uint64_t max_binary_kernel_bytes = 4 * bytes_per_gib;
// Text kernels (LSK, PCK, FK, meta-kernels) are a few hundred KB at most.
inline constexpr std::uint64_t max_text_kernel_bytes = 64 * bytes_per_mib;
// NPZ caches are read whole into memory. Their largest real array, rows_utc of a whole-mission
// cache (~570 days at ~4 MB a day), is ~2.3 GB; all arrays of such a cache ~6.3 GB.
inline constexpr std::uint64_t max_npz_entry_bytes = 4 * bytes_per_gib;
inline constexpr std::uint64_t max_npz_arrays_bytes = 16 * bytes_per_gib;  // all entries of one file
inline constexpr std::uint64_t max_npz_file_bytes = max_npz_arrays_bytes;  // compressed: never larger
// Files hashed for kernels.lock and the manifest: kernels and ER tables (read in chunks).
inline constexpr std::uint64_t max_checksummed_file_bytes = max_binary_kernel_bytes;

}  // namespace lpm::io
