#include "pipeline/mission.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "io/checksum.hpp"
#include "io/data_folder.hpp"

namespace lpm::pipeline {
namespace fs = std::filesystem;

namespace {

// Load order: ephemerides first, then orientation, then time, each by name.
int load_group(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".bsp") return 0;
  if (ext == ".bpc") return 1;
  if (ext == ".tpc" || ext == ".tf") return 2;
  if (ext == ".tls") return 3;
  return -1;
}

// Kernels listed in spice_kernels/kernels.lock (sha1sum format, written by fetch and simulate)
// must be there and still match it: a damaged SPK gives plausible wrong positions that no range
// check catches, and a missing one leaves every row without geometry. A lock that is there must
// be a readable file listing kernels: a damaged lock is an error, not "no lock". Kernels the lock
// does not list are used as they are; without a lock nothing is checked.
void verify_against_lock(const fs::path& kernel_dir) {
  const fs::path lock = io::kernels_lock_path(kernel_dir);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(lock, ec))) return;
  constexpr const char* remedy = "fetch again, or remove the lock to use the kernels unverified";
  if (!fs::is_regular_file(lock, ec))
    throw std::runtime_error(
        fmt::format("{}: not a regular file, so the kernels cannot be verified ({})", lock.string(), remedy));
  const io::ChecksumList listed = io::read_kernel_lock(kernel_dir);  // errors name the lock (and line)
  if (listed.empty())
    throw std::runtime_error(
        fmt::format("{}: lists no kernel (damaged?), so the kernels cannot be verified ({})", lock.string(), remedy));
  for (const auto& [name, digest] : listed) {
    const fs::path file = kernel_dir / name;
    if (!fs::is_regular_file(file, ec))
      throw std::runtime_error(
          fmt::format("{}: missing or not a regular file, but listed in {} (fetch it again, or update the lock)",
                      file.string(), lock.string()));
    if (const std::string actual = io::sha1_file(file); actual != digest)
      throw std::runtime_error(
          fmt::format("{}: SHA-1 {} differs from {} in {}: the kernel is damaged or was replaced "
                      "(fetch it again, or update the lock)",
                      file.string(), actual, digest, lock.string()));
  }
}

}  // namespace

std::vector<fs::path> mission_kernel_files(const fs::path& data_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(io::kernels_dir(data_dir), ec))
    if (entry.is_regular_file() && load_group(entry.path()) >= 0) files.push_back(entry.path());
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    int ga = load_group(a), gb = load_group(b);
    return ga != gb ? ga < gb : a.filename() < b.filename();
  });
  return files;
}

Mission load_mission(const fs::path& data_dir) {
  Mission mission;
  fs::path kernel_dir = io::kernels_dir(data_dir);
  if (!fs::is_directory(kernel_dir))
    throw std::runtime_error(
        fmt::format("{}: no SPICE kernel folder (run `potential-mapper fetch` or `simulate`)", kernel_dir.string()));
  const std::vector<fs::path> files = mission_kernel_files(data_dir);
  bool has_lsk = false, has_spk = false;
  for (const auto& file : files) {
    try {
      mission.kernels.load(file);
    } catch (const std::exception& e) {
      const std::string what = e.what();
      if (what.find(file.string()) != std::string::npos) throw std::runtime_error(what);  // names the file already
      throw std::runtime_error(fmt::format("{}: {}", file.string(), what));
    }
    has_lsk |= load_group(file) == 3;
    has_spk |= load_group(file) == 0;
  }
  if (!has_spk || !has_lsk)
    throw std::runtime_error(
        fmt::format("{}: needs at least one SPK (.bsp) and a leap-second kernel (.tls)", kernel_dir.string()));
  verify_against_lock(kernel_dir);
  mission.kernel_files = files;

  mission.instrument = io::read_theta_table(io::theta_table_path(data_dir));

  fs::path attitude_path = io::attitude_table_path(data_dir);
  auto records = io::read_attitude_table(attitude_path);
  try {
    mission.attitude =
        io::make_attitude_series(records, [&](std::string_view utc) { return mission.kernels.utc_to_et(utc); });
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", attitude_path.string(), e.what()));
  }
  return mission;
}

}  // namespace lpm::pipeline
