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
// temperature classification names the region the simulation used, except inside the lunar
// wake (wake_plasma below), where the electrons are hotter than the band of their region.
// Densities are chosen so that the sunlit spacecraft's charging balance (fit::floating_potential,
// J_ph(0) = 1.086 µA m⁻²) rarely saturates at 0 or 150 V: see docs/simulator.md.

#include <cstdint>
#include <random>

#include "physics/kappa.hpp"
#include "spice/linear.hpp"

namespace lpm::simulate {

// Codes of P§5.4 (environment_class); wake (5) is never a region here (truth key
// spec_plasma_region). The truth's spec_environment_class is environment_class() below.
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

// Parameters drawn uniformly (log-uniform for n and T) inside the ranges of `region`
// (night_factor: see surface_truth.hpp):
//   solar wind    n 2–10 cm⁻³,      T 8–20 eV,    κ 3–6,   night_factor 4–10;
//   magnetosheath n 1–5 cm⁻³,       T 32–60 eV,   κ 3–6,   night_factor 1.5–4;
//   tail lobes    n 0.03–0.3 cm⁻³,  T 85–145 eV,  κ 2.8–5, night_factor 0.6–1.4;
//   plasma sheet  n 0.1–0.6 cm⁻³,   T 160–800 eV, κ 2.8–5, night_factor 0.7–1.6.
PlasmaState draw_plasma_state(Region region, std::mt19937_64& rng);

// --- Lunar wake -------------------------------------------------------------------------
// In a flowing plasma (solar wind, magnetosheath) the Moon absorbs the plasma that hits it and
// leaves a cavity behind it, refilled from the flanks along the field: the density falls
// roughly exponentially from the wake's edge to its centre (Ogilvie et al. 1996, GRL 23:1255)
// and the electrons that reach the central wake are hotter (Halekas et al. 2005, JGR 110
// A07222; Halekas et al. 2008, JGR 113 A09102: "electron temperatures increase" in the
// central wake). The tail plasma is slow and hot: no wake is modelled there.
//
// wake_depth: 0 on the optical shadow's edge (the cylinder of radius R_M behind the Moon) and
// outside it, 1 on the Moon–anti-Sun axis: 1 − ρ/R_M with ρ the distance from that axis.
inline constexpr double wake_density_ratio_edge = 0.3;     // n_wake/n at depth 0
inline constexpr double wake_density_ratio_centre = 0.01;  // at depth 1 (log-linear between)
inline constexpr double wake_heating_edge = 1.5;           // T_wake/T at depth 0
inline constexpr double wake_heating_centre = 3.0;         // at depth 1 (linear between)
double wake_depth(const spice::Vec3& spacecraft_from_moon_km, const spice::Vec3& sun_from_moon_km);
bool region_has_wake(Region region);
// The plasma at the spacecraft in the shadow of the Moon: `undisturbed` with n and T scaled
// by the factors above at `depth`; κ and the region unchanged.
PlasmaState wake_plasma(const PlasmaState& undisturbed, double depth);

// The P§5.4 classification the pipeline applies (pipeline/environment.cpp
// classify_environment), reproduced here because simulate may not depend on pipeline:
// 5 (wake) when the footpoint is not sunlit (also when there is no footpoint), 0 for a
// non-finite or non-positive T, else 1/2/3/4 by the temperature bands of base/constants.hpp.
std::int8_t environment_class(double temperature_ev, bool projection_in_sun);

}  // namespace lpm::simulate
