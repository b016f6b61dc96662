#pragma once
// Deterministic minimiser of a 2-D objective on the unit square [0,1]²: a coarse grid, then
// Nelder–Mead (clamped to the box) from the best grid minima, each restarted once. Generic:
// kappa_fitter gives it its χ² in unit coordinates; plasma_fit uses the grid with a
// Levenberg–Marquardt polish instead (fit/detail/unit_box_newton.hpp).

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "fit/nelder_mead.hpp"

namespace lpm::fit {

struct UnitBoxPoint {
  double u = 0.0, w = 0.0, f = 0.0;
};

// Nelder–Mead (fit/nelder_mead.hpp) from `start` with initial steps (step_u, step_w) pointing into
// the box.
template <class Objective>
UnitBoxPoint nelder_mead_unit_box(const Objective& objective, UnitBoxPoint start, double step_u, double step_w) {
  constexpr NelderMeadBox box{0.0, 1.0, 0.0, 1.0};
  constexpr NelderMeadSettings settings{NelderMeadSteps::affine, 500, 1e-13, 1e-300, 1e-8, 1e-13};
  auto make = [&](double u, double w) { return nelder_mead_vertex(objective, box, u, w); };
  const std::array<NelderMeadVertex, 3> simplex =
      nelder_mead(objective, box,
                  {NelderMeadVertex{start.u, start.w, start.f}, make(nelder_mead_step(start.u, step_u, 1.0), start.w),
                   make(start.u, nelder_mead_step(start.w, step_w, 1.0))},
                  settings);
  const NelderMeadVertex& best = *std::min_element(
      simplex.begin(), simplex.end(), [](const NelderMeadVertex& a, const NelderMeadVertex& b) { return a.f < b.f; });
  return {best.x, best.y, best.f};
}

// objective(i/(nu − 1), j/(nw − 1)) at index i·nw + j.
template <int nu, int nw, class Objective>
std::array<double, std::size_t{nu} * nw> unit_box_grid(const Objective& objective) {
  std::array<double, std::size_t{nu} * nw> grid{};
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nw; ++j) grid[i * nw + j] = objective(double(i) / (nu - 1), double(j) / (nw - 1));
  return grid;
}

// The grid's local minima (no neighbour strictly lower), best first, at most three: indices
// into unit_box_grid's array.
template <int nu, int nw>
std::vector<int> unit_box_grid_minima(const std::array<double, std::size_t{nu} * nw>& grid) {
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
  return minima;
}

// Global search: an nu × nw grid (8 × 21 by default: Δκ = 0.5, Δlog10 θ = 0.1 for the κ box),
// then Nelder–Mead from up to three grid local minima (no neighbour strictly lower), best first.
template <class Objective, int nu = 8, int nw = 21>
UnitBoxPoint minimise_on_unit_box(const Objective& objective) {
  const auto grid = unit_box_grid<nu, nw>(objective);
  UnitBoxPoint best{0.0, 0.0, std::numeric_limits<double>::infinity()};
  for (int index : unit_box_grid_minima<nu, nw>(grid)) {
    const int row = index / nw, column = index % nw;  // grid indices, not a ratio
    UnitBoxPoint start{double(row) / (nu - 1), double(column) / (nw - 1), grid[index]};
    UnitBoxPoint p = nelder_mead_unit_box(objective, start, 1.0 / (nu - 1), 1.0 / (nw - 1));
    p = nelder_mead_unit_box(objective, p, 1e-3, 1e-3);  // restart: guards against a false convergence
    if (p.f < best.f) best = p;
  }
  return best;
}

}  // namespace lpm::fit
