#pragma once
// Profile likelihood of U_surface (SPEC §4): χ²_p(U) = min over Bs/Bm and beam amplitude of
// χ²(U, Bs/Bm, A). The interval is {U : χ²_p(U) − χ²_min ≤ s²}, s² = χ²_min / (n_valid − 3),
// i.e. Δχ² ≤ 1 once χ² is scaled by the per-bin variance estimated from the best fit.
// Both methods use the raw sum S of their terms here (for Lillis Δ of the *reduced* χ²
// would shrink the interval by another factor n − 3).

#include <array>
#include <utility>
#include <vector>

#include "fit/losscone_search.hpp"

namespace lpm::fit {

// Threshold S_min + S_min / max(n_valid − 3, 1).
double profile_threshold(double best_sum, int n_valid);

struct ProfileInterval {
  double u_lower_v = 0.0;
  double u_upper_v = 0.0;
  SearchPoint improved;  // lowest profile point met on the way (the fit itself if none was lower)
};

// Smallest and largest U whose profile χ² is within the threshold: bisection in U from each
// bound inward, U-intervals refuted by profile_lower_bound (rows coupled through the shared r),
// so no grid step can miss a narrow dip. Conservative: a box narrower than u_resolution_v that
// no bound refutes is counted in untested, so an end can lie a step or two (seen: ≈ 1 V at 0.5 V)
// outside the last U whose profile is under the threshold.
ProfileInterval profile_interval(const SearchProblem& p, const SearchPoint& best, double u_resolution_v);

// Credibility of the reported U_surface interval: 68.27 % (±1σ of a normal).
inline constexpr double u_surface_interval_credibility = 0.682689492137;

// Marginal posterior of U with flat priors in U, Bs/Bm and the beam amplitude A:
//   p(U) ∝ ∫∫ exp(−S(U, r, A) / (2 s²)) dr dA,  s² = S(best) / (n_valid − 3),
// S the problem's sum at the fit's best point (the search's, of the unweighted χ²). Where the
// counts are known, `problem` is SearchWeights::poisson: S = −2 ln L of the counts, and s² is
// at least 1 (it is 1 for counts as Poisson as the model says; more where the data scatter more,
// never less: few counts give a deviance below its degrees of freedom). Otherwise S is the
// unweighted χ² and s² its scale. Why not the profile interval
// itself: S is a step function of (U, r) (a pitch bin is inside the cone or not), so the profile is flat over the whole
// cell of (U, r) values that classify every bin alike and the Δχ² ≤ 1 interval is that cell's shadow on U, which holds
// the truth 97–100 % of the time; the truth is spread over the cell in (U, r), so its U lies mostly where the cell is
// tall in r, which the integral weighs (fit/losscone_sweep.hpp, likelihood_over_r_and_a). Tabulated (cumulative,
// trapezoids) on a grid of `points` over [hull_lo, hull_hi] (the profile interval) widened by half its width on each
// side, within the U range: outside the hull the posterior per unit r is below e^(−1/2) of its peak. Where the
// Poisson posterior is much narrower than the hull (the counts of a strong beam fix U better than the unweighted
// profile shows), the 99.8 % of it lies within a few grid steps and the trapezoids would widen it; that span is
// then tabulated again on posterior_zoom_steps finer steps (when it spans at most posterior_zoom_max_steps).
// With PosteriorSpan::whole_range (the Poisson posterior, whose peak need not lie near the unweighted
// fit's: the counts weigh the bins so differently that it lies tens to hundreds of volts away where
// counts are few), range_points over the whole U range join the hull's points unless the density
// on the hull's points falls by e^−hull_edge_drop from its peak to both ends (a peak held inside
// the hull: on the 1998 and 1999 recovery weeks and the tests' draws no U or interval end moved by
// 1e-7 V when the range points were added there anyway), and the zoom is repeated up to
// posterior_zoom_rounds times, so that a peak found between two coarse points is resolved. The
// range grid's steps outside the hull's span are integrated as exponentials of their log
// densities, not trapezoids (tabulate_posterior).
enum class PosteriorSpan { hull, whole_range };
struct MarginalPosterior {
  static constexpr int points = 17;
  static constexpr int range_points = 33;
  static constexpr double hull_edge_drop = 20.0;
  static constexpr int posterior_zoom_max_steps = 6;
  static constexpr int posterior_zoom_steps = 32;
  static constexpr int posterior_zoom_rounds = 3;
  std::vector<double> u_v;  // ascending
  std::vector<double> cdf;  // unnormalised; cdf.back() is the total

  bool empty() const { return cdf.empty() || !(cdf.back() > 0.0); }
  double quantile(double q) const;       // U below which a share q of the posterior lies
  double share_below(double u_v) const;  // the inverse: share of the posterior below u_v
  // The interval holding `credibility` of the posterior that is central if that holds
  // `point_v`, otherwise the one that ends at point_v (the reported value always lies inside).
  std::pair<double, double> interval_holding(double point_v, double credibility) const;
};

MarginalPosterior marginal_posterior(const SearchProblem& problem, const SearchPoint& best, double hull_lo_v,
                                     double hull_hi_v, PosteriorSpan span = PosteriorSpan::hull);

// marginal_posterior's table from log densities at ascending U points: trapezoids of the density
// inside the hull's span [span_lo, span_hi] (resolved by its grid and the zoom), the exponential
// of the line through the two log densities on the whole-range grid's steps outside it.
MarginalPosterior tabulate_posterior(const std::vector<double>& u_v, const std::vector<double>& log_density,
                                     double span_lo, double span_hi);

struct ProfilePoint {
  double u_surface_v = 0.0;
  double sum = 0.0;  // profile S(U)
  double bs_over_bm = 0.0;
  double beam_amp = 0.0;
};

// The raw profile on a U grid (diagnostics, benchmark): profile_point(thorough) per U.
std::vector<ProfilePoint> profile_on_grid(const SearchProblem& p, const std::vector<double>& u_grid_v);

}  // namespace lpm::fit
