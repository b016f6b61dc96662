#pragma once
// 3-vectors and 3x3 matrices of the SPICE library (row-major, v_to = M * v_from).

#include <array>
#include <cmath>

#include "base/portable_trig.hpp"

namespace lpm::spice {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<std::array<double, 3>, 3>;

struct StateVector {
  Vec3 position_km{};
  Vec3 velocity_km_s{};
};

inline Vec3 operator+(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 operator-(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 operator*(double s, const Vec3& a) { return {s * a[0], s * a[1], s * a[2]}; }
inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
inline double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }
inline Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

inline Vec3 operator*(const Mat3& m, const Vec3& v) { return {dot(m[0], v), dot(m[1], v), dot(m[2], v)}; }
inline Mat3 operator*(const Mat3& a, const Mat3& b) {
  Mat3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
  return c;
}
inline Mat3 transpose(const Mat3& m) {
  return {{{m[0][0], m[1][0], m[2][0]}, {m[0][1], m[1][1], m[2][1]}, {m[0][2], m[1][2], m[2][2]}}};
}
inline Mat3 identity3() { return {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}; }

// Frame rotations of SPICE's convention (rotating the frame by angle a, radians):
// R1 about x, R3 about z; vectors transform as v' = R v.
inline Mat3 rot1(double a) {
  double c = math::cos(a), s = math::sin(a);
  return {{{1, 0, 0}, {0, c, s}, {0, -s, c}}};
}
inline Mat3 rot2(double a) {
  double c = math::cos(a), s = math::sin(a);
  return {{{c, 0, -s}, {0, 1, 0}, {s, 0, c}}};
}
inline Mat3 rot3(double a) {
  double c = math::cos(a), s = math::sin(a);
  return {{{c, s, 0}, {-s, c, 0}, {0, 0, 1}}};
}

}  // namespace lpm::spice
