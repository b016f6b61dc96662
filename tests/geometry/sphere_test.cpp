// Ray–sphere, field-line polarity, lat/lon and illumination: the reference's geometry test
// table (D§6, tests/utils/test_geometry.py, R = 1 km) plus properties.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "geometry/footpoint.hpp"
#include "geometry/illumination.hpp"
#include "geometry/ray_sphere.hpp"

namespace lpm::geometry {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void expect_vec_near(const Vec3& actual, const Vec3& expected, double tolerance) {
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << "component " << i;
}

TEST(RaySphere, FromCentreAlongPlusXHitsUnitSphereAtPlusX) {
  const RayHit hit = intersect_ray_sphere({0, 0, 0}, {1, 0, 0}, 1.0);
  ASSERT_TRUE(hit.hit);
  expect_vec_near(hit.point_km, {1, 0, 0}, 1e-15);
  EXPECT_DOUBLE_EQ(hit.distance_km, 1.0);
}

TEST(RaySphere, StartOnSurfacePointingOutwardIsNotForwardHit) {
  EXPECT_FALSE(intersect_ray_sphere({1, 0, 0}, {1, 0, 0}, 1.0).hit);
}

TEST(RaySphere, OutsidePointingAwayMisses) { EXPECT_FALSE(intersect_ray_sphere({2, 0, 0}, {1, 0, 0}, 1.0).hit); }

TEST(RaySphere, OutsidePointingInwardHitsNearSide) {
  const RayHit hit = intersect_ray_sphere({2, 0, 0}, {-1, 0, 0}, 1.0);
  ASSERT_TRUE(hit.hit);
  expect_vec_near(hit.point_km, {1, 0, 0}, 1e-15);
}

TEST(RaySphere, DirectionLengthDoesNotMatter) {
  const RayHit hit = intersect_ray_sphere({2, 0, 0}, {-7.5, 0, 0}, 1.0);
  ASSERT_TRUE(hit.hit);
  EXPECT_DOUBLE_EQ(hit.distance_km, 1.0);
}

TEST(RaySphere, TangentRayCountsAsHit) {
  const RayHit hit = intersect_ray_sphere({-3, 1, 0}, {1, 0, 0}, 1.0);
  ASSERT_TRUE(hit.hit);
  expect_vec_near(hit.point_km, {0, 1, 0}, 1e-15);
}

TEST(RaySphere, ZeroOrNanDirectionAndNanStartMiss) {
  EXPECT_FALSE(intersect_ray_sphere({2, 0, 0}, {0, 0, 0}, 1.0).hit);
  EXPECT_FALSE(intersect_ray_sphere({2, 0, 0}, {nan, 0, 0}, 1.0).hit);
  EXPECT_FALSE(intersect_ray_sphere({nan, 0, 0}, {-1, 0, 0}, 1.0).hit);
  EXPECT_TRUE(std::isnan(intersect_ray_sphere({2, 0, 0}, {0, 0, 0}, 1.0).point_km[0]));
}

TEST(RaySphere, RadiusIsAParameter) {
  const RayHit hit = intersect_ray_sphere({5000, 0, 0}, {-1, 0, 0}, 1737.4);
  ASSERT_TRUE(hit.hit);
  EXPECT_DOUBLE_EQ(hit.point_km[0], 1737.4);
}

TEST(FieldLine, OutsideWithFieldPointingAwayIsConnectedWithPolarityMinusOne) {
  const FieldLineFootpoint fp = connect_field_line({2, 0, 0}, {1, 0, 0}, 1.0);
  EXPECT_EQ(fp.polarity, -1);
  expect_vec_near(fp.point_km, {1, 0, 0}, 1e-15);
}

TEST(FieldLine, OutsideWithFieldPointingMoonwardHasPolarityPlusOne) {
  const FieldLineFootpoint fp = connect_field_line({2, 0, 0}, {-1, 0, 0}, 1.0);
  EXPECT_EQ(fp.polarity, 1);
  expect_vec_near(fp.point_km, {1, 0, 0}, 1e-15);
}

TEST(FieldLine, InsideTheSphereBothDirectionsHitSoNotConnected) {
  const FieldLineFootpoint fp = connect_field_line({0, 0, 0}, {1, 0, 0}, 1.0);
  EXPECT_EQ(fp.polarity, 0);
  EXPECT_FALSE(fp.connected());
  EXPECT_TRUE(std::isnan(fp.point_km[0]));
}

TEST(FieldLine, LineMissingTheSphereIsNotConnected) {
  EXPECT_EQ(connect_field_line({2, 0, 0}, {0, 1, 0}, 1.0).polarity, 0);
}

TEST(FieldLine, NanFieldIsNotConnected) { EXPECT_EQ(connect_field_line({2, 0, 0}, {nan, nan, nan}, 1.0).polarity, 0); }

TEST(FieldLine, BatchGivesReferenceMaskAndPolarities) {
  const std::vector<Vec3> starts{{2, 0, 0}, {2, 0, 0}, {0, 0, 0}, {2, 0, 0}};
  const std::vector<Vec3> directions{{1, 0, 0}, {-1, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  const std::vector<FieldLineFootpoint> result = connect_field_lines(starts, directions, 1.0);
  ASSERT_EQ(result.size(), 4u);
  const bool expected_mask[] = {true, true, false, false};
  const int expected_polarity[] = {-1, 1, 0, 0};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(result[i].connected(), expected_mask[i]) << "row " << i;
    EXPECT_EQ(result[i].polarity, expected_polarity[i]) << "row " << i;
  }
}

TEST(FieldLine, BatchRejectsMismatchedLengths) {
  const std::vector<Vec3> starts(3), directions(2);
  EXPECT_THROW(connect_field_lines(starts, directions, 1.0), std::invalid_argument);
}

// Property: every connected footpoint lies on the sphere and is reached from the start along
// polarity·b̂ with a positive distance.
TEST(FieldLine, ConnectedFootpointsLieOnSphereAlongStatedPolarity) {
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_real_distribution<double> altitude(1.0, 3000.0);
  const double radius = 1737.4;
  int connected = 0;
  for (int i = 0; i < 20000; ++i) {
    Vec3 position{unit(rng), unit(rng), unit(rng)};
    position = ((radius + altitude(rng)) / spice::norm(position)) * position;
    const Vec3 field{unit(rng), unit(rng), unit(rng)};
    const FieldLineFootpoint fp = connect_field_line(position, field, radius);
    if (!fp.connected()) continue;
    ++connected;
    ASSERT_NEAR(spice::norm(fp.point_km), radius, 1e-9);
    const Vec3 step = fp.point_km - position;
    const Vec3 moonward = (static_cast<double>(fp.polarity) / spice::norm(field)) * field;
    const double t = spice::dot(step, moonward);
    ASSERT_GT(t, 0.0);
    ASSERT_LT(spice::norm(step - t * moonward), 1e-9 * (1.0 + t));
  }
  EXPECT_GT(connected, 1000);
}

TEST(LatLon, AxesGiveExpectedAngles) {
  LatLon ll = planetocentric_lat_lon({1, 0, 0});
  EXPECT_DOUBLE_EQ(ll.lat_deg, 0.0);
  EXPECT_DOUBLE_EQ(ll.lon_deg, 0.0);
  ll = planetocentric_lat_lon({0, 2, 0});
  EXPECT_DOUBLE_EQ(ll.lon_deg, 90.0);
  ll = planetocentric_lat_lon({0, 0, -3});
  EXPECT_DOUBLE_EQ(ll.lat_deg, -90.0);
  ll = planetocentric_lat_lon({1, -1, std::sqrt(2.0)});
  EXPECT_NEAR(ll.lat_deg, 45.0, 1e-12);
  EXPECT_NEAR(ll.lon_deg, -45.0, 1e-12);
}

TEST(LatLon, NegativeXAxisIsPlus180BothSignsOfZero) {
  EXPECT_EQ(planetocentric_lat_lon({-1, 0, 0}).lon_deg, 180.0);
  EXPECT_EQ(planetocentric_lat_lon({-1, -0.0, 0}).lon_deg, 180.0);
}

TEST(LatLon, RangesHoldForRandomPoints) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int i = 0; i < 10000; ++i) {
    const LatLon ll = planetocentric_lat_lon({unit(rng), unit(rng), unit(rng)});
    ASSERT_GE(ll.lat_deg, -90.0);
    ASSERT_LE(ll.lat_deg, 90.0);
    ASSERT_GT(ll.lon_deg, -180.0);
    ASSERT_LE(ll.lon_deg, 180.0);
  }
}

TEST(LatLon, OriginAndNanGiveNan) {
  EXPECT_TRUE(std::isnan(planetocentric_lat_lon({0, 0, 0}).lat_deg));
  EXPECT_TRUE(std::isnan(planetocentric_lat_lon({0, 0, 0}).lon_deg));
  EXPECT_TRUE(std::isnan(planetocentric_lat_lon({nan, 1, 0}).lon_deg));
}

TEST(Illumination, SpacecraftOnDaySideIsInSun) { EXPECT_TRUE(spacecraft_in_sun({2, 0, 0}, {1e8, 0, 0}, 1.0)); }

TEST(Illumination, SpacecraftBehindMoonIsInShadow) { EXPECT_FALSE(spacecraft_in_sun({-2, 0, 0}, {1e8, 0, 0}, 1.0)); }

TEST(Illumination, SpacecraftBesideUmbraCylinderIsInSun) {
  EXPECT_TRUE(spacecraft_in_sun({-2, 1.01, 0}, {1e8, 0, 0}, 1.0));
}

TEST(Illumination, UnknownSpacecraftGeometryIsNotInSun) {
  // The reference says "in sun" here (a NaN ray misses); fixed: unknown is not sunlit.
  EXPECT_FALSE(spacecraft_in_sun({nan, nan, nan}, {1e8, 0, 0}, 1.0));
  EXPECT_FALSE(spacecraft_in_sun({2, 0, 0}, {nan, 0, 0}, 1.0));
  EXPECT_FALSE(spacecraft_in_sun({2, 0, 0}, {0, 0, 0}, 1.0));
}

TEST(Illumination, ProjectionInSunWhenSunAboveLocalHorizon) {
  EXPECT_TRUE(projection_in_sun({1, 0, 0}, {1e8, 1e8, 0}));
  EXPECT_FALSE(projection_in_sun({-1, 0, 0}, {1e8, 1e8, 0}));
  EXPECT_FALSE(projection_in_sun({0, 1, 0}, {1e8, 0, 0}));  // Sun on the horizon: incidence = 90°
  EXPECT_FALSE(projection_in_sun({nan, nan, nan}, {1e8, 0, 0}));
}

}  // namespace
}  // namespace lpm::geometry
