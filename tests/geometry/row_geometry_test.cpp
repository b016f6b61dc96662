// Geometry of one row from a hand-made ephemeris (D§5.2 steps 4-13) and the status codes.
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geometry/row_geometry.hpp"

namespace lpm::geometry {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double radius = lunar_radius_km;
const Vec3 sun_from_moon{1.5e8, 0.0, 0.0};

// Moon frame = ECLIPJ2000 unless a rotation is given; Sun far along +x.
RowEphemeris ephemeris_at(const Vec3& lp_pos, const Mat3& ecl_to_iau = spice::identity3()) {
  RowEphemeris e;
  e.et = -4.8e7;
  e.ecl_to_iau = ecl_to_iau;
  e.lp_pos_iau = ecl_to_iau * lp_pos;
  e.sun_from_lp_ecl = sun_from_moon - lp_pos;
  e.sun_from_lp_iau = ecl_to_iau * e.sun_from_lp_ecl;
  e.sun_from_moon_iau = ecl_to_iau * sun_from_moon;
  return e;
}

// Spin axis along ecliptic +z: with the Sun along +x the SCD frame equals ECLIPJ2000 (to 1e-9).
constexpr io::SpinAxis spin_up{0.0, 90.0};

void expect_unknown(const RowGeometry& row) {
  EXPECT_TRUE(std::isnan(row.sc_lat_deg));
  EXPECT_TRUE(std::isnan(row.sc_lon_deg));
  EXPECT_TRUE(std::isnan(row.fp_lat_deg));
  EXPECT_TRUE(std::isnan(row.b_iau[0]));
  EXPECT_TRUE(std::isnan(row.footpoint_km[0]));
  EXPECT_TRUE(std::isnan(row.scd_to_iau[1][1]));
  EXPECT_EQ(row.polarity, 0);
  EXPECT_FALSE(row.spacecraft_in_sun);
  EXPECT_FALSE(row.projection_in_sun);
}

TEST(RowGeometry, FieldPointingAtMoonFromDaySideGivesSunlitSubsolarFootpoint) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, {-9, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::ok);
  EXPECT_EQ(row.polarity, 1);
  EXPECT_NEAR(row.footpoint_km[0], radius, 1e-6);
  EXPECT_NEAR(row.fp_lat_deg, 0.0, 1e-6);
  EXPECT_NEAR(row.fp_lon_deg, 0.0, 1e-6);
  EXPECT_NEAR(row.sc_lat_deg, 0.0, 1e-12);
  EXPECT_TRUE(row.spacecraft_in_sun);
  EXPECT_TRUE(row.projection_in_sun);
  EXPECT_NEAR(row.b_iau[0], -1.0, 1e-9);
  EXPECT_DOUBLE_EQ(row.et, -4.8e7);
}

TEST(RowGeometry, FieldPointingAwayGivesPolarityMinusOne) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, {9, 0, 0});
  EXPECT_EQ(row.polarity, -1);
  EXPECT_NEAR(row.footpoint_km[0], radius, 1e-6);
}

TEST(RowGeometry, FieldLineMissingMoonIsValidButNotConnected) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, {0, 5, 0});
  EXPECT_EQ(row.status, GeometryStatus::ok);
  EXPECT_EQ(row.polarity, 0);
  EXPECT_FALSE(row.connected());
  EXPECT_TRUE(std::isnan(row.fp_lat_deg));
  EXPECT_TRUE(std::isnan(row.footpoint_km[2]));
  EXPECT_FALSE(row.projection_in_sun);
  EXPECT_TRUE(row.spacecraft_in_sun);
  EXPECT_FALSE(std::isnan(row.b_iau[1]));
}

TEST(RowGeometry, NightSideSpacecraftAndFootpointAreDark) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({-radius - 100, 0, 0}), spin_up, {1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::ok);
  EXPECT_EQ(row.polarity, 1);
  EXPECT_FALSE(row.spacecraft_in_sun);
  EXPECT_FALSE(row.projection_in_sun);
  EXPECT_EQ(row.sc_lon_deg, 180.0);
  EXPECT_NEAR(std::abs(row.fp_lon_deg), 180.0, 1e-6);
}

TEST(RowGeometry, FieldIsRotatedIntoTheMoonFrame) {
  const Mat3 ecl_to_iau = spice::rot1(0.3) * spice::rot3(1.1);
  const Vec3 b_scd{0.3, -0.5, 0.8};
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 200, -50}, ecl_to_iau), spin_up, b_scd);
  // With the spin along ecliptic +z and the Sun near +x, SCD ≈ ECLIPJ2000 (Sun offset 200 km
  // at 1.5e8 km tilts x̂ by ~1e-6 rad).
  const Vec3 expected = ecl_to_iau * ((1.0 / spice::norm(b_scd)) * b_scd);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(row.b_iau[i], expected[i], 1e-5);
  EXPECT_NEAR(spice::norm(row.b_iau), 1.0, 1e-14);
}

TEST(RowGeometry, RandomRowsGiveFootpointsOnSphereAlongPolarity) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(-1.0, 1.0), angle(0.0, 6.283185307179586);
  int connected = 0;
  for (int i = 0; i < 5000; ++i) {
    const Mat3 ecl_to_iau = spice::rot3(angle(rng)) * spice::rot1(angle(rng));
    Vec3 lp{unit(rng), unit(rng), unit(rng)};
    lp = ((radius + 20 + 500 * (1 + unit(rng))) / spice::norm(lp)) * lp;
    const io::SpinAxis spin{360 * (1 + unit(rng)) / 2, 80 * unit(rng)};
    const RowGeometry row = compute_row_geometry(ephemeris_at(lp, ecl_to_iau), spin, {unit(rng), unit(rng), unit(rng)});
    ASSERT_EQ(row.status, GeometryStatus::ok);
    ASSERT_GT(row.sc_lon_deg, -180.0);
    ASSERT_LE(row.sc_lon_deg, 180.0);
    if (!row.connected()) continue;
    ++connected;
    ASSERT_NEAR(spice::norm(row.footpoint_km), radius, 1e-9);
    const Vec3 step = row.footpoint_km - ecl_to_iau * lp;
    const Vec3 moonward = static_cast<double>(row.polarity) * row.b_iau;
    const double t = spice::dot(step, moonward);
    ASSERT_GT(t, 0.0);
    ASSERT_LT(spice::norm(step - t * moonward), 1e-9 * (1 + t));
    ASSERT_EQ(row.projection_in_sun, spice::dot(row.footpoint_km, ecl_to_iau * sun_from_moon) > 0);
  }
  EXPECT_GT(connected, 500);
}

TEST(RowGeometry, BadEtGivesBadUtcAndBothSunFlagsFalse) {
  RowEphemeris e = ephemeris_at({radius + 100, 0, 0});
  e.et = nan;
  const RowGeometry row = compute_row_geometry(e, spin_up, {-1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::bad_utc);
  expect_unknown(row);
}

TEST(RowGeometry, ZeroSunVectorOrNanMatrixGiveBadEphemeris) {
  RowEphemeris e = ephemeris_at({radius + 100, 0, 0});
  e.sun_from_lp_ecl = {0, 0, 0};
  RowGeometry row = compute_row_geometry(e, spin_up, {-1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::bad_ephemeris);
  expect_unknown(row);
  e = ephemeris_at({radius + 100, 0, 0});
  e.ecl_to_iau[2][1] = nan;
  row = compute_row_geometry(e, spin_up, {-1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::bad_ephemeris);
  expect_unknown(row);
}

TEST(RowGeometry, MissingAttitudeGivesAttitudeUnavailableAndNoSun) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), {nan, nan}, {-1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::attitude_unavailable);
  expect_unknown(row);
}

TEST(RowGeometry, SunAlongSpinAxisKeepsSpacecraftPartOnly) {
  const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), {0.0, 0.0}, {-1, 0, 0});
  EXPECT_EQ(row.status, GeometryStatus::sun_along_spin_axis);
  EXPECT_NEAR(row.sc_lon_deg, 0.0, 1e-12);
  EXPECT_TRUE(row.spacecraft_in_sun);
  EXPECT_EQ(row.polarity, 0);
  EXPECT_FALSE(row.projection_in_sun);
  EXPECT_TRUE(std::isnan(row.scd_to_iau[0][0]));
  EXPECT_TRUE(std::isnan(row.b_iau[0]));
}

TEST(RowGeometry, ZeroOrNanFieldGivesBadField) {
  for (const Vec3& b : {Vec3{0, 0, 0}, Vec3{nan, 1, 1}}) {
    const RowGeometry row = compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, b);
    EXPECT_EQ(row.status, GeometryStatus::bad_field);
    EXPECT_EQ(row.polarity, 0);
    EXPECT_TRUE(row.spacecraft_in_sun);
    EXPECT_FALSE(std::isnan(row.scd_to_iau[0][0]));
    EXPECT_TRUE(std::isnan(row.b_iau[0]));
  }
}

TEST(GeometryStatus, NamesAreDistinctAndOkIsZero) {
  EXPECT_EQ(static_cast<int>(GeometryStatus::ok), 0);
  std::set<std::string> names;
  for (std::size_t i = 0; i < geometry_status_count; ++i) names.insert(to_string(static_cast<GeometryStatus>(i)));
  EXPECT_EQ(names.size(), geometry_status_count);
  EXPECT_EQ(names.count("unknown"), 0u);
  EXPECT_STREQ(to_string(GeometryStatus::attitude_unavailable), "attitude_unavailable");
}

TEST(GeometrySummary, CountsRowsByStatusAndConnection) {
  std::vector<RowGeometry> rows;
  rows.push_back(compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, {-1, 0, 0}));
  rows.push_back(compute_row_geometry(ephemeris_at({radius + 100, 0, 0}), spin_up, {0, 1, 0}));
  rows.push_back(unknown_row_geometry(GeometryStatus::bad_utc, nan));
  rows.push_back(unknown_row_geometry(GeometryStatus::spk_unavailable, 0.0));
  rows.push_back(unknown_row_geometry(GeometryStatus::spk_unavailable, 1.0));
  const GeometrySummary summary = summarize_geometry(rows);
  EXPECT_EQ(summary.rows, 5u);
  EXPECT_EQ(summary.connected_rows, 1u);
  EXPECT_EQ(summary.rows_by_status[static_cast<int>(GeometryStatus::ok)], 2u);
  EXPECT_EQ(summary.rows_by_status[static_cast<int>(GeometryStatus::bad_utc)], 1u);
  EXPECT_EQ(summary.rows_by_status[static_cast<int>(GeometryStatus::spk_unavailable)], 2u);
}

}  // namespace
}  // namespace lpm::geometry
