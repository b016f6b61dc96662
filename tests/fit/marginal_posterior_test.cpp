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
  SearchProblem problem, poisson;  // unit weights; the counts' Poisson deviance
};

Prepared prepare(std::uint64_t seed, const test::SpectrumFamily& family) {
  std::mt19937_64 rng(seed);
  Prepared p{test::simulate_spectrum(rng, family), {}, {}, {}};
  p.data = prepare_losscone_data(p.sim.input, LossConeMethod::halekas);
  p.problem = prepare_search(LossConeMethod::halekas, p.data);
  p.poisson = prepare_search(LossConeMethod::halekas, p.data, SearchWeights::poisson);
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

// With the counts known, the posterior is the Poisson likelihood of the counts: its S equals the
// deviance written by hand from the model and the counts (tests/fit/losscone_oracles.hpp), and
// its integral the brute-force one of exp(−D/2) (s² = 1 for Poisson counts). The counts sharpen
// S in A (the integrand is narrower than a tenth of A's range), where a fixed six-point rule was
// off by a factor 1.3–1.5: the zooming rule must keep to a converged one.
TEST(MarginalPosterior, PoissonIntegralEqualsBruteForceOfTheCountsDeviance) {
  const Prepared p = prepare(11, beam_family());
  ASSERT_TRUE(p.sim.input.counts.has_value());
  const test::OracleObjective f(LossConeMethod::halekas, p.data, &*p.sim.input.counts);
  const double u_true = p.sim.truth.u_surface_v, r = p.sim.truth.bs_over_bm, a = p.sim.truth.beam_amp;
  const double s_ref = f(u_true, r, a);
  EXPECT_EQ(p.poisson.n_valid, f.n_valid());
  EXPECT_NEAR(search_sum(p.poisson, u_true, r, a), s_ref, 1e-9 * s_ref);
  EXPECT_NEAR(search_sum(p.poisson, u_true - 30.0, 0.8, 0.5), f(u_true - 30.0, 0.8, 0.5), 1e-9 * s_ref);
  const double ours = log_likelihood_over_r_and_a(p.poisson, u_true, 1.0);
  EXPECT_NEAR(ours, brute_force_log_likelihood(f, u_true, s_ref, 1.0, 8000, 250), 0.01);
  EXPECT_GT(std::abs(log_likelihood_over_r_and_a(p.problem, u_true, 1.0) - ours), 1.0);
}

// Few counts (≈ 3 at the lowest step outside the cone, 0.15 inside it): most bins of the cone
// hold no count. They are in the deviance (they say the flux there is low), which the
// log-difference terms cannot hold: the Poisson problem has more bins than the Halekas mask, and
// its S equals the hand-written deviance over every bin, zero counts included.
TEST(MarginalPosterior, ZeroCountBinsEnterThePoissonDeviance) {
  test::SpectrumFamily family = beam_family();
  family.level = 3.0;
  const Prepared p = prepare(12, family);
  const test::OracleObjective f(LossConeMethod::halekas, p.data, &*p.sim.input.counts);
  int zeros = 0;
  for (int i = 0; i < er_rows_per_spectrum; ++i)
    for (int j = 0; j < er_channels; ++j) zeros += p.sim.input.counts->observed[i][j] == 0.0;
  ASSERT_GT(zeros, 300);
  EXPECT_GT(p.poisson.n_valid, count_bins(p.data.mask) + 300);
  EXPECT_EQ(p.poisson.n_valid, f.n_valid());
  const double u_true = p.sim.truth.u_surface_v, r = p.sim.truth.bs_over_bm, a = p.sim.truth.beam_amp;
  for (const auto& [u, rr, aa] :
       {std::array{u_true, r, a}, std::array{u_true + 20.0, 0.5, 0.0}, std::array{u_true - 50.0, 1.0, 2.5}})
    EXPECT_NEAR(search_sum(p.poisson, u, rr, aa), f(u, rr, aa), 1e-9 * f(u, rr, aa)) << "U " << u;
}

// Central 68 % interval of exp(log_likelihood_over_r_and_a) on a dense U grid over [lo, hi], by
// hand (trapezoids of the density, linear inside a step).
std::pair<double, double> dense_grid_interval(const SearchProblem& p, double lo, double hi, double variance) {
  const int n = 4000;
  std::vector<double> u(n), density(n), cdf(n, 0.0);
  double peak = -std::numeric_limits<double>::infinity();
  for (int k = 0; k < n; ++k) {
    u[k] = lo + (hi - lo) * k / (n - 1);
    density[k] = log_likelihood_over_r_and_a(p, u[k], variance);
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
  return {quantile(0.5 * (1.0 - u_surface_interval_credibility)),
          quantile(0.5 * (1.0 + u_surface_interval_credibility))};
}

// A strong beam's counts fix U far better than the unweighted profile interval shows: the
// posterior spans a few of the 16 grid steps over the widened hull, whose trapezoids would widen it.
// The central 68 % interval equals that of the same density on a 4 000-point U grid.
TEST(MarginalPosterior, NarrowPosteriorIntervalEqualsThatOfADenseGrid) {
  const Prepared p = prepare(11, beam_family());
  const SearchPoint best{p.sim.truth.u_surface_v, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp, 0.0};
  const double hull_lo = best.u_surface_v - 40.0, hull_hi = best.u_surface_v + 40.0;
  const MarginalPosterior post = marginal_posterior(p.poisson, best, hull_lo, hull_hi);
  ASSERT_FALSE(post.empty());
  const auto [lo, hi] = post.interval_holding(post.quantile(0.5), u_surface_interval_credibility);
  // Dense grid over the same span (hull ± half its width), same variance (≥ 1: Poisson), by hand.
  const double variance =
      std::max(search_sum(p.poisson, best.u_surface_v, best.bs_over_bm, best.beam_amp) / (p.poisson.n_valid - 3), 1.0);
  const auto [dense_lo, dense_hi] = dense_grid_interval(p.poisson, hull_lo - 40.0, hull_hi + 40.0, variance);
  ASSERT_LT(dense_hi - dense_lo, 3.0 * 160.0 / 32.0);  // the case this is about: a few grid steps wide
  EXPECT_NEAR(lo, dense_lo, 0.03 * (dense_hi - dense_lo));
  EXPECT_NEAR(hi, dense_hi, 0.03 * (dense_hi - dense_lo));
}

// Counts that scatter less than Poisson counts (here none: each is its expectation rounded) give
// a deviance far below its degrees of freedom, which says nothing about the counting noise: the
// posterior stays exp(−D/2) (scale s² = 1), not exp(−D/(2 D/(n − 3))), which would narrow it
// several-fold. (Few Poisson counts also give D < n − 3.)
TEST(MarginalPosterior, ScaleOfThePoissonPosteriorIsNeverBelowOne) {
  test::SpectrumFamily family = beam_family();
  family.level = 50.0;
  family.poisson_noise = false;
  const Prepared p = prepare(12, family);
  const test::OracleObjective f(LossConeMethod::halekas, p.data, &*p.sim.input.counts);
  const SearchPoint best{p.sim.truth.u_surface_v, p.sim.truth.bs_over_bm, p.sim.truth.beam_amp, 0.0};
  const double scale = f(best.u_surface_v, best.bs_over_bm, best.beam_amp) / (f.n_valid() - 3);
  ASSERT_LT(scale, 0.2);
  const double hull_lo = best.u_surface_v - 40.0, hull_hi = best.u_surface_v + 40.0;
  const MarginalPosterior post = marginal_posterior(p.poisson, best, hull_lo, hull_hi);
  ASSERT_FALSE(post.empty());
  const auto [lo, hi] = post.interval_holding(post.quantile(0.5), u_surface_interval_credibility);
  const auto [dense_lo, dense_hi] = dense_grid_interval(p.poisson, hull_lo - 40.0, hull_hi + 40.0, 1.0);
  const auto [scaled_lo, scaled_hi] = dense_grid_interval(p.poisson, hull_lo - 40.0, hull_hi + 40.0, scale);
  ASSERT_LT(scaled_hi - scaled_lo, 0.8 * (dense_hi - dense_lo));  // the two are told apart
  EXPECT_NEAR(lo, dense_lo, 0.05 * (dense_hi - dense_lo));
  EXPECT_NEAR(hi, dense_hi, 0.05 * (dense_hi - dense_lo));
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

// A posterior whose density ends in a wall at the hull's span (flat on [0, 1], e^−4 000 000 at a
// range point 49 V below, as on a 1999 spectrum): the step to the range point holds the mass of
// exp of the line between its ends, 49·(1 − e^−4e6)/4e6 ≈ 1.2e-5, not the trapezoid's 24.5, so the
// median stays on the plateau (0.5) and the step adds nothing visible.
TEST(MarginalPosterior, AStepOfTheRangeGridBesideTheHullHoldsOnlyItsExponentialMass) {
  std::vector<double> u{-49.0}, log_density{-4.0e6};
  for (int k = 0; k <= 16; ++k) {
    u.push_back(k / 16.0);
    log_density.push_back(0.0);
  }
  u.push_back(51.0);  // the next range point above: no density
  log_density.push_back(-std::numeric_limits<double>::infinity());
  const MarginalPosterior post = tabulate_posterior(u, log_density, 0.0, 1.0);
  ASSERT_FALSE(post.empty());
  EXPECT_NEAR(post.cdf[1], 49.0 / 4.0e6, 1e-9);         // the exponential rule, by hand
  EXPECT_NEAR(post.cdf[17] - post.cdf[1], 1.0, 1e-12);  // trapezoids of the flat density
  EXPECT_EQ(post.cdf.back(), post.cdf[17]);             // density 0 at one end: no mass
  EXPECT_NEAR(post.quantile(0.5), 0.5, 1e-4);
  const auto [lo, hi] = post.interval_holding(post.quantile(0.5), u_surface_interval_credibility);
  EXPECT_NEAR(lo, 0.5 - 0.5 * u_surface_interval_credibility, 1e-4);
  EXPECT_NEAR(hi, 0.5 + 0.5 * u_surface_interval_credibility, 1e-4);
}

}  // namespace
}  // namespace lpm::fit
