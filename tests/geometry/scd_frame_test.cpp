// The SCD → ECLIPJ2000 matrix (D§5.2 steps 5-6; reference tests/utils/test_coordinates.py).
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "geometry/scd_frame.hpp"

namespace lpm::geometry {
namespace {

double determinant(const Mat3& m) { return spice::dot(m[0], spice::cross(m[1], m[2])); }

bool all_nan(const Mat3& m) {
  for (const auto& row : m)
    for (double v : row)
      if (!std::isnan(v)) return false;
  return true;
}

TEST(ScdFrame, SpinAlongZAndSunAlongXGiveIdentity) {
  const Mat3 m = scd_to_ecliptic({0, 0, 1}, {1, 0, 0});
  const Mat3 identity = spice::identity3();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(m[i][j], identity[i][j], 1e-15) << i << "," << j;
}

TEST(ScdFrame, ColumnsAreXYZAxesOfTheScdFrame) {
  // Spin along +x (ecliptic), Sun at (1, 1, 0): x̂ = projection of ŝ ⊥ spin = +y, ŷ = ẑ × x̂ = +z.
  const Mat3 m = scd_to_ecliptic({2, 0, 0}, {1, 1, 0});
  const Vec3 x_scd_in_ecl = m * Vec3{1, 0, 0};
  const Vec3 y_scd_in_ecl = m * Vec3{0, 1, 0};
  const Vec3 z_scd_in_ecl = m * Vec3{0, 0, 1};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(x_scd_in_ecl[i], (Vec3{0, 1, 0})[i], 1e-15);
    EXPECT_NEAR(y_scd_in_ecl[i], (Vec3{0, 0, 1})[i], 1e-15);
    EXPECT_NEAR(z_scd_in_ecl[i], (Vec3{1, 0, 0})[i], 1e-15);
  }
}

TEST(ScdFrame, RandomInputsGiveProperRotation) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal;
  for (int trial = 0; trial < 1000; ++trial) {
    const Vec3 spin{normal(rng), normal(rng), normal(rng)};
    const Vec3 sun{1e8 * normal(rng), 1e8 * normal(rng), 1e8 * normal(rng)};
    const Mat3 m = scd_to_ecliptic(spin, sun);
    const Mat3 product = spice::transpose(m) * m;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) ASSERT_NEAR(product[i][j], i == j ? 1.0 : 0.0, 1e-12);
    ASSERT_NEAR(determinant(m), 1.0, 1e-12);
    // The Sun lies in the SCD x–z half-plane with positive x.
    const Vec3 sun_scd = spice::transpose(m) * sun;
    ASSERT_GT(sun_scd[0], 0.0);
    ASSERT_NEAR(sun_scd[1] / spice::norm(sun), 0.0, 1e-12);
  }
}

TEST(ScdFrame, ZeroSpinGivesAllNan) { EXPECT_TRUE(all_nan(scd_to_ecliptic({0, 0, 0}, {1, 0, 0}))); }

TEST(ScdFrame, SunAlongSpinAxisGivesAllNan) {
  EXPECT_TRUE(all_nan(scd_to_ecliptic({0, 0, 1}, {0, 0, 5})));
  EXPECT_TRUE(all_nan(scd_to_ecliptic({0, 0, 1}, {0, 0, -5})));
}

TEST(ScdFrame, ThresholdIsOneEMinus8OnTheUnitSunProjection) {
  EXPECT_TRUE(all_nan(scd_to_ecliptic({0, 0, 1}, {0.5e-8, 0, 1})));
  EXPECT_FALSE(all_nan(scd_to_ecliptic({0, 0, 1}, {2e-8, 0, 1})));
}

TEST(ScdFrame, NanInputGivesAllNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(all_nan(scd_to_ecliptic({nan, 0, 1}, {1, 0, 0})));
  EXPECT_TRUE(all_nan(scd_to_ecliptic({0, 0, 1}, {nan, 0, 0})));
}

TEST(SpinAxis, RaDecAreEclipticLongitudeAndLatitude) {
  const Vec3 z = spin_axis_ecliptic(90.0, 0.0);
  EXPECT_NEAR(z[0], 0.0, 1e-15);
  EXPECT_NEAR(z[1], 1.0, 1e-15);
  EXPECT_NEAR(z[2], 0.0, 1e-15);
  const Vec3 pole = spin_axis_ecliptic(123.0, -90.0);
  EXPECT_NEAR(pole[2], -1.0, 1e-15);
  const Vec3 v = spin_axis_ecliptic(30.0, 60.0);
  EXPECT_NEAR(v[0], 0.5 * std::cos(M_PI / 6), 1e-15);
  EXPECT_NEAR(v[1], 0.25, 1e-15);
  EXPECT_NEAR(v[2], std::sqrt(3.0) / 2, 1e-15);
}

}  // namespace
}  // namespace lpm::geometry
