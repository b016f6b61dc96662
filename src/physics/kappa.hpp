#pragma once
// Isotropic κ (kappa) electron distribution and its fluxes (P§2.1).
// SI inside; fluxes are reported per cm² as the ER data are.

namespace lpm::physics {

struct KappaParams {
  double density_m3 = 0.0;
  double kappa = 0.0;      // > 1.5
  double theta_m_s = 0.0;  // κ thermal speed
};

// v = sqrt(2E/m_e) with m_e in eV s² m⁻² (P§2.1), and its inverse.
// ln|Γ(x)|. Unlike std::lgamma it does not write the global `signgam`, a data race when
// worker threads fit spectra at the same time (found by ThreadSanitizer).
double log_gamma(double x);

double speed_from_energy_m_s(double energy_ev);
double energy_from_speed_ev(double speed_m_s);

// f(v) = n Γ(κ+1)/((πκ)^{3/2} Γ(κ−½)) θ⁻³ (1 + v²/(κθ²))^{−κ−1}  [s³ m⁻⁶].
double phase_space_density(const KappaParams& p, double speed_m_s);

// Directional differential flux j = f v²/m_e · 1e-4  [cm⁻² s⁻¹ sr⁻¹ eV⁻¹].
double directional_flux_cm2(const KappaParams& p, double energy_ev);
// Omnidirectional flux J = 4π j  [cm⁻² s⁻¹ eV⁻¹].
double omnidirectional_flux_cm2(const KappaParams& p, double energy_ev);

// T[eV] = ½ κ/(κ−3/2) m_e θ²/e and its inverse (SI m_e and e, P§2.1).
double temperature_ev_from_theta(double theta_m_s, double kappa);
double theta_from_temperature_ev(double temperature_ev, double kappa);

// Analytic one-sided current density onto a plane for the κ distribution over all
// energies: n e sqrt(eT/(2π m_e)) sqrt(κ−3/2) Γ(κ−1)/Γ(κ−½)  [A m⁻²] (P§2.1).
double one_sided_current_density_a_m2(const KappaParams& p);

}  // namespace lpm::physics
