#pragma once
// One spectrum prepared for the deterministic loss-cone search (fit/losscone_search.hpp), with
// its fast χ² and a lower bound of χ² over a box.
//
// Structure exploited (model of Halekas et al. 2008 ¶37, P§4.3): in row i a bin with pitch α
// lies in the loss cone iff clip(x_i, 0, 1) > s := sin²(180° − α) (s := 1 for α ≤ 90°), where
// x_i = r (1 + U/E_c,i). Without the beam the model of a row is therefore a step function of
// x_i: sorting the row's bins by s once and keeping prefix sums of the per-bin costs for
// "model = 1" and "model = b" gives the row's χ² for any x_i by one binary search, and its
// minimum over an x-interval from a sparse table of range minima. The beam A·g_i(U)·h(α) only
// reaches bins with A·g·h > 1e-15 (α ≳ 115°, rows within ~9 w of E_b; cut-off justified in
// fit/detail/losscone_search_internal.hpp); those bins are handled one by one.

#include <array>
#include <cstddef>
#include <cstdint>
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

// Buckets of [0, 1] that index a row's sorted thresholds (bins_in_cone; a row holds ≤ 88 < 256).
inline constexpr std::size_t cone_index_buckets = 128;
static_assert(er_channels < 256, "SearchRow::cone_index counts bins in a byte");

struct SearchRow {
  double energy_ev = 0.0;
  double inv_ec = 0.0;        // 1 / E_c
  std::vector<double> s_all;  // sorted cone thresholds of every valid bin of the row
  // cone_index[b]: thresholds below b / cone_index_buckets (where a count of those below x starts).
  std::array<std::uint8_t, cone_index_buckets + 1> cone_index{};
  std::vector<double> f_all;  // f_all[k]: A = 0 cost with the k lowest-s bins in the cone
  std::vector<double> s_far;  // the same for the bins the beam cannot reach
  std::vector<double> f_far;
  // Sparse tables for O(1) range minima: min_all[l][k] = min f_all[k .. k + 2^l − 1] (same for far).
  std::vector<std::vector<double>> min_all, min_far;
  struct BeamBin {
    double s, y, h, w;
    double d_one = 0.0, d_bg = 0.0;  // poisson: the deviance at model 1 and b without beam
  };  // threshold, transformed data (poisson: the count), beam pitch factor, weight (1; poisson: c)
  // The bins the beam can reach: the first beam_bins.size() of s_all (the lowest s); the rest
  // are the far bins, whose beam every evaluation drops (negligible_beam).
  std::vector<BeamBin> beam_bins;
  double h_max = 0.0;
};

// unit: every term weighs 1, the reference's objective (the search, the certificate, the
// profile interval). poisson: each bin's term is the Poisson deviance of its count
// (LossConeData::poisson's bins, zero counts included), S = −2 ln L + const, for the marginal
// posterior: its sweeps and search_sum only. Such a problem has no range-minimum tables, and
// its beam bins' terms are not quadratic, so the bounds (search_lower_bound,
// profile_lower_bound) and the local solvers (profile_point) are not for it.
enum class SearchWeights { unit, poisson };

// One spectrum prepared for the search. χ² here is always the raw sum S of the method's
// terms (Lillis' reduced χ² is S / max(n − 3, 1)).
struct SearchProblem {
  LossConeMethod method = LossConeMethod::halekas;
  SearchWeights weights = SearchWeights::unit;
  double u_spacecraft_v = 0.0;
  int n_valid = 0;
  double y_one = 0.0, y_bg = 0.0;  // transformed model levels 1 and b
  std::vector<SearchRow> rows;
};

SearchProblem prepare_search(LossConeMethod method, const LossConeData& data,
                             SearchWeights weights = SearchWeights::unit);

struct SearchPoint {
  double u_surface_v = 0.0, bs_over_bm = 0.0, beam_amp = 0.0;
  double sum = 0.0;  // S at the point (fast evaluation)
};

// S at one point and a lower bound of S over a box.
double search_sum(const SearchProblem& p, double u, double r, double a);
double search_lower_bound(const SearchProblem& p, const SearchBox& box);

// True if some row's beam reaches a bin anywhere in U ∈ [u_lo, u_hi].
bool beam_active(const SearchProblem& p, double u_lo, double u_hi);

}  // namespace lpm::fit
