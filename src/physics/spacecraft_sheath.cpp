#include "physics/spacecraft_sheath.hpp"

#include <cmath>
#include <limits>

#include "base/constants.hpp"
#include "base/portable_math.hpp"
#include "physics/energy_response.hpp"

namespace lpm::physics {

double flux_at_spacecraft_cm2(const KappaParams& ambient, double u_spacecraft_v, double measured_energy_ev) {
  const double ambient_energy = measured_energy_ev - u_spacecraft_v;
  if (!(ambient_energy > 0.0)) return 0.0;
  return directional_flux_cm2(ambient, ambient_energy) * measured_energy_ev / ambient_energy;
}

double measured_flux_cm2(const KappaParams& ambient, double u_spacecraft_v, double step_energy_ev) {
  static const auto nodes = log_energy_response_nodes(er_energy_window_relative);
  return response_averaged([&](double e) { return flux_at_spacecraft_cm2(ambient, u_spacecraft_v, e); }, step_energy_ev,
                           nodes);
}

bool step_free_of_spacecraft_electrons(double step_energy_ev, double u_spacecraft_v) {
  static const auto nodes = log_energy_response_nodes(er_energy_window_relative);
  if (!(u_spacecraft_v > 0.0)) return true;
  return step_energy_ev * nodes[0].energy_factor > u_spacecraft_v + photoelectron_mask_margin_v;
}

KappaParams ambient_from_measured(const KappaParams& measured, double u_spacecraft_v) {
  const double kappa = measured.kappa;
  const double t_measured = temperature_ev_from_theta(measured.theta_m_s, kappa);
  const double t_ambient = t_measured + u_spacecraft_v / (kappa - 1.5);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(t_ambient > 0.0)) return {nan, kappa, nan};
  return {measured.density_m3 * math::pow(t_measured / t_ambient, kappa - 0.5), kappa,
          theta_from_temperature_ev(t_ambient, kappa)};
}

}  // namespace lpm::physics
