#include "pipeline/mission.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

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

}  // namespace

Mission load_mission(const fs::path& data_dir) {
  Mission mission;
  fs::path kernel_dir = data_dir / "spice_kernels";
  if (!fs::is_directory(kernel_dir))
    throw std::runtime_error(fmt::format("{}: no SPICE kernel folder (run `potential-mapper fetch` or `simulate`)",
                                         kernel_dir.string()));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kernel_dir))
    if (entry.is_regular_file() && load_group(entry.path()) >= 0) files.push_back(entry.path());
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    int ga = load_group(a), gb = load_group(b);
    return ga != gb ? ga < gb : a.filename() < b.filename();
  });
  bool has_lsk = false, has_spk = false;
  for (const auto& file : files) {
    try {
      mission.kernels.load(file);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("{}: {}", file.string(), e.what()));
    }
    has_lsk |= load_group(file) == 3;
    has_spk |= load_group(file) == 0;
  }
  if (!has_spk || !has_lsk)
    throw std::runtime_error(fmt::format("{}: needs at least one SPK (.bsp) and a leap-second kernel (.tls)",
                                         kernel_dir.string()));
  mission.kernel_files = files;

  mission.instrument = io::read_theta_table(data_dir / "theta.tab");

  fs::path attitude_path = data_dir / "attitude.tab";
  auto records = io::read_attitude_table(attitude_path);
  try {
    mission.attitude = io::make_attitude_series(
        records, [&](std::string_view utc) { return mission.kernels.utc_to_et(utc); });
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", attitude_path.string(), e.what()));
  }
  return mission;
}

}  // namespace lpm::pipeline
