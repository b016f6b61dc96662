#include "geometry/illumination.hpp"

#include "geometry/vectors.hpp"
#include "geometry/ray_sphere.hpp"

namespace lpm::geometry {

bool spacecraft_in_sun(const Vec3& lp_pos_km, const Vec3& sun_from_lp, double radius_km) {
  if (!all_finite(lp_pos_km) || !all_finite(sun_from_lp) || !(norm(sun_from_lp) > 0.0)) return false;
  return !intersect_ray_sphere(lp_pos_km, sun_from_lp, radius_km).hit;
}

bool projection_in_sun(const Vec3& footpoint_km, const Vec3& sun_from_moon) {
  // Normalising both vectors does not change the sign of the dot product.
  return dot(footpoint_km, sun_from_moon) > 0.0;
}

}  // namespace lpm::geometry
