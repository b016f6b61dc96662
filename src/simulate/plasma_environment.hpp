#pragma once
// Plasma around the Moon for the simulation: the region from the Moon's position relative to
// the Earth–Sun line, and κ-distribution parameters typical of each region.
//
// Region geometry (a deliberately simple picture of the magnetosphere at lunar distance,
// ~60 R_E): ψ = angle between the Earth→Moon direction and the anti-Sun direction.
//   ψ < 24°  : magnetotail (the Moon spends ~4 of 29.5 days there); plasma sheet when the
//              Moon is within 3 R_E of the neutral sheet, lobes otherwise. The sheet lies in
//              the ecliptic plane through the Earth, flapping by ±4 R_E once a sidereal day
//              (the Earth's dipole tilt turning with the Earth), so that the Moon crosses it
//              for hours at a time;
//   ψ < 40°  : magnetosheath (flanks between magnetopause and bow shock);
//   otherwise: solar wind.
// Temperatures are drawn inside the P§5.4 bands of each region so the pipeline's
// temperature classification names the region the simulation used.

#include <cstdint>
#include <random>

#include "physics/kappa.hpp"
#include "spice/linear.hpp"

namespace lpm::simulate {

// Codes of P§5.4 (environment_class); wake (5) is never a region here.
enum class Region : std::int8_t { solar_wind = 1, magnetosheath = 2, tail_lobes = 3, plasma_sheet = 4 };

inline constexpr double earth_radius_km = 6378.137;
inline constexpr double tail_half_angle_deg = 24.0;
inline constexpr double sheath_half_angle_deg = 40.0;
inline constexpr double plasma_sheet_half_thickness_re = 3.0;
inline constexpr double plasma_sheet_flapping_re = 4.0;
inline constexpr double sidereal_day_s = 86164.0905;

// moon_from_earth and sun_from_earth in any one inertial frame (km) at `et`; ecliptic_pole =
// unit normal of the ecliptic in that frame.
Region region_of_moon(const spice::Vec3& moon_from_earth, const spice::Vec3& sun_from_earth,
                      const spice::Vec3& ecliptic_pole, double et);

struct PlasmaState {
  Region region = Region::solar_wind;
  double density_m3 = 0;
  double temperature_ev = 0;
  double kappa = 0;
  // How strongly the night side charges: U_night ≈ −night_factor · T_e (see surface_truth).
  double night_factor = 0;

  physics::KappaParams kappa_params() const;
};

// Parameters drawn uniformly (log-uniform for n and T) inside the ranges of `region`:
//   solar wind    n 3–12 cm⁻³,      T 8–25 eV,    κ 3–6;
//   magnetosheath n 6–25 cm⁻³,      T 35–75 eV,   κ 3–6;
//   tail lobes    n 0.05–0.3 cm⁻³,  T 85–145 eV,  κ 2.8–5;
//   plasma sheet  n 0.1–0.6 cm⁻³,   T 200–1200 eV, κ 2.8–5.
PlasmaState draw_plasma_state(Region region, std::mt19937_64& rng);

}  // namespace lpm::simulate
