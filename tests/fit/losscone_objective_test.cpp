// Normalisation, masks and objectives of the loss-cone fit (P§4.2, P§4.4).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "fit/losscone_normalization.hpp"
#include "fit/losscone_objective.hpp"

namespace lpm::fit {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

physics::ChunkValues filled(double v) {
  physics::ChunkValues c;
  for (auto& row : c) row.fill(v);
  return c;
}

TEST(LossConeObjective, LillisMaskMatchesTheReferenceVector) {
  // tests/test_flux.py: raw [1, 10, 2, 0.1, NaN], pitches [30, 150, 60, 120, 45] → [T, F, F, F, F].
  physics::ChunkValues flux = filled(nan), pitch = filled(nan);
  const double raw[5] = {1, 10, 2, 0.1, nan}, alpha[5] = {30, 150, 60, 120, 45};
  for (int j = 0; j < 5; ++j) {
    flux[0][j] = raw[j];
    pitch[0][j] = alpha[j];
  }
  physics::ChunkEnergies e{};
  e.fill(100.0);
  const auto mask = lillis_mask(flux, pitch, e, 0.0);
  const bool expected[5] = {true, false, false, false, false};
  for (int j = 0; j < 5; ++j) EXPECT_EQ(mask[0][j], expected[j]) << "channel " << j;
  EXPECT_EQ(count_bins(mask), 1);
}

TEST(LossConeObjective, RatioNormalisationDividesRowByIncidentMean) {
  physics::ChunkValues flux = filled(nan), pitch = filled(nan);
  flux[0][0] = 2.0, pitch[0][0] = 10.0;   // incident
  flux[0][1] = 4.0, pitch[0][1] = 80.0;   // incident
  flux[0][2] = -1.0, pitch[0][2] = 20.0;  // not positive: not in the mean, stays negative
  flux[0][3] = 1.5, pitch[0][3] = 170.0;  // reflected
  flux[1][0] = 5.0, pitch[1][0] = 120.0;  // row without incident bins → NaN row
  const auto norm = normalise_ratio(flux, pitch);
  EXPECT_DOUBLE_EQ(norm[0][0], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(norm[0][3], 0.5);
  EXPECT_DOUBLE_EQ(norm[0][2], -1.0 / 3.0);
  EXPECT_TRUE(std::isnan(norm[1][0]));
}

TEST(LossConeObjective, NormaliserHasAFloor) {
  physics::ChunkValues flux = filled(nan), pitch = filled(nan);
  flux[0][0] = 1e-9, pitch[0][0] = 10.0;
  EXPECT_DOUBLE_EQ(normalise_ratio(flux, pitch)[0][0], 1e-9 / 1e-6);
}

TEST(LossConeObjective, HalekasMaskCombinesDataAndEnergyMasks) {
  physics::ChunkValues norm = filled(1.0), pitch = filled(100.0);
  norm[3][0] = 0.0;
  norm[3][1] = nan;
  pitch[3][2] = nan;
  physics::ChunkEnergies e{};
  for (int i = 0; i < er_rows_per_spectrum; ++i) e[i] = 10.0 * (i + 1);
  const auto mask = halekas_mask(norm, pitch, e, 25.0);  // rows 0, 1 below U_sc
  EXPECT_FALSE(mask[0][5]);
  EXPECT_FALSE(mask[1][5]);
  EXPECT_TRUE(mask[2][5]);
  EXPECT_FALSE(mask[3][0]);
  EXPECT_FALSE(mask[3][1]);
  EXPECT_FALSE(mask[3][2]);
  EXPECT_EQ(count_bins(mask), 13 * er_channels - 3);
}

TEST(LossConeObjective, Chi2TermsAndLillisReduction) {
  EXPECT_NEAR(halekas_term(1.0, 0.05), std::pow(std::log(1.000001) - std::log(0.050001), 2), 1e-12);
  EXPECT_DOUBLE_EQ(lillis_term(0.5, 1.0), 0.25);
  physics::ChunkValues norm = filled(0.5), model = filled(1.0);
  physics::ChunkMask mask{};
  for (int j = 0; j < 7; ++j) mask[0][j] = true;
  EXPECT_DOUBLE_EQ(losscone_chi2(LossConeMethod::lillis, norm, model, mask), 7 * 0.25 / 4);
  EXPECT_DOUBLE_EQ(losscone_chi2(LossConeMethod::halekas, norm, model, mask), 7 * halekas_term(0.5, 1.0));
  EXPECT_TRUE(std::isnan(losscone_chi2(LossConeMethod::halekas, norm, model, physics::ChunkMask{})));
}

}  // namespace
}  // namespace lpm::fit
