#include "simulate/lp_orbit.hpp"

#include <cmath>

#include "base/angles.hpp"
#include "base/constants.hpp"
#include "base/portable_trig.hpp"
#include "simulate/analytic_ephemeris.hpp"

namespace lpm::simulate {
namespace {

constexpr double periapsis_turn_rate_rad_s = 2 * pi / (180.0 * 86400.0);  // once per ~half year
constexpr double periapsis_angle_at_j2000_rad = 0.0;
constexpr double orbit_node_deg = 20.0;  // orbit normal's angle in the lunar equator (arbitrary)

double mean_motion_rad_s(const OrbitPhase& phase) {
  double a = lunar_radius_km + phase.mean_altitude_km;
  return std::sqrt(moon_gm_km3_s2 / (a * a * a));
}

}  // namespace

LpOrbit::LpOrbit(double et_lower_40km, double et_lower_30km) {
  phases_ = {{-1e300, 100.0, 15.0}, {et_lower_40km, 40.0, 8.0}, {et_lower_30km, 30.0, 6.0}};
  // Angle u is continuous across maneuvers; u = 0 at ET 0 in the first phase.
  phase_start_angle_rad_.assign(phases_.size(), 0.0);
  for (std::size_t k = 1; k < phases_.size(); ++k) {
    double previous_reference = k == 1 ? 0.0 : phases_[k - 1].start_et;
    double angle =
        phase_start_angle_rad_[k - 1] + mean_motion_rad_s(phases_[k - 1]) * (phases_[k].start_et - previous_reference);
    phase_start_angle_rad_[k] = std::fmod(angle, 2 * pi);
  }
  // Mean lunar pole (pck00010 constant terms) and a direction in the lunar equator.
  double ra = radians_from_degrees(269.9949), dec = radians_from_degrees(66.5392);
  pole_ = {math::cos(dec) * math::cos(ra), math::cos(dec) * math::sin(ra), math::sin(dec)};
  spice::Vec3 z{0, 0, 1};
  spice::Vec3 e1 = spice::cross(z, pole_);
  e1 = (1.0 / spice::norm(e1)) * e1;
  spice::Vec3 e2 = spice::cross(pole_, e1);
  const double node = radians_from_degrees(orbit_node_deg);
  spice::Vec3 normal = math::cos(node) * e1 + math::sin(node) * e2;
  along_equator_ = spice::cross(normal, pole_);
}

std::size_t LpOrbit::phase_at(double et) const {
  std::size_t k = 0;
  while (k + 1 < phases_.size() && et >= phases_[k + 1].start_et) ++k;
  return k;
}

spice::StateVector LpOrbit::state(double et) const { return state_in_phase(phase_at(et), et); }

spice::StateVector LpOrbit::state_in_phase(std::size_t k, double et) const {
  const OrbitPhase& phase = phases_[k];
  double reference_et = k == 0 ? 0.0 : phase.start_et;
  double n = mean_motion_rad_s(phase);
  double u = phase_start_angle_rad_[k] + n * (et - reference_et);
  double omega = periapsis_angle_at_j2000_rad + periapsis_turn_rate_rad_s * et;
  double a = lunar_radius_km + phase.mean_altitude_km;
  double swing = phase.altitude_swing_km;
  double r = a - swing * math::cos(u - omega);
  double r_dot = swing * math::sin(u - omega) * (n - periapsis_turn_rate_rad_s);
  spice::Vec3 radial = math::cos(u) * along_equator_ + math::sin(u) * pole_;
  spice::Vec3 transverse = (-math::sin(u)) * along_equator_ + math::cos(u) * pole_;
  return {r * radial, r_dot * radial + (r * n) * transverse};
}

std::vector<double> LpOrbit::maneuver_epochs() const {
  std::vector<double> epochs;
  for (std::size_t k = 1; k < phases_.size(); ++k) epochs.push_back(phases_[k].start_et);
  return epochs;
}

}  // namespace lpm::simulate
