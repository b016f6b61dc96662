#pragma once
// Sunlight flags of the reference (D§5.2 steps 12-13): point Sun, spherical Moon, no
// penumbra, no topography, no Earth shadow.

#include "geometry/vectors.hpp"

namespace lpm::geometry {


// True when the ray from the spacecraft towards the Sun misses the sphere (D§5.2 step 12).
// Fix of a reference quirk: the reference answers "in sun" for NaN input (a NaN ray "misses");
// here NaN, infinite or zero input answers false — an unknown position is not sunlit.
bool spacecraft_in_sun(const Vec3& lp_pos_km, const Vec3& sun_from_lp, double radius_km);

// True when the Sun (seen from the Moon's centre) is above the local horizontal plane of the
// footpoint: n̂·m̂ > 0 (D§5.2 step 13). NaN footpoint or Sun vector → false.
bool projection_in_sun(const Vec3& footpoint_km, const Vec3& sun_from_moon);

}  // namespace lpm::geometry
