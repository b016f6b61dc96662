#pragma once
// Degree <-> radian conversions, the only ones of the program. Both multiply by a factor
// computed once (x * (π/180)), the arithmetic the geometry and fits always used: results are
// bit-identical to before.

#include "base/constants.hpp"

namespace lpm {

inline constexpr double radians_per_degree = pi / 180.0;
inline constexpr double degrees_per_radian = 180.0 / pi;

constexpr double radians_from_degrees(double degrees) { return degrees * radians_per_degree; }
constexpr double degrees_from_radians(double radians) { return radians * degrees_per_radian; }

}  // namespace lpm
