#pragma once
// Helpers shared by the files of the loss-cone search (fit/losscone_search_problem.cpp,
// losscone_sweep.cpp, losscone_polish.cpp, losscone_search.cpp); not part of fit/'s interface.
// The small hot ones are inline here, as they were in the search's one file.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <vector>

#include "base/portable_math.hpp"
#include "fit/losscone_search_problem.hpp"
#include "physics/losscone_model.hpp"

namespace lpm::fit::detail {

// Beam contributions below this (in model units) are dropped. The model is ≥ b = 0.05, so a
// dropped δ changes ln(m + ε) by ≤ δ/0.05 = 2e-14 and a Halekas term by ≤ 2|y − ln m|·2e-14
// ≤ 1.2e-12 for |y| ≤ 27 (normalised data between 1e-6 and 5e11), i.e. ≤ 1.6e-9 summed over
// all 1320 bins (Lillis: ≤ 2|d − m|·1e-15 per bin) — below the 1e-9 relative slack of the tests
// for any χ² above ~2. (For χ² ≈ 0, as in noiseless data, the beam is exact where it matters.)
inline constexpr double negligible_beam = 1e-15;
// Local polishing stops once a round gains less than this fraction of S (two orders below the
// 1e-9 relative slack with which the tests compare χ² values).
inline constexpr double polish_progress = 1e-11;

// Transformed model/data value: the χ² term is (Y(data) − Y(model))².
inline double transform(LossConeMethod method, double v) {
  return method == LossConeMethod::halekas ? math::log(v + losscone_log_eps) : v;
}

// Number of thresholds s < x (the bins of a row in the cone at clipped x): from the row's index
// (every threshold below b/N, b = ⌊xN⌋, is below x; x·N and b/N are exact for N a power of 2),
// then a scan over the few in [b/N, x). Equal to std::lower_bound's count.
inline std::size_t bins_in_cone(const SearchRow& row, double x) {
  if (!(x > 0.0)) return 0;  // thresholds are ≥ 0 (and NaN is below none)
  constexpr auto n = static_cast<double>(cone_index_buckets);
  const auto b = static_cast<std::size_t>(std::min(x, 1.0) * n);
  const std::vector<double>& s = row.s_all;
  std::size_t k = row.cone_index[b];
  while (k < s.size() && s[k] < x) ++k;
  return k;
}
// The same count among the row's far bins (s_far: s_all without its first beam_bins.size()).
inline std::size_t far_bins_in_cone(const SearchRow& row, double x) {
  const std::size_t k = bins_in_cone(row, x), m = row.beam_bins.size();
  return k > m ? k - m : 0;
}
// min f[k_lo .. k_hi] from its sparse table.
inline double range_min(const std::vector<std::vector<double>>& t, std::size_t k_lo, std::size_t k_hi) {
  const auto level = static_cast<std::size_t>(std::bit_width(k_hi - k_lo + 1) - 1);
  return std::min(t[level][k_lo], t[level][k_hi + 1 - (std::size_t{1} << level)]);
}

// The beam energy factor g of physics/losscone_model (physics::beam_energy_factor,
// exp(−½z²) with z = (E − E_b)/w) with the search's cut-off: g < e⁻⁴⁰, i.e. ½z² > 40, is taken
// as 0. A beam A·g·h ≤ 5·4.3e-18 = 2.2e-17 is below negligible_beam, so the fast χ² ignores it
// either way; the cut keeps the box bounds (beam_factor_range) exactly 0 far from E_b.
// The threshold lies 19 ulps below exp(−40) and 20 ulps above exp(−40 − ulp(40)), so
// `g < beam_cutoff` holds exactly when ½z² > 40 for any exp accurate to a few ulps.
inline constexpr double beam_cutoff = 4.2483542552915741e-18;
inline double beam_g(double energy_ev, double u_sc, double u) {
  const double z = physics::beam_energy_z(energy_ev, u_sc, u);
  if (std::abs(z) > 9.0) return 0.0;  // ½z² > 40.5: below the cut-off without taking exp
  const double g = physics::beam_energy_factor_of_z(z);
  return g < beam_cutoff ? 0.0 : g;
}

// Transformed model value of base + beam, given y_base = transform(base). For a small beam
// (t = beam/(base + ε) < 1e-8) the Halekas log is y_base + log1p(t) ≈ y_base + t − t²/2, whose
// error (< t³/3 < 4e-25) is far below the rounding of y_base; it skips most logs of the tails.
inline double transformed_model(LossConeMethod method, double base, double beam, double y_base) {
  if (method == LossConeMethod::lillis) return base + beam;
  const double t = beam / (base + losscone_log_eps);
  return t < 1e-8 ? y_base + t * (1.0 - 0.5 * t) : math::log(base + beam + losscone_log_eps);
}

// Poisson deviance of a count n for the expected count μ > 0 (Cash 1979, ApJ 228:939):
// 2[μ − n + n ln(n/μ)], 0 at μ = n; n = 0 gives 2μ.
inline double poisson_deviance_term(double n, double mu) {
  return n > 0.0 ? 2.0 * ((mu - n) + n * math::log(n / mu)) : 2.0 * mu;
}

// The Poisson deviance of a count n at the expected count μ0 + e, from d0, its value at μ0:
//   d0 + 2[e − n ln(1 + e/μ0)].
// For t = e/μ0 < 1e-4 (most beam bins away from the beam's energy) ln(1 + t) is its series to
// t⁴, whose error t⁵/5 is below 2e-17 of ln(1 + t) (under one rounding); it skips the logarithm.
inline double poisson_deviance_with_beam(double n, double mu0, double d0, double e) {
  const double t = e / mu0;
  const double log1p_t = t < 1e-4 ? t * (1.0 - t * (0.5 - t * (1.0 / 3.0 - 0.25 * t))) : math::log1p(t);
  return d0 + 2.0 * (e - n * log1p_t);
}

// A bin's term for the model value base + beam (y_base = transform(base)): the method's
// squared difference of transformed values times the weight w (unit problems), or the Poisson
// deviance of the count y for the expected count w·(base + beam) (SearchWeights::poisson).
inline double bin_term(const SearchProblem& p, double y, double w, double base, double beam, double y_base) {
  if (p.weights == SearchWeights::poisson) return poisson_deviance_term(y, w * (base + beam));
  const double d = y - transformed_model(p.method, base, beam, y_base);
  return w * (d * d);
}

// Distance of a bin's transformed data y from the model values its bounds allow: base_lo +
// beam_lo at the low end, base_hi + beam_hi at the high end (0 inside). The model rises with the
// beam, so the high end lies at or above y_base_hi = transform(base_hi): for y at or below it
// the high end (a logarithm) is not needed.
inline double distance_to_model_range(LossConeMethod method, double y, double base_lo, double y_base_lo, double beam_lo,
                                      double base_hi, double y_base_hi, double beam_hi) {
  const double lo = beam_lo == 0.0 ? y_base_lo : transformed_model(method, base_lo, beam_lo, y_base_lo);
  if (y < lo) return lo - y;
  if (y <= y_base_hi) return 0.0;
  const double hi = transformed_model(method, base_hi, beam_hi, y_base_hi);
  return y > hi ? y - hi : 0.0;
}

// Range of the beam energy factor g(U) over [u_lo, u_hi] for one row. E_b = max(U_sc − U, w)
// (physics::beam_energy_factor) falls as U rises, so g is 1 where E lies between the ends' E_b
// and otherwise largest at an end.
inline void beam_factor_range(double energy_ev, double u_sc, double u_lo, double u_hi, double& g_min, double& g_max) {
  if (!(u_lo < u_sc)) {
    g_min = g_max = 0.0;
    return;
  }
  const double w = losscone_beam_width_ev;
  const double eb_hi = std::max(u_sc - u_lo, w);
  const double eb_lo = std::max(u_sc - u_hi, w);  // ΔU → 0⁺ gives E_b = w
  // g at the ends; for u_hi ≥ U_sc the end is the limit ΔU → 0⁺, where E_b = w: any ΔU in
  // (0, w] gives it, ΔU = w/2 here.
  const double g_lo_end = beam_g(energy_ev, u_sc, u_hi < u_sc ? u_hi : u_sc - 0.5 * w),
               g_hi_end = beam_g(energy_ev, u_sc, u_lo);
  g_max = (energy_ev >= eb_lo && energy_ev <= eb_hi) ? 1.0 : std::max(g_lo_end, g_hi_end);
  g_min = u_hi >= u_sc ? 0.0 : std::min(g_lo_end, g_hi_end);
}

// Range of x = r(1 + U/E_c) over the box, clipped to [0, 1].
inline void x_range(const SearchRow& row, const SearchBox& b, double& x_lo, double& x_hi) {
  const double c_lo = 1.0 + b.u_lo * row.inv_ec, c_hi = 1.0 + b.u_hi * row.inv_ec;
  if (c_lo >= 0.0) {
    x_lo = b.r_lo * c_lo;
    x_hi = b.r_hi * c_hi;
  } else if (c_hi <= 0.0) {
    x_lo = b.r_hi * c_lo;
    x_hi = b.r_lo * c_hi;
  } else {
    x_lo = b.r_hi * c_lo;
    x_hi = b.r_hi * c_hi;
  }
  x_lo = std::clamp(x_lo, 0.0, 1.0);
  x_hi = std::clamp(x_hi, 0.0, 1.0);
}

// Local solvers defined (and documented) in losscone_polish.cpp, used by the sweeps
// (profile_point) and the box search.
SearchPoint minimise_over_a(const SearchProblem& p, SearchPoint pt, double a_lo, double a_hi);
std::vector<std::size_t> cone_state(const SearchProblem& p, double u, double r);
SearchPoint polish(const SearchProblem& p, SearchPoint pt, const SearchBox& box, bool thorough);

}  // namespace lpm::fit::detail
