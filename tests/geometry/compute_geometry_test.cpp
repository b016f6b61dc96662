// The SPICE glue of the geometry stage (D§4.2, D§5.2-5.3): row statuses with the shared
// kernels, the D§4.2 frame algebra against CSPICE values, and the real-data footpoint anchor.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geometry/compute_geometry.hpp"
#include "spice/reference_csv.hpp"
#include "spice/spk_writer.hpp"
#include "test_support.hpp"

namespace lpm::geometry {
namespace {

Mat3 matrix_from(const test::ReferenceTable& table, std::size_t row, const std::string& prefix) {
  Mat3 m{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      m[i][j] = table.number(row, prefix + "_m" + std::to_string(i + 1) + std::to_string(j + 1));
  return m;
}

Vec3 position_from(const test::ReferenceTable& table, std::size_t row, const std::string& prefix) {
  return {table.number(row, prefix + "_x_km"), table.number(row, prefix + "_y_km"),
          table.number(row, prefix + "_z_km")};
}

// D§6 test_batch_spice_ops: spkpos(LP, IAU_MOON) = pxform(J2000→IAU_MOON)·spkpos(LP, J2000).
TEST(MakeRowEphemeris, BodyFixedLpPositionMatchesCspice) {
  LPM_REQUIRE_SHARED_KERNELS();
  const test::ReferenceTable table =
      test::read_reference_table((test::kernels_dir() / "reference_states.csv").string());
  ASSERT_GE(table.rows.size(), 10u);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const Vec3 lp_j2000 = position_from(table, r, "-25_wrt_MOON_J2000_t13");
    const Vec3 lp_iau = position_from(table, r, "-25_wrt_MOON_IAU_MOON_t13");
    const Mat3 j2000_to_iau = matrix_from(table, r, "J2000_to_IAU_MOON");
    const Mat3 ecl_to_j2000 = transpose(matrix_from(table, r, "J2000_to_ECLIPJ2000"));
    const Vec3 sun_wrt_moon{1.2e8, -8.0e7, -3.4e7};
    const RowEphemeris e =
        make_row_ephemeris(table.number(r, "et_tdb"), lp_j2000, sun_wrt_moon, j2000_to_iau, ecl_to_j2000);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(e.lp_pos_iau[i], lp_iau[i], 1e-10 * norm(lp_iau)) << table.text(r, "input");
    // Sun wrt LP: the same vector in three frames, related by the rotations of D§4.2.
    const Vec3 via_ecl = e.ecl_to_iau * e.sun_from_lp_ecl;
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(via_ecl[i], e.sun_from_lp_iau[i], 1e-6);
    EXPECT_NEAR(norm(e.sun_from_lp_ecl), norm(sun_wrt_moon - lp_j2000), 1e-6);
    const Vec3 sun_iau = j2000_to_iau * sun_wrt_moon;
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(e.sun_from_moon_iau[i], sun_iau[i], 1e-6);
  }
}

class ComputeGeometryWithSharedKernels : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test::kernels_dir() / "README.txt"))
      GTEST_SKIP() << "shared kernels not found at " << test::kernels_dir() << " (set LPM_SHARED_DIR)";
    for (const char* name : {"naif0012.tls", "pck00010.tpc", "synthetic_lp_type13.bsp"})
      kernels_.load(test::kernels_dir() / name);
    // Attitude covering 1998-06-15 only.
    attitude_.et = {kernels_.utc_to_et("1998-06-15T00:00:00"), kernels_.utc_to_et("1998-06-16T00:00:00")};
    attitude_.ra_deg = {100.0, 101.0};
    attitude_.dec_deg = {-80.0, -80.0};
  }

  static io::ErRow row_at(std::string utc) {
    io::ErRow row;
    row.utc = std::move(utc);
    row.b_scd_nt = {3.0, -1.0, 2.0};
    return row;
  }

  static void expect_unknown(const RowGeometry& row) {
    EXPECT_TRUE(std::isnan(row.sc_lat_deg));
    EXPECT_TRUE(std::isnan(row.fp_lon_deg));
    EXPECT_EQ(row.polarity, 0);
    EXPECT_FALSE(row.spacecraft_in_sun);
    EXPECT_FALSE(row.projection_in_sun);
  }

  spice::KernelSet kernels_;
  io::AttitudeSeries attitude_;
};

TEST_F(ComputeGeometryWithSharedKernels, FailedRowsGetStatusNanGeometryAndNoSunAndRunContinues) {
  // The shared kernels hold LP but no Sun for 1998, so covered rows fail with spk_unavailable.
  const std::vector<io::ErRow> rows{row_at("not-a-time"), row_at("1998-06-15T12:00:00"), row_at("1998-06-15T12:00:00"),
                                    row_at("1998-06-20T12:00:00")};
  GeometryMessages messages;
  const std::vector<RowGeometry> result = compute_geometry(rows, kernels_, attitude_, {}, &messages);
  ASSERT_EQ(result.size(), rows.size());
  EXPECT_EQ(result[0].status, GeometryStatus::bad_utc);
  EXPECT_TRUE(std::isnan(result[0].et));
  EXPECT_EQ(result[1].status, GeometryStatus::spk_unavailable);
  EXPECT_EQ(result[2].status, GeometryStatus::spk_unavailable);
  EXPECT_EQ(result[3].status, GeometryStatus::attitude_unavailable);
  EXPECT_TRUE(std::isfinite(result[3].et));
  for (const RowGeometry& row : result) expect_unknown(row);
  EXPECT_FALSE(messages.first[static_cast<int>(GeometryStatus::bad_utc)].empty());
  EXPECT_FALSE(messages.first[static_cast<int>(GeometryStatus::spk_unavailable)].empty());
  EXPECT_FALSE(messages.first[static_cast<int>(GeometryStatus::attitude_unavailable)].empty());
  EXPECT_TRUE(messages.first[static_cast<int>(GeometryStatus::ok)].empty());

  const GeometrySummary summary = summarize_geometry(result);
  EXPECT_EQ(summary.rows_by_status[static_cast<int>(GeometryStatus::spk_unavailable)], 2u);
  EXPECT_EQ(summary.connected_rows, 0u);
}

TEST_F(ComputeGeometryWithSharedKernels, LookupReportsMissingSunAsSpkUnavailable) {
  const double et = kernels_.utc_to_et("1998-06-15T06:00:00");
  const EphemerisLookup lookup = lookup_row_ephemeris(kernels_, et, "IAU_MOON", spice::identity3());
  EXPECT_EQ(lookup.status, GeometryStatus::spk_unavailable);
  EXPECT_FALSE(lookup.message.empty());
}

TEST_F(ComputeGeometryWithSharedKernels, EmptyInputGivesEmptyOutput) {
  EXPECT_TRUE(compute_geometry({}, kernels_, attitude_).empty());
}

// A Sun wrt Moon SPK (type 2, J2000) for the synthetic LP day 1998-06-15, since the shared
// kernels have no Sun for 1998: ecliptic longitude 84° + 0.9856°/day, 1 AU.
void write_simulated_sun(const std::filesystem::path& path) {
  const double start = -48859200.0, end = -48772800.0, obliquity = 23.439291 * M_PI / 180;
  spice::SpkWriter writer(path, "LPM GEOMETRY TEST SUN");
  writer.add(spice::fit_chebyshev_type2(naif_sun_id, naif_moon_id, 1, start, end, 21600.0, 9, [&](double et) {
    const double longitude = (84.0 + 0.9856 * (et - start) / 86400.0) * M_PI / 180;
    return Vec3{1.496e8 * std::cos(longitude), 1.496e8 * std::sin(longitude) * std::cos(obliquity),
                1.496e8 * std::sin(longitude) * std::sin(obliquity)};
  }));
  writer.close();
}

class ComputeGeometryWithSimulatedSun : public ComputeGeometryWithSharedKernels {
 protected:
  void SetUp() override {
    ComputeGeometryWithSharedKernels::SetUp();
    if (IsSkipped()) return;
    write_simulated_sun(dir_.path() / "sun.bsp");
    kernels_.load(dir_.path() / "sun.bsp");
  }
  test::TempDir dir_;
};

TEST_F(ComputeGeometryWithSimulatedSun, FullStageEqualsPureMathsOnTheD42Ephemeris) {
  std::vector<io::ErRow> rows;
  for (const char* utc : {"1998-06-15T01:00:00", "1998-06-15T05:17:33", "1998-06-15T12:00:00", "1998-06-15T21:45:10"})
    rows.push_back(row_at(utc));
  const std::vector<RowGeometry> result = compute_geometry(rows, kernels_, attitude_);
  ASSERT_EQ(result.size(), rows.size());
  const Mat3 ecl_to_j2000 = kernels_.rotation("ECLIPJ2000", "J2000", 0.0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double et = kernels_.utc_to_et(rows[i].utc);
    const RowEphemeris e = make_row_ephemeris(et, kernels_.state(-25, 301, "J2000", et).position_km,
                                              kernels_.state(10, 301, "J2000", et).position_km,
                                              kernels_.rotation("J2000", "IAU_MOON", et), ecl_to_j2000);
    const RowGeometry expected =
        compute_row_geometry(e, io::interpolate_attitude(attitude_, et), {3.0, -1.0, 2.0}, lunar_radius_km);
    EXPECT_EQ(result[i].status, GeometryStatus::ok) << rows[i].utc;
    EXPECT_EQ(result[i].et, et);
    EXPECT_EQ(result[i].sc_lat_deg, expected.sc_lat_deg);
    EXPECT_EQ(result[i].sc_lon_deg, expected.sc_lon_deg);
    EXPECT_EQ(result[i].polarity, expected.polarity);
    EXPECT_EQ(result[i].spacecraft_in_sun, expected.spacecraft_in_sun);
    EXPECT_EQ(result[i].projection_in_sun, expected.projection_in_sun);
    if (result[i].connected()) {
      EXPECT_EQ(result[i].fp_lat_deg, expected.fp_lat_deg);
      EXPECT_NEAR(norm(result[i].footpoint_km), lunar_radius_km, 1e-9);
    }
    // The synthetic orbit is 100 km above the sphere.
    const double r = norm(e.lp_pos_iau);
    EXPECT_NEAR(r, lunar_radius_km + 100.0, 1e-3);
  }
}

TEST_F(ComputeGeometryWithSimulatedSun, SpacecraftLatLonMatchCspiceBodyFixedPosition) {
  const test::ReferenceTable table =
      test::read_reference_table((test::kernels_dir() / "reference_states.csv").string());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::string utc = table.text(r, "input");
    const double et = kernels_.utc_to_et(utc);
    if (et < attitude_.et.front() || et > attitude_.et.back()) continue;
    const Vec3 p = position_from(table, r, "-25_wrt_MOON_IAU_MOON_t13");
    const std::vector<io::ErRow> rows{row_at(utc)};
    const RowGeometry row = compute_geometry(rows, kernels_, attitude_).front();
    ASSERT_EQ(row.status, GeometryStatus::ok) << utc;
    EXPECT_NEAR(row.sc_lat_deg, std::asin(p[2] / norm(p)) * 180 / M_PI, 1e-7) << utc;
    EXPECT_NEAR(row.sc_lon_deg, std::atan2(p[1], p[0]) * 180 / M_PI, 1e-7) << utc;
  }
}

TEST_F(ComputeGeometryWithSimulatedSun, RowsSharingUtcShareEphemerisButNotField) {
  std::vector<io::ErRow> rows{row_at("1998-06-15T03:00:00"), row_at("1998-06-15T03:00:00")};
  rows[1].b_scd_nt = {-3.0, 1.0, -2.0};
  const std::vector<RowGeometry> result = compute_geometry(rows, kernels_, attitude_);
  EXPECT_EQ(result[0].sc_lat_deg, result[1].sc_lat_deg);
  EXPECT_EQ(result[0].scd_to_iau, result[1].scd_to_iau);
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(result[0].b_iau[i], -result[1].b_iau[i]);
  EXPECT_EQ(result[0].polarity, -result[1].polarity);
}

TEST_F(ComputeGeometryWithSimulatedSun, UnknownMoonFrameGivesFrameUnavailableAndRunContinues) {
  const std::vector<io::ErRow> rows{row_at("1998-06-15T03:00:00"), row_at("1998-06-15T04:00:00")};
  GeometryOptions options;
  options.moon_frame = "NO_SUCH_FRAME";
  GeometryMessages messages;
  const std::vector<RowGeometry> result = compute_geometry(rows, kernels_, attitude_, options, &messages);
  ASSERT_EQ(result.size(), 2u);
  for (const RowGeometry& row : result) {
    EXPECT_EQ(row.status, GeometryStatus::frame_unavailable);
    expect_unknown(row);
  }
  EXPECT_NE(messages.first[static_cast<int>(GeometryStatus::frame_unavailable)].find("NO_SUCH_FRAME"),
            std::string::npos)
      << messages.first[static_cast<int>(GeometryStatus::frame_unavailable)];
}

TEST_F(ComputeGeometryWithSimulatedSun, MoonMeFrameIsSelectableAndCloseToIauMoon) {
  kernels_.load(test::kernels_dir() / "moon_080317.tf");
  kernels_.load(test::kernels_dir() / "moon_pa_de421_1900-2050.bpc");
  const std::vector<io::ErRow> rows{row_at("1998-06-15T03:00:00")};
  GeometryOptions options;
  options.moon_frame = "MOON_ME";
  const RowGeometry me = compute_geometry(rows, kernels_, attitude_, options).front();
  const RowGeometry iau = compute_geometry(rows, kernels_, attitude_).front();
  ASSERT_EQ(me.status, GeometryStatus::ok);
  EXPECT_NE(me.sc_lon_deg, iau.sc_lon_deg);
  EXPECT_NEAR(me.sc_lat_deg, iau.sc_lat_deg, 0.1);
  EXPECT_NEAR(me.sc_lon_deg, iau.sc_lon_deg, 0.1);
}

}  // namespace
}  // namespace lpm::geometry
