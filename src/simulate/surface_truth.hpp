#pragma once
// Known truth of the simulated mission at a field-line footpoint: lunar surface potential,
// Bs/Bm, beam amplitude, and the spacecraft potential from the charging balance (P§3).

#include "physics/kappa.hpp"
#include "simulate/plasma_environment.hpp"

namespace lpm::simulate {

inline constexpr double sunlit_potential_min_v = 5.0;    // at the terminator edge of the dayside
inline constexpr double sunlit_potential_max_v = 15.0;   // at the subsolar point
inline constexpr double terminator_potential_v = -20.0;  // at solar zenith angle 90°
inline constexpr double solar_wind_night_floor_v = -200.0;
inline constexpr double tail_night_floor_v = -1800.0;    // inside the fit bound −2000 V (P§4.5)

// U_surface as a smooth function of cos(solar zenith angle) at the footpoint:
//   cos ≥ cos 80°: +5 … +15 V, rising with cos;
//   0 … cos 80°:   smooth step from −20 V (terminator) up to the dayside value;
//   night:         smooth step from −20 V down to −night_factor·T_e, reached 17° past the
//                  terminator, limited to [−200, −20] V in the solar wind and magnetosheath
//                  and to [−1800, −20] V in the lobes and plasma sheet.
double surface_potential_v(double cos_solar_zenith, const PlasmaState& plasma);

// Spacecraft floating potential (P§3) in the ambient plasma `ambient`:
//   sunlit: J_ph(U) = J_e with J_e the 100-point collected current (P§3.2), U ∈ [0, 150] V
//           (clamped to the ends when J_e lies outside the J–U curve's range);
//   shadow: root of F(U) = J_i + J_see − J_e (P§3.3) on [−1500, 0] V (expanded ×1.5 up to 10
//           times as the reference) where the currents use the ambient temperature at every
//           trial U; −1 V when F has no negative root (secondary emission outweighs the
//           collected electrons, as in hot tail plasma: the reference would give no U_sc).
double spacecraft_potential_v(const physics::KappaParams& ambient, bool spacecraft_in_sun);

// Directional flux seen at the spacecraft at measured energy E: the ambient κ flux at
// E − U_sc (the convention of the reference's de-biasing, P§3.2 step 4, P§3.3), or the
// ambient flux at E where E − U_sc ≤ 0 (spacecraft photoelectrons fill those steps).
double incident_flux_cm2(const physics::KappaParams& ambient, double u_spacecraft_v, double energy_ev);

}  // namespace lpm::simulate
