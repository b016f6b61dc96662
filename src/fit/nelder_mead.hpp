#pragma once
// Nelder–Mead in two dimensions on a box, the one simplex minimiser of fit/: the κ fits use it
// through fit/unit_box_minimiser.hpp, the loss-cone polish in (U, A) in fit/losscone_polish.cpp.
// Bounded by clamping: every trial point is clamped into the box before the objective sees it
// (the vertex keeps the clamped point). Deterministic: for a given objective and start simplex
// the sequence of evaluations is fixed.
//
// Coefficients: reflection −1, expansion −2, contractions ∓½ (outside / inside), shrink ½ towards
// the best vertex. A step is accepted as in Lagarias et al. (1998): the expansion if it beats the
// reflection, the reflection if it beats the second-best vertex, a contraction if it beats both
// the reflection and the worst vertex; otherwise the simplex shrinks.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lpm::fit {

struct NelderMeadVertex {
  double x = 0.0, y = 0.0, f = 0.0;
};

struct NelderMeadBox {
  double x_lo, x_hi, y_lo, y_hi;
};

// How a trial point is written in floating point. Both give the same point in exact arithmetic;
// each caller keeps the spelling its results were computed with (bit-identical outputs).
enum class NelderMeadSteps {
  // c + t (w − c) from the centroid c of the two best vertices towards the worst w, t = −1, −2,
  // ∓½ (the outside contraction too lies on that ray); shrink: ½ (b + v).
  along_ray,
  // 2c − w, 3c − 2w; outside contraction c + ½ (r − c) from the (clamped) reflection r, inside
  // c + ½ (w − c); shrink: b + ½ (v − b).
  affine,
};

struct NelderMeadSettings {
  NelderMeadSteps steps = NelderMeadSteps::affine;
  int max_iterations = 500;
  // Converged when f_worst − f_best ≤ f_relative·|f_best| + f_absolute and the simplex size (the
  // largest L1 distance of a vertex from the best one) is ≤ size_tolerance.
  double f_relative = 1e-13;
  double f_absolute = 0.0;
  double size_tolerance = std::numeric_limits<double>::infinity();
  // Stops as well once the size is ≤ this (a simplex collapsed, e.g. flat along a bound); a
  // negative value never stops.
  double collapsed_size = -1.0;
};

// The vertex at (x, y) clamped into the box, with its objective value.
template <class Objective>
NelderMeadVertex nelder_mead_vertex(const Objective& objective, const NelderMeadBox& box, double x, double y) {
  NelderMeadVertex v{std::clamp(x, box.x_lo, box.x_hi), std::clamp(y, box.y_lo, box.y_hi), 0.0};
  v.f = objective(v.x, v.y);
  return v;
}

// The coordinate of an initial step from `from`: `step` forwards, backwards where that would
// pass `hi`.
inline double nelder_mead_step(double from, double step, double hi) {
  return from + (from + step <= hi ? step : -step);
}

// Runs Nelder–Mead from `simplex` (evaluated vertices) and returns the final simplex, in the order
// the last step left it (sorted by f if the loop stopped on convergence).
template <class Objective>
std::array<NelderMeadVertex, 3> nelder_mead(const Objective& objective, const NelderMeadBox& box,
                                            std::array<NelderMeadVertex, 3> v, const NelderMeadSettings& s) {
  auto make = [&](double x, double y) { return nelder_mead_vertex(objective, box, x, y); };
  auto by_f = [](const NelderMeadVertex& a, const NelderMeadVertex& b) { return a.f < b.f; };
  const bool ray = s.steps == NelderMeadSteps::along_ray;
  for (int it = 0; it < s.max_iterations; ++it) {
    std::sort(v.begin(), v.end(), by_f);
    const NelderMeadVertex& best = v[0];
    NelderMeadVertex& worst = v[2];
    double size = 0.0;
    for (int i = 1; i < 3; ++i) size = std::max(size, std::abs(v[i].x - best.x) + std::abs(v[i].y - best.y));
    if (worst.f - best.f <= s.f_relative * std::abs(best.f) + s.f_absolute && size <= s.size_tolerance) break;
    if (size <= s.collapsed_size) break;

    const double cx = 0.5 * (v[0].x + v[1].x), cy = 0.5 * (v[0].y + v[1].y);
    auto along = [&](double t) { return make(cx + t * (worst.x - cx), cy + t * (worst.y - cy)); };
    const NelderMeadVertex refl = ray ? along(-1.0) : make(2.0 * cx - worst.x, 2.0 * cy - worst.y);
    if (refl.f < best.f) {
      const NelderMeadVertex expd = ray ? along(-2.0) : make(3.0 * cx - 2.0 * worst.x, 3.0 * cy - 2.0 * worst.y);
      worst = expd.f < refl.f ? expd : refl;
    } else if (refl.f < v[1].f) {
      worst = refl;
    } else {
      const bool outside = refl.f < worst.f;
      const NelderMeadVertex con = ray       ? along(outside ? -0.5 : 0.5)
                                   : outside ? make(cx + 0.5 * (refl.x - cx), cy + 0.5 * (refl.y - cy))
                                             : make(cx + 0.5 * (worst.x - cx), cy + 0.5 * (worst.y - cy));
      if (con.f < std::min(refl.f, worst.f)) {
        worst = con;
      } else {
        for (int k = 1; k < 3; ++k)  // shrink towards the best vertex
          v[k] = ray ? make(0.5 * (best.x + v[k].x), 0.5 * (best.y + v[k].y))
                     : make(best.x + 0.5 * (v[k].x - best.x), best.y + 0.5 * (v[k].y - best.y));
      }
    }
  }
  return v;
}

}  // namespace lpm::fit
