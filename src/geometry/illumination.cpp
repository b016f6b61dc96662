#include "geometry/illumination.hpp"

#include <algorithm>
#include <cmath>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "geometry/ray_sphere.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

bool spacecraft_in_sun(const Vec3& lp_pos_km, const Vec3& sun_from_lp, double radius_km) {
  if (!all_finite(lp_pos_km) || !all_finite(sun_from_lp) || !(norm(sun_from_lp) > 0.0)) return false;
  return !intersect_ray_sphere(lp_pos_km, sun_from_lp, radius_km).hit;
}

bool projection_in_sun(const Vec3& footpoint_km, const Vec3& sun_from_moon) {
  // Normalising both vectors does not change the sign of the dot product.
  return dot(footpoint_km, sun_from_moon) > 0.0;
}

namespace {

bool usable(const Vec3& v) { return all_finite(v) && norm(v) > 0.0; }

// Angle between two non-zero vectors in degrees; the clamp guards acos against rounding.
double angle_deg(const Vec3& a, const Vec3& b) {
  return degrees_from_radians(math::acos(std::clamp(dot(a, b) / (norm(a) * norm(b)), -1.0, 1.0)));
}

}  // namespace

SolarAngles solar_angles(const Vec3& footpoint_km, const Vec3& sun_from_moon) {
  if (!usable(footpoint_km) || !usable(sun_from_moon)) return {};
  SolarAngles angles;
  angles.zenith_deg = angle_deg(footpoint_km, sun_from_moon);
  const double hour_angle_rad =
      math::atan2(footpoint_km[1], footpoint_km[0]) - math::atan2(sun_from_moon[1], sun_from_moon[0]);
  double hours = 12.0 + degrees_from_radians(hour_angle_rad) / 15.0;
  hours = std::fmod(hours, 24.0);
  if (hours < 0.0) hours += 24.0;
  angles.local_time_h = hours >= 24.0 ? 0.0 : hours;
  return angles;
}

double field_normal_angle_deg(const Vec3& footpoint_km, const Vec3& field_direction) {
  if (!usable(footpoint_km) || !usable(field_direction)) return nan;
  const double angle = angle_deg(footpoint_km, field_direction);
  return angle > 90.0 ? 180.0 - angle : angle;
}

}  // namespace lpm::geometry
