#include "simulate/surface_truth.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/constants.hpp"
#include "fit/brent.hpp"
#include "physics/charging.hpp"

namespace lpm::simulate {
namespace {

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

const double cos_80_deg = std::cos(80.0 * pi / 180.0);
const double night_depth_cos = std::sin(17.0 * pi / 180.0);  // cos(107°) = −sin(17°)

}  // namespace

double surface_potential_v(double cos_solar_zenith, const PlasmaState& plasma) {
  double s = cos_solar_zenith;
  if (!std::isfinite(s)) return std::nan("");
  if (s >= cos_80_deg)
    return sunlit_potential_min_v + (sunlit_potential_max_v - sunlit_potential_min_v) * (s - cos_80_deg) / (1 - cos_80_deg);
  if (s >= 0) return terminator_potential_v + (sunlit_potential_min_v - terminator_potential_v) * smoothstep(s / cos_80_deg);
  bool hot_region = plasma.region == Region::tail_lobes || plasma.region == Region::plasma_sheet;
  double floor_v = hot_region ? tail_night_floor_v : solar_wind_night_floor_v;
  double deep_night_v = std::clamp(-plasma.night_factor * plasma.temperature_ev, floor_v, terminator_potential_v);
  return terminator_potential_v + (deep_night_v - terminator_potential_v) * smoothstep(-s / night_depth_cos);
}

double spacecraft_potential_v(const physics::KappaParams& ambient, bool spacecraft_in_sun) {
  if (spacecraft_in_sun) {
    double je = physics::electron_current_density_a_m2(ambient, 10.0, 2.0e4, 100);
    double max_v = 150.0;
    if (je >= physics::photoemission_current_density_a_m2(0.0)) return 0.0;
    if (je <= physics::photoemission_current_density_a_m2(max_v)) return max_v;
    auto balance = [je](double u) { return physics::photoemission_current_density_a_m2(u) - je; };
    return fit::find_root_brent(balance, 0.0, max_v).x;
  }
  static const std::vector<double> grid = physics::log_spaced_grid(1.0, 2.0e4, 500);
  double kappa = ambient.kappa;
  double ambient_t = physics::temperature_ev_from_theta(ambient.theta_m_s, kappa);
  // The balance takes the uncorrected (measured) temperature T_uc and maps it back to the
  // ambient one as T_c = T_uc + U/(κ − 3/2); give it T_uc = T_amb − U/(κ − 3/2).
  auto balance = [&](double u) {
    physics::KappaParams measured = ambient;
    measured.theta_m_s = physics::theta_from_temperature_ev(ambient_t - u / (kappa - 1.5), kappa);
    return physics::night_current_balance_a_m2(measured, u, grid);
  };
  double lo = -1500.0, hi = 0.0;
  double f_hi = balance(hi);
  double f_lo = balance(lo);
  for (int i = 0; i < 10 && std::signbit(f_lo) == std::signbit(f_hi); ++i) {
    lo *= 1.5;
    f_lo = balance(lo);
  }
  if (std::signbit(f_lo) == std::signbit(f_hi)) return -1.0;
  fit::RootResult root = fit::find_root_brent(balance, lo, hi, 1e-3);
  return root.converged ? root.x : -1.0;
}

double incident_flux_cm2(const physics::KappaParams& ambient, double u_spacecraft_v, double energy_ev) {
  double ambient_energy = energy_ev - u_spacecraft_v;
  return physics::directional_flux_cm2(ambient, ambient_energy > 0 ? ambient_energy : energy_ev);
}

}  // namespace lpm::simulate
