#pragma once
// The spherical Moon of the reference (D§5.2 steps 9-11): forward ray against a sphere
// centred on the origin, and planetocentric latitude/longitude of a point.

#include "geometry/vectors.hpp"

namespace lpm::geometry {

struct RayHit {
  bool hit = false;
  double distance_km = 0.0;  // t along the unit direction (> 0 when hit)
  Vec3 point_km{};           // start + t·û when hit, NaN otherwise
};

// First forward crossing of the sphere |x| = radius_km by the ray start + t·û, û = direction/|direction|:
// the smallest STRICTLY positive root of |start + t·û|² = R² (D§5.2 step 9). Tangency with t > 0
// is a hit; t = 0 (start on the sphere) is not forward. Zero, NaN or infinite input → miss.
RayHit intersect_ray_sphere(const Vec3& start_km, const Vec3& direction, double radius_km);

struct LatLon {
  double lat_deg;  // asin(z/r) ∈ [−90, 90]
  double lon_deg;  // atan2(y, x) ∈ (−180, 180], east-positive
};

// Planetocentric coordinates of a point (D§5.2 step 10); NaN for r = 0 or NaN input.
// atan2 returns −180 for y = −0.0; that is folded to +180 so the range is (−180, 180].
LatLon planetocentric_lat_lon(const Vec3& point);

}  // namespace lpm::geometry
