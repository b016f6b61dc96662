#include "physics/spacecraft_sheath.hpp"

#include <cmath>

#include "base/constants.hpp"
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

}  // namespace lpm::physics
