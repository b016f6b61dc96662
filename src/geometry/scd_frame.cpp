#include "geometry/scd_frame.hpp"

#include <cmath>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

namespace {
constexpr double degenerate_norm = 1e-8;  // reference threshold (D§5.2 step 6)
}  // namespace

Vec3 spin_axis_ecliptic(double ra_deg, double dec_deg) {
  const double ra = radians_from_degrees(ra_deg);
  const double dec = radians_from_degrees(dec_deg);
  return {math::cos(dec) * math::cos(ra), math::cos(dec) * math::sin(ra), math::sin(dec)};
}

Mat3 scd_to_ecliptic(const Vec3& spin_axis, const Vec3& sun_from_lp) {
  const double spin_length = norm(spin_axis);
  if (!(spin_length >= degenerate_norm)) return nan_matrix;  // also catches NaN
  const Vec3 z = (1.0 / spin_length) * spin_axis;
  const Vec3 sun = (1.0 / norm(sun_from_lp)) * sun_from_lp;
  const Vec3 sun_in_spin_plane = sun - dot(sun, z) * z;
  const double plane_length = norm(sun_in_spin_plane);
  if (!(plane_length >= degenerate_norm)) return nan_matrix;
  const Vec3 x = (1.0 / plane_length) * sun_in_spin_plane;
  const Vec3 y = cross(z, x);
  return {{{x[0], y[0], z[0]}, {x[1], y[1], z[1]}, {x[2], y[2], z[2]}}};
}

}  // namespace lpm::geometry
