#pragma once
// The despun spacecraft frame SCD (D§5.1, D§5.2 steps 5-6): +Z = spin axis, +X = direction
// from LP to the Sun projected onto the spin plane, +Y = Z × X.

#include "geometry/vectors.hpp"

namespace lpm::geometry {

// Unit spin axis in ECLIPJ2000 from the attitude table's RA/Dec, which are ecliptic
// longitude/latitude (D§2.6, D§5.1): (cos δ cos α, cos δ sin α, sin δ).
Vec3 spin_axis_ecliptic(double ra_deg, double dec_deg);

// SCD → ECLIPJ2000 rotation with columns [x̂ ŷ ẑ] (D§5.2 step 6). spin_axis need not be
// normalised; sun_from_lp is the LP→Sun vector in ECLIPJ2000 (any length > 0).
// Returns an all-NaN matrix when |spin_axis| < 1e−8 or when the Sun's component
// perpendicular to the spin axis, |ŝ − (ŝ·ẑ)ẑ|, is < 1e−8 (Sun along the spin axis),
// or when any input is NaN.
Mat3 scd_to_ecliptic(const Vec3& spin_axis, const Vec3& sun_from_lp);

}  // namespace lpm::geometry
