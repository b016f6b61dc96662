#pragma once
// Deterministic global search of the loss-cone χ² (our replacement of the reference's
// LHS + differential evolution, P§4.6).
//
// Structure exploited (model of Halekas et al. 2008 ¶37, P§4.3): in row i a bin with pitch α
// lies in the loss cone iff clip(x_i, 0, 1) > s := sin²(180° − α) (s := 1 for α ≤ 90°), where
// x_i = r (1 + U/E_c,i). Without the beam the model of a row is therefore a step function of
// x_i: sorting the row's bins by s once and keeping prefix sums of the per-bin costs for
// "model = 1" and "model = b" gives the row's χ² for any x_i by one binary search, and its
// minimum over an x-interval from a sparse table of range minima. The beam A·g_i(U)·h(α) only
// reaches bins with A·g·h > 1e-15 (α ≳ 115°, rows within ~9 w of E_b; cut-off justified in
// losscone_search.cpp); those bins are handled one by one.
//
// Exact inner solvers: for fixed (U, A) every bin flips state at r = s/k_i (k_i = 1 + U/E_c,i),
// so one sweep over the sorted breakpoints gives min over r exactly (minimise_over_r); the same
// sweep with each row's window of reachable states gives a lower bound over a U-interval in
// which the rows stay coupled through the shared r (profile_lower_bound). For fixed (U, r) the
// χ² is smooth in A and only the beam bins depend on it (scan + Brent).
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
#include <cstdint>
#include <limits>
#include <vector>

#include "fit/losscone_objective.hpp"

namespace lpm::fit {

struct SearchBox {
  double u_lo, u_hi;  // U_surface [V]
  double r_lo, r_hi;  // Bs/Bm
  double a_lo, a_hi;  // beam amplitude
};

// The full parameter box of P§4.5.
SearchBox full_search_box();

struct SearchRow {
  double energy_ev = 0.0;
  double inv_ec = 0.0;            // 1 / E_c
  std::vector<double> s_all;      // sorted cone thresholds of every valid bin of the row
  std::vector<double> f_all;      // f_all[k]: A = 0 cost with the k lowest-s bins in the cone
  std::vector<double> y_all, h_all;  // transformed data and beam pitch factor, parallel to s_all
  std::vector<double> s_far;      // the same for the bins the beam cannot reach
  std::vector<double> f_far;
  // Sparse tables for O(1) range minima: min_all[l][k] = min f_all[k .. k + 2^l − 1] (same for far).
  std::vector<std::vector<double>> min_all, min_far;
  struct BeamBin { double s, y, h; };  // threshold, transformed data, beam pitch factor
  std::vector<BeamBin> beam_bins;
  double h_max = 0.0;
};

// One spectrum prepared for the search. χ² here is always the raw sum S of the method's
// terms (Lillis' reduced χ² is S / max(n − 3, 1)).
struct SearchProblem {
  LossConeMethod method = LossConeMethod::halekas;
  double u_spacecraft_v = 0.0;
  int n_valid = 0;
  double y_one = 0.0, y_bg = 0.0;  // transformed model levels 1 and b
  std::vector<SearchRow> rows;
};

SearchProblem prepare_search(LossConeMethod method, const LossConeData& data);

struct SearchPoint {
  double u_surface_v = 0.0, bs_over_bm = 0.0, beam_amp = 0.0;
  double sum = 0.0;  // S at the point (fast evaluation)
};

// S at one point and a lower bound of S over a box.
double search_sum(const SearchProblem& p, double u, double r, double a);
double search_lower_bound(const SearchProblem& p, const SearchBox& box);

struct SearchSettings {
  double relative_tolerance = 1e-7;  // stop when no box can beat the incumbent by more
  double absolute_tolerance = 1e-9;
  int max_boxes = 150;  // cap of the box search (it finds the basin; polish + safety net finish)
  int polished_candidates = 3;  // best distinct points of the box search that get the full polish
};

// A point counts as lower than another only by more than this (the box search's proof and the
// certificate, losscone_certify.hpp): far below the 1e-9 relative slack with which the oracle
// tests compare χ² values, far above the rounding of the fast sums.
inline double certificate_tolerance(double sum) { return 1e-10 * std::abs(sum) + 1e-12; }

struct SearchResult {
  SearchPoint best;
  int boxes = 0;  // boxes examined, for diagnostics and the benchmark
  bool proven = false;  // every box was closed by its bound (not stopped by the cap)
};

// Minimum of S over the box: capped box search, then polish of its best distinct candidates.
SearchResult search_minimum(const SearchProblem& p, const SearchBox& box, const SearchSettings& s);

// Full local polish of a point: profile at its U (exact r, A scan + Brent), then Nelder–Mead in
// (U, A) inside its (U, r) cell, repeated while S drops. Never makes S worse.
SearchPoint polish_point(const SearchProblem& p, const SearchPoint& pt);

// Exact minimum of S over r ∈ [Bs/Bm bounds] at fixed (u, a): for fixed U every bin flips
// state at r = s/k_i (k_i = 1 + U/E_c,i), so one sweep over the sorted breakpoints visits
// every distinct value. The returned r is the middle of the best r-interval.
SearchPoint minimise_over_r(const SearchProblem& p, double u, double a);

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

// True if some row's beam reaches a bin anywhere in U ∈ [u_lo, u_hi].
bool beam_active(const SearchProblem& p, double u_lo, double u_hi);

}  // namespace lpm::fit
