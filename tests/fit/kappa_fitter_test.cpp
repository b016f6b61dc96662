// κ fit of one spectrum (P§2) on spectra simulated from the forward model.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "fit/kappa_fitter.hpp"
#include "kappa_test_spectra.hpp"
#include "physics/kappa.hpp"

using namespace lpm;
using lpm::fit::FitStatus;

namespace {

// Dense 400 × 400 brute-force minimum of the same objective over the same box.
double brute_force_chi2(const fit::PreparedSpectrum& s) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 400; ++i)
    for (int j = 0; j < 400; ++j)
      best = std::min(best, fit::kappa_chi2(s, kappa_min + (kappa_max - kappa_min) * i / 399.0,
                                            log10_theta_min_m_s + 2.0 * j / 399.0));
  return best;
}

physics::KappaParams params_from_temperature(double n, double kappa, double t_ev) {
  return {n, kappa, physics::theta_from_temperature_ev(t_ev, kappa)};
}

}  // namespace

TEST(KappaFitter, StatusNamesAreStable) {
  EXPECT_STREQ(fit::to_string(FitStatus::fitted), "fitted");
  EXPECT_STREQ(fit::to_string(FitStatus::kappa_fit_failed), "kappa_fit_failed");
  EXPECT_EQ(static_cast<int>(FitStatus::dropped_on_input), 8);
  EXPECT_EQ(static_cast<int>(FitStatus::u_sc_at_limit), 9);
  EXPECT_EQ(static_cast<int>(FitStatus::unconstrained), 10);
  EXPECT_EQ(static_cast<int>(FitStatus::at_bound), 11);
  EXPECT_EQ(fit::fit_status_count, 12);
}

TEST(KappaFitter, MomentDensityIsWithinOnePercentForWarmPlasma) {
  // Reference check (P§6.2): n = 1e6, κ = 5, θ = 1e7 → moment within 1 %.
  const auto s = fit::prepare_kappa_spectrum(test::simulated_kappa_input({1e6, 5.0, 1e7}), {});
  EXPECT_EQ(s.fitted_steps, 15);
  EXPECT_NEAR(s.density_m3, 1e6, 1e4);
}

TEST(KappaFitter, RecoversKappaAndThetaWithoutConvolutionOnExactData) {
  // Reference check (P§6.2, convolution off): κ and θ within 1 %.
  fit::KappaFitOptions options;
  options.use_convolution = false;
  const fit::KappaFit f = fit::fit_kappa(test::simulated_kappa_input({1e6, 5.0, 1e7}), options);
  ASSERT_EQ(f.status, FitStatus::fitted);
  EXPECT_NEAR(f.kappa, 5.0, 0.05);
  EXPECT_NEAR(f.theta_m_s, 1e7, 1e5);
  EXPECT_NEAR(f.temperature_ev, physics::temperature_ev_from_theta(f.theta_m_s, f.kappa), 1e-9);
}

TEST(KappaFitter, ReachesAChiSquareNoLargerThanADenseGridSearch) {
  const std::array<physics::KappaParams, 5> cases = {
      params_from_temperature(1e7, 4.0, 20.0), params_from_temperature(5e6, 3.0, 50.0),
      params_from_temperature(2e6, 5.5, 10.0),  // κ fit ends on the κ = 6 bound
      params_from_temperature(1e6, 2.8, 100.0), params_from_temperature(3e7, 4.5, 8.0)};
  std::mt19937_64 rng(20240601);
  for (const auto& p : cases) {
    for (bool noisy : {false, true}) {
      const auto s = fit::prepare_kappa_spectrum(
          test::simulated_kappa_input(p, test::reference_test_field, noisy ? &rng : nullptr), {});
      const fit::KappaFit f = fit::fit_kappa(s);
      ASSERT_EQ(f.status, FitStatus::fitted);
      EXPECT_GE(brute_force_chi2(s), f.chi2 - 1e-9 * std::abs(f.chi2))
          << "n " << p.density_m3 << " kappa " << p.kappa << " noisy " << noisy;
    }
  }
}

TEST(KappaFitter, RecoversWarmPoissonSpectra) {
  // ~1e7 counts per spectrum: Poisson noise is far below the model's own bias, which
  // dominates the tolerances. The density is a fixed moment over the measured windows
  // (15–25 000 eV, P§2.3), missing the slow electrons: it reads 10–20 % low for T ≤ 50 eV,
  // and κ, θ then compensate. Hence T within 10 %, κ within 5 %, n within 25 %.
  std::mt19937_64 rng(42);
  for (const auto& p : {params_from_temperature(5e6, 3.0, 50.0), params_from_temperature(1e6, 2.8, 100.0),
                        params_from_temperature(2e6, 4.0, 200.0)}) {
    const double t_true = physics::temperature_ev_from_theta(p.theta_m_s, p.kappa);
    for (int repeat = 0; repeat < 3; ++repeat) {
      const fit::KappaFit f = fit::fit_kappa(test::simulated_kappa_input(p, test::reference_test_field, &rng));
      ASSERT_EQ(f.status, FitStatus::fitted);
      EXPECT_NEAR(f.temperature_ev, t_true, 0.10 * t_true);
      EXPECT_NEAR(f.kappa, p.kappa, 0.05 * p.kappa);
      EXPECT_NEAR(f.density_m3, p.density_m3, 0.25 * p.density_m3);
      EXPECT_EQ(f.valid_steps, 15);
    }
  }
}

TEST(KappaFitter, MasksStepsWithoutPositiveFluxOrCounts) {
  auto input = test::simulated_kappa_input(params_from_temperature(5e6, 3.0, 50.0));
  const fit::KappaFit clean = fit::fit_kappa(input);
  input.flux[3].fill(0.0);                                       // zero flux
  input.flux[7].fill(-5.0);                                      // negative flux
  input.flux[9].fill(std::numeric_limits<double>::quiet_NaN());  // missing
  const auto s = fit::prepare_kappa_spectrum(input, {});
  EXPECT_EQ(s.fitted_steps, 12);
  EXPECT_FALSE(s.fitted[3]);
  EXPECT_EQ(s.weight[3], 0.0);
  const fit::KappaFit f = fit::fit_kappa(s);
  ASSERT_EQ(f.status, FitStatus::fitted);
  EXPECT_EQ(f.valid_steps, 12);
  // Masked steps do not drag the fit. κ and T stay near the clean fit's (T moves ~9 %
  // because the density moment loses those three steps' share and θ compensates) ...
  EXPECT_NEAR(f.kappa, clean.kappa, 0.05 * clean.kappa);
  EXPECT_NEAR(f.temperature_ev, clean.temperature_ev, 0.15 * clean.temperature_ev);
  // ... while the reference's treatment (ln ε residuals weighted ~5e5) wrecks the χ².
  fit::KappaFitOptions reference;
  reference.reference_weighting = true;
  EXPECT_GT(fit::fit_kappa(input, reference).chi2, 1e3 * f.chi2);
}

TEST(KappaFitter, NanCellsAreSkippedNotPropagated) {
  auto input = test::simulated_kappa_input(params_from_temperature(5e6, 3.0, 50.0));
  const auto clean = fit::prepare_kappa_spectrum(input, {});
  for (int row = 0; row < 15; ++row) input.flux[row][0] = std::numeric_limits<double>::quiet_NaN();
  const auto s = fit::prepare_kappa_spectrum(input, {});
  EXPECT_EQ(s.fitted_steps, 15);
  for (int row = 0; row < 15; ++row) {
    EXPECT_TRUE(std::isfinite(s.flux_cm2[row]));
    EXPECT_LE(s.flux_cm2[row], clean.flux_cm2[row]);
  }
  EXPECT_EQ(fit::fit_kappa(s).status, FitStatus::fitted);
}

TEST(KappaFitter, FailsWithFewerThanThreeValidSteps) {
  auto input = test::simulated_kappa_input(params_from_temperature(5e6, 3.0, 50.0));
  for (int row = 2; row < 15; ++row) input.flux[row].fill(0.0);
  const fit::KappaFit f = fit::fit_kappa(input);
  EXPECT_EQ(f.status, FitStatus::kappa_fit_failed);
  EXPECT_EQ(f.valid_steps, 2);
  EXPECT_TRUE(std::isnan(f.kappa));
}

TEST(KappaFitter, FailsWithoutIncidentChannels) {
  auto input = test::simulated_kappa_input(params_from_temperature(5e6, 3.0, 50.0));
  for (auto& row : input.pitch_deg) row.fill(std::numeric_limits<double>::quiet_NaN());
  const auto s = fit::prepare_kappa_spectrum(input, {});
  EXPECT_FALSE(s.any_incident_channel);
  EXPECT_EQ(fit::fit_kappa(s).status, FitStatus::kappa_fit_failed);
}

TEST(KappaFitter, ReferenceWeightingGivesZeroCountStepsHugeWeight) {
  // P§2.2 item 5: N = 0 → σ_lnF ≈ 1e-6, w ≈ 5e5. The reference mode keeps that (parity).
  auto input = test::simulated_kappa_input({1e6, 5.0, 1.1e5});  // ≪ 1 count per channel
  fit::KappaFitOptions reference;
  reference.reference_weighting = true;
  const auto s = fit::prepare_kappa_spectrum(input, reference);
  EXPECT_EQ(s.fitted_steps, 15);
  EXPECT_NEAR(s.weight[0], 5e5, 1.0);
  EXPECT_EQ(fit::prepare_kappa_spectrum(input, {}).fitted_steps, 0);
}

TEST(KappaFitter, WeightApproachesSystematicFloorForLargeCounts) {
  // σ_lnF → sqrt(0.05² + 0.10²) = 0.111803 for N → ∞, so w → 8.944.
  const auto s = fit::prepare_kappa_spectrum(test::simulated_kappa_input({1e9, 4.0, 5e6}), {});
  EXPECT_GT(s.counts[5], 1e6);
  EXPECT_NEAR(s.weight[5], 1.0 / 0.111803, 0.02);
}
