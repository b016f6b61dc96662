#pragma once
// Deterministic minimiser of a 2-D objective on the unit square [0,1]²: a coarse grid, then
// Nelder–Mead (clamped to the box) from the best grid minima, each restarted once. Generic:
// the κ fits (kappa_fitter, plasma_fit) give it their χ² in unit coordinates.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace lpm::fit {

struct UnitBoxPoint {
  double u = 0.0, w = 0.0, f = 0.0;
};

// Nelder–Mead from `start` with initial steps (step_u, step_w) pointing into the box.
template <class Objective>
UnitBoxPoint nelder_mead_unit_box(const Objective& objective, UnitBoxPoint start, double step_u, double step_w) {
  auto clamp01 = [](double x) { return std::clamp(x, 0.0, 1.0); };
  auto make = [&](double u, double w) {
    UnitBoxPoint p{clamp01(u), clamp01(w), 0.0};
    p.f = objective(p.u, p.w);
    return p;
  };
  std::array<UnitBoxPoint, 3> simplex = {
      start, make(start.u + (start.u + step_u <= 1.0 ? step_u : -step_u), start.w),
      make(start.u, start.w + (start.w + step_w <= 1.0 ? step_w : -step_w))};
  auto by_value = [](const UnitBoxPoint& a, const UnitBoxPoint& b) { return a.f < b.f; };
  for (int iter = 0; iter < 500; ++iter) {
    std::sort(simplex.begin(), simplex.end(), by_value);
    const UnitBoxPoint& best = simplex[0];
    UnitBoxPoint& worst = simplex[2];
    const double spread = simplex[2].f - simplex[0].f;
    double size = 0.0;
    for (int i = 1; i < 3; ++i)
      size = std::max(size, std::abs(simplex[i].u - best.u) + std::abs(simplex[i].w - best.w));
    if (spread <= 1e-13 * std::abs(best.f) + 1e-300 && size <= 1e-8) break;
    if (size <= 1e-13) break;  // collapsed (e.g. flat along a bound)

    const double cu = 0.5 * (simplex[0].u + simplex[1].u), cw = 0.5 * (simplex[0].w + simplex[1].w);
    const UnitBoxPoint reflected = make(2.0 * cu - worst.u, 2.0 * cw - worst.w);
    if (reflected.f < best.f) {
      const UnitBoxPoint expanded = make(3.0 * cu - 2.0 * worst.u, 3.0 * cw - 2.0 * worst.w);
      worst = expanded.f < reflected.f ? expanded : reflected;
      continue;
    }
    if (reflected.f < simplex[1].f) {
      worst = reflected;
      continue;
    }
    const bool outside = reflected.f < worst.f;
    const UnitBoxPoint contracted = outside ? make(cu + 0.5 * (reflected.u - cu), cw + 0.5 * (reflected.w - cw))
                                            : make(cu + 0.5 * (worst.u - cu), cw + 0.5 * (worst.w - cw));
    if (contracted.f < std::min(reflected.f, worst.f)) {
      worst = contracted;
      continue;
    }
    for (int i = 1; i < 3; ++i)  // shrink towards the best vertex
      simplex[i] = make(best.u + 0.5 * (simplex[i].u - best.u), best.w + 0.5 * (simplex[i].w - best.w));
  }
  return *std::min_element(simplex.begin(), simplex.end(), by_value);
}

// Global search: an nu × nw grid (8 × 21 by default: Δκ = 0.5, Δlog10 θ = 0.1 for the κ box),
// then Nelder–Mead from up to three grid local minima (no neighbour strictly lower), best first.
template <class Objective, int nu = 8, int nw = 21>
UnitBoxPoint minimise_on_unit_box(const Objective& objective) {
  std::array<double, nu * nw> grid{};
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nw; ++j) grid[i * nw + j] = objective(double(i) / (nu - 1), double(j) / (nw - 1));

  std::vector<int> minima;
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nw; ++j) {
      bool is_min = true;
      for (int di = -1; di <= 1 && is_min; ++di)
        for (int dj = -1; dj <= 1; ++dj) {
          const int a = i + di, b = j + dj;
          if ((di || dj) && a >= 0 && a < nu && b >= 0 && b < nw && grid[a * nw + b] < grid[i * nw + j]) {
            is_min = false;
            break;
          }
        }
      if (is_min) minima.push_back(i * nw + j);
    }
  std::stable_sort(minima.begin(), minima.end(), [&](int a, int b) { return grid[a] < grid[b]; });
  if (minima.size() > 3) minima.resize(3);

  UnitBoxPoint best{0.0, 0.0, std::numeric_limits<double>::infinity()};
  for (int index : minima) {
    UnitBoxPoint start{double(index / nw) / (nu - 1), double(index % nw) / (nw - 1), grid[index]};
    UnitBoxPoint p = nelder_mead_unit_box(objective, start, 1.0 / (nu - 1), 1.0 / (nw - 1));
    p = nelder_mead_unit_box(objective, p, 1e-3, 1e-3);  // restart: guards against a false convergence
    if (p.f < best.f) best = p;
  }
  return best;
}

}  // namespace lpm::fit
