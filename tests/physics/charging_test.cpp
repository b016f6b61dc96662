// Charging currents: J–U curve, quadrature, Sternglass yield, night current balance (P§3).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "base/constants.hpp"
#include "physics/charging.hpp"
#include "physics/kappa.hpp"

using namespace lpm;
using namespace lpm::physics;

TEST(Quadrature, LogSpacedGridHasExactEndsAndConstantRatio) {
  const std::vector<double> g = log_spaced_grid(10.0, 2e4, 100);
  ASSERT_EQ(g.size(), 100u);
  EXPECT_EQ(g.front(), 10.0);
  EXPECT_EQ(g.back(), 2e4);
  for (std::size_t i = 2; i < g.size(); ++i) EXPECT_NEAR(g[i] / g[i - 1], g[1] / g[0], 1e-12);
  EXPECT_THROW(log_spaced_grid(0.0, 1.0, 5), std::invalid_argument);
}

TEST(Quadrature, SimpsonIsExactForCubicsOnIrregularGridsOfBothParities) {
  // Simpson pairs are exact for quadratics; the Cartwright end interval too.
  auto f = [](double x) { return 3.0 * x * x - 2.0 * x + 1.0; };
  auto integral = [](double a, double b) { return (b * b * b - b * b + b) - (a * a * a - a * a + a); };
  for (int n : {9, 10}) {
    const std::vector<double> x = log_spaced_grid(1.0, 50.0, n);
    std::vector<double> y;
    for (double xi : x) y.push_back(f(xi));
    EXPECT_NEAR(simpson(x, y), integral(1.0, 50.0), 1e-9 * integral(1.0, 50.0)) << n << " points";
  }
}

TEST(Quadrature, TrapezoidIsExactForLines) {
  const std::vector<double> x = {0.0, 0.5, 2.0, 3.0}, y = {1.0, 2.0, 5.0, 7.0};  // y = 2x + 1
  EXPECT_DOUBLE_EQ(trapezoid(x, y), 12.0);
}

TEST(PhotoemissionCurve, ValuesAtZeroAndTenVolts) {
  EXPECT_DOUBLE_EQ(photoemission_current_density_a_m2(0.0), 1.07e-6 + 1.6e-8);
  EXPECT_NEAR(photoemission_current_density_a_m2(10.0),
              1.07e-6 * std::exp(-2.0) + 1.6e-8 * std::exp(-10.0 / 60.0), 1e-20);
  // 1.0700e-6 · 0.1353353 + 1.6e-8 · 0.8464817 = 1.448088e-7 + 1.354371e-8
  EXPECT_NEAR(photoemission_current_density_a_m2(10.0), 1.583525e-7, 1e-12);
  EXPECT_NEAR(photoemission_current_density_a_m2(150.0), 1.3134e-9, 1e-13);
}

TEST(PhotoemissionCurve, DecreasesMonotonically) {
  double previous = photoemission_current_density_a_m2(0.0);
  for (double u = 0.5; u <= 150.0; u += 0.5) {
    const double j = photoemission_current_density_a_m2(u);
    EXPECT_LT(j, previous);
    previous = j;
  }
}

TEST(ElectronCurrent, SimpsonJeConvergesWithPoints) {
  const KappaParams p{5e6, 4.0, 3e6};
  const double j100 = electron_current_density_a_m2(p, 10.0, 2e4, 100);
  const double j2000 = electron_current_density_a_m2(p, 10.0, 2e4, 2000);
  EXPECT_GT(j100, 0.0);
  EXPECT_NEAR(j100, j2000, 1e-4 * j2000);
}

TEST(Sternglass, YieldAtPeakEnergyIsSevenPointFourDeltaOverESquared) {
  // δ(E_m) = 7.4 δ_m e⁻² = 11.1 · 0.1353353 = 1.502222 for δ_m = 1.5.
  EXPECT_NEAR(sternglass_yield(500.0, 500.0, 1.5), 7.4 * 1.5 * std::exp(-2.0), 1e-12);
  EXPECT_NEAR(sternglass_yield(500.0, 500.0, 1.5), 1.502222, 1e-6);
  EXPECT_EQ(sternglass_yield(0.0, 500.0, 1.5), 0.0);
  EXPECT_EQ(sternglass_yield(-3.0, 500.0, 1.5), 0.0);
  // Maximum at E = E_m.
  EXPECT_GT(sternglass_yield(500.0, 500.0, 1.5), sternglass_yield(480.0, 500.0, 1.5));
  EXPECT_GT(sternglass_yield(500.0, 500.0, 1.5), sternglass_yield(520.0, 500.0, 1.5));
}

TEST(NightBalance, PositiveWhenMappedTemperatureIsNotPhysical) {
  const KappaParams p{1e6, 4.0, 2e6};
  const double t_uc = temperature_ev_from_theta(p.theta_m_s, p.kappa);
  const double u = -(p.kappa - 1.5) * (t_uc + 1.0);  // T_c = −1 eV
  const std::vector<double> grid = log_spaced_grid(1.0, 2e4, 256);
  const ShadedCurrents c = shaded_currents(p, u, grid);
  EXPECT_EQ(c.electron_a_m2, 0.0);
  EXPECT_EQ(c.secondary_a_m2, 0.0);
  EXPECT_EQ(c.ion_a_m2, 1e12);
  EXPECT_GT(night_current_balance_a_m2(p, u, grid), 0.0);
}

TEST(NightBalance, BarrierAboveGridGivesNoElectronOrSecondaryCurrent) {
  const KappaParams p{1e6, 4.0, 1e8};  // T_uc ≈ 45 keV, so T_c stays > 0 at U = −1e3 V
  const std::vector<double> grid = log_spaced_grid(1.0, 100.0, 64);
  const ShadedCurrents c = shaded_currents(p, -1e3, grid);
  EXPECT_EQ(c.electron_a_m2, 0.0);
  EXPECT_EQ(c.secondary_a_m2, 0.0);
  EXPECT_GT(c.ion_a_m2, 0.0);
}

TEST(NightBalance, IonCurrentAtZeroPotentialIsThermalFlux) {
  const KappaParams p{1e6, 4.0, 2e6};
  const double t = temperature_ev_from_theta(p.theta_m_s, p.kappa) + 1e-6;
  const std::vector<double> grid = log_spaced_grid(1.0, 2e4, 500);
  const double expected = electron_charge_c * 1e6 * std::sqrt(electron_charge_c * t / (2.0 * pi * proton_mass_kg));
  EXPECT_NEAR(shaded_currents(p, 0.0, grid).ion_a_m2, expected, 1e-12 * expected);
}

TEST(NightBalance, ElectronCurrentAtZeroPotentialIsTrapezoidOfPlaneFlux) {
  const KappaParams p{1e6, 4.0, 2e6};
  const std::vector<double> grid = log_spaced_grid(1.0, 2e4, 500);
  std::vector<double> flux;
  for (double e : grid) flux.push_back(0.25 * omnidirectional_flux_cm2(p, e) * 1e4);
  const ShadedCurrents c = shaded_currents(p, 0.0, grid);
  EXPECT_NEAR(c.electron_a_m2, electron_charge_c * trapezoid(grid, flux), 1e-12 * c.electron_a_m2);
  EXPECT_GT(c.secondary_a_m2, 0.0);
  EXPECT_LT(night_current_balance_a_m2(p, 0.0, grid), 0.0);  // electrons dominate at 0 V
}
