#include "geometry/footpoint.hpp"

#include <stdexcept>
#include <string>

#include "geometry/ray_sphere.hpp"
#include "geometry/vectors.hpp"

namespace lpm::geometry {

FieldLineFootpoint connect_field_line(const Vec3& start_km, const Vec3& field_direction, double radius_km) {
  const RayHit along = intersect_ray_sphere(start_km, field_direction, radius_km);
  const RayHit against = intersect_ray_sphere(start_km, -1.0 * field_direction, radius_km);
  if (along.hit && !against.hit) return {+1, along.point_km};
  if (against.hit && !along.hit) return {-1, against.point_km};
  return {0, nan_vector};
}

std::vector<FieldLineFootpoint> connect_field_lines(std::span<const Vec3> starts_km,
                                                    std::span<const Vec3> field_directions, double radius_km) {
  if (starts_km.size() != field_directions.size())
    throw std::invalid_argument("connect_field_lines: " + std::to_string(starts_km.size()) + " start points but " +
                                std::to_string(field_directions.size()) + " field directions");
  std::vector<FieldLineFootpoint> result(starts_km.size());
  for (std::size_t i = 0; i < starts_km.size(); ++i)
    result[i] = connect_field_line(starts_km[i], field_directions[i], radius_km);
  return result;
}

}  // namespace lpm::geometry
