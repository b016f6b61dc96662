#include "simulate/plasma_environment.hpp"

#include <algorithm>
#include <cmath>

#include "base/constants.hpp"
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
    case Region::solar_wind: return {3e6, 12e6, 8, 25, 3, 6, 3, 6};
    case Region::magnetosheath: return {6e6, 25e6, 35, 75, 3, 6, 1.5, 3};
    case Region::tail_lobes: return {0.05e6, 0.3e6, 85, 145, 2.8, 5, 1, 2};
    case Region::plasma_sheet: break;
  }
  return {0.1e6, 0.6e6, 200, 1200, 2.8, 5, 1.5, 3};
}

}  // namespace

Region region_of_moon(const spice::Vec3& moon_from_earth, const spice::Vec3& sun_from_earth,
                      const spice::Vec3& ecliptic_pole, double et) {
  double cos_psi = -spice::dot(moon_from_earth, sun_from_earth) /
                   (spice::norm(moon_from_earth) * spice::norm(sun_from_earth));
  double psi_deg = std::acos(std::clamp(cos_psi, -1.0, 1.0)) * 180.0 / pi;
  if (psi_deg < tail_half_angle_deg) {
    double sheet_re = plasma_sheet_flapping_re * std::sin(2 * pi * et / sidereal_day_s);
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

}  // namespace lpm::simulate
