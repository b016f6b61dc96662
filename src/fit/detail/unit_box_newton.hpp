#pragma once
// Levenberg–Marquardt on the unit square [0,1]² for an objective that gives its value, gradient
// and a positive semi-definite curvature matrix at each point (e.g. the Gauss–Newton or Fisher
// matrix of a Poisson deviance; Marquardt 1963, J. SIAM 11:431). A few evaluations where
// Nelder–Mead needs a hundred: the joint κ fit's polish (fit/plasma_fit.cpp).
// Bounds: a coordinate on a bound whose gradient points out of the box is held there (an active
// set), the step of the others is clamped into the box; a minimum on a bound lies exactly on it.
// Stops when the proposed step is shorter than step_tolerance (in either coordinate) or no step
// lowers the objective any more (the damping has grown past its limit: rounding level).
// Deterministic: the sequence of evaluations is fixed by the objective and the start.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "fit/unit_box_minimiser.hpp"

namespace lpm::fit {

struct UnitBoxQuadratic {
  double f = std::numeric_limits<double>::infinity();  // non-finite: not a point to move to
  std::array<double, 2> grad{};
  std::array<double, 3> curvature{};  // (∂²/∂u², ∂²/∂u∂w, ∂²/∂w²), positive semi-definite
};

struct UnitBoxNewtonSettings {
  int max_evaluations = 60;
  double step_tolerance = 1e-9;
  double initial_damping = 1e-3;  // λ: the curvature's diagonal is scaled by (1 + λ)
  double max_damping = 1e10;
};

// Minimises from `start` (clamped into the box); model(u, w) → UnitBoxQuadratic. Returns the
// best point seen with its objective value.
template <class Model>
UnitBoxPoint newton_unit_box(const Model& model, UnitBoxPoint start, const UnitBoxNewtonSettings& s = {}) {
  std::array<double, 2> x = {std::clamp(start.u, 0.0, 1.0), std::clamp(start.w, 0.0, 1.0)};
  UnitBoxQuadratic q = model(x[0], x[1]);
  if (!std::isfinite(q.f)) return {x[0], x[1], q.f};
  double damping = s.initial_damping;
  for (int evaluations = 1; evaluations < s.max_evaluations;) {
    std::array<bool, 2> free{};
    for (int i = 0; i < 2; ++i) free[i] = !((x[i] <= 0.0 && q.grad[i] > 0.0) || (x[i] >= 1.0 && q.grad[i] < 0.0));
    if (!free[0] && !free[1]) break;  // a corner the gradient pushes against
    // (H + λ diag H) δ = −g on the free coordinates; a diagonal floor keeps a flat direction from
    // giving an unbounded step (the clamp then bounds it).
    const double floor = 1e-12 * (q.curvature[0] + q.curvature[2]) + std::numeric_limits<double>::min();
    const double a = std::max(q.curvature[0], floor) * (1.0 + damping);
    const double d = std::max(q.curvature[2], floor) * (1.0 + damping);
    const double b = q.curvature[1];
    std::array<double, 2> step{};
    if (free[0] && free[1]) {
      const double det = a * d - b * b;
      step = {-(d * q.grad[0] - b * q.grad[1]) / det, -(a * q.grad[1] - b * q.grad[0]) / det};
      if (!(det > 0.0)) step = {-q.grad[0] / a, -q.grad[1] / d};  // H not positive definite: diagonal only
    } else {
      step[0] = free[0] ? -q.grad[0] / a : 0.0;
      step[1] = free[1] ? -q.grad[1] / d : 0.0;
    }
    const std::array<double, 2> trial = {std::clamp(x[0] + step[0], 0.0, 1.0), std::clamp(x[1] + step[1], 0.0, 1.0)};
    const double moved = std::max(std::abs(trial[0] - x[0]), std::abs(trial[1] - x[1]));
    if (!(moved > s.step_tolerance)) break;
    const UnitBoxQuadratic t = model(trial[0], trial[1]);
    ++evaluations;
    if (t.f < q.f) {
      x = trial;
      q = t;
      damping *= 0.1;
    } else {
      damping *= 10.0;
      if (damping > s.max_damping) break;
    }
  }
  return {x[0], x[1], q.f};
}

// Global search as minimise_on_unit_box, polished by newton_unit_box: an nu × nw grid of
// value(u, w), then Levenberg–Marquardt from up to three grid local minima, best first.
template <int nu, int nw, class Value, class Model>
UnitBoxPoint newton_minimise_on_unit_box(const Value& value, const Model& model) {
  const auto grid = unit_box_grid<nu, nw>(value);
  UnitBoxPoint best{0.0, 0.0, std::numeric_limits<double>::infinity()};
  for (int index : unit_box_grid_minima<nu, nw>(grid)) {
    const int row = index / nw, column = index % nw;  // grid indices, not a ratio
    const UnitBoxPoint p = newton_unit_box(model, {double(row) / (nu - 1), double(column) / (nw - 1), 0.0});
    if (p.f < best.f) best = p;
  }
  return best;
}

}  // namespace lpm::fit
