#pragma once
// Exact minimum of the loss-cone S over a U-interval where the beam reaches no bin, by a kinetic
// sweep (for the certificate, fit/losscone_certify.hpp).
//
// Without the beam S(U, r) depends only on which bins lie in the cone, and bin j of row i flips
// at r = s_j / k_i(U), k_i = 1 + U/E_c,i (fit/losscone_sweep.hpp). At one U the r-sweep visits
// every configuration in r order; as U grows every breakpoint moves down in r, each row at its
// own rate (d ln r/dU = −1/(E_c,i + U)), so two breakpoints of different rows swap order at
// most once, where s_a k_b(U) = s_b k_a(U). Each swap of two neighbours replaces exactly one
// configuration (the one between them); a breakpoint leaving through r_lo or entering through
// r_hi changes the lowest or adds a highest one. Following these events in U order visits every
// configuration that occurs anywhere in the (U, r) rectangle, each once, at a cost per event of
// a few operations, where bisection in U with bounds (profile_lower_bound) needs a full sweep
// per U-interval and, where many breakpoints cross, thousands of them.
//
// Ties: bins of one row with equal s flip together (one breakpoint). A configuration's total is
// a running sum, so the candidates below the level are checked by the exact r-sweep at the
// middle of the U-interval where they occur (minimise_over_r) before one is returned.

#include "fit/losscone_search_problem.hpp"

namespace lpm::fit {

struct NoBeamMinimum {
  bool settled = false;   // every configuration in the rectangle was visited (else: the event cap)
  bool improved = false;  // one with S below `level` exists; `point` is it (A = 0, exact sum)
  SearchPoint point;
  int events = 0;  // swaps, exits and entries processed (diagnostics)
};

// The minimum of S over U ∈ [u_lo, u_hi] and r ∈ [Bs/Bm bounds] where !beam_active(p, u_lo, u_hi)
// and every row has k > 0 on the interval (otherwise: not settled). Stops unsettled after
// max_events events.
NoBeamMinimum no_beam_minimum(const SearchProblem& p, double u_lo, double u_hi, double level, int max_events);

}  // namespace lpm::fit
