#pragma once
// Deterministic global search of the loss-cone χ² (our replacement of the reference's
// LHS + differential evolution, P§4.6). Its parts, one job per file:
//   fit/losscone_search_problem.hpp  the prepared spectrum, fast χ², box lower bound
//   fit/losscone_sweep.hpp           exact sweeps over r: min over r, profile point and bound
//   fit/losscone_polish.hpp          local polish of a point
//   fit/losscone_search.hpp          (this file) the branch-and-bound box search
//
// Global search (search_minimum): best-first branch and bound over boxes in (U, r, A) with the
// row-by-row bound (Σ rows of the min over the row's reachable x-interval + each beam bin's
// distance to the model values the box allows), capped at max_boxes; then the best few points
// of distinct cells are polished (profile at their U, U inside the cell) and the best one gets
// the full polish (A scan, Nelder–Mead in (U, A) inside its (U, r) cell). The fitter adds a
// safety net: the profile-likelihood interval search and a scan of the profile across the
// interval visit every U where a better point could be, and a lower point found there is
// polished and taken (fit/losscone_fitter.cpp).

#include <cmath>

#include "fit/losscone_polish.hpp"
#include "fit/losscone_search_problem.hpp"
#include "fit/losscone_sweep.hpp"

namespace lpm::fit {

struct SearchSettings {
  double relative_tolerance = 1e-7;  // stop when no box can beat the incumbent by more
  double absolute_tolerance = 1e-9;
  int max_boxes = 150;          // cap of the box search (it finds the basin; polish + safety net finish)
  int polished_candidates = 3;  // best distinct points of the box search that get the full polish
};

// A point counts as lower than another only by more than this (the box search's proof and the
// certificate, losscone_certify.hpp): far below the 1e-9 relative slack with which the oracle
// tests compare χ² values, far above the rounding of the fast sums.
inline double certificate_tolerance(double sum) { return 1e-10 * std::abs(sum) + 1e-12; }

struct SearchResult {
  SearchPoint best;
  int boxes = 0;        // boxes examined, for diagnostics and the benchmark
  bool proven = false;  // every box was closed by its bound (not stopped by the cap)
  // A lower bound of S over the box (of the fast sums; the reference's equations differ from
  // them by ≲ 2e-9): the lowest bound of a box left open by the cap or at its minimum widths,
  // else the incumbent less the stop rule's tolerance.
  double lower_bound = -INFINITY;
};

// Minimum of S over the box: capped box search, then polish of its best distinct candidates.
SearchResult search_minimum(const SearchProblem& p, const SearchBox& box, const SearchSettings& s);

}  // namespace lpm::fit
