#pragma once
// Exact inner solvers of the loss-cone search: sweeps over r (fit/losscone_search_problem.hpp).
//
// For fixed (U, A) every bin flips state at r = s/k_i (k_i = 1 + U/E_c,i), so one sweep over
// the sorted breakpoints gives min over r exactly (minimise_over_r); the same sweep with each
// row's window of reachable states gives a lower bound over a U-interval in which the rows stay
// coupled through the shared r (profile_lower_bound). For fixed (U, r) the χ² is smooth in A and
// only the beam bins depend on it (scan + Brent, losscone_polish.cpp).

#include <cstddef>
#include <limits>

#include "fit/losscone_search_problem.hpp"

namespace lpm::fit {

// Exact minimum of S over r ∈ [Bs/Bm bounds] at fixed (u, a): for fixed U every bin flips
// state at r = s/k_i (k_i = 1 + U/E_c,i), so one sweep over the sorted breakpoints visits
// every distinct value. The returned r is the middle of the best r-interval.
SearchPoint minimise_over_r(const SearchProblem& p, double u, double a);

// Logarithm of the likelihood of U integrated over Bs/Bm and the beam amplitude with flat priors:
//   ln ∫∫ exp(−S(u, r, A) / (2·variance)) dr dA / (A_max − A_min),
// exact in r (S is constant between the sweep's breakpoints); A by a zooming midpoint rule:
// likelihood_beam_amp_points cells over A's range, and where the integrand peaks within one
// cell (its neighbours below likelihood_zoom_neighbour_ratio of it) that cell and its two
// neighbours split into likelihood_zoom_cells, up to likelihood_zoom_levels times (the r-sweep
// of the rows the beam cannot reach is made once per U; each grid then walks the other rows'
// flips only). Kept as a logarithm (scaled by the lowest S met) so that no sum over- or
// underflows. The marginal posterior of U (profile_likelihood.hpp) is built from it.
inline constexpr std::size_t likelihood_beam_amp_points = 8;
inline constexpr std::size_t likelihood_zoom_cells = 8;
inline constexpr std::size_t likelihood_zoom_levels = 4;
inline constexpr double likelihood_zoom_neighbour_ratio = 0.3;
double log_likelihood_over_r_and_a(const SearchProblem& p, double u, double variance);

// Profile point χ²_p(u) = min over (r, A): exact in r; A by alternating with the r-sweep,
// from A = 0 (and, if `thorough`, from an A scan as well). An upper bound of the true profile.
// Returns early, with the first point found at or below good_enough, and with the A = 0 point
// once a lower bound at u (search_lower_bound, profile_lower_bound) shows χ²_p(u) > hopeless
// (callers that only want points below a level need not optimise A there).
SearchPoint profile_point(const SearchProblem& p, double u, bool thorough, double good_enough = -1.0,
                          double hopeless = std::numeric_limits<double>::infinity());

// Lower bound of S over U ∈ [u_lo, u_hi], A ∈ [a_lo, a_hi] and every r: rows share r (sweep
// over r of the sum of each row's minimum over its reachable cone states), each beam bin takes
// the model value nearest its data in the range the box allows.
// With `only_above`, returns early (some value ≤ only_above) once the bound is known not to
// exceed it: for callers that only ask whether the box is refuted. `r_probe` (optional) is an r
// where the caller expects the bound to be low; checked first, it often settles that question
// without the sweep.
double profile_lower_bound(const SearchProblem& p, double u_lo, double u_hi, double a_lo, double a_hi,
                           double only_above = -std::numeric_limits<double>::infinity(),
                           double r_probe = std::numeric_limits<double>::quiet_NaN());

}  // namespace lpm::fit
