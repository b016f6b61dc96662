#pragma once
// Straight-field-line footpoint and polarity (D§5.2 step 9, P§1.7): no field tracing; the
// line through the spacecraft along ±B̂ is intersected with the spherical Moon.

#include <cstdint>
#include <span>
#include <vector>

#include "geometry/vectors.hpp"

namespace lpm::geometry {

struct FieldLineFootpoint {
  // +1: the Moon is reached along +B̂; −1: along −B̂; 0: not connected (neither hits, or
  // both hit — only possible from inside the sphere — or NaN input).
  std::int8_t polarity = 0;
  Vec3 point_km{};  // the hit on the sphere when connected, NaN otherwise

  bool connected() const { return polarity != 0; }
};

// Casts forward rays from start_km along +field_direction and −field_direction against the
// sphere of radius_km; "connected" means exactly one of the two hits.
FieldLineFootpoint connect_field_line(const Vec3& start_km, const Vec3& field_direction, double radius_km);

// The same for many rows; throws std::invalid_argument when the spans differ in length.
std::vector<FieldLineFootpoint> connect_field_lines(std::span<const Vec3> starts_km,
                                                    std::span<const Vec3> field_directions, double radius_km);

}  // namespace lpm::geometry
