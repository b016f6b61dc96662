#include "simulate/plasma_environment.hpp"

#include <algorithm>
#include <cmath>

#include "base/angles.hpp"
#include "base/constants.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"
#include "simulate/analytic_ephemeris.hpp"
#include "simulate/random_draws.hpp"

namespace lpm::simulate {
namespace {

struct RegionRanges {
  double n_lo_m3, n_hi_m3, t_lo_ev, t_hi_ev, kappa_lo, kappa_hi, night_lo, night_hi;
};

// The ranges documented in the header, per region.
RegionRanges ranges_of(Region region) {
  switch (region) {
    case Region::solar_wind: return {2e6, 10e6, 8, 20, 3, 6, 4, 10};
    case Region::magnetosheath: return {1e6, 5e6, 32, 60, 3, 6, 1.5, 4};
    case Region::tail_lobes: return {0.03e6, 0.3e6, 85, 145, 2.8, 5, 0.6, 1.4};
    case Region::plasma_sheet: break;
  }
  return {0.1e6, 0.6e6, 160, 800, 2.8, 5, 0.7, 1.6};
}

}  // namespace

Region region_of_moon(const spice::Vec3& moon_from_earth, const spice::Vec3& sun_from_earth,
                      const spice::Vec3& ecliptic_pole, double et) {
  double cos_psi =
      -spice::dot(moon_from_earth, sun_from_earth) / (spice::norm(moon_from_earth) * spice::norm(sun_from_earth));
  double psi_deg = degrees_from_radians(math::acos(std::clamp(cos_psi, -1.0, 1.0)));
  if (psi_deg < tail_half_angle_deg) {
    double sheet_re = plasma_sheet_flapping_re * math::sin(2 * pi * et / sidereal_day_s);
    double height_re = std::abs(spice::dot(moon_from_earth, ecliptic_pole) / earth_radius_km - sheet_re);
    return height_re < plasma_sheet_half_thickness_re ? Region::plasma_sheet : Region::tail_lobes;
  }
  return psi_deg < sheath_half_angle_deg ? Region::magnetosheath : Region::solar_wind;
}

physics::KappaParams PlasmaState::kappa_params() const {
  return {density_m3, kappa, physics::theta_from_temperature_ev(temperature_ev, kappa)};
}

PlasmaState draw_plasma_state(Region region, std::mt19937_64& rng) {
  const RegionRanges r = ranges_of(region);
  PlasmaState s;
  s.region = region;
  s.density_m3 = log_uniform(rng, r.n_lo_m3, r.n_hi_m3);
  s.temperature_ev = log_uniform(rng, r.t_lo_ev, r.t_hi_ev);
  s.kappa = uniform(rng, r.kappa_lo, r.kappa_hi);
  s.night_factor = uniform(rng, r.night_lo, r.night_hi);
  return s;
}

double wake_depth(const spice::Vec3& spacecraft_from_moon_km, const spice::Vec3& sun_from_moon_km) {
  const spice::Vec3 sun_dir = (1.0 / spice::norm(sun_from_moon_km)) * sun_from_moon_km;
  const double along_sun = spice::dot(spacecraft_from_moon_km, sun_dir);
  if (!(along_sun < 0.0)) return 0.0;  // day-side half space
  const spice::Vec3 across = spacecraft_from_moon_km - along_sun * sun_dir;
  return std::clamp(1.0 - spice::norm(across) / lunar_radius_km, 0.0, 1.0);
}

bool region_has_wake(Region region) { return region == Region::solar_wind || region == Region::magnetosheath; }

PlasmaState wake_plasma(const PlasmaState& undisturbed, double depth) {
  const double d = std::clamp(depth, 0.0, 1.0);
  PlasmaState w = undisturbed;
  w.density_m3 *= math::exp((1.0 - d) * math::log(wake_density_ratio_edge) + d * math::log(wake_density_ratio_centre));
  w.temperature_ev *= wake_heating_edge + (wake_heating_centre - wake_heating_edge) * d;
  return w;
}

std::int8_t environment_class(double temperature_ev, bool projection_in_sun) {
  if (!projection_in_sun) return 5;
  if (!std::isfinite(temperature_ev) || temperature_ev <= 0) return 0;
  if (temperature_ev < solar_wind_max_temperature_ev) return 1;
  if (temperature_ev < magnetosheath_max_temperature_ev) return 2;
  if (temperature_ev < tail_lobes_max_temperature_ev) return 3;
  return 4;
}

}  // namespace lpm::simulate
