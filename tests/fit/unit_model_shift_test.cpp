// fit::unit_model with a spacecraft potential U ≠ 0 (issue 17, mutant fit-unit-model-energy-shift).
// Expected values come from the physics, not from the code: Liouville's theorem maps an ambient κ
// spectrum seen through U onto a κ spectrum with the same κ and κE_θ' = κE_θ − U,
// n' = n (E_θ/E_θ')^{κ−1/2} (docs/method.md §1.2, E_θ = ½ m_e θ²); and a spacecraft at U > 0
// receives no electron below U.
#include <gtest/gtest.h>

#include <cmath>

#include "base/constants.hpp"
#include "fit/plasma_fit.hpp"

namespace lpm::fit {
namespace {

PlasmaData log_sweep(double low_ev, double high_ev) {
  PlasmaData d;
  d.steps = kappa_steps;
  for (int i = 0; i < kappa_steps; ++i) {
    d.step[i].energy_ev = low_ev * std::pow(high_ev / low_ev, static_cast<double>(i) / (kappa_steps - 1));
    d.step[i].counts = 1.0;
    d.step[i].exposure = 1.0;
  }
  return d;
}

// Ambient (n, κ, θ) seen through U equals the κ spectrum (n', κ, θ') at U = 0, step by step.
void expect_liouville_identity(double kappa, double theta_m_s, double u_v) {
  const PlasmaData data = log_sweep(40.0, 2000.0);  // every window node above |U| ≤ 20 V
  const double e_theta = 0.5 * electron_mass_ev_s2_m2 * theta_m_s * theta_m_s;
  const double e_theta_measured = e_theta - u_v / kappa;
  ASSERT_GT(e_theta_measured, 0.0);
  const double theta_measured = std::sqrt(2.0 * e_theta_measured / electron_mass_ev_s2_m2);
  const double density_ratio = std::pow(e_theta / e_theta_measured, kappa - 0.5);  // n'/n

  const UnitModel seen = unit_model(data, kappa, std::log10(theta_m_s), u_v, 0.0);
  const UnitModel measured = unit_model(data, kappa, std::log10(theta_measured), 0.0, 0.0);
  ASSERT_EQ(seen.used_steps, kappa_steps);
  ASSERT_EQ(measured.used_steps, kappa_steps);
  for (int i = 0; i < kappa_steps; ++i) {
    ASSERT_GT(measured.counts_per_density[i], 0.0);
    EXPECT_NEAR(seen.counts_per_density[i] / (density_ratio * measured.counts_per_density[i]), 1.0, 1e-9)
        << "step " << data.step[i].energy_ev << " eV, U = " << u_v << " V";
  }
}

TEST(UnitModelShift, PositiveSpacecraftGivesTheColderDenserMeasuredKappaSpectrum) {
  expect_liouville_identity(3.5, 3.0e6, 12.0);  // E_θ ≈ 25.6 eV
  expect_liouville_identity(5.0, 4.0e6, 20.0);
}

TEST(UnitModelShift, NegativeSpacecraftGivesTheHotterThinnerMeasuredKappaSpectrum) {
  expect_liouville_identity(3.5, 3.0e6, -15.0);
  expect_liouville_identity(2.8, 2.0e6, -8.0);
}

TEST(UnitModelShift, NoElectronBelowThePotentialOfAPositiveSpacecraft) {
  // Window nodes at E·exp(±√2 s √1.5) with s = asinh(0.25)/√(2 ln 2): the highest node is
  // 1.44× the step energy, so a step at 10 eV lies wholly below U = 30 V.
  PlasmaData data = log_sweep(10.0, 2000.0);
  const UnitModel m = unit_model(data, 4.0, std::log10(3.0e6), 30.0, 0.0);
  ASSERT_TRUE(m.used[0]);
  EXPECT_EQ(m.counts_per_density[0], 0.0);
  EXPECT_GT(m.counts_per_density[kappa_steps - 1], 0.0);
}

}  // namespace
}  // namespace lpm::fit
