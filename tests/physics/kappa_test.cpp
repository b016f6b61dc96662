// κ distribution, fluxes, T↔θ and the energy response against hand-worked values (P§2.1, P§2.4).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "base/constants.hpp"
#include "physics/charging.hpp"
#include "physics/energy_response.hpp"
#include "physics/kappa.hpp"

using namespace lpm;
using namespace lpm::physics;

TEST(Kappa, EnergySpeedRoundTrip) {
  for (double e : {1e-3, 1.0, 20.0, 2e4}) EXPECT_NEAR(energy_from_speed_ev(speed_from_energy_m_s(e)), e, 1e-12 * e);
  // 1 eV electron: v = sqrt(2 / 5.68563e-12) = 5.93096e5 m/s
  EXPECT_NEAR(speed_from_energy_m_s(1.0), 5.930968e5, 1.0);
}

TEST(Kappa, PhaseSpaceDensityIsPositiveAndDecreasing) {
  const KappaParams p{1e6, 4.0, 2e6};
  double previous = phase_space_density(p, 0.0);
  EXPECT_GT(previous, 0.0);
  for (double v = 1e5; v < 1e8; v *= 1.5) {
    const double f = phase_space_density(p, v);
    EXPECT_GT(f, 0.0);
    EXPECT_LT(f, previous);
    previous = f;
  }
}

TEST(Kappa, PhaseSpaceDensityAtZeroSpeedMatchesNormalisation) {
  // κ = 3: Γ(4)/((3π)^{3/2} Γ(2.5)) = 6 / (28.93388 · 1.329340) = 0.155994
  const KappaParams p{2.0, 3.0, 1.0};
  EXPECT_NEAR(phase_space_density(p, 0.0), 2.0 * 0.155994, 2e-6);
}

TEST(Kappa, VelocityIntegralOfDistributionGivesDensity) {
  for (double kappa : {2.5, 4.0, 6.0}) {
    const KappaParams p{1e6, kappa, 1e6};
    // n = ∫ 4π v² f dv, substitution v = θ e^s, trapezoid in s over [−12, 10].
    double sum = 0.0;
    const int n = 20000;
    const double s0 = -12.0, s1 = 10.0, ds = (s1 - s0) / n;
    for (int i = 0; i <= n; ++i) {
      const double v = p.theta_m_s * std::exp(s0 + i * ds);
      const double term = 4.0 * pi * v * v * phase_space_density(p, v) * v;  // dv = v ds
      sum += (i == 0 || i == n ? 0.5 : 1.0) * term * ds;
    }
    EXPECT_NEAR(sum, p.density_m3, 1e-4 * p.density_m3) << "kappa " << kappa;
  }
}

TEST(Kappa, OmnidirectionalFluxIsFourPiTimesDirectional) {
  const KappaParams p{3e6, 3.5, 4e6};
  for (double e : {10.0, 100.0, 1e4})
    EXPECT_NEAR(omnidirectional_flux_cm2(p, e), 4.0 * pi * directional_flux_cm2(p, e),
                1e-12 * omnidirectional_flux_cm2(p, e));
}

TEST(Kappa, DirectionalFluxIsFSpeedSquaredOverMass) {
  const KappaParams p{1e6, 5.0, 1e6};
  const double e = 50.0, v = speed_from_energy_m_s(e);
  EXPECT_DOUBLE_EQ(directional_flux_cm2(p, e), phase_space_density(p, v) * v * v / electron_mass_ev_s2_m2 * 1e-4);
}

TEST(Kappa, TemperatureThetaExamplesForKappaFour) {
  // T = ½ κ/(κ−3/2) m_e θ²/e: κ = 4, θ = 1e6 m/s → 0.8 · 5.68563 = 4.5485 eV (P§2.1).
  EXPECT_NEAR(temperature_ev_from_theta(1e6, 4.0), 4.5485, 1e-3);
  EXPECT_NEAR(temperature_ev_from_theta(1e7, 4.0), 454.85, 0.1);
  EXPECT_NEAR(theta_from_temperature_ev(4.5485, 4.0), 1e6, 1e2);
}

TEST(Kappa, TemperatureThetaRoundTrip) {
  for (double kappa : {2.5, 3.7, 6.0})
    for (double theta : {1e6, 3.3e6, 1e8})
      EXPECT_NEAR(theta_from_temperature_ev(temperature_ev_from_theta(theta, kappa), kappa), theta, 1e-10 * theta);
}

TEST(Kappa, NumericPlaneCurrentMatchesAnalyticOneSidedCurrent) {
  // ¼ ∫ J dE over (nearly) all energies equals the analytic one-sided flux (P§2.1, P§6.2).
  const KappaParams p{1e6, 3.0, 2e6};
  const double numeric = electron_current_density_a_m2(p, 1e-4, 1e7, 4000);
  EXPECT_NEAR(numeric, one_sided_current_density_a_m2(p), 1e-3 * numeric);
}

TEST(EnergyResponse, WidthMatchesReference) { EXPECT_NEAR(log_energy_response_width(0.5), 0.210179, 1e-6); }

TEST(EnergyResponse, RowsSumToOneAndDiagonalDominates) {
  const std::vector<double> e = log_spaced_grid(20.0, 2e4, 15);
  const std::vector<double> w = log_energy_response_matrix(e, 0.5);
  ASSERT_EQ(w.size(), 225u);
  for (int i = 0; i < 15; ++i) {
    double sum = 0.0;
    for (int k = 0; k < 15; ++k) {
      sum += w[i * 15 + k];
      if (k != i) {
        EXPECT_GT(w[i * 15 + i], w[i * 15 + k]);
      }
    }
    EXPECT_NEAR(sum, 1.0, 1e-14);
  }
  // Hand value: neighbours ln(1000)/14 = 0.493414 apart in ln E, s = 0.210179: the first
  // row holds 1, exp(−½ 2.347583²) = 0.063573 and exp(−½ 4.695166²) = 1.6346e-5 (rest < 1e-10).
  EXPECT_NEAR(w[0], 1.0 / (1.0 + 0.063573 + 1.6346e-5), 1e-6);
}
