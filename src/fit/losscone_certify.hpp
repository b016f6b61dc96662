#pragma once
// Certificate that a loss-cone fit is the global minimum of its objective (issue 16).
//
// The box search (losscone_search.hpp) stops after a fixed number of boxes; on some spectra its
// best point is then a local minimum (narrow dips of the step-shaped profile χ²_p(U), e.g. with
// U above U_sc, or a cone boundary one bin away). This pass proves or improves it: a
// branch and bound over (U, A) rectangles of the whole search range, r exact (the rows share r in
// profile_lower_bound). A rectangle is closed when its lower bound is not below the incumbent;
// otherwise the profile point at its centre is tried (a lower one is polished and becomes the
// incumbent) and the rectangle is split: along U while U moves the cone or beam more than halving
// A would, else along A. A rectangle narrower than the resolutions that still cannot be closed
// is counted as unresolved (a lower point might hide there, by at most its bound gap).

#include "fit/losscone_search.hpp"

namespace lpm::fit {

struct CertifySettings {
  double u_resolution_v = 1e-3;      // narrowest U side of a rectangle without beam
  double beam_u_resolution_v = 1.0;  // narrowest U side where the beam reaches some bin
  int max_rectangles = 20000;        // beyond it: the rest counts as unresolved
};

struct CertifiedMinimum {
  SearchPoint best;
  int rectangles = 0;  // rectangles examined
  int unresolved = 0;  // rectangles left open at the resolution or the cap (0: a proof)
};

// The minimum of S over U ∈ [u_lo, u_hi] (all r, A), starting from `start` (a point the box search
// found). Never returns a point worse than `start`. Over the profile interval of `start` this is
// the global minimum: every lower point lies inside it (profile_likelihood.hpp).
CertifiedMinimum certify_minimum(const SearchProblem& p, const SearchPoint& start, double u_lo, double u_hi,
                                 const CertifySettings& s = {});

}  // namespace lpm::fit
