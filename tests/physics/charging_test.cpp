// Charging currents: J–U curve, quadrature, Sternglass yield, night current balance (P§3).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "base/constants.hpp"
#include "physics/charging.hpp"
#include "physics/kappa.hpp"
#include "physics/spacecraft_sheath.hpp"
#include "shaded_balance_reference.hpp"

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

TEST(Quadrature, SimpsonIsExactForQuadraticsOnIrregularGridsOfBothParities) {
  // Simpson pairs with unequal widths are exact for quadratics, and so is the Cartwright end
  // interval (an even point count).
  auto f = [](double x) { return 3.0 * x * x - 2.0 * x + 1.0; };
  auto integral = [](double a, double b) { return (b * b * b - b * b + b) - (a * a * a - a * a + a); };
  for (int n : {9, 10}) {
    const std::vector<double> x = log_spaced_grid(1.0, 50.0, n);
    std::vector<double> y;
    for (double xi : x) y.push_back(f(xi));
    EXPECT_NEAR(simpson(x, y), integral(1.0, 50.0), 1e-9 * integral(1.0, 50.0)) << n << " points";
  }
}

TEST(Quadrature, SimpsonIsExactForCubicsOnEvenIntervalsOfAUniformGrid) {
  // Equal pairs cancel the cubic error term: ∫₀⁴ x³ dx = 64 with 8 intervals.
  std::vector<double> x, y;
  for (int i = 0; i <= 8; ++i) {
    x.push_back(0.5 * i);
    y.push_back(x.back() * x.back() * x.back());
  }
  EXPECT_NEAR(simpson(x, y), 64.0, 1e-12);
}

// ∫₋₁¹ xᵏ dx = 2/(k + 1) for even k, 0 for odd k, up to degree 2n − 1; nodes ascending and
// symmetric, weights positive and summing to 2.
TEST(Quadrature, GaussLegendreIsExactForPolynomialsUpToDegreeTwoNMinusOne) {
  for (int n : {1, 2, 5, 40, 64}) {
    const QuadratureRule r = gauss_legendre_rule(n);
    ASSERT_EQ(r.node.size(), static_cast<std::size_t>(n));
    ASSERT_EQ(r.weight.size(), static_cast<std::size_t>(n));
    double weights = 0.0;
    for (std::size_t i = 0; i < r.node.size(); ++i) {
      EXPECT_GT(r.weight[i], 0.0);
      EXPECT_DOUBLE_EQ(r.node[i], -r.node[r.node.size() - 1 - i]);
      if (i > 0) {
        EXPECT_LT(r.node[i - 1], r.node[i]);
      }
      weights += r.weight[i];
    }
    EXPECT_NEAR(weights, 2.0, 1e-14) << n << " nodes";
    for (int k = 0; k <= 2 * n - 1; ++k) {
      double sum = 0.0;
      for (std::size_t i = 0; i < r.node.size(); ++i) sum += r.weight[i] * std::pow(r.node[i], k);
      EXPECT_NEAR(sum, k % 2 == 0 ? 2.0 / (k + 1) : 0.0, 1e-14) << n << " nodes, degree " << k;
    }
  }
  EXPECT_THROW(gauss_legendre_rule(0), std::invalid_argument);
}

TEST(Quadrature, TrapezoidIsExactForLines) {
  const std::vector<double> x = {0.0, 0.5, 2.0, 3.0}, y = {1.0, 2.0, 5.0, 7.0};  // y = 2x + 1
  EXPECT_DOUBLE_EQ(trapezoid(x, y), 12.0);
}

TEST(PhotoemissionCurve, ValuesAtZeroAndTenVolts) {
  EXPECT_DOUBLE_EQ(photoemission_current_density_a_m2(0.0), 1.07e-6 + 1.6e-8);
  EXPECT_NEAR(photoemission_current_density_a_m2(10.0), 1.07e-6 * std::exp(-2.0) + 1.6e-8 * std::exp(-10.0 / 60.0),
              1e-20);
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
  // T = ½ κ/(κ − 3/2) m_e θ²/e by hand (P§2.1): 0.8 · 9.1093837015e-31 · 4e12 / 1.602176634e-19.
  const double t = 0.5 * 4.0 / 2.5 * 9.1093837015e-31 * 4e12 / 1.602176634e-19 + 1e-6;
  const std::vector<double> grid = log_spaced_grid(1.0, 2e4, 500);
  const double expected = 1.602176634e-19 * 1e6 * std::sqrt(1.602176634e-19 * t / (2.0 * pi * 1.67262192369e-27));
  EXPECT_NEAR(shaded_currents(p, 0.0, grid).ion_a_m2, expected, 1e-12 * expected);
}

// At 0 V every electron reaches the spacecraft: the current is the κ distribution's one-sided
// flux, n e √(eT/2πm_e) √(κ − 3/2) Γ(κ − 1)/Γ(κ − ½) (by hand with std::tgamma), less the part
// below the grid's 1 eV start (≈ 0.3 % at T ≈ 18 eV) and the trapezoid's error on 500 log points.
TEST(NightBalance, ElectronCurrentAtZeroPotentialIsTheOneSidedKappaFlux) {
  const KappaParams p{1e6, 4.0, 2e6};
  const double e = 1.602176634e-19, m = 9.1093837015e-31;
  const double t = 0.5 * 4.0 / 2.5 * m * 4e12 / e;  // 18.2 eV
  const double one_sided =
      1e6 * e * std::sqrt(e * t / (2.0 * pi * m)) * std::sqrt(2.5) * std::tgamma(3.0) / std::tgamma(3.5);
  const std::vector<double> grid = log_spaced_grid(1.0, 2e4, 500);
  const ShadedCurrents c = shaded_currents(p, 0.0, grid);
  EXPECT_NEAR(c.electron_a_m2 / one_sided, 1.0, 0.01);
  EXPECT_LT(c.electron_a_m2, one_sided);  // the part below 1 eV is missing
  EXPECT_GT(c.secondary_a_m2, 0.0);
  EXPECT_LT(night_current_balance_a_m2(p, 0.0, grid), 0.0);  // electrons dominate at 0 V
}

// The joint method's currents (electrons in closed form, secondaries by Gauss–Legendre in ln ε)
// against a dense Simpson integral of their definitions (tests/physics/shaded_balance_reference.hpp,
// 2¹⁵ intervals in ln ε, converged to < 1e-9: Simpson on half the intervals agrees) over κ
// 1.6–10, T 2–500 eV and U −1000…+50 V: each current within 1e-6 of the reference.
TEST(ShadedBalance, CurrentsMatchADenseIntegralOfTheirDefinitionsToOnePartPerMillion) {
  double worst_electron = 0.0, worst_secondary = 0.0;
  for (double kappa : {1.6, 3.0, 6.0, 10.0})
    for (double t_ev : {2.0, 20.0, 100.0, 500.0})
      for (double u : {-1000.0, -100.0, -10.0, -0.5, 0.0, 2.0, 50.0}) {
        const KappaParams p{1e6, kappa, theta_from_temperature_ev(t_ev, kappa)};
        const test::DenseShadedCurrents ref = test::dense_shaded_currents(p, u, 1 << 15);
        ASSERT_NEAR(ref.electron_half_a_m2 / ref.electron_a_m2, 1.0, 1e-9);
        ASSERT_NEAR(ref.secondary_half_a_m2 / ref.secondary_a_m2, 1.0, 1e-9);
        const ShadedCurrents c = shaded_balance_currents(p, u);
        const double electron = std::abs(c.electron_a_m2 / ref.electron_a_m2 - 1.0);
        const double secondary = std::abs(c.secondary_a_m2 / ref.secondary_a_m2 - 1.0);
        EXPECT_LT(electron, 1e-6) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        EXPECT_LT(secondary, 1e-6) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        EXPECT_NEAR(c.ion_a_m2 / ref.ion_a_m2, 1.0, 1e-12);
        EXPECT_EQ(shaded_current_balance_a_m2(p, u), c.ion_a_m2 + c.secondary_a_m2 - c.electron_a_m2);
        worst_electron = std::max(worst_electron, electron);
        worst_secondary = std::max(worst_secondary, secondary);
      }
  std::printf("worst relative error: electrons %.2e, secondaries %.2e\n", worst_electron, worst_secondary);
}

// At 0 V over all energies the closed-form electron current is the κ distribution's one-sided
// flux n e √(eT/2πm_e) √(κ − 3/2) Γ(κ − 1)/Γ(κ − ½) (by hand with std::tgamma), less the parts
// below 0.01 eV and above 20 keV. For a cold plasma (T = 5 eV, κ = 6, a = (κ − 3/2)T = 22.5 eV)
// the part above is ≈ 1e-14 and the part below, ∫₀^ε E (1 + E/a)^{−κ−1} dE over the whole
// a²/(κ(κ − 1)), is κ(κ − 1)(ε/a)²/2 · (1 − 2(κ + 1)ε/(3a)) to second order: 2.96e-6.
TEST(ShadedBalance, ElectronCurrentAtZeroVoltsIsTheOneSidedKappaFlux) {
  const double e = 1.602176634e-19, m = 9.1093837015e-31, kappa = 6.0, t = 5.0, n = 1e6;
  const KappaParams p{n, kappa, theta_from_temperature_ev(t, kappa)};
  const double one_sided = n * e * std::sqrt(e * t / (2.0 * pi * m)) * std::sqrt(kappa - 1.5) *
                           std::tgamma(kappa - 1.0) / std::tgamma(kappa - 0.5);
  const ShadedCurrents c = shaded_balance_currents(p, 0.0);
  const double r = 0.01 / ((kappa - 1.5) * t);
  const double below = kappa * (kappa - 1.0) * r * r / 2.0 * (1.0 - 2.0 * (kappa + 1.0) * r / 3.0);
  EXPECT_NEAR(c.electron_a_m2 / one_sided, 1.0 - below, 1e-10);
}

// The joint fit's shaded balance in the measured plasma's frame (ImpliedShadedBalance) against
// the balance of the ambient plasma that the spectrum implies at each U, written two ways: the
// dense Simpson integral of the definitions (shaded_balance_reference.hpp, 2¹³ intervals in ln ε;
// independent of the library's quadrature) to 1e-6 of the currents, and the library's direct
// evaluation in the ambient frame (shaded_current_balance_a_m2) to (κ + 1) · 2e-8 of them: the
// same sums rearranged, but for the project's two electron masses (m_e/e to seven digits for
// energies from speeds, CODATA for temperatures), which differ by 1.82e-8 and put 1.82e-8 · U
// into the direct path's κE_θ, so each flux differs by at most (κ + 1) · 1.82e-8 (header).
// Over κ 1.6–10, measured T 1–2000 eV, U −2900…+50 V (none where T_ambient is 0 to rounding);
// no implied plasma (T_ambient < 0): the large positive current.
TEST(ImpliedShadedBalance, EqualsTheBalanceOfTheAmbientPlasmaTheSpectrumImplies) {
  double worst_dense = 0.0, worst_direct = 0.0;
  int compared = 0, unphysical = 0;
  for (double kappa : {1.6, 3.0, 6.0, 10.0})
    for (double t_ev : {1.0, 5.0, 30.0, 200.0, 2000.0}) {
      const KappaParams measured{2e6, kappa, theta_from_temperature_ev(t_ev, kappa)};
      const ImpliedShadedBalance balance(measured);
      for (double u : {50.0, 20.0, 5.0, 2.5, 0.3, 1e-3, 0.0, -1e-3, -0.4, -4.0, -35.0, -310.0, -2900.0}) {
        // T_ambient = T + U/(κ − 3/2) (spacecraft_sheath.hpp), by hand.
        if (!(t_ev + u / (kappa - 1.5) > 0.0)) {
          EXPECT_EQ(balance(u), night_unphysical_ion_current_a_m2) << kappa << " " << t_ev << " " << u;
          ++unphysical;
          continue;
        }
        const KappaParams ambient = ambient_from_measured(measured, u);
        const test::DenseShadedCurrents dense = test::dense_shaded_currents(ambient, u, 1 << 13);
        const double size = dense.electron_a_m2 + dense.secondary_a_m2 + dense.ion_a_m2;
        const double f = balance(u);
        const double to_dense = std::abs(f - dense.balance()) / size;
        const double to_direct = std::abs(f - shaded_current_balance_a_m2(ambient, u)) / size;
        EXPECT_LT(to_dense, 1e-6) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        EXPECT_LT(to_direct, (kappa + 1.0) * 2e-8) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        worst_dense = std::max(worst_dense, to_dense);
        worst_direct = std::max(worst_direct, to_direct);
        ++compared;
      }
    }
  EXPECT_GT(unphysical, 10);
  EXPECT_GT(compared, 200);
  std::printf("worst difference of the currents' sum: to the dense balance %.2e, to the direct %.2e\n", worst_dense,
              worst_direct);
}

// The scan's shortcut above 0 V (shaded_balance_upper_bound_a_m2): never below the balance, here
// the dense Simpson balance of the definitions, nor below the library's own; and below zero from
// 5 V up (the secondaries' share 2 δ(E_m) e^{−U/2 eV} ≈ 3 e^{−U/2 eV} < 0.25 there, and the
// ions, e^{−U/T_i} times a thermal current ≈ √(m_e/m_p) of the electrons', cannot make up the
// rest), so that those scan points need no quadrature. The implied balance's bound likewise. Over κ 1.6–10, T 0.5–5000
// eV, U 0.01–50 V.
TEST(ShadedBalance, UpperBoundAboveZeroVoltsHoldsAndIsNegativeFromFiveVolts) {
  for (double kappa : {1.6, 2.2, 3.0, 6.0, 10.0})
    for (double t_ev : {0.5, 3.0, 20.0, 100.0, 800.0, 5000.0})
      for (double u : {0.01, 0.3, 1.0, 2.5, 5.0, 12.5, 30.0, 50.0}) {
        const KappaParams p{1e6, kappa, theta_from_temperature_ev(t_ev, kappa)};
        const double bound = shaded_balance_upper_bound_a_m2(p, u);
        const double dense = test::dense_shaded_currents(p, u, 1 << 13).balance();
        EXPECT_GE(bound, dense) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        EXPECT_GE(bound, shaded_current_balance_a_m2(p, u)) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u;
        if (u >= 5.0) {
          EXPECT_LT(bound, 0.0) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u << " V";
        }
        const ImpliedShadedBalance implied(p);
        EXPECT_GE(implied.upper_bound(u), implied(u)) << "kappa " << kappa << ", T " << t_ev << " eV, U " << u;
      }
  EXPECT_EQ(shaded_balance_upper_bound_a_m2({1e6, 3.0, 1e6}, 0.0), std::numeric_limits<double>::infinity());
}
