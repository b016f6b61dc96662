#pragma once
// A time-dependent rotation with its time derivative, and Euler-angle products
// M = R_a(θ1)·R_b(θ2)·R_c(θ3) in SPICE's frame-rotation convention (linear.hpp).

#include "base/portable_trig.hpp"
#include "spice/linear.hpp"

namespace lpm::spice {

// v_to = m · v_from; velocities: v'_to = m · v'_from + dm · r_from (dm per second).
struct RotationState {
  Mat3 m = identity3();
  Mat3 dm{};
};

inline Mat3 operator+(const Mat3& a, const Mat3& b) {
  Mat3 c;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) c[i][j] = a[i][j] + b[i][j];
  return c;
}
inline Mat3 operator*(double s, const Mat3& a) {
  Mat3 c;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) c[i][j] = s * a[i][j];
  return c;
}

// Frame rotation about axis 1, 2 or 3 (the SPICE "[angle]_axis").
inline Mat3 axis_rotation(int axis, double angle) {
  return axis == 1 ? rot1(angle) : axis == 2 ? rot2(angle) : rot3(angle);
}
// d/dangle of axis_rotation.
inline Mat3 axis_rotation_derivative(int axis, double angle) {
  const double c = math::cos(angle), s = math::sin(angle);
  if (axis == 1) return {{{0, 0, 0}, {0, -s, c}, {0, -c, -s}}};
  if (axis == 2) return {{{-s, 0, -c}, {0, 0, 0}, {c, 0, -s}}};
  return {{{-s, c, 0}, {-c, -s, 0}, {0, 0, 0}}};
}

// M = R_axes[0](angles[0]) · R_axes[1](angles[1]) · R_axes[2](angles[2]) and dM/dt from the
// angle rates (radians, radians per second).
inline RotationState euler_rotation(const int (&axes)[3], const double (&angles)[3], const double (&rates)[3]) {
  Mat3 r[3], d[3];
  for (int i = 0; i < 3; ++i) {
    r[i] = axis_rotation(axes[i], angles[i]);
    d[i] = rates[i] * axis_rotation_derivative(axes[i], angles[i]);
  }
  RotationState s;
  s.m = r[0] * (r[1] * r[2]);
  s.dm = d[0] * (r[1] * r[2]) + r[0] * (d[1] * r[2]) + r[0] * (r[1] * d[2]);
  return s;
}

// (B after A): rotation from A's source to B's target.
inline RotationState compose(const RotationState& b, const RotationState& a) {
  return {b.m * a.m, b.dm * a.m + b.m * a.dm};
}
inline RotationState inverse(const RotationState& a) { return {transpose(a.m), transpose(a.dm)}; }

}  // namespace lpm::spice
