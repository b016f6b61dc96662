#pragma once
// Vectors of the geometry stage: the spice library's Vec3/Mat3 and their operators made
// visible in lpm::geometry (Vec3 is a std::array, so argument-dependent lookup does not find
// them), the NaN "unknown" values of every geometry output, and finiteness checks.

#include <cmath>
#include <limits>

#include "spice/linear.hpp"

namespace lpm::geometry {

using spice::Mat3;
using spice::Vec3;
using spice::operator+;
using spice::operator-;
using spice::operator*;
using spice::cross;
using spice::dot;
using spice::norm;
using spice::transpose;

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr Vec3 nan_vector{nan, nan, nan};
inline constexpr Mat3 nan_matrix{{{nan, nan, nan}, {nan, nan, nan}, {nan, nan, nan}}};

inline bool all_finite(const Vec3& v) { return std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]); }
inline bool all_finite(const Mat3& m) { return all_finite(m[0]) && all_finite(m[1]) && all_finite(m[2]); }

}  // namespace lpm::geometry
