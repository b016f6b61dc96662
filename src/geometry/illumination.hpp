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

// Where the Sun stands over a footpoint, with the Sun direction taken from the Moon's centre
// (the same point Sun as projection_in_sun, so zenith_deg < 90 exactly when that flag is true).
//   zenith_deg: angle between the local vertical n̂ = footpoint/|footpoint| and the Sun, 0..180°.
//   local_time_h: lunar local time, 12 h + (footpoint longitude − subsolar longitude)/15° per
//     hour, wrapped to [0, 24): 12 h at the subsolar meridian, 0 h at the antisolar one,
//     6 h on the morning (dawn) terminator, 18 h on the evening one.
// NaN (both) when either vector is non-finite or zero.
struct SolarAngles {
  double zenith_deg = nan;
  double local_time_h = nan;
};
SolarAngles solar_angles(const Vec3& footpoint_km, const Vec3& sun_from_moon);

// Angle between the (straight) field line and the surface normal at the footpoint, 0..90°: the
// line has no direction of its own, so ±B̂ give the same angle (0°: vertical field, 90°: horizontal).
// NaN when either vector is non-finite or zero.
double field_normal_angle_deg(const Vec3& footpoint_km, const Vec3& field_direction);

}  // namespace lpm::geometry
