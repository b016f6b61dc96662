#pragma once
// Kinematic model of the Lunar Prospector orbit for the simulation: a near-circular polar
// orbit about the Moon, fixed in inertial (J2000) space, with the altitude history of the
// real mission (Binder 1998, Science 281:1475; NASA LP mission pages): ~100 km mapping orbit
// in 1998, lowered to ~40 km on 1998-12-19 and to ~30 km on 1999-01-29.
//
// Position: r(t) = a (1 − e cos(u − ω)) (cos u Â + sin u P̂), u advancing at the Kepler mean
// motion n = sqrt(GM/a³) (period ≈ 2 h), ω (the low point) turning slowly. P̂ is the Moon's
// mean pole (IAU, pck00010 constant terms), so the orbit passes over both poles; Â lies in
// the lunar equator. Velocity is the exact time derivative, so Hermite interpolation of the
// sampled states reproduces the model.

#include <cstddef>
#include <vector>

#include "spice/linear.hpp"

namespace lpm::simulate {

inline constexpr double moon_gm_km3_s2 = 4902.800066;  // DE430 GM of the Moon

struct OrbitPhase {
  double start_et;           // phase begins (ET); the first phase extends to −∞
  double mean_altitude_km;   // a − R
  double altitude_swing_km;  // a·e: altitude varies by ± this much around the orbit
};

class LpOrbit {
 public:
  // The mission's phases with ET boundaries supplied by the caller (UTC → ET needs the LSK):
  // et_lower_40km = 1998-12-19T00:00, et_lower_30km = 1999-01-29T00:00.
  LpOrbit(double et_lower_40km, double et_lower_30km);

  // LP relative to the Moon's centre, J2000, km and km/s.
  spice::StateVector state(double et) const;
  // The same on the orbit of phase `k` (0, 1, 2), also outside its time span: the SPK
  // segment ending at a maneuver samples the old orbit up to the maneuver epoch.
  spice::StateVector state_in_phase(std::size_t k, double et) const;
  std::size_t phase_at(double et) const;

  // Epochs where the altitude steps (segment boundaries of the SPK).
  std::vector<double> maneuver_epochs() const;

 private:
  std::vector<OrbitPhase> phases_;
  std::vector<double> phase_start_angle_rad_;  // u at each phase start (u is continuous)
  spice::Vec3 along_equator_{}, pole_{};       // Â, P̂
};

}  // namespace lpm::simulate
