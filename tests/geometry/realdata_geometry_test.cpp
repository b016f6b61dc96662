// The real-data anchor of D§6 (labelled `realdata` in CTest): needs the real LP kernels and
// attitude table under $LPM_REAL_DATA_DIR (default <source>/data); skips with a message otherwise.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geometry/compute_geometry.hpp"
#include "io/attitude.hpp"
#include "test_support.hpp"

namespace lpm::geometry {
namespace {
// Where the real LP data live: $LPM_REAL_DATA_DIR, default <source>/data.
std::filesystem::path real_data_dir() {
  if (const char* env = std::getenv("LPM_REAL_DATA_DIR"); env && *env) return env;
  return test::source_dir() / "data";
}

double great_circle_deg(double lat1, double lon1, double lat2, double lon2) {
  const double d2r = M_PI / 180;
  const double c = std::sin(lat1 * d2r) * std::sin(lat2 * d2r) +
                   std::cos(lat1 * d2r) * std::cos(lat2 * d2r) * std::cos((lon1 - lon2) * d2r);
  return std::acos(std::clamp(c, -1.0, 1.0)) / d2r;
}

// D§6 golden geometry anchor: PDS Level-2 220 eV footprint at 1998-06-08/00:27:41.
TEST(RealDataGeometry, FootpointOf19980608Matches220eVProductWithinOneDegree) {
  const std::filesystem::path data = real_data_dir();
  const std::filesystem::path kernel_dir = data / "spice_kernels";
  if (!std::filesystem::exists(kernel_dir / "lp_ask_980601-981031.bsp") ||
      !std::filesystem::exists(data / "attitude.tab"))
    GTEST_SKIP() << "real LP data not found: needs " << (kernel_dir / "lp_ask_980601-981031.bsp") << " and "
                 << (data / "attitude.tab") << " (set LPM_REAL_DATA_DIR)";

  // The reference's load order: *.bsp, then *.tpc, then *.tls (sorted here for determinism).
  spice::KernelSet kernels;
  for (const char* extension : {".bsp", ".tpc", ".tls"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(kernel_dir))
      if (entry.path().extension() == extension) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) kernels.load(file);
  }
  const io::AttitudeSeries attitude = io::make_attitude_series(
      io::read_attitude_table(data / "attitude.tab"), [&](std::string_view utc) { return kernels.utc_to_et(utc); });

  io::ErRow row;
  row.utc = "1998-06-08T00:27:41";
  row.b_scd_nt = {9.724349, -1.277785, 1.788874};
  GeometryMessages messages;
  const std::vector<RowGeometry> result = compute_geometry(std::span(&row, 1), kernels, attitude, {}, &messages);
  ASSERT_EQ(result.size(), 1u);
  ASSERT_EQ(result[0].status, GeometryStatus::ok)
      << to_string(result[0].status) << ": " << messages.first[static_cast<int>(result[0].status)];
  ASSERT_TRUE(result[0].connected());
  EXPECT_LT(great_circle_deg(result[0].fp_lat_deg, result[0].fp_lon_deg, -23.970, 133.120), 1.0)
      << "footpoint " << result[0].fp_lat_deg << ", " << result[0].fp_lon_deg;
}

}  // namespace
}  // namespace lpm::geometry
