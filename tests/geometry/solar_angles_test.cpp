// Solar zenith angle, lunar local time and field/normal angle at a footpoint, against cases
// worked by hand (Sun far along a known direction, footpoints on a sphere of radius R).
#include <cmath>

#include <gtest/gtest.h>

#include "geometry/illumination.hpp"
#include "geometry/row_geometry.hpp"

namespace lpm::geometry {
namespace {

constexpr double radius = lunar_radius_km;
constexpr double degree = 3.14159265358979323846 / 180.0;

// A point on the sphere at planetocentric latitude/longitude (degrees), written out by hand.
Vec3 on_sphere(double lat_deg, double lon_deg, double r = radius) {
  return {r * std::cos(lat_deg * degree) * std::cos(lon_deg * degree),
          r * std::cos(lat_deg * degree) * std::sin(lon_deg * degree), r * std::sin(lat_deg * degree)};
}

const Vec3 sun_plus_x{1.5e8, 0.0, 0.0};

TEST(SolarAngles, SubsolarPointIsZenithAtNoon) {
  const SolarAngles a = solar_angles({radius, 0, 0}, sun_plus_x);
  EXPECT_NEAR(a.zenith_deg, 0.0, 1e-9);
  EXPECT_NEAR(a.local_time_h, 12.0, 1e-12);
}

TEST(SolarAngles, AntisolarPointIsNadirAtMidnight) {
  const SolarAngles a = solar_angles({-radius, 0, 0}, sun_plus_x);
  EXPECT_NEAR(a.zenith_deg, 180.0, 1e-9);
  EXPECT_NEAR(a.local_time_h, 0.0, 1e-12);  // 24 h wraps to 0
}

TEST(SolarAngles, TerminatorIsNinetyDegreesAtSixAndEighteenHours) {
  // East of the subsolar meridian the Sun has passed: evening (18 h); west: morning (6 h).
  const SolarAngles evening = solar_angles({0, radius, 0}, sun_plus_x);
  EXPECT_NEAR(evening.zenith_deg, 90.0, 1e-9);
  EXPECT_NEAR(evening.local_time_h, 18.0, 1e-12);
  const SolarAngles morning = solar_angles({0, -radius, 0}, sun_plus_x);
  EXPECT_NEAR(morning.zenith_deg, 90.0, 1e-9);
  EXPECT_NEAR(morning.local_time_h, 6.0, 1e-12);
}

TEST(SolarAngles, LatitudeOnTheSubsolarMeridianIsTheZenithAngle) {
  const SolarAngles a = solar_angles(on_sphere(45.0, 0.0), sun_plus_x);
  EXPECT_NEAR(a.zenith_deg, 45.0, 1e-9);
  EXPECT_NEAR(a.local_time_h, 12.0, 1e-12);
  const SolarAngles b = solar_angles(on_sphere(-60.0, 180.0), sun_plus_x);
  EXPECT_NEAR(b.zenith_deg, 180.0 - 60.0, 1e-9);
  EXPECT_NEAR(b.local_time_h, 0.0, 1e-9);
}

TEST(SolarAngles, SunOffTheAxesShiftsBothAngles) {
  // Subsolar point at lon 30°, footpoint at lon 75° on the equator: 45° east → 15 h, SZA 45°.
  const Vec3 sun = on_sphere(0.0, 30.0, 1.5e8);
  const SolarAngles a = solar_angles(on_sphere(0.0, 75.0), sun);
  EXPECT_NEAR(a.zenith_deg, 45.0, 1e-9);
  EXPECT_NEAR(a.local_time_h, 15.0, 1e-9);
  // Subsolar longitude −170°, footpoint at +175°: 15° west across the date line → 11 h.
  const SolarAngles b = solar_angles(on_sphere(0.0, 175.0), on_sphere(0.0, -170.0, 1.5e8));
  EXPECT_NEAR(b.local_time_h, 11.0, 1e-9);
  // Sun 1.5° north of the equator: the footpoint under it has zenith 0.
  EXPECT_NEAR(solar_angles(on_sphere(1.5, 0.0), on_sphere(1.5, 0.0, 1.5e8)).zenith_deg, 0.0, 1e-6);
}

TEST(SolarAngles, ZenithBelowNinetyExactlyWhenTheFootpointIsSunlit) {
  const Vec3 sun = on_sphere(1.2, -40.0, 1.5e8);
  for (double lat = -89.0; lat <= 89.0; lat += 7.0)
    for (double lon = -179.0; lon <= 180.0; lon += 11.0) {
      const Vec3 p = on_sphere(lat, lon);
      EXPECT_EQ(solar_angles(p, sun).zenith_deg < 90.0, projection_in_sun(p, sun)) << lat << " " << lon;
      const double lt = solar_angles(p, sun).local_time_h;
      EXPECT_GE(lt, 0.0);
      EXPECT_LT(lt, 24.0);
    }
}

TEST(SolarAngles, NonFiniteOrZeroInputGivesNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(solar_angles({nan, 0, 0}, sun_plus_x).zenith_deg));
  EXPECT_TRUE(std::isnan(solar_angles({radius, 0, 0}, {0, 0, 0}).local_time_h));
  EXPECT_TRUE(std::isnan(field_normal_angle_deg({radius, 0, 0}, {nan, 0, 0})));
}

TEST(FieldNormalAngle, VerticalHorizontalAndOblique) {
  EXPECT_NEAR(field_normal_angle_deg({radius, 0, 0}, {-1, 0, 0}), 0.0, 1e-9);
  EXPECT_NEAR(field_normal_angle_deg({radius, 0, 0}, {1, 0, 0}), 0.0, 1e-9);
  EXPECT_NEAR(field_normal_angle_deg({radius, 0, 0}, {0, 0, 1}), 90.0, 1e-9);
  // 30° from the vertical, either sense of the line.
  const Vec3 b{std::cos(30 * degree), std::sin(30 * degree), 0};
  EXPECT_NEAR(field_normal_angle_deg({radius, 0, 0}, b), 30.0, 1e-9);
  EXPECT_NEAR(field_normal_angle_deg({radius, 0, 0}, {-b[0], -b[1], -b[2]}), 30.0, 1e-9);
}

TEST(SolarAngles, RowGeometryCarriesThemForConnectedRowsOnly) {
  RowEphemeris e;
  e.et = -4.8e7;
  e.ecl_to_iau = spice::identity3();
  e.lp_pos_iau = {radius + 100, 0, 0};
  e.sun_from_lp_ecl = e.sun_from_lp_iau = sun_plus_x - e.lp_pos_iau;
  e.sun_from_moon_iau = sun_plus_x;
  const io::SpinAxis spin_up{0.0, 90.0};
  const RowGeometry down = compute_row_geometry(e, spin_up, {-9, 0, 0});  // straight down to the subsolar point
  ASSERT_TRUE(down.connected());
  EXPECT_NEAR(down.solar_zenith_deg, 0.0, 1e-6);
  EXPECT_NEAR(down.local_time_h, 12.0, 1e-6);
  EXPECT_NEAR(down.field_normal_angle_deg, 0.0, 1e-6);
  const RowGeometry along = compute_row_geometry(e, spin_up, {0, 0, 5});  // parallel to the surface: misses
  ASSERT_FALSE(along.connected());
  EXPECT_TRUE(std::isnan(along.solar_zenith_deg));
  EXPECT_TRUE(std::isnan(along.local_time_h));
  EXPECT_TRUE(std::isnan(along.field_normal_angle_deg));
}

}  // namespace
}  // namespace lpm::geometry
