#include "io/data_folder.hpp"

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"
#include "io/text_file.hpp"

namespace lpm::io {
namespace fs = std::filesystem;

fs::path kernels_dir(const fs::path& data_dir) { return data_dir / kernels_folder_name; }
fs::path theta_table_path(const fs::path& data_dir) { return data_dir / theta_table_name; }
fs::path solid_angles_table_path(const fs::path& data_dir) { return data_dir / solid_angles_table_name; }
fs::path attitude_table_path(const fs::path& data_dir) { return data_dir / attitude_table_name; }

fs::path kernels_lock_path(const fs::path& kernels_dir) { return kernels_dir / kernels_lock_name; }

ChecksumList read_kernel_lock(const fs::path& kernels_dir) {
  const fs::path lock = kernels_lock_path(kernels_dir);
  return parse_kernel_lock(read_regular_file(lock, max_checksum_list_bytes, "kernel lock"), lock.string());
}

void write_kernel_lock(const fs::path& kernels_dir, std::string_view text) {
  write_file_atomically(kernels_lock_path(kernels_dir), text);
}

}  // namespace lpm::io
