#pragma once
// A brute-force reference for the joint method's shaded currents (physics/charging.hpp), written
// from their definitions (docs/method.md P§3.3) and independent of the library's quadrature:
// composite Simpson in ln ε on 2N uniform intervals, the flux from physics::omnidirectional_flux_cm2
// at every node, the ions from the OML formula by hand. Simpson on N intervals from the same
// samples (every other node) shows how far the reference has converged.
#include <cmath>

#include "physics/kappa.hpp"

namespace lpm::test {

struct DenseShadedCurrents {
  double electron_a_m2 = 0.0, secondary_a_m2 = 0.0, ion_a_m2 = 0.0;
  double electron_half_a_m2 = 0.0, secondary_half_a_m2 = 0.0;  // Simpson on N intervals
  double balance() const { return ion_a_m2 + secondary_a_m2 - electron_a_m2; }
};

// ε from 0.01 eV to 20 keV: impact energy for U ≤ 0 (ambient ε + |U|), ambient energy for U > 0
// (impact ε + U, secondaries kept by exp(−U/2 eV)); intervals = 2N.
inline DenseShadedCurrents dense_shaded_currents(const physics::KappaParams& ambient, double u_v, int intervals) {
  const double e = 1.602176634e-19, m_p = 1.67262192369e-27, pi_ = 3.14159265358979323846;
  const double lo = std::log(0.01), hi = std::log(2.0e4), h = (hi - lo) / intervals;
  const double barrier = u_v < 0.0 ? -u_v : 0.0, gain = u_v > 0.0 ? u_v : 0.0;
  double el = 0.0, see = 0.0, el_half = 0.0, see_half = 0.0;
  for (int i = 0; i <= intervals; ++i) {
    const double eps = std::exp(lo + h * i);
    // Plane flux ¼ J · 1e4 [m⁻² s⁻¹ eV⁻¹] times dε/d ln ε.
    const double phi = 0.25 * 1e4 * physics::omnidirectional_flux_cm2(ambient, eps + barrier) * eps;
    const double r = (eps + gain) / 500.0;  // Sternglass, E_m = 500 eV, δ_m = 1.5
    const double yield = 7.4 * 1.5 * r * std::exp(-2.0 * std::sqrt(r));
    const double w = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    el += w * phi;
    see += w * yield * phi;
    if (i % 2 == 0) {
      const double w_half = (i == 0 || i == intervals) ? 1.0 : ((i / 2) % 2 == 1 ? 4.0 : 2.0);
      el_half += w_half * phi;
      see_half += w_half * yield * phi;
    }
  }
  const double escape = gain > 0.0 ? std::exp(-gain / 2.0) : 1.0;
  DenseShadedCurrents c;
  c.electron_a_m2 = e * el * h / 3.0;
  c.secondary_a_m2 = e * see * h / 3.0 * escape;
  c.electron_half_a_m2 = e * el_half * 2.0 * h / 3.0;
  c.secondary_half_a_m2 = e * see_half * 2.0 * h / 3.0 * escape;
  // OML protons with T_i = T_e (+1e-6 eV as the reference's EPS): attracted below 0 V, repelled above.
  const double t_i = physics::temperature_ev_from_theta(ambient.theta_m_s, ambient.kappa) + 1e-6;
  const double j_i0 = e * ambient.density_m3 * std::sqrt(e * t_i / (2.0 * pi_ * m_p));
  c.ion_a_m2 = u_v <= 0.0 ? j_i0 * std::sqrt(1.0 - u_v / t_i) : j_i0 * std::exp(-u_v / t_i);
  return c;
}

}  // namespace lpm::test
