#pragma once
// Certificate that a loss-cone fit is the global minimum of its objective (issue 16).
//
// The box search (losscone_search.hpp) stops after a fixed number of boxes; on some spectra its
// best point is then a local minimum (narrow dips of the step-shaped profile χ²_p(U), e.g. with
// U above U_sc, or a cone boundary one bin away). This pass proves or improves it: a
// branch and bound over (U, A) rectangles of the whole search range, r exact (the rows share r in
// profile_lower_bound). A rectangle is closed when its lower bound is not below the incumbent;
// otherwise it is split in U (A stays whole: the bound gives each beam bin its best value over
// A's range). A wide one first has the A = 0 profile at its centre tried (a lower point is
// polished and becomes the incumbent, lowering the level the rest must beat). One at the U
// resolution has its centre's profile tried; if that is not lower, it counts as unresolved (a
// lower point might hide there, by at most its bound gap). Splitting in A as well was
// measured: the rectangles multiply tenfold. A rectangle the beam does not reach is settled at
// once by the kinetic sweep, which visits every configuration in it: where many breakpoints
// cross (a flat profile at the incumbent's level over several volts) the bisection needed
// thousands of rectangles of a millivolt (20 000 on a June 1998 spectrum).

#include "fit/losscone_search.hpp"

namespace lpm::fit {

struct CertifySettings {
  double u_resolution_v = 1e-3;      // narrowest U side of a rectangle without beam
  double beam_u_resolution_v = 1.0;  // narrowest U side where the beam reaches some bin
  double probe_u_side_v = 16.0;      // wider rectangles have their centre tried before splitting
  int max_rectangles = 20000;        // beyond it: the rest counts as unresolved
  // A rectangle without beam at most this wide in U is settled exactly by the kinetic sweep
  // (losscone_kinetic_sweep.hpp) unless it needs more than kinetic_max_events events.
  double kinetic_u_side_v = 64.0;
  int kinetic_max_events = 50000;
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
