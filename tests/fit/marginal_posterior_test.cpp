// The 68 % interval of U_surface: the marginal posterior over Bs/Bm and the beam amplitude
// (fit/profile_likelihood.hpp, fit/losscone_sweep.hpp), checked against a brute-force double
// integral of the χ² written from P§4.3–4.4 (tests/fit/losscone_oracles.hpp), and the
// quantile arithmetic against hand-computed posteriors.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "fit/losscone_fitter.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

// ln ∫∫ exp(−S/(2v)) dr dA / (A range) by the midpoint rule on a fine grid (s_ref: a typical
// S, factored out so that the sum neither over- nor underflows).
double brute_force_log_likelihood(const test::OracleObjective& f, double u, double s_ref, double v, int n_r, int n_a) {
  double sum = 0.0;
  const double dr = (losscone_bs_over_bm_max - losscone_bs_over_bm_min) / n_r;
  for (int j = 0; j < n_a; ++j) {
    const double a = losscone_beam_amp_min + (losscone_beam_amp_max - losscone_beam_amp_min) * (j + 0.5) / n_a;
    for (int k = 0; k < n_r; ++k)
      sum += std::exp(-(f(u, losscone_bs_over_bm_min + (k + 0.5) * dr, a) - s_ref) / (2.0 * v)) * dr;
  }
  return std::log(sum / n_a) - s_ref / (2.0 * v);
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

// Truth U below U_sc by 35–155 V with a beam of amplitude 1–3: the beam reaches several rows.
test::SpectrumFamily beam_family() {
  test::SpectrumFamily family;
  family.u_lo_v = -150.0;
  family.u_hi_v = -40.0;
  family.u_sc_lo_v = 5.0;
  family.a_lo = 1.0;
  return family;
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
    const double ours = log_likelihood_over_r_and_a(p.problem, u, v);
    const double brute = brute_force_log_likelihood(f, u, s_ref, v, 40000, 1);
    EXPECT_NEAR(ours, brute, 2e-3) << "U " << u;  // relative 2e-3 in the likelihood
  }
}

// With a beam: the zooming rule in A equals a converged brute force (8 000 r × 250 A points;
// 2 000 r points are off by 0.06 in the log here).
TEST(MarginalPosterior, IntegralOverBsBmAndBeamAmplitudeEqualsBruteForce) {
  const Prepared p = prepare(11, beam_family());
  ASSERT_GT(p.sim.truth.beam_amp, 0.0);
  const test::OracleObjective f(LossConeMethod::halekas, p.data);
  const double u_true = p.sim.truth.u_surface_v;
  const double s_ref = f(u_true, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp), v = s_ref / (f.n_valid() - 3);
  ASSERT_TRUE(beam_active(p.problem, u_true, u_true));
  for (const double u : {u_true + 2.0}) {
    const double ours = log_likelihood_over_r_and_a(p.problem, u, v);
    const double brute = brute_force_log_likelihood(f, u, s_ref, v, 8000, 250);  // both converged to 1e-3
    EXPECT_NEAR(ours, brute, 0.01) << "U " << u;                                 // relative 1 % in the likelihood
  }
}

// With the counts known, each Halekas term weighs N²/σ_N² = N (Poisson: the gain and the
// geometric factor are common to every cell and cancel in the ratio to the row's normaliser,
// fit/count_noise.hpp): the weighted integral equals the brute-force one of the oracle χ² with
// the weights applied bin by bin, and differs from the unweighted one. The weights sharpen S in
// A (the integrand is narrower than a tenth of A's range), where a fixed six-point rule was off
// by a factor 1.3–1.5: the zooming rule must keep to a converged one.
TEST(MarginalPosterior, PoissonWeightedIntegralEqualsBruteForceOfWeightedChi2) {
  const Prepared p = prepare(11, beam_family());
  ASSERT_TRUE(p.sim.input.counts.has_value());
  physics::ChunkValues weights{};  // from the simulated counts N ≥ 1, by hand: N
  for (int i = 0; i < er_rows_per_spectrum; ++i)
    for (int j = 0; j < er_channels; ++j) weights[i][j] = std::max((*p.sim.input.counts)[i][j], 1.0);
  const test::OracleObjective f(LossConeMethod::halekas, p.data, &weights);
  const SearchProblem weighted = prepare_search(LossConeMethod::halekas, p.data, SearchWeights::data);
  const double u_true = p.sim.truth.u_surface_v;
  const double s_ref = f(u_true, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp), v = s_ref / (f.n_valid() - 3);
  EXPECT_NEAR(search_sum(weighted, u_true, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp), s_ref, 1e-9 * s_ref);
  for (const double u : {u_true}) {
    const double ours = log_likelihood_over_r_and_a(weighted, u, v);
    EXPECT_NEAR(ours, brute_force_log_likelihood(f, u, s_ref, v, 8000, 250), 0.01) << "U " << u;
    EXPECT_GT(std::abs(log_likelihood_over_r_and_a(p.problem, u, v) - ours), 1.0);
  }
}

// A strong beam's counts fix U far better than the unweighted profile interval shows: the
// posterior spans a few of the 16 grid steps over the widened hull, whose trapezoids would widen it.
// The central 68 % interval equals that of the same density on a 4 000-point U grid.
TEST(MarginalPosterior, NarrowPosteriorIntervalEqualsThatOfADenseGrid) {
  const Prepared p = prepare(11, beam_family());
  const SearchProblem weighted = prepare_search(LossConeMethod::halekas, p.data, SearchWeights::data);
  const SearchPoint best{p.sim.truth.u_surface_v, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp, 0.0};
  const double hull_lo = best.u_surface_v - 40.0, hull_hi = best.u_surface_v + 40.0;
  const MarginalPosterior post = marginal_posterior(weighted, best, hull_lo, hull_hi);
  ASSERT_FALSE(post.empty());
  const auto [lo, hi] = post.interval_holding(post.quantile(0.5), u_surface_interval_credibility);
  // Dense grid over the same span (hull ± half its width), same variance, by hand.
  const double variance =
      search_sum(weighted, best.u_surface_v, best.bs_over_bm, best.beam_amp) / (weighted.n_valid - 3);
  const int n = 4000;
  std::vector<double> u(n), density(n), cdf(n, 0.0);
  double peak = -std::numeric_limits<double>::infinity();
  for (int k = 0; k < n; ++k) {
    u[k] = hull_lo - 40.0 + 160.0 * k / (n - 1);
    density[k] = log_likelihood_over_r_and_a(weighted, u[k], variance);
    peak = std::max(peak, density[k]);
  }
  for (int k = 1; k < n; ++k)
    cdf[k] = cdf[k - 1] + 0.5 * (std::exp(density[k] - peak) + std::exp(density[k - 1] - peak)) * (u[k] - u[k - 1]);
  auto quantile = [&](double q) {
    const double target = q * cdf.back();
    int k = 1;
    while (cdf[k] < target) ++k;
    return u[k - 1] + (target - cdf[k - 1]) / (cdf[k] - cdf[k - 1]) * (u[k] - u[k - 1]);
  };
  const double dense_lo = quantile(0.5 * (1.0 - u_surface_interval_credibility)),
               dense_hi = quantile(0.5 * (1.0 + u_surface_interval_credibility));
  ASSERT_LT(dense_hi - dense_lo, 3.0 * 160.0 / 32.0);  // the case this is about: a few grid steps wide
  EXPECT_NEAR(lo, dense_lo, 0.03 * (dense_hi - dense_lo));
  EXPECT_NEAR(hi, dense_hi, 0.03 * (dense_hi - dense_lo));
}

// The fitter reweights its unit-weight problem instead of preparing the spectrum again: the
// result must be the problem prepared with the data weights, table for table.
TEST(MarginalPosterior, ReweightedProblemEqualsOnePreparedWithDataWeights) {
  const Prepared p = prepare(11, beam_family());
  const SearchProblem direct = prepare_search(LossConeMethod::halekas, p.data, SearchWeights::data);
  const SearchProblem reweighted = reweight_search(p.problem, p.data);
  EXPECT_EQ(reweighted.n_valid, direct.n_valid);
  ASSERT_EQ(reweighted.rows.size(), direct.rows.size());
  for (std::size_t i = 0; i < direct.rows.size(); ++i) {
    const SearchRow &a = reweighted.rows[i], &b = direct.rows[i];
    EXPECT_EQ(a.s_all, b.s_all);
    EXPECT_EQ(a.f_all, b.f_all);
    EXPECT_EQ(a.f_far, b.f_far);
    EXPECT_EQ(a.min_all, b.min_all);
    EXPECT_EQ(a.min_far, b.min_far);
    ASSERT_EQ(a.beam_bins.size(), b.beam_bins.size());
    for (std::size_t k = 0; k < a.beam_bins.size(); ++k) EXPECT_EQ(a.beam_bins[k].w, b.beam_bins[k].w);
  }
  const double u = p.sim.truth.u_surface_v, r = p.sim.truth.bs_over_bm, a = p.sim.truth.beam_amp;
  EXPECT_EQ(search_sum(reweighted, u, r, a), search_sum(direct, u, r, a));
  EXPECT_NE(search_sum(reweighted, u, r, a), search_sum(p.problem, u, r, a));
}

// A posterior with constant density on [0, 10]: quantiles are linear, the central 68 % is
// [1.587, 8.413], and a point outside it moves the interval to end there.
TEST(MarginalPosterior, QuantilesAndIntervalOfAUniformPosterior) {
  MarginalPosterior post;
  post.u_v.resize(MarginalPosterior::points);
  post.cdf.resize(MarginalPosterior::points);
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
  post.u_v.resize(n);
  post.cdf.resize(n);
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
