#include "geometry/ray_sphere.hpp"

#include <algorithm>
#include <cmath>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

namespace {}  // namespace

RayHit intersect_ray_sphere(const Vec3& start_km, const Vec3& direction, double radius_km) {
  const double length = norm(direction);
  if (!(length > 0.0) || !std::isfinite(length)) return {false, 0.0, nan_vector};
  const Vec3 unit = (1.0 / length) * direction;
  // With a = û·û = 1 the reference's roots (−b ± √(b² − 4ac))/2a, b = 2 p·û, c = p·p − R²,
  // become t = −h ± √(h² − c) with h = p·û.
  const double h = dot(start_km, unit);
  const double c = dot(start_km, start_km) - radius_km * radius_km;
  const double discriminant = h * h - c;
  if (!(discriminant >= 0.0)) return {false, 0.0, nan_vector};  // also catches NaN
  const double root = std::sqrt(discriminant);
  const double t_near = -h - root;
  const double t_far = -h + root;
  const double t = t_near > 0.0 ? t_near : t_far;
  if (!(t > 0.0)) return {false, 0.0, nan_vector};
  return {true, t, start_km + t * unit};
}

LatLon planetocentric_lat_lon(const Vec3& point) {
  const double r = norm(point);
  if (!(r > 0.0) || !std::isfinite(r)) return {nan, nan};
  double lon = degrees_from_radians(math::atan2(point[1], point[0]));
  if (lon == -180.0) lon = 180.0;
  return {degrees_from_radians(math::asin(std::clamp(point[2] / r, -1.0, 1.0))), lon};
}

}  // namespace lpm::geometry
