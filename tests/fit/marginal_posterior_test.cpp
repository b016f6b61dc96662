// The 68 % interval of U_surface: the marginal posterior over Bs/Bm and the beam amplitude
// (fit/profile_likelihood.hpp, fit/losscone_sweep.hpp), checked against a brute-force double
// integral of the χ² written from P§4.3–4.4 (tests/fit/losscone_oracles.hpp), and the
// quantile arithmetic against hand-computed posteriors.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "fit/losscone_fitter.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

// ∫∫ exp(−(S − s_ref)/(2v)) dr dA / (A range) by the midpoint rule on a fine grid.
double brute_force_likelihood(const test::OracleObjective& f, double u, double s_ref, double v, int n_r, int n_a) {
  double sum = 0.0;
  const double dr = (losscone_bs_over_bm_max - losscone_bs_over_bm_min) / n_r;
  for (int j = 0; j < n_a; ++j) {
    const double a = losscone_beam_amp_min + (losscone_beam_amp_max - losscone_beam_amp_min) * (j + 0.5) / n_a;
    for (int k = 0; k < n_r; ++k)
      sum += std::exp(-std::max(f(u, losscone_bs_over_bm_min + (k + 0.5) * dr, a) - s_ref, 0.0) / (2.0 * v)) * dr;
  }
  return sum / n_a;
}

struct Prepared {
  test::SimulatedSpectrum sim;
  LossConeData data;
  SearchProblem problem;
};

Prepared prepare(std::uint64_t seed, const test::SpectrumFamily& family) {
  std::mt19937_64 rng(seed);
  Prepared p{test::simulate_spectrum(rng, family), {}, {}};
  p.data = prepare_losscone_data(p.sim.input, LossConeMethod::halekas);
  p.problem = prepare_search(LossConeMethod::halekas, p.data);
  return p;
}

// Above U_sc no beam reaches a bin: S does not depend on A, and the r-integral is exact.
TEST(MarginalPosterior, IntegralOverBsBmEqualsBruteForceWithoutBeam) {
  test::SpectrumFamily family;
  family.above_u_sc = true;
  family.u_sc_lo_v = 0.0;
  family.u_sc_hi_v = 10.0;
  const Prepared p = prepare(5, family);
  const test::OracleObjective f(LossConeMethod::halekas, p.data);
  const double u_true = p.sim.truth.u_surface_v;
  const double s_ref = f(u_true, p.sim.truth.bs_over_bm, 0.0), v = s_ref / (f.n_valid() - 3);
  for (const double u : {u_true, u_true + 0.7, u_true - 1.3}) {
    const double ours = likelihood_over_r_and_a(p.problem, u, s_ref, v);
    const double brute = brute_force_likelihood(f, u, s_ref, v, 40000, 1);
    EXPECT_NEAR(ours, brute, 2e-3 * brute + 1e-12) << "U " << u;
  }
}

// With a beam the six-point midpoint rule in A stays within 2 % of a 40-point one.
TEST(MarginalPosterior, IntegralOverBsBmAndBeamAmplitudeEqualsBruteForce) {
  test::SpectrumFamily family;
  family.u_lo_v = -150.0;
  family.u_hi_v = -40.0;
  family.u_sc_lo_v = 5.0;
  family.a_lo = 1.0;
  const Prepared p = prepare(11, family);
  ASSERT_GT(p.sim.truth.beam_amp, 0.0);
  const test::OracleObjective f(LossConeMethod::halekas, p.data);
  const double u_true = p.sim.truth.u_surface_v;
  const double s_ref = f(u_true, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp), v = s_ref / (f.n_valid() - 3);
  ASSERT_TRUE(beam_active(p.problem, u_true, u_true));
  for (const double u : {u_true, u_true + 2.0}) {
    const double ours = likelihood_over_r_and_a(p.problem, u, s_ref, v);
    const double brute = brute_force_likelihood(f, u, s_ref, v, 4000, 40);
    EXPECT_NEAR(ours, brute, 0.02 * brute) << "U " << u;
  }
}

// A posterior with constant density on [0, 10]: quantiles are linear, the central 68 % is
// [1.587, 8.413], and a point outside it moves the interval to end there.
TEST(MarginalPosterior, QuantilesAndIntervalOfAUniformPosterior) {
  MarginalPosterior post;
  for (int k = 0; k < MarginalPosterior::points; ++k) {
    post.u_v[k] = 10.0 * k / (MarginalPosterior::points - 1);
    post.cdf[k] = 3.0 * post.u_v[k];  // density 3
  }
  EXPECT_NEAR(post.quantile(0.5), 5.0, 1e-12);
  EXPECT_NEAR(post.share_below(2.5), 0.25, 1e-12);
  const auto [lo, hi] = post.interval_holding(5.0, u_surface_interval_credibility);
  EXPECT_NEAR(lo, 10.0 * (1.0 - u_surface_interval_credibility) / 2.0, 1e-9);
  EXPECT_NEAR(hi, 10.0 * (1.0 + u_surface_interval_credibility) / 2.0, 1e-9);
  const auto [lo9, hi9] = post.interval_holding(9.5, u_surface_interval_credibility);
  EXPECT_DOUBLE_EQ(hi9, 9.5);
  EXPECT_NEAR(lo9, 9.5 - 10.0 * u_surface_interval_credibility, 1e-9);
}

// A triangular density 1 − |U|/1 on [−1, 1] (cdf by hand): the median is 0 and the central
// 68.27 % ends where (1 − |U|)²/2 = 0.1587, i.e. |U| = 1 − √0.3173 = 0.4367.
TEST(MarginalPosterior, CentralIntervalOfATriangularPosterior) {
  MarginalPosterior post;
  const int n = MarginalPosterior::points;
  for (int k = 0; k < n; ++k) {
    const double u = -1.0 + 2.0 * k / (n - 1);
    post.u_v[k] = u;
    post.cdf[k] = u <= 0.0 ? 0.5 * (1.0 + u) * (1.0 + u) : 1.0 - 0.5 * (1.0 - u) * (1.0 - u);
  }
  EXPECT_NEAR(post.quantile(0.5), 0.0, 1e-12);
  const auto [lo, hi] = post.interval_holding(0.0, u_surface_interval_credibility);
  const double edge = 1.0 - std::sqrt(1.0 - u_surface_interval_credibility);
  EXPECT_NEAR(lo, -edge, 0.01);  // linear interpolation of the cdf between grid points
  EXPECT_NEAR(hi, edge, 0.01);
}

}  // namespace
}  // namespace lpm::fit
