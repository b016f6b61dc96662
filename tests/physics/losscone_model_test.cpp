// Forward model of the loss cone (P§4.3), edge cases of the reference's test_model_* files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "physics/losscone_model.hpp"

namespace lpm::physics {
namespace {

TEST(LossConeModel, NonPositiveSin2GivesZeroConeAndEveryBinReflected) {
  const LossConeParams p{-500.0, 0.8, 0.0};  // x = 0.8 (1 − 500/100) < 0
  EXPECT_EQ(cone_half_angle_deg(100.0, 0.0, p), 0.0);
  EXPECT_EQ(losscone_model_value(100.0, 0.0, 180.0, p), 1.0);
  EXPECT_EQ(losscone_model_value(100.0, 0.0, 120.0, p), 1.0);
}

TEST(LossConeModel, Sin2AboveOneGivesNinetyDegreeConeAndWholeReflectedSideEmpty) {
  const LossConeParams p{10.0, 1.1, 0.0};  // x = 1.1 (1 + 10/100) > 1
  EXPECT_DOUBLE_EQ(cone_half_angle_deg(100.0, 0.0, p), 90.0);
  EXPECT_EQ(losscone_model_value(100.0, 0.0, 90.0, p), 1.0);  // α ≤ 180 − 90 stays filled
  EXPECT_EQ(losscone_model_value(100.0, 0.0, 91.0, p), losscone_background);
}

TEST(LossConeModel, ConeAngleFollowsHalekasEquationWithSpacecraftPotential) {
  const LossConeParams p{-50.0, 0.5, 0.0};
  const double x = 0.5 * (1.0 - 50.0 / (200.0 - 10.0));
  EXPECT_NEAR(cone_half_angle_deg(200.0, 10.0, p), std::asin(std::sqrt(x)) * 180.0 / pi, 1e-12);
  EXPECT_EQ(corrected_energy_ev(5.0, 10.0), losscone_min_corrected_energy_ev);
}

TEST(LossConeModel, BeamSuppressedWhenSurfaceAtOrAboveSpacecraftPotential) {
  EXPECT_EQ(beam_energy_factor(15.0, 10.0, 10.0), 0.0);
  EXPECT_EQ(beam_energy_factor(15.0, 10.0, 15.0), 0.0);
  const LossConeParams p{12.0, 0.5, 3.0};
  EXPECT_EQ(losscone_model_value(20.0, 10.0, 180.0, p), losscone_model_value(20.0, 10.0, 180.0, {12.0, 0.5, 0.0}));
}

TEST(LossConeModel, BeamPeaksAtPotentialDifferenceAndAt180Degrees) {
  // ΔU = 100 V → E_b = 100 eV; ΔU below w → E_b = w.
  EXPECT_DOUBLE_EQ(beam_energy_factor(100.0, 0.0, -100.0), 1.0);
  EXPECT_DOUBLE_EQ(beam_energy_factor(15.0, 0.0, -5.0), 1.0);
  EXPECT_NEAR(beam_energy_factor(115.0, 0.0, -100.0), std::exp(-0.5), 1e-15);
  EXPECT_DOUBLE_EQ(beam_pitch_factor(180.0), 1.0);
  EXPECT_NEAR(beam_pitch_factor(172.5), std::exp(-0.5), 1e-15);
  const LossConeParams p{-100.0, 0.3, 2.0};
  // At the beam peak E = U_sc − U_M, so E_c = −U_M and x = 0: no cone in that row → 1 + A.
  EXPECT_NEAR(losscone_model_value(100.0, 0.0, 180.0, p), 1.0 + 2.0, 1e-12);
  // Off the peak with a cone: b + A·g.
  const LossConeParams q{-60.0, 0.3, 2.0};  // U_sc = 20: E_c = 80, x = 0.075, E_b = 80
  EXPECT_NEAR(losscone_model_value(100.0, 20.0, 180.0, q),
              losscone_background + 2.0 * std::exp(-0.5 * std::pow(20.0 / 15.0, 2)), 1e-12);
}

TEST(LossConeModel, MaskRequiresEnergyAtLeastSpacecraftPotential) {
  EXPECT_TRUE(losscone_model_valid(20.0, 20.0));
  EXPECT_FALSE(losscone_model_valid(19.9, 20.0));
  EXPECT_FALSE(losscone_model_valid(20.0, std::numeric_limits<double>::quiet_NaN()));
  ChunkEnergies e{};
  ChunkValues pitch{};
  for (int i = 0; i < er_rows_per_spectrum; ++i) e[i] = 10.0 * (i + 1);
  const LossConeModel m = losscone_model(e, pitch, 35.0, {-10.0, 0.5, 0.0});
  EXPECT_FALSE(m.row_valid[2]);  // 30 eV < 35 V
  EXPECT_TRUE(m.row_valid[3]);
}

TEST(LossConeModel, NanPitchGivesNanModel) {
  EXPECT_TRUE(std::isnan(losscone_model_value(100.0, 0.0, std::numeric_limits<double>::quiet_NaN(), {})));
}

}  // namespace
}  // namespace lpm::physics
