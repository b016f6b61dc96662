#pragma once
// The layout of --data-dir (D§1.1), in one place for fetch, simulate and the pipeline:
//   DATA/spice_kernels/           SPICE kernels and kernels.lock (their SHA-1, D§1.5)
//   DATA/theta.tab, DATA/solid_angles.tab, DATA/attitude.tab    instrument tables (D§2.4)
//   DATA/YYYY/DDD_DDDMMM/3DYYMMDD.TAB                          ER tables (file_discovery.hpp)
//   DATA/truth/3DYYMMDD_truth.npz  what simulate drew (simulated folders only)
//   DATA/manifest.sha256           SHA-256 of the ER tables fetch downloaded

#include <filesystem>
#include <string_view>

#include "io/checksum_list.hpp"

namespace lpm::io {

inline constexpr std::string_view kernels_folder_name = "spice_kernels";
inline constexpr std::string_view kernels_lock_name = "kernels.lock";
inline constexpr std::string_view theta_table_name = "theta.tab";
inline constexpr std::string_view solid_angles_table_name = "solid_angles.tab";
inline constexpr std::string_view attitude_table_name = "attitude.tab";
inline constexpr std::string_view truth_folder_name = "truth";
inline constexpr std::string_view er_manifest_name = "manifest.sha256";

std::filesystem::path kernels_dir(const std::filesystem::path& data_dir);
std::filesystem::path theta_table_path(const std::filesystem::path& data_dir);
std::filesystem::path solid_angles_table_path(const std::filesystem::path& data_dir);
std::filesystem::path attitude_table_path(const std::filesystem::path& data_dir);

// The one reader and writer of KERNELS_DIR/kernels.lock. The reader parses strictly
// (parse_kernel_lock): std::runtime_error naming the file and line for a malformed entry, or
// the file when it cannot be read. The writer replaces the file atomically with `text`.
std::filesystem::path kernels_lock_path(const std::filesystem::path& kernels_dir);
ChecksumList read_kernel_lock(const std::filesystem::path& kernels_dir);
void write_kernel_lock(const std::filesystem::path& kernels_dir, std::string_view text);

}  // namespace lpm::io
