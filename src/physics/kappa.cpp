#include "physics/kappa.hpp"

#include <cmath>

#include "base/constants.hpp"
#include "base/portable_math.hpp"

namespace lpm::physics {

double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);  // POSIX reentrant form (glibc, _DEFAULT_SOURCE)
}

double speed_from_energy_m_s(double energy_ev) { return std::sqrt(2.0 * energy_ev / electron_mass_ev_s2_m2); }

double energy_from_speed_ev(double speed_m_s) { return 0.5 * electron_mass_ev_s2_m2 * speed_m_s * speed_m_s; }

namespace {
// Γ(κ+1)/((πκ)^{3/2} Γ(κ−½)) via lgamma: stable for any κ > 1.5.
double kappa_normalisation(double kappa) {
  return math::exp(log_gamma(kappa + 1.0) - log_gamma(kappa - 0.5)) / math::pow(pi * kappa, 1.5);
}
}  // namespace

double phase_space_density(const KappaParams& p, double speed_m_s) {
  const double theta2 = p.theta_m_s * p.theta_m_s;
  const double x = speed_m_s * speed_m_s / (p.kappa * theta2);
  return p.density_m3 * kappa_normalisation(p.kappa) / (theta2 * p.theta_m_s) * math::pow(1.0 + x, -p.kappa - 1.0);
}

double directional_flux_cm2(const KappaParams& p, double energy_ev) {
  const double v = speed_from_energy_m_s(energy_ev);
  return phase_space_density(p, v) * v * v / electron_mass_ev_s2_m2 * 1e-4;
}

double omnidirectional_flux_cm2(const KappaParams& p, double energy_ev) {
  return 4.0 * pi * directional_flux_cm2(p, energy_ev);
}

double temperature_ev_from_theta(double theta_m_s, double kappa) {
  return 0.5 * kappa / (kappa - 1.5) * electron_mass_kg * theta_m_s * theta_m_s / electron_charge_c;
}

double theta_from_temperature_ev(double temperature_ev, double kappa) {
  return std::sqrt(2.0 * (kappa - 1.5) / kappa * electron_charge_c * temperature_ev / electron_mass_kg);
}

double one_sided_current_density_a_m2(const KappaParams& p) {
  const double t_ev = temperature_ev_from_theta(p.theta_m_s, p.kappa);
  const double gamma_ratio = math::exp(log_gamma(p.kappa - 1.0) - log_gamma(p.kappa - 0.5));
  return p.density_m3 * electron_charge_c * std::sqrt(electron_charge_c * t_ev / (2.0 * pi * electron_mass_kg)) *
         std::sqrt(p.kappa - 1.5) * gamma_ratio;
}

}  // namespace lpm::physics
