// Pitch angles of the 88 cells (P§1.6, D§5.2 step 9).
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "geometry/pitch_angles.hpp"

namespace lpm::geometry {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Layout {
  ChannelAngles phi_deg{}, theta_deg{};
};

// Cell 0 looks at θ = 78.75 (near +z), cell 1 at θ = −78.75, cell 2 along +x in the spin plane
// (θ = 0, φ = 0), cell 3 along +y (φ = 90), the rest along φ = 180, θ = 11.25.
Layout test_layout() {
  Layout l;
  l.phi_deg.fill(180.0);
  l.theta_deg.fill(11.25);
  l.theta_deg[0] = 78.75;
  l.phi_deg[0] = 45.0;
  l.theta_deg[1] = -78.75;
  l.theta_deg[2] = 0.0;
  l.phi_deg[2] = 0.0;
  l.theta_deg[3] = 0.0;
  l.phi_deg[3] = 90.0;
  return l;
}

TEST(PitchAngles, FieldAlongPlusZWithPlusSignGivesComplementOfElevation) {
  const Layout l = test_layout();
  const ChannelAngles a = pitch_angles({0, 0, 3}, l.phi_deg, cell_elevations(l.theta_deg), +1.0);
  EXPECT_NEAR(a[0], 11.25, 1e-12);
  EXPECT_NEAR(a[1], 168.75, 1e-12);
  EXPECT_NEAR(a[2], 90.0, 1e-12);
  EXPECT_NEAR(a[4], 78.75, 1e-12);
}

TEST(PitchAngles, KappaVariantUsesMinusB) {
  const Layout l = test_layout();
  const ChannelAngles a = kappa_pitch_angles({0, 0, 3}, l.phi_deg, cell_elevations(l.theta_deg));
  EXPECT_NEAR(a[0], 168.75, 1e-12);
  EXPECT_NEAR(a[1], 11.25, 1e-12);
  EXPECT_NEAR(a[4], 101.25, 1e-12);
}

TEST(PitchAngles, LossConeVariantUsesPolarityTimesB) {
  const Layout l = test_layout();
  const ChannelAngles plus = losscone_pitch_angles({1, 0, 0}, l.phi_deg, cell_elevations(l.theta_deg), 1);
  const ChannelAngles minus = losscone_pitch_angles({1, 0, 0}, l.phi_deg, cell_elevations(l.theta_deg), -1);
  EXPECT_NEAR(plus[2], 0.0, 1e-6);
  EXPECT_NEAR(minus[2], 180.0, 1e-6);
  EXPECT_NEAR(plus[3], 90.0, 1e-12);
  for (int k = 0; k < er_channels; ++k) EXPECT_NEAR(plus[k] + minus[k], 180.0, 1e-9) << "cell " << k;
}

TEST(PitchAngles, PolarityZeroGivesAllNan) {
  const Layout l = test_layout();
  for (double a : losscone_pitch_angles({1, 2, 3}, l.phi_deg, cell_elevations(l.theta_deg), 0))
    EXPECT_TRUE(std::isnan(a));
  for (double a : pitch_angles({1, 2, 3}, l.phi_deg, cell_elevations(l.theta_deg), nan)) EXPECT_TRUE(std::isnan(a));
}

TEST(PitchAngles, ZeroOrNanFieldGivesAllNan) {
  const Layout l = test_layout();
  for (double a : kappa_pitch_angles({0, 0, 0}, l.phi_deg, cell_elevations(l.theta_deg))) EXPECT_TRUE(std::isnan(a));
  for (double a : kappa_pitch_angles({nan, 0, 1}, l.phi_deg, cell_elevations(l.theta_deg))) EXPECT_TRUE(std::isnan(a));
}

TEST(PitchAngles, FillPhiGivesNanOnlyInThatCell) {
  Layout l = test_layout();
  l.phi_deg[5] = nan;
  const ChannelAngles a = kappa_pitch_angles({1, 1, 1}, l.phi_deg, cell_elevations(l.theta_deg));
  EXPECT_TRUE(std::isnan(a[5]));
  EXPECT_FALSE(std::isnan(a[6]));
}

TEST(PitchAngles, ExactlyParallelLookGivesZeroNotNan) {
  // Rounding can push the cosine just above 1; the clip keeps acos defined.
  ChannelAngles phi{}, theta{};
  phi.fill(33.0);
  theta.fill(-56.25);
  const double p = 33.0 * M_PI / 180, t = -56.25 * M_PI / 180;
  const Vec3 look{std::cos(p) * std::cos(t), std::sin(p) * std::cos(t), std::sin(t)};
  const ChannelAngles a = pitch_angles(look, phi, cell_elevations(theta), 1.0);
  for (double v : a) {
    EXPECT_FALSE(std::isnan(v));
    EXPECT_NEAR(v, 0.0, 1e-6);
  }
}

TEST(PitchAngles, PrecomputedElevationsGiveTheSameBitsAsComputingThemInEachCall) {
  // The pipeline computes cos θ and sin θ once per spectrum (cell_elevations); every angle must
  // be the one computing them in each call gives, to the bit (as before 2026-12-01), and every
  // angle must be right: against the look vector built here with the standard library.
  const Layout l = test_layout();
  const CellElevations e = cell_elevations(l.theta_deg);
  const Vec3 b{0.3, -0.8, 0.52};
  for (double sign : {1.0, -1.0}) {
    const ChannelAngles from_elevations = pitch_angles(b, l.phi_deg, e, sign);
    const Vec3 field = (sign / norm(b)) * b;
    for (int k = 0; k < er_channels; ++k) {
      const double phi = radians_from_degrees(l.phi_deg[k]), theta = radians_from_degrees(l.theta_deg[k]);
      const double cos_theta = math::cos(theta);
      const Vec3 look{math::cos(phi) * cos_theta, math::sin(phi) * cos_theta, math::sin(theta)};
      const double per_call = degrees_from_radians(math::acos(std::clamp(dot(field, look), -1.0, 1.0)));
      EXPECT_EQ(from_elevations[k], per_call) << k;
      const double p = l.phi_deg[k] * M_PI / 180, t = l.theta_deg[k] * M_PI / 180;
      const double c = sign *
                       (b[0] * std::cos(p) * std::cos(t) + b[1] * std::sin(p) * std::cos(t) + b[2] * std::sin(t)) /
                       std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
      EXPECT_NEAR(from_elevations[k], std::acos(c) * 180 / M_PI, 1e-9) << k;
    }
  }
  EXPECT_EQ(kappa_pitch_angles(b, l.phi_deg, e), pitch_angles(b, l.phi_deg, e, -1.0));
  EXPECT_EQ(losscone_pitch_angles(b, l.phi_deg, e, -1), pitch_angles(b, l.phi_deg, e, -1.0));
}

}  // namespace
}  // namespace lpm::geometry
