#include "simulate/surface_truth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/angles.hpp"
#include "base/constants.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"
#include "physics/energy_response.hpp"
#include "physics/spacecraft_sheath.hpp"

namespace lpm::simulate {
namespace {

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

const double cos_80_deg = math::cos(radians_from_degrees(80.0));
const double night_depth_cos = math::sin(radians_from_degrees(17.0));  // cos(107°) = −sin(17°)

const std::array<physics::ResponseNode, physics::response_nodes>& window_nodes() {
  static const auto nodes = physics::log_energy_response_nodes(er_energy_window_relative);
  return nodes;
}

// Directional flux of the returning part of one emitted component (one-sided current J, T).
double returning_component_cm2(double current_a_m2, double temperature_ev, double energy_ev) {
  return current_a_m2 / electron_charge_c * 1e-4 / (pi * temperature_ev * temperature_ev) * energy_ev *
         math::exp(-energy_ev / temperature_ev);
}

}  // namespace

double surface_potential_v(double cos_solar_zenith, const PlasmaState& plasma) {
  double s = cos_solar_zenith;
  if (!std::isfinite(s)) return std::nan("");
  if (s >= cos_80_deg)
    return sunlit_potential_min_v +
           (sunlit_potential_max_v - sunlit_potential_min_v) * (s - cos_80_deg) / (1 - cos_80_deg);
  if (s >= 0)
    return terminator_potential_v + (sunlit_potential_min_v - terminator_potential_v) * smoothstep(s / cos_80_deg);
  bool hot_region = plasma.region == Region::tail_lobes || plasma.region == Region::plasma_sheet;
  double floor_v = hot_region ? tail_night_floor_v : solar_wind_night_floor_v;
  double deep_night_v = std::clamp(-plasma.night_factor * plasma.temperature_ev, floor_v, terminator_potential_v);
  return terminator_potential_v + (deep_night_v - terminator_potential_v) * smoothstep(-s / night_depth_cos);
}

double surface_charging_variation(const std::array<double, 3>& x) {
  // Three plane waves of different directions, wavenumbers |k| ≈ 27–37 per lunar radius
  // (wavelengths 2π·1737 km/|k| ≈ 300–410 km; LP's footpoint moves ≈ 50 km per spectrum).
  const double m = math::sin(22.0 * x[0] + 12.3 * x[1] - 8.7 * x[2] + 0.4) +
                   math::sin(-11.1 * x[0] + 27.6 * x[1] + 15.9 * x[2] + 1.9) +
                   math::sin(17.7 * x[0] - 19.2 * x[1] + 26.1 * x[2] + 3.1);
  return 1.0 + 0.2 * m / 3.0;
}

fit::JuInversion spacecraft_charging(const physics::KappaParams& ambient, bool spacecraft_in_sun) {
  return fit::floating_potential(ambient, spacecraft_in_sun);
}

double spacecraft_potential_v(const physics::KappaParams& ambient, bool spacecraft_in_sun) {
  return spacecraft_charging(ambient, spacecraft_in_sun).u_v;
}

double photoelectron_flux_cm2(double u_spacecraft_v, double energy_ev) {
  if (!(energy_ev > 0.0) || !(energy_ev < u_spacecraft_v)) return 0.0;
  return returning_component_cm2(photoemission_a_a_m2, photoemission_b_v, energy_ev) +
         returning_component_cm2(photoemission_c_a_m2, photoemission_d_v, energy_ev);
}

StepFlux step_flux_cm2(const physics::KappaParams& ambient, double u_spacecraft_v, bool spacecraft_in_sun,
                       double step_energy_ev) {
  StepFlux f;
  f.ambient_cm2 = physics::measured_flux_cm2(ambient, u_spacecraft_v, step_energy_ev);
  if (spacecraft_in_sun)
    f.photo_cm2 = physics::response_averaged([&](double e) { return photoelectron_flux_cm2(u_spacecraft_v, e); },
                                             step_energy_ev, window_nodes());
  return f;
}

double photoelectron_contamination_limit_ev(double u_spacecraft_v) {
  double lowest = std::numeric_limits<double>::infinity();
  for (const auto& q : window_nodes()) lowest = std::min(lowest, q.energy_factor);
  return u_spacecraft_v / lowest;
}

}  // namespace lpm::simulate
