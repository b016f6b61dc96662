// The analytic Sun and Moon of the simulation against Meeus's worked examples and against
// JPL DE430 (an excerpt in ../shared/kernels).
#include <cmath>

#include <gtest/gtest.h>

#include "simulate/analytic_ephemeris.hpp"
#include "spice/kernel_set.hpp"
#include "support/test_support.hpp"

namespace lpm::simulate {
namespace {

double et_from_jde(double jde) { return (jde - 2451545.0) * 86400.0; }

double angle_deg(const Vec3& a, const Vec3& b) {
  double c = spice::dot(a, b) / (spice::norm(a) * spice::norm(b));
  return std::acos(std::min(1.0, c)) * 180.0 / 3.14159265358979323846;
}

TEST(AnalyticEphemeris, MoonMatchesMeeusExample47a) {
  // Meeus, Astronomical Algorithms, example 47.a: 1992 April 12, 0h TD.
  EclipticPosition moon = moon_ecliptic_of_date(et_from_jde(2448724.5));
  EXPECT_NEAR(moon.longitude_deg, 133.162655, 2e-6);
  EXPECT_NEAR(moon.latitude_deg, -3.229126, 2e-6);
  EXPECT_NEAR(moon.distance_km, 368409.7, 0.1);
}

TEST(AnalyticEphemeris, SunMatchesMeeusExample25a) {
  // Example 25.a: 1992 October 13.0 TD: true longitude 199.90988°, R = 0.99766 AU.
  EclipticPosition sun = sun_ecliptic_of_date(et_from_jde(2448908.5));
  EXPECT_NEAR(sun.longitude_deg, 199.90988, 2e-5);
  EXPECT_NEAR(sun.distance_km / astronomical_unit_km, 0.99766, 1e-5);
}

TEST(AnalyticEphemeris, EmbChainAddsUpToGeocentricPositions) {
  for (double et : {-6e7, -3e7, 0.0}) {
    Vec3 moon = moon_wrt_emb_km(et) - earth_wrt_emb_km(et);
    Vec3 expected = moon_geocentric_j2000_km(et);
    EXPECT_NEAR(spice::norm(moon - expected), 0.0, 1e-6);
    Vec3 sun_from_earth = (-1.0) * (emb_wrt_sun_km(et) + earth_wrt_emb_km(et));
    EXPECT_NEAR(spice::norm(sun_from_earth - sun_geocentric_j2000_km(et)), 0.0, 1e-3);
  }
}

TEST(AnalyticEphemeris, MoonAndSunAgreeWithDe430ToAHundredthOfADegree) {
  LPM_REQUIRE_SHARED_KERNELS();
  spice::KernelSet kernels;
  kernels.load(test::kernels_dir() / "de430-2015-03-02.bsp");
  // The excerpt covers the Moon and the Earth about the EMB from 2015-02-27 to 03-07.
  const double et0 = (2457080.5 - 2451545.0) * 86400.0;  // 2015-02-28 00:00 TDB
  for (int k = 0; k < 12; ++k) {
    double et = et0 + k * 43200.0;
    Vec3 de = kernels.state(301, 399, "J2000", et).position_km;
    Vec3 ours = moon_geocentric_j2000_km(et);
    EXPECT_LT(angle_deg(de, ours), 0.01) << "ET " << et;
    EXPECT_NEAR(spice::norm(ours), spice::norm(de), 30.0) << "ET " << et;
    Vec3 de_sun = kernels.state(10, 399, "J2000", et).position_km;
    EXPECT_LT(angle_deg(de_sun, sun_geocentric_j2000_km(et)), 0.01) << "ET " << et;
    EXPECT_NEAR(spice::norm(sun_geocentric_j2000_km(et)) / spice::norm(de_sun), 1.0, 1e-4) << "ET " << et;
  }
}

}  // namespace
}  // namespace lpm::simulate
